import { builtinCatalog } from '../catalog/builtin';
import { withOffers } from '../catalog/offers';
import type { Catalog, Offer } from '../catalog/types';
import type { FileModel, Team, Workload } from '../format/model';
import { parseInferenceYaml } from '../format/parse';
import { LIMITS } from '../format/schema';
import { validateFile } from '../format/validate';
import { workloadFindings, fileBudgetFinding } from '../findings/rules';
import type { Finding } from '../findings/types';
import { usdToMicros } from '../money';
import { nearestBreakEven } from './breakEven';
import { costAt, withFixed } from './curve';
import { priceOption, type Overhead, type PricedOption, type PricingContext } from './price';
import type { SpeedCache } from './speed';

export interface EngineSettings {
  /** YYYY-MM-DD: staleness is judged against it (injected so results are reproducible). */
  today: string;
  breakEvenPercent: number;
  breakEvenUsd: number;
  staleDays: number;
  /** Team overhead defaults from the user's settings; the file's `team:` wins. */
  team?: { engineerMonthlyUsd?: number; opsShare?: number };
  /** Offers from the user's extra pricing file, laid over the catalog before the file's own. */
  extraOffers?: readonly Offer[];
}

export interface BreakEven {
  offer: string;
  volume: number | null;
  truncated: boolean;
}

export interface SensitivityPoint {
  factor: number;
  volume: number;
  chosenMicros: number;
  cheapest?: { offer: string; micros: number };
}

export interface WorkloadReport {
  workload: Workload;
  chosen: PricedOption;
  /** Every priced offer: eligible ones first, each group cheapest first. */
  options: PricedOption[];
  /** The cheapest eligible offer other than the chosen one. */
  cheapestAlternative?: PricedOption;
  /** The break-even with one eligible alternative; computed on first use (diagnostics need one, JSON all). */
  breakEvenWith(offer: string): BreakEven | undefined;
  /** Every eligible alternative's break-even, in option order. */
  readonly breakEven: BreakEven[];
  sensitivity: SensitivityPoint[];
  findings: Finding[];
}

export interface OverheadLine {
  provider: string;
  micros: number;
  workloads: string[];
}

export interface Report {
  text: string;
  workloads: WorkloadReport[];
  /** Problems of the file as a whole, and of items that could not become workloads. */
  findings: Finding[];
  fatal: boolean;
  team: Team;
  totals: { computeMicros: number; overheadMicros: number; totalMicros: number; overhead: OverheadLine[] };
  budget?: { micros: number };
  catalog: Catalog;
  settings: EngineSettings;
}

export const SENSITIVITY_FACTORS = [0.5, 1, 3] as const;

export function defaultSettings(today: string): EngineSettings {
  const t = builtinCatalog().assumptions.thresholds;
  return { today, breakEvenPercent: t.break_even_percent, breakEvenUsd: t.break_even_usd, staleDays: t.stale_days };
}

/** text -> parsed document -> validated model -> priced report with findings. Never throws on any input. */
export function analyzeText(text: string, settings: EngineSettings, base: Catalog = builtinCatalog()): Report {
  const catalog = withOffers(base, settings.extraOffers ?? []);
  const team = teamFromSettings(catalog, settings);
  const parsed = parseInferenceYaml(text);
  const empty = { workloads: [], team, totals: { computeMicros: 0, overheadMicros: 0, totalMicros: 0, overhead: [] }, catalog, settings };
  if (parsed.fatal || !parsed.root) return { ...empty, text: parsed.text, findings: parsed.findings, fatal: true };
  const validated = validateFile(parsed.root, catalog, team, settings.today);
  const findings = [...parsed.findings, ...validated.findings];
  if (validated.fatal) return { ...empty, text: parsed.text, findings, fatal: true };
  const priced = priceModel(validated.model, validated.catalog, settings);
  return { ...priced, text: parsed.text, findings: [...findings, ...priced.findings] };
}

/** Prices a validated model; also what the what-if views call with changed workloads. */
export function priceModel(model: FileModel, catalog: Catalog, settings: EngineSettings): Omit<Report, 'text'> {
  const ctx: PricingContext = { catalog, coldStartShareForLatency: catalog.assumptions.thresholds.cold_start_share_for_latency };
  const overheadMicros = usdToMicros(model.team.engineerMonthlyUsd * model.team.opsShare);
  const fleet = selfManagedFleet(model.workloads, catalog);
  const workloads = model.workloads.map((w) => priceWorkload(ctx, w, settings, { overheadMicros, fleet, offerRanges: model.offerRanges }));
  const overhead = [...fleet].map(([provider, names]) => ({ provider, micros: overheadMicros, workloads: names }));
  const computeMicros = workloads.reduce((sum, r) => sum + r.chosen.computeMicros, 0);
  const overheadTotal = overhead.reduce((sum, line) => sum + line.micros, 0);
  const totalMicros = computeMicros + overheadTotal;
  const budgetFinding = fileBudgetFinding(model, totalMicros);
  return {
    workloads,
    findings: budgetFinding ? [budgetFinding] : [],
    fatal: false,
    team: model.team,
    totals: { computeMicros, overheadMicros: overheadTotal, totalMicros, overhead },
    ...(model.budgetUsdPerMonth !== undefined ? { budget: { micros: usdToMicros(model.budgetUsdPerMonth) } } : {}),
    catalog,
    settings,
  };
}

interface FleetContext {
  overheadMicros: number;
  /** Self-managed providers the file runs on, with the workloads on each. */
  fleet: Map<string, string[]>;
  offerRanges: FileModel['offerRanges'];
}

function selfManagedFleet(workloads: Workload[], catalog: Catalog): Map<string, string[]> {
  const fleet = new Map<string, string[]>();
  for (const w of workloads) {
    const offer = catalog.offers.get(w.provider);
    if (offer?.self_managed) fleet.set(offer.provider, [...(fleet.get(offer.provider) ?? []), w.name]);
  }
  return fleet;
}

export function priceWorkload(ctx: PricingContext, workload: Workload, settings: EngineSettings, fleet: FleetContext): WorkloadReport {
  const chosenOffer = ctx.catalog.offers.get(workload.provider)!;
  const options: PricedOption[] = [];
  const speeds: SpeedCache = new Map();
  for (const offer of ctx.catalog.offers.values()) {
    options.push(priceOption(ctx, workload, offer, chosenOffer.gpu, attributeOverhead(offer, chosenOffer, workload, fleet), speeds));
  }
  options.sort(byEligibilityThenCost);
  const chosen = options.find((o) => o.offer.id === workload.provider)!;
  const cheapestAlternative = options.find((o) => o.eligible && o !== chosen);
  const sensitivity = SENSITIVITY_FACTORS.map((factor) => sensitivityAt(options, chosen, workload.volume * factor, factor));
  const breakEvens = lazyBreakEvens(options, chosen, workload.volume);
  const report: WorkloadReport = { workload, chosen, options, cheapestAlternative, breakEvenWith: breakEvens.with, get breakEven() { return breakEvens.all(); }, sensitivity, findings: [] };
  report.findings = workloadFindings(report, ctx.catalog, settings, fleet.offerRanges);
  return report;
}

/** Break-evens are the engine's costliest part and most are never looked at: each is found once, when asked for. */
function lazyBreakEvens(options: PricedOption[], chosen: PricedOption, volume: number): { with: (offer: string) => BreakEven | undefined; all: () => BreakEven[] } {
  const found = new Map<string, BreakEven>();
  const of = (o: PricedOption): BreakEven => {
    let b = found.get(o.offer.id);
    if (!b) found.set(o.offer.id, (b = breakEvenOf(chosen, o, volume)));
    return b;
  };
  return {
    with: (offer) => {
      const o = options.find((x) => x.offer.id === offer);
      return o && o !== chosen && o.eligible ? of(o) : undefined;
    },
    all: () => options.filter((o) => o !== chosen && o.eligible).map(of),
  };
}

function byEligibilityThenCost(a: PricedOption, b: PricedOption): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  if (a.priced !== b.priced) return a.priced ? -1 : 1;
  return a.totalMicros - b.totalMicros || (a.offer.id < b.offer.id ? -1 : 1);
}

const NO_OVERHEAD: Overhead = { micros: 0 };

/** Overhead is the marginal cost of this workload: zero where the file already runs that provider's GPUs for another workload. */
function attributeOverhead(offer: Offer, chosen: Offer, workload: Workload, fleet: FleetContext): Overhead {
  if (!offer.self_managed || fleet.overheadMicros === 0) return NO_OVERHEAD;
  const names = fleet.fleet.get(offer.provider) ?? [];
  // Counted, not filtered: this runs for every option of every workload.
  const onIt = chosen.self_managed && chosen.provider === offer.provider;
  const others = names.length - (onIt ? 1 : 0);
  if (others > 0) {
    const other = names[0] === workload.name && onIt ? names[1] : names[0];
    return { micros: 0, note: `engineering overhead for ${offer.provider} already paid by ${others === 1 ? `workload ${JSON.stringify(other)}` : `${others} other workloads`}` };
  }
  return { micros: fleet.overheadMicros, note: `engineer time to run ${offer.provider} GPUs (counted once per provider in the file total)` };
}

function breakEvenOf(chosen: PricedOption, other: PricedOption, volume: number): BreakEven {
  const result = nearestBreakEven(withFixed(chosen.curve, chosen.overheadMicros), withFixed(other.curve, other.overheadMicros), volume, LIMITS.maxVolume);
  return { offer: other.offer.id, volume: result.volume, truncated: result.truncated };
}

export function totalAt(option: PricedOption, volume: number): number {
  return Math.round(costAt(option.curve, volume)) + option.overheadMicros;
}

function sensitivityAt(options: PricedOption[], chosen: PricedOption, volume: number, factor: number): SensitivityPoint {
  let cheapest: { offer: string; micros: number } | undefined;
  for (const o of options) {
    if (!o.eligible) continue;
    const micros = totalAt(o, volume);
    if (!cheapest || micros < cheapest.micros) cheapest = { offer: o.offer.id, micros };
  }
  return { factor, volume, chosenMicros: totalAt(chosen, volume), cheapest };
}

function teamFromSettings(catalog: Catalog, settings: EngineSettings): Team {
  const defaults = catalog.assumptions.team;
  const fromSettings = settings.team?.engineerMonthlyUsd !== undefined || settings.team?.opsShare !== undefined;
  return {
    engineerMonthlyUsd: settings.team?.engineerMonthlyUsd ?? defaults.engineer_monthly_usd,
    opsShare: settings.team?.opsShare ?? defaults.ops_share,
    origin: fromSettings ? 'settings' : 'default',
  };
}

/** Every finding of a report, file-level first, in file order. */
export function allFindings(report: Report): Finding[] {
  return [...report.findings, ...report.workloads.flatMap((w) => w.findings)].sort((a, b) => a.range.start - b.range.start);
}
