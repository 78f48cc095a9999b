import { builtinCatalog } from '../catalog/builtin';
import { withOffers } from '../catalog/offers';
import type { Catalog } from '../catalog/types';
import type { FileModel, Team, Workload } from '../format/model';
import { decodeFile } from '../format/decode';
import { parseInferenceYaml } from '../format/parse';
import { validateFile } from '../format/validate';
import { fileFindings, workloadFindings } from '../findings/rules';
import { usdToMicros } from '../money';
import type {
  BreakEven,
  EngineSettings,
  PricedOption,
  Report,
  WarmWorkerAdvice,
  WhatIfPoint,
  WorkloadReport,
} from '../report';
import { findCrossings, leastAbove, searchRange } from './breakEven';
import { planFile } from './plan';
import { withAssumedProviders } from './undeclared';
import { hasLatencyTarget } from './eligibility';
import { eligibleAt, eligibleStretches } from './reachable';
import { FleetOverhead } from './overhead';
import { countLeftOut, retainedOptions } from './retained';
import {
  bestOfEachProvider,
  costSide,
  priceOption,
  rankOptions,
  totalMicrosAt,
  workloadContext,
  type PriceAges,
  type WorkloadContext,
} from './options';

export const SENSITIVITY_FACTORS = [0.5, 1, 3] as const;

/** How much of each workload's analysis to work out. */
export interface Scope {
  /**
   * Break-evens with the cheapest eligible alternatives: how many (diagnostics need one), the cheapest of each provider
   * and billing model ('best', the JSON), or every one ('all', the panel).
   */
  breakEvens: number | 'best' | 'all';
  /** The what-if points at 0.5x, 1x and 3x the volume (reports and the panel; the editor's hover prices its own). */
  whatIf: boolean;
  /** Keep every priced option ('all'), or only what the plan, findings and renderers read ('lean': retained.ts). */
  options: 'all' | 'lean';
}

/** What diagnostics, inline costs and the lens need, on every edit. */
export const EDITOR_SCOPE: Scope = { breakEvens: 1, whatIf: false, options: 'all' };
/** The CLI's table, Markdown and SARIF: the cheapest alternative's break-even and the what-if points. */
export const REPORT_SCOPE: Scope = { breakEvens: 1, whatIf: true, options: 'lean' };
/** Everything: the panel, one workload at a time. */
export const FULL_SCOPE: Scope = { breakEvens: 'all', whatIf: true, options: 'all' };
/** The JSON output: the break-even with the cheapest offer of each provider and billing model, and the what-ifs. */
export const JSON_SCOPE: Scope = { breakEvens: 'best', whatIf: true, options: 'lean' };
/** `check --format json --all-options`: every option of every workload. */
export const ALL_OPTIONS_SCOPE: Scope = { ...JSON_SCOPE, options: 'all' };

export function defaultSettings(today: string): EngineSettings {
  const t = builtinCatalog().assumptions.thresholds;
  return { today, breakEvenPercent: t.break_even_percent, breakEvenUsd: t.break_even_usd, staleDays: t.stale_days };
}

/**
 * Workloads priced by earlier analyses of one file, by what their prices depend on: the editor keeps one per file, so
 * an edit re-prices the workloads it changed and takes the others as they were. Only the last analysis's are kept.
 */
export class PricingMemo {
  private kept = new Map<string, PricedWorkload>();
  private next = new Map<string, PricedWorkload>();

  get size(): number {
    return this.kept.size;
  }

  take(key: string, price: () => PricedWorkload): PricedWorkload {
    const priced = this.kept.get(key) ?? price();
    this.next.set(key, priced);
    return priced;
  }

  /** The analysis is done: what it used is what the next one may reuse. */
  settle(): void {
    this.kept = this.next;
    this.next = new Map();
  }
}

/** Catalog objects by number, for memo keys: the same catalog object, the same number. */
const catalogNumbers = new WeakMap<object, number>();
let catalogsNumbered = 0;
function numberOf(o: object | undefined): number {
  if (!o) return 0;
  const known = catalogNumbers.get(o);
  if (known !== undefined) return known;
  catalogNumbers.set(o, ++catalogsNumbered);
  return catalogsNumbered;
}

/** Everything a workload's prices depend on but the workload itself: catalog, the file's offers and models, team and fleet. */
function memoContext(model: FileModel, settings: EngineSettings, scope: Scope, members: FleetOverhead): string {
  return JSON.stringify([
    numberOf(settings.catalog),
    numberOf(settings.extraOffers),
    model.fileOffers,
    model.fileModels,
    members.signature(),
    settings.today,
    settings.staleDays,
    scope,
  ]);
}

/** The workload as its prices see it: every field but its place in the file. */
function workloadKey(w: Workload): string {
  return JSON.stringify(w, (key, value: unknown) => (key === 'index' || key === 'ranges' ? undefined : value));
}

/** text -> parsed document -> validated model -> priced report -> findings. Never throws on any input. */
export function analyzeText(
  text: string,
  settings: EngineSettings,
  scope: Scope = EDITOR_SCOPE,
  base: Catalog = settings.catalog ?? builtinCatalog(),
  memo?: PricingMemo,
): Report {
  const catalog = withOffers(base, settings.extraOffers ?? []);
  const team = teamFromSettings(catalog, settings);
  const parsed = parseInferenceYaml(text);
  const empty = {
    workloads: [],
    team,
    totals: { computeMicros: 0, overheadMicros: 0, totalMicros: 0, overhead: [], unpriced: [], assumed: [] },
    catalog,
    settings,
  };
  if (parsed.fatal || !parsed.root) return { ...empty, text: parsed.text, findings: parsed.findings, fatal: true };
  const validated = validateFile(parsed.root, catalog, team, settings.today, parsed.text);
  const findings = [...parsed.findings, ...validated.findings];
  if (validated.fatal) return { ...empty, text: parsed.text, findings, fatal: true };
  const priced = priceModel(validated.model, validated.catalog, settings, scope, memo);
  return { ...priced, text: parsed.text, findings: [...findings, ...priced.findings] };
}

/** A file's bytes, as the CLI and the editor read them from disk: strict UTF-8 under the size limit, then analyzeText. */
export function analyzeBytes(
  bytes: Uint8Array,
  settings: EngineSettings,
  scope: Scope = EDITOR_SCOPE,
  memo?: PricingMemo,
): Report {
  const decoded = decodeFile(bytes);
  if (decoded.ok) return analyzeText(decoded.text, settings, scope, undefined, memo);
  return { ...analyzeText('', settings, scope), text: decoded.text, findings: [decoded.finding], fatal: true };
}

/** Prices a validated model, then runs the findings over the finished report. */
export function priceModel(
  validated: FileModel,
  catalog: Catalog,
  settings: EngineSettings,
  scope: Scope = EDITOR_SCOPE,
  memo?: PricingMemo,
): Omit<Report, 'text'> {
  // Workloads without `provider:` are priced on their cheapest eligible offer (issue 33).
  const model = withAssumedProviders(validated, catalog, settings);
  // Which providers need engineering decides each option's overhead; the GPU-hours that share it come after pricing.
  const members = FleetOverhead.of(model.workloads, catalog, model.team);
  const ages: PriceAges = new Map();
  const price = (w: Workload) => priceWorkload(workloadContext(catalog, w, members, settings, ages), scope);
  const context = memo ? memoContext(model, settings, scope, members) : '';
  // A workload priced before with nothing it depends on changed is taken as it was, in its new place in the file.
  const priced = model.workloads.map((w) =>
    memo ? { ...memo.take(`${context}\n${workloadKey(w)}`, () => price(w)), workload: w } : price(w),
  );
  memo?.settle();
  const hours = new Map(priced.map((p) => [p.workload.index, p.chosen.details.gpuHours ?? 0]));
  // A workload whose offer cannot run it is left out of the total, engineering included.
  const runs = new Set(priced.filter((p) => p.chosen.priced).map((p) => p.workload.index));
  const fleet = FleetOverhead.of(
    model.workloads.filter((w) => runs.has(w.index)),
    catalog,
    model.team,
    (w) => hours.get(w.index) ?? 0,
  );
  const workloads = priced.map((p) => withShare(p, fleet));
  const overhead = fleet.lines();
  // A workload whose offer cannot run it has no compute to count (the totals say it is left out).
  const computeMicros = workloads.reduce((sum, r) => sum + r.totalMicros - r.overheadShareMicros, 0);
  const overheadMicros = overhead.reduce((sum, line) => sum + line.micros, 0);
  const report: Omit<Report, 'text'> = {
    workloads,
    findings: [],
    fatal: false,
    team: model.team,
    totals: {
      computeMicros,
      overheadMicros,
      totalMicros: computeMicros + overheadMicros,
      overhead,
      unpriced: workloads.filter((w) => !w.chosen.priced).map((w) => w.workload.name),
      assumed: workloads.filter((w) => w.workload.providerUndeclared).map((w) => w.workload.name),
    },
    ...(model.budgetUsdPerMonth !== undefined ? { budget: { micros: usdToMicros(model.budgetUsdPerMonth) } } : {}),
    plan: planFile(workloads, fleet),
    model,
    catalog,
    settings,
  };
  // A workload the plan moves somewhere other than its cheapest alternative gets the break-even with that offer too.
  const byIndex = new Map(workloads.map((w) => [w.workload.index, w]));
  for (const move of report.plan?.moves ?? []) {
    const w = byIndex.get(move.index)!;
    const to = w.options.find((o) => o.offer.id === move.to)!;
    if (!w.breakEvens.some((b) => b.offer === move.to))
      w.breakEvens = [
        ...w.breakEvens,
        breakEvenWith(workloadContext(catalog, w.workload, members, settings, ages), w.chosen, to),
      ];
  }
  for (const w of workloads) w.findings = workloadFindings(w, report, model.offerRanges);
  report.findings = fileFindings(report);
  return report;
}

/** A workload priced, before its share of its provider's engineering (which needs every workload's GPU-hours). */
export type PricedWorkload = Omit<WorkloadReport, 'totalMicros' | 'overheadShareMicros'>;

/** The workload's total with its share of its provider's engineering. */
export function withShare(w: PricedWorkload, fleet: FleetOverhead): WorkloadReport {
  const share = fleet.shareOf(w.workload, w.chosen.offer);
  const compute = w.chosen.priced ? w.chosen.computeMicros : 0;
  return { ...w, overheadShareMicros: share, totalMicros: compute + share };
}

export function priceWorkload(ctx: WorkloadContext, scope: Scope): PricedWorkload {
  const ranked = rankedOptions(ctx, scope);
  const { chosen, alternatives } = ranked;
  return {
    workload: ctx.workload,
    chosen,
    options: ranked.options,
    leftOut: ranked.leftOut,
    cheapestAlternative: ranked.cheapestAlternative,
    // An offer that cannot run the workload costs nothing at any volume: no break-even to search for.
    breakEvens: chosen.priced ? alternatives.map((o) => breakEvenWith(ctx, chosen, o)) : [],
    ...(ranked.sensitivity ? { sensitivity: ranked.sensitivity } : {}),
    warmWorker: warmWorkerAdvice(ctx, chosen),
    findings: [],
  };
}

/**
 * Every offer priced and ranked, with what the whole list decides (the what-ifs, the alternatives to find break-evens
 * with); in a lean scope only the options kept leave this function, so the rest are garbage before the searches.
 */
function rankedOptions(ctx: WorkloadContext, scope: Scope) {
  const options = rankOptions(ctx, ctx.workload.volume);
  const chosen = options.find((o) => o.offer.id === ctx.workload.provider)!;
  const eligible = options.filter((o) => o.eligible && o !== chosen);
  const alternatives =
    scope.breakEvens === 'all'
      ? eligible
      : scope.breakEvens === 'best'
        ? bestOfEachProvider(options, chosen)
        : eligible.slice(0, scope.breakEvens);
  // The what-if points first: the break-even searches then find their totals already priced.
  const sensitivity = scope.whatIf ? whatIfPoints(ctx, options, chosen) : undefined;
  const kept = scope.options === 'lean' ? retainedOptions(options, chosen) : options;
  return {
    chosen,
    options: kept,
    leftOut: kept === options ? [] : countLeftOut(options, kept),
    cheapestAlternative: eligible[0],
    alternatives,
    sensitivity,
  };
}

/**
 * Where the chosen offer and another change order, at volumes where the other could be taken: a crossing where it
 * misses a target (or is otherwise not eligible) is set apart, with the stretches where it is eligible.
 */
export function breakEvenWith(ctx: WorkloadContext, chosen: PricedOption, other: PricedOption): BreakEven {
  const chosenSide = costSide(ctx, chosen.offer);
  const otherSide = costSide(ctx, other.offer);
  const declared = ctx.workload.volume;
  const found = findCrossings({ chosen: chosenSide, other: otherSide, declared });
  // Without a latency target nothing about eligibility changes with volume: the other is eligible throughout.
  const crossings = hasLatencyTarget(ctx.workload)
    ? found.all.filter((v) => eligibleAt(ctx, other.offer, v))
    : found.all;
  const base = { offer: other.offer.id, crossings };
  if (crossings.length === found.all.length)
    return { ...base, volume: found.nearest, cheaperBelow: cheaperSide(found.signBelow) };
  const nearest = crossings.reduce<number | null>(
    (best, v) => (best === null || Math.abs(v - declared) < Math.abs(best - declared) ? v : best),
    null,
  );
  // Below the nearest crossing left, or at the top of the range where none is.
  const at = nearest === null ? searchRange(declared) : nearest - 1;
  const notEligibleAt = found.all.filter((v) => !crossings.includes(v));
  const first = notEligibleAt.reduce((best, v) => (Math.abs(v - declared) < Math.abs(best - declared) ? v : best));
  return {
    ...base,
    volume: nearest,
    cheaperBelow: cheaperSide(chosenSide.total(at) - otherSide.total(at)),
    notEligibleAt,
    whyNot: { volume: first, reasons: priceOption(ctx, other.offer, first).reasons.map((r) => r.text) },
    eligibleWhere: eligibleStretches(ctx, other.offer, searchRange(declared), found.all),
  };
}

/** Which side is cheaper, from the sign of chosen − other: a tie is neither. */
function cheaperSide(chosenLessOther: number): BreakEven['cheaperBelow'] {
  return chosenLessOther > 0 ? 'other' : chosenLessOther < 0 ? 'chosen' : 'neither';
}

/** The chosen offer and the cheapest one at 0.5x, 1x and 3x the declared volume. */
export function whatIfPoints(ctx: WorkloadContext, options: PricedOption[], chosen: PricedOption): WhatIfPoint[] {
  return SENSITIVITY_FACTORS.map((factor) => volumePoint(ctx, factor, options, chosen));
}

/**
 * The chosen offer and the cheapest one at a multiple of the declared volume, among the offers eligible at the
 * declared volume (a latency target's cold-start share moves a little with volume; the what-if keeps the list).
 */
function volumePoint(ctx: WorkloadContext, factor: number, options: PricedOption[], chosen: PricedOption): WhatIfPoint {
  const volume = ctx.workload.volume * factor;
  const total = (o: PricedOption) => (factor === 1 ? o.totalMicros : totalMicrosAt(ctx, o.offer, volume));
  const chosenMicros = total(chosen);
  let cheapest: WhatIfPoint['cheapest'];
  for (const o of options.filter((x) => x.eligible)) {
    // Above the declared volume no total falls below its part that never falls there, and below it none falls below
    // its engineering: an offer whose least passes the cheapest found is not priced.
    if (cheapest && (factor > 1 ? leastAbove(neverFalls(ctx, o)) : o.overheadMicros) > cheapest.micros) continue;
    const micros = total(o);
    if (!cheapest || micros < cheapest.micros || (micros === cheapest.micros && o.offer.id < cheapest.offer))
      cheapest = { offer: o.offer.id, micros };
  }
  return { label: `${factor}x`, factor, volume, chosenMicros, cheapest };
}

/** The part of an option's total that never falls as volume grows: all of it but billed cold starts (costSide). */
function neverFalls(ctx: WorkloadContext, o: PricedOption): number {
  return costSide(ctx, o.offer).fall > 0 ? o.totalMicros - o.breakdown.coldStarts : o.totalMicros;
}

/** For a per-second offer: what one more always-warm worker would cost, and the cold starts it would avoid. */
function warmWorkerAdvice(ctx: WorkloadContext, chosen: PricedOption): WarmWorkerAdvice | undefined {
  if (chosen.offer.billing !== 'per_second' || !chosen.priced) return undefined;
  const workload: Workload = { ...ctx.workload, minWorkers: (ctx.workload.minWorkers ?? 0) + 1 };
  // Its own totals: the same offer at the same volume costs more with one more warm worker.
  const warmer = priceOption(
    workloadContext(ctx.catalog, workload, ctx.overhead, ctx.settings, ctx.ages),
    chosen.offer,
    workload.volume,
  );
  return {
    extraMicros: warmer.totalMicros - chosen.totalMicros,
    coldStartsAvoided: (chosen.details.coldStarts ?? 0) - (warmer.details.coldStarts ?? 0),
  };
}

function teamFromSettings(catalog: Catalog, settings: EngineSettings): Team {
  const defaults = catalog.assumptions.team;
  const fromSettings = settings.team?.engineerMonthlyUsd !== undefined || settings.team?.opsShare !== undefined;
  return {
    engineerMonthlyUsd: settings.team?.engineerMonthlyUsd ?? defaults.engineer_monthly_usd,
    opsShare: settings.team?.opsShare ?? defaults.ops_share,
    containerShare: defaults.container_share,
    origin: fromSettings ? 'settings' : 'default',
  };
}
