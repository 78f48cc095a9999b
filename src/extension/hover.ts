import * as vscode from 'vscode';
import { formatCount, formatMonthly, formatUnitUsd } from '../core/money';
import {
  describeBreakdown,
  describeVersus,
  describeTokens,
  describeTraffic,
  formatPerUnit,
  formatRate,
  estimateNote,
  priceOrigin,
  unitWords,
  usdPerMillionTokens,
} from '../core/render/words';
import { breakEvensFor, whatIfPointsFor } from '../core/engine/whatIf';
import type { Offer } from '../core/catalog/types';
import type { Report, WorkloadReport } from '../core/report';
import type { AnalysisService } from './analysis';
import { toRange, workloadAt } from './ranges';

const ALTERNATIVES_SHOWN = 3;

/** Cost hints on a workload's provider, volume, model and batch size. Workspace text goes in as text, never as markdown. */
export class CostHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analysis: AnalysisService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const report = this.analysis.get(document.uri);
    if (!report) return undefined;
    const hit = workloadAt(report, document.offsetAt(position), ['provider', 'volume', 'model', 'batch_size']);
    if (!hit) return undefined;
    return new vscode.Hover(costHover(hit.workload, report), toRange(report, hit.workload.workload.ranges[hit.field]!));
  }
}

export function costHover(w: WorkloadReport, report: Report): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  // Set before any text goes in: appendText then escapes "$(icon)" syntax in workspace text.
  md.supportThemeIcons = true;
  const { chosen, workload } = w;
  md.appendMarkdown('**');
  md.appendText(chosen.offer.id);
  md.appendMarkdown(`** · ${chosen.offer.billing} · ${chosen.offer.tier} · `);
  // No `provider:` in the file: the offer is the engine's pick, and the hover says so before its price.
  if (workload.providerUndeclared)
    md.appendMarkdown(`no provider: the cheapest ${chosen.eligible ? 'eligible' : 'that runs it'} · `);
  // An offer that cannot run the workload has no price for it: no "$0" rate or total.
  md.appendText(
    chosen.priced
      ? `${formatRate(chosen.details.rate)}${estimateNote(chosen) ? ` ${estimateNote(chosen)}` : ''}`
      : 'cannot run it',
  );
  md.appendMarkdown(
    `\n\n**${chosen.priced ? formatMonthly(w.totalMicros) : 'No cost'}** for ${formatCount(workload.volume)} ${unitWords(workload.unit).plural}/mo${describeTokens(workload)}, ${describeTraffic(workload.traffic)}`,
  );
  if (chosen.priced && chosen.perImageMicros !== null)
    md.appendMarkdown(` · ${formatPerUnit(chosen.perImageMicros, workload.unit)}`);
  const perMTok = usdPerMillionTokens(chosen.totalMicros, workload);
  if (perMTok !== null) md.appendMarkdown(` · ${formatUnitUsd(perMTok)}/MTok effective`);
  if (chosen.priced) md.appendMarkdown('\n\n').appendText(`= ${describeBreakdown(chosen)}`);
  if (w.warmWorker && w.warmWorker.coldStartsAvoided >= 1) {
    const { extraMicros, coldStartsAvoided } = w.warmWorker;
    md.appendMarkdown('\n\n').appendText(
      `One more always-warm worker: ${extraMicros >= 0 ? '+' : '−'}${formatMonthly(Math.abs(extraMicros))}, ${formatCount(coldStartsAvoided)} fewer cold starts a month.`,
    );
  }
  if (!chosen.eligible) md.appendMarkdown('\n\n$(warning) ').appendText(chosen.reasons.map((r) => r.text).join('; '));
  const alternatives = w.options.filter((o) => o.eligible && o !== chosen).slice(0, ALTERNATIVES_SHOWN);
  const crossings = breakEvensFor(
    report,
    w,
    alternatives.map((o) => o.offer.id),
  );
  if (alternatives.length) {
    md.appendMarkdown('\n\nCheapest eligible alternatives:\n');
    for (const o of alternatives) {
      const crossing = crossings.find((b) => b.offer === o.offer.id);
      md.appendMarkdown('\n- ').appendText(
        `${o.offer.id}: ${formatMonthly(o.totalMicros)} (${formatRate(o.details.rate)}; ${describeBreakdown(o)}) — ${describeVersus(chosen, crossing, workload)}`,
      );
    }
  }
  if (chosen.priced)
    md.appendMarkdown('\n\nWhat-if: ').appendText(
      whatIfPointsFor(report, w)
        .map((s) => `${s.factor}x ${formatMonthly(s.chosenMicros)}`)
        .join(' · '),
    );
  md.appendMarkdown('\n\nPrice: ').appendText(`${priceOrigin(chosen.offer)}, ${datedOrigin(report, chosen.offer)}`);
  md.appendMarkdown(chosen.stale ? ' $(warning) stale' : '');
  md.appendMarkdown('\n\nSource: ').appendText(chosen.offer.source);
  return md;
}

/** "price of 2026-12-02 (cache)": the date, and for a maintained source whether the cache or the package gave it. */
function datedOrigin(report: Report, offer: Offer): string {
  const source = offer.feed
    ? report.catalog.sources.find((s) => s.id === offer.feed && (s.part === undefined || s.part === offer.provider))
    : undefined;
  return `price of ${offer.verified ?? 'unknown date'}${source ? ` (${source.origin})` : ''}`;
}
