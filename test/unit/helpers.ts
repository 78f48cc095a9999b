import { analyzeText, defaultSettings, FULL_SCOPE } from '../../src/core/engine/analyze';
import { loadCatalog } from '../../src/node/catalog';
import { allFindings, type EngineSettings, type Report, type WorkloadReport } from '../../src/core/report';
import { FINDING_CODES, type Finding } from '../../src/core/findings/types';
import { totalMicrosAt } from '../../src/core/engine/options';
import { contextFor } from '../../src/core/engine/whatIf';
import { usdToMicros } from '../../src/core/money';

export const TODAY = '2026-12-06';

/** The catalog a user gets offline: the hand-kept offers and the price sources shipped in the package. */
export const CATALOG = loadCatalog({ offline: true });

const TEAM = CATALOG.assumptions.team;
/** One engineer's loaded month at the catalog's default ($10,000): tests derive engineering from it, not restate it. */
export const ENGINEER_USD = TEAM.engineer_monthly_usd;
/** A self-managed fleet's engineering a month at the defaults (engineer_monthly_usd × ops_share: $2,000). */
export const FLEET_MICROS = usdToMicros(ENGINEER_USD * TEAM.ops_share);
/** Packaging one model for one serverless platform at the defaults (× container_share: $500). */
export const CONTAINER_MICROS = usdToMicros(ENGINEER_USD * TEAM.container_share);

export function analyze(text: string, overrides: Partial<EngineSettings> = {}): Report {
  return analyzeText(text, { ...defaultSettings(TODAY), catalog: CATALOG, ...overrides }, FULL_SCOPE);
}

/** A file with one workload; fields are YAML lines under the workload. */
export function oneWorkload(fields: Record<string, string | number | boolean>, head = ''): string {
  const lines = Object.entries({ name: 'w', ...fields }).map(([k, v]) => `    ${k}: ${String(v)}`);
  return `version: 1\n${head}workloads:\n  -${lines.join('\n').slice(3)}\n`;
}

export function workload(report: Report, index = 0): WorkloadReport {
  const w = report.workloads[index];
  if (!w)
    throw new Error(
      `no workload ${index}; findings: ${allFindings(report)
        .map((f) => f.message)
        .join(' | ')}`,
    );
  return w;
}

export function option(w: WorkloadReport, offer: string) {
  const o = w.options.find((x) => x.offer.id === offer);
  if (!o) throw new Error(`no option ${offer}`);
  return o;
}

export function codes(report: Report): string[] {
  return allFindings(report).map((f) => f.code);
}

export function findingWith(report: Report, code: string): Finding {
  const f = allFindings(report).find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} finding; got ${codes(report).join(', ')}`);
  return f;
}

/** The text a finding's range covers. */
export function textAt(report: Report, f: Finding): string {
  return report.text.slice(f.range.start, f.range.end);
}

/** An option's monthly total at another volume, priced by the engine's one path. */
export function totalAt(report: Report, w: WorkloadReport, offer: string, volume: number): number {
  const ctx = contextFor(report, w.workload)!;
  return totalMicrosAt(ctx, report.catalog.offers.get(offer)!, volume);
}

/** Findings about prices and choices; every other code is about the input. */
export const COST_CODES = new Set<string>([
  FINDING_CODES.aboveBreakEven,
  FINDING_CODES.marketplaceInteractive,
  FINDING_CODES.retiredOffer,
  FINDING_CODES.unlistedOffer,
  FINDING_CODES.quoteRequired,
  FINDING_CODES.filePlan,
  FINDING_CODES.stalePrice,
  FINDING_CODES.lowUtilization,
  FINDING_CODES.latencyUnmet,
  FINDING_CODES.batchExceedsVram,
  FINDING_CODES.modelNotServed,
  FINDING_CODES.spotLatencyCritical,
  FINDING_CODES.spotUnavailable,
  FINDING_CODES.overBudget,
  FINDING_CODES.zeroVolume,
  FINDING_CODES.noProvider,
  FINDING_CODES.placeholderFigure,
]);
