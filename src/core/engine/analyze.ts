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
import { totalMicrosAt, withFixed } from './curve';
import { FleetOverhead, type OverheadLine } from './overhead';
import type { PricedOption, PricingContext } from './price';
import { OfferFactsTable, OfferRanking, type Alternative, type VolumePoint } from './ranking';

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

/** The chosen offer's cost, and the cheapest eligible one, at a multiple of the declared volume. */
export type SensitivityPoint = VolumePoint;

export interface WorkloadReport {
  workload: Workload;
  chosen: PricedOption;
  /** Every priced offer: eligible ones first, each group cheapest first. Built on first use. */
  readonly options: PricedOption[];
  /** The cheapest eligible offer other than the chosen one. */
  cheapestAlternative?: PricedOption;
  /** Up to `limit` eligible offers cheaper than the chosen one, cheapest first, without building their options. */
  cheaperAlternatives(limit: number): Alternative[];
  /** The break-even with one eligible alternative; computed on first use (diagnostics need one, JSON all). */
  breakEvenWith(offer: string): BreakEven | undefined;
  /** Every eligible alternative's break-even, in option order. */
  readonly breakEven: BreakEven[];
  sensitivity: SensitivityPoint[];
  findings: Finding[];
}

export type { OverheadLine } from './overhead';

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
  const fleet = FleetOverhead.of(model.workloads, catalog, model.team);
  const context: FleetContext = { overhead: fleet, offerRanges: model.offerRanges, facts: new OfferFactsTable(catalog) };
  const workloads = model.workloads.map((w) => priceWorkload(ctx, w, settings, context));
  const overhead = fleet.lines();
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

/** What every workload of a file shares while it is priced. */
interface FleetContext {
  overhead: FleetOverhead;
  offerRanges: FileModel['offerRanges'];
  facts: OfferFactsTable;
}

export function priceWorkload(ctx: PricingContext, workload: Workload, settings: EngineSettings, fleet: FleetContext): WorkloadReport {
  const ranking = new OfferRanking(ctx, workload, fleet.facts.factsFor(workload), fleet.overhead, SENSITIVITY_FACTORS);
  const report = new PricedWorkload(workload, ranking);
  report.findings = workloadFindings(report, ctx.catalog, settings, fleet.offerRanges);
  return report;
}

/**
 * One workload's report. A class, so thousands of reports share one shape: object literals with getters each get
 * a hidden class of their own. Options and break-evens, the costliest parts and rarely all looked at, are built
 * on first use.
 */
class PricedWorkload implements WorkloadReport {
  readonly chosen: PricedOption;
  readonly cheapestAlternative?: PricedOption;
  readonly sensitivity: SensitivityPoint[];
  findings: Finding[] = [];
  private breakEvens?: Map<string, BreakEven>;

  constructor(
    readonly workload: Workload,
    private readonly ranking: OfferRanking,
  ) {
    this.chosen = ranking.option(ranking.chosenAt);
    this.cheapestAlternative = ranking.cheapestAt >= 0 ? ranking.option(ranking.cheapestAt) : undefined;
    this.sensitivity = ranking.points;
  }

  get options(): PricedOption[] {
    return this.ranking.all();
  }

  cheaperAlternatives(limit: number): Alternative[] {
    return this.ranking.cheaperAlternatives(limit);
  }

  breakEvenWith(offer: string): BreakEven | undefined {
    const other = this.ranking.eligibleAlternative(offer);
    return other && this.breakEvenOf(other);
  }

  get breakEven(): BreakEven[] {
    return this.options.filter((o) => o !== this.chosen && o.eligible).map((o) => this.breakEvenOf(o));
  }

  private breakEvenOf(other: PricedOption): BreakEven {
    this.breakEvens ??= new Map();
    let found = this.breakEvens.get(other.offer.id);
    if (!found) this.breakEvens.set(other.offer.id, (found = breakEvenOf(this.chosen, other, this.workload.volume)));
    return found;
  }
}

function breakEvenOf(chosen: PricedOption, other: PricedOption, volume: number): BreakEven {
  const result = nearestBreakEven(withFixed(chosen.curve, chosen.overheadMicros), withFixed(other.curve, other.overheadMicros), volume, LIMITS.maxVolume);
  return { offer: other.offer.id, volume: result.volume, truncated: result.truncated };
}

export function totalAt(option: PricedOption, volume: number): number {
  return totalMicrosAt(option.curve, option.overheadMicros, volume);
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
