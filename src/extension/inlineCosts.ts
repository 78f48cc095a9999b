import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { formatWholeUsd } from '../core/money';
import type { WorkloadReport } from '../core/report';
import type { AnalysisService } from './analysis';
import type { BaseDelta } from './baseDelta';
import { formatDelta } from '../core/render/diff';
import { readSettings } from './config';
import { toRange } from './ranges';

/**
 * "≈ $1,383/mo" and "cheapest fal/a100-40gb $228/mo" after each provider value, and "+$690/mo (+100%) vs main"
 * after the workload's name where Git has a base. The editor cuts the hints at one place at 43 characters
 * together, so the figures are whole dollars and the delta has a place of its own.
 * Off with inferenceCost.inlineCosts.enabled.
 */
export class InlineCostProvider extends Disposable implements vscode.InlayHintsProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(
    private readonly analysis: AnalysisService,
    private readonly delta: BaseDelta,
  ) {
    super();
    this.register(analysis.onDidChange(() => this.changed.fire()));
    this.register(delta.onDidChange(() => this.changed.fire()));
  }

  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!readSettings(document.uri).inlineCosts) return [];
    const report = this.analysis.get(document.uri);
    if (!report || report.text !== document.getText()) return [];
    const delta = this.delta.deltaFor(document.uri);
    return report.workloads.flatMap((w) => {
      const hints: vscode.InlayHint[] = [];
      const costAt = toRange(report, w.workload.ranges.provider!).end;
      if (range.contains(costAt)) {
        const tooltip = vscode.l10n.t(
          'Inference Cost Review: monthly cost of the chosen offer, and of the cheapest eligible one when it is cheaper',
        );
        hints.push(...inlineCostLabels(w).map((label) => hint(costAt, label, tooltip)));
      }
      const change = delta?.workloads.find((c) => c.name === w.workload.name);
      const nameAt = toRange(report, w.workload.ranges.name ?? w.workload.ranges.item).end;
      if (delta && change && change.status !== 'unchanged' && range.contains(nameAt)) {
        const label =
          change.status === 'added'
            ? `new vs ${delta.ref}`
            : change.notPriced
              ? `not priced: not compared with ${delta.ref}`
              : `${formatDelta(change.deltaMicros, change.deltaPercent, true)} vs ${delta.ref}`;
        hints.push(
          hint(
            nameAt,
            label,
            vscode.l10n.t(
              'Change in monthly cost against {0} (Inference Cost: Compare costs against another Git base)',
              delta.ref,
            ),
          ),
        );
      }
      return hints;
    });
  }
}

function hint(at: vscode.Position, label: string, tooltip: string): vscode.InlayHint {
  const h = new vscode.InlayHint(at, label, vscode.InlayHintKind.Parameter);
  h.paddingLeft = true;
  h.tooltip = tooltip;
  return h;
}

export function inlineCostLabels(w: WorkloadReport): string[] {
  const alt = w.cheapestAlternative;
  // An offer that cannot run the workload has no cost: its error says so, and the cheapest that can is the hint.
  if (!w.chosen.priced)
    return ['cannot run it', ...(alt ? [`cheapest ${alt.offer.id} ${formatWholeUsd(alt.totalMicros)}/mo`] : [])];
  const chosen = `≈ ${formatWholeUsd(w.totalMicros)}/mo`;
  if (!alt || alt.totalMicros >= w.chosen.totalMicros) return [`${chosen} · cheapest eligible`];
  return [chosen, `cheapest ${alt.offer.id} ${formatWholeUsd(alt.totalMicros)}/mo`];
}
