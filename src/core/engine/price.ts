import type { Catalog, Offer } from '../catalog/types';
import type { Workload } from '../format/model';
import { formatUnitUsd } from '../money';
import { flat } from '../text/flat';
import { curve, setCurve, totalMicrosAt, unitsAt, type CostCurve } from './curve';
import { largestBatchThatFits, memoryNeededGb, type EffectiveSpeed } from './speed';

export interface OptionDetails {
  speed?: EffectiveSpeed;
  /** Whole GPUs or replicas held all month (always-on rental, dedicated). */
  units?: number;
  /** GPU-hours paid (rental and dedicated). */
  paidHours?: number;
  busyHours?: number;
  /** Busy share of the hours paid. */
  utilization?: number;
  billedSeconds?: number;
  coldStarts?: number;
  coldStartSeconds?: number;
  /** The price used, with its unit: "$0.00115/s". */
  rate: string;
  spot: boolean;
}

export interface PricedOption {
  offer: Offer;
  /** Compute cost as a function of volume; overhead is added on top. */
  curve: CostCurve;
  computeMicros: number;
  overheadMicros: number;
  overheadNote?: string;
  totalMicros: number;
  perImageMicros: number | null;
  eligible: boolean;
  /** False when the offer cannot run the model at all: its costs are meaningless and shown as "—". */
  priced: boolean;
  /** Why an option is not eligible. */
  reasons: readonly Reason[];
  details: OptionDetails;
}

export type ReasonKind = 'model' | 'memory' | 'latency' | 'gpu';

export interface Reason {
  kind: ReasonKind;
  /** A short clause: "batch of 8 needs 40 GB, a40 has 48 GB". */
  text: string;
}

export interface PricingContext {
  catalog: Catalog;
  coldStartShareForLatency: number;
}

export interface Overhead {
  micros: number;
  note?: string;
}

/** Why an offer is not eligible, as bits: the form the ranking pass needs, with no text built. */
export const PROBLEM = { model: 1, gpu: 2, memory: 4, latency: 8 } as const;
const UNRUNNABLE = PROBLEM.model | PROBLEM.gpu;

/** The numbers of one offer for one workload: everything ranking, totals and sensitivity need. */
export interface Quote {
  curve: CostCurve;
  computeMicros: number;
  totalMicros: number;
  /** PROBLEM bits; 0 when eligible. */
  problems: number;
}

export function isEligible(quote: Quote): boolean {
  return quote.problems === 0;
}

/** Whether the offer can run the model at all; if not its costs are meaningless. */
export function isPriced(quote: Quote): boolean {
  return canRun(quote.problems);
}

/** No problem bit says the offer cannot run the model (it may still be too slow or too small for the batch). */
export function canRun(problems: number): boolean {
  return (problems & UNRUNNABLE) === 0;
}

/** What an offer costs a workload, as numbers, given its fixed problems (eligibilityProblem); the ranking pass does the same without allocating. */
export function quoteOption(ctx: PricingContext, workload: Workload, offer: Offer, speed: EffectiveSpeed | undefined, overheadMicros: number, fixedProblems: number): Quote {
  const c = costCurveInto(curve({}), ctx, workload, offer, speed);
  const computeMicros = totalMicrosAt(c, 0, workload.volume);
  return { curve: c, computeMicros, totalMicros: computeMicros + overheadMicros, problems: problemsOf(ctx, workload, offer, speed, fixedProblems) };
}

/** Every problem: the fixed ones (model, GPU, memory) with the latency check, which depends on volume and target. */
export function problemsOf(ctx: PricingContext, workload: Workload, offer: Offer, speed: EffectiveSpeed | undefined, fixed: number): number {
  return latencyMiss(ctx, workload, offer, speed) ? fixed | PROBLEM.latency : fixed;
}

/** The full option with its details and reasons in words: built only for the options somebody looks at. */
export function describeOption(ctx: PricingContext, workload: Workload, offer: Offer, speed: EffectiveSpeed | undefined, overhead: Overhead, quote: Quote): PricedOption {
  const isChosen = offer.id === workload.provider;
  return {
    offer,
    curve: quote.curve,
    computeMicros: quote.computeMicros,
    overheadMicros: overhead.micros,
    overheadNote: overhead.note,
    totalMicros: quote.totalMicros,
    perImageMicros: workload.volume > 0 ? quote.totalMicros / workload.volume : null,
    eligible: isEligible(quote),
    priced: isPriced(quote),
    reasons: quote.problems === 0 ? NO_REASONS : reasonsFor(ctx, workload, offer, speed, isChosen, quote.problems),
    details: detailsFor(ctx, workload, offer, speed, isChosen, quote.curve),
  };
}

const NO_REASONS: readonly Reason[] = Object.freeze([]);

/** Problems that depend only on the model, the batch and the offer: the same for every workload that shares them. */
export function eligibilityProblem(catalog: Catalog, workload: Workload, offer: Offer, speed: EffectiveSpeed | undefined): number {
  if (offer.billing === 'per_call') return perImagePrice(offer, workload.model) === undefined ? PROBLEM.model : 0;
  if (!offer.gpu || !catalog.gpus.has(offer.gpu)) return PROBLEM.gpu;
  if (!speed) return PROBLEM.model;
  const needed = memoryNeededGb(catalog, workload.model, workload.batchSize) ?? 0;
  return needed <= catalog.gpus.get(offer.gpu)!.vram_gb ? 0 : PROBLEM.memory;
}

function reasonsFor(ctx: PricingContext, workload: Workload, offer: Offer, speed: EffectiveSpeed | undefined, isChosen: boolean, problems: number): Reason[] {
  const reasons: Reason[] = [];
  const { catalog } = ctx;
  if (problems & PROBLEM.gpu) reasons.push({ kind: 'gpu', text: `unknown GPU ${offer.gpu ?? '(none)'}` });
  if (problems & PROBLEM.model) {
    reasons.push({ kind: 'model', text: offer.billing === 'per_call' ? `does not serve ${workload.model}` : `no speed for ${workload.model} on ${offer.gpu}` });
  }
  if (problems & PROBLEM.memory) {
    const needed = memoryNeededGb(catalog, workload.model, workload.batchSize) ?? 0;
    const vram = catalog.gpus.get(offer.gpu!)!.vram_gb;
    const fits = largestBatchThatFits(catalog, workload.model, offer.gpu!);
    const text = fits === 0 ? `${workload.model} needs more than ${offer.gpu}'s ${vram} GB` : `batch of ${workload.batchSize} needs ${round1(needed)} GB, ${offer.gpu} has ${vram} GB (fits ${fits})`;
    reasons.push({ kind: 'memory', text });
  }
  if (problems & PROBLEM.latency) reasons.push({ kind: 'latency', text: latencyText(ctx, workload, offer, speed!, isChosen) });
  return reasons;
}

export function perImagePrice(offer: Offer, model: string): number | undefined {
  const price = offer.usd_per_image;
  if (typeof price === 'number') return !offer.models || offer.models.includes(model) ? price : undefined;
  return price?.[model];
}

/** Spot is used where the offer has it and the workload asks, except as an alternative for a latency-critical workload. */
function usesSpot(workload: Workload, offer: Offer, isChosen: boolean): boolean {
  return offer.billing === 'per_hour' && workload.spot && offer.spot_usd_per_hour !== undefined && (isChosen || workload.latencySloSeconds === undefined);
}

function usdPerHourOf(offer: Offer, spot: boolean): number {
  return spot ? offer.spot_usd_per_hour! : (offer.usd_per_hour ?? 0);
}

function usdPerSecondOf(offer: Offer): number {
  return offer.usd_per_second ?? (offer.usd_per_hour ?? 0) / 3600;
}

/** Seconds billed for each cold start: model load where it is billed, plus the idle window kept warm after. */
function billedPerColdStart(workload: Workload, offer: Offer, isChosen: boolean): number {
  return (offer.bills_cold_start ? coldStartSecondsFor(workload, offer, isChosen) : 0) + (offer.bills_idle ? offer.idle_timeout_seconds : 0);
}

/** GPU-hours of work per image, spot rework included. */
function busyHoursPerImage(ctx: PricingContext, perImage: number, spot: boolean): number {
  return (perImage * (spot ? 1 + ctx.catalog.assumptions.spot.rework_share : 1)) / 3600;
}

/** Writes the offer's cost curve for the workload into `target` and returns it: the ranking pass reuses one object. */
export function costCurveInto(target: CostCurve, ctx: PricingContext, workload: Workload, offer: Offer, speed: EffectiveSpeed | undefined): CostCurve {
  const isChosen = offer.id === workload.provider;
  const perImage = speed?.perImage ?? 0;
  switch (offer.billing) {
    case 'per_call':
      return setCurve(target, (perImagePrice(offer, workload.model) ?? 0) * 1e6, 0, Infinity, 0, 0);
    case 'per_second': {
      const usdPerSecond = usdPerSecondOf(offer);
      // One cold start per call while calls are rarer than the traffic's gaps, then one per gap.
      return setCurve(target, usdPerSecond * perImage * 1e6, (usdPerSecond * billedPerColdStart(workload, offer, isChosen) * 1e6) / workload.batchSize, idleGaps(ctx, workload) * workload.batchSize, 0, 0);
    }
    case 'per_hour':
    case 'dedicated': {
      const spot = usesSpot(workload, offer, isChosen);
      const usdPerHour = usdPerHourOf(offer, spot);
      const busy = busyHoursPerImage(ctx, perImage, spot);
      if (offer.billing === 'per_hour' && workload.scaling === 'autoscale') return setCurve(target, (usdPerHour * busy * 1e6) / workload.utilization, 0, Infinity, 0, 0);
      const hours = ctx.catalog.assumptions.hours_per_month;
      const peak = ctx.catalog.assumptions.traffic[workload.traffic].peak_factor;
      return setCurve(target, 0, 0, Infinity, usdPerHour * hours * 1e6, (busy * peak) / (hours * workload.utilization));
    }
  }
}

function detailsFor(ctx: PricingContext, workload: Workload, offer: Offer, speed: EffectiveSpeed | undefined, isChosen: boolean, c: CostCurve): OptionDetails {
  const perImage = speed?.perImage ?? 0;
  switch (offer.billing) {
    case 'per_call': {
      const usd = perImagePrice(offer, workload.model) ?? 0;
      return { speed, rate: flat`${formatUnitUsd(usd)}/image`, spot: false, coldStarts: coldStartsAt(ctx, workload, workload.volume), coldStartSeconds: coldStartSecondsFor(workload, offer, isChosen) };
    }
    case 'per_second': {
      const coldStarts = coldStartsAt(ctx, workload, workload.volume);
      const billedSeconds = workload.volume * perImage + coldStarts * billedPerColdStart(workload, offer, isChosen);
      return { speed, rate: flat`${formatUnitUsd(usdPerSecondOf(offer))}/s`, spot: false, coldStarts, coldStartSeconds: coldStartSecondsFor(workload, offer, isChosen), billedSeconds };
    }
    case 'per_hour':
    case 'dedicated': {
      const spot = usesSpot(workload, offer, isChosen);
      const rate = flat`${formatUnitUsd(usdPerHourOf(offer, spot))}/h${spot ? ' spot' : ''}`;
      const busyHours = busyHoursPerImage(ctx, perImage, spot) * workload.volume;
      if (offer.billing === 'per_hour' && workload.scaling === 'autoscale') {
        return { speed, rate, spot, busyHours, paidHours: busyHours / workload.utilization, utilization: workload.utilization };
      }
      const hours = ctx.catalog.assumptions.hours_per_month;
      const units = unitsAt(c, workload.volume);
      return { speed, rate, spot, busyHours, units, paidHours: units * hours, utilization: busyHours / (units * hours) };
    }
  }
}

function idleGaps(ctx: PricingContext, workload: Workload): number {
  return workload.coldStartsPerMonth ?? ctx.catalog.assumptions.traffic[workload.traffic].idle_gaps_per_month;
}

function coldStartSecondsFor(workload: Workload, offer: Offer, isChosen: boolean): number {
  return isChosen && workload.coldStartSeconds !== undefined ? workload.coldStartSeconds : offer.cold_start_seconds;
}

export function coldStartsAt(ctx: PricingContext, workload: Workload, volume: number): number {
  return Math.min(volume / workload.batchSize, idleGaps(ctx, workload));
}

/** Share of calls that wait for a cold start: rentals and endpoints stay warm. */
function coldShare(ctx: PricingContext, workload: Workload, offer: Offer): number {
  if (offer.billing !== 'per_call' && offer.billing !== 'per_second') return 0;
  const calls = workload.volume / workload.batchSize;
  return calls > 0 ? coldStartsAt(ctx, workload, workload.volume) / calls : 0;
}

/** A latency target is a p99: generation must meet it, and cold starts too once more than 1 % of calls see one. */
function latencyMiss(ctx: PricingContext, workload: Workload, offer: Offer, speed: EffectiveSpeed | undefined): boolean {
  const isChosen = offer.id === workload.provider;
  const slo = workload.latencySloSeconds;
  if (slo === undefined || !speed) return false;
  if (speed.perBatch > slo) return true;
  return coldShare(ctx, workload, offer) > ctx.coldStartShareForLatency && speed.perBatch + coldStartSecondsFor(workload, offer, isChosen) > slo;
}

function latencyText(ctx: PricingContext, workload: Workload, offer: Offer, speed: EffectiveSpeed, isChosen: boolean): string {
  const slo = workload.latencySloSeconds!;
  if (speed.perBatch > slo) return `a call takes ~${round1(speed.perBatch)} s, over the ${slo} s target`;
  const cold = coldStartSecondsFor(workload, offer, isChosen);
  return `${Math.round(coldShare(ctx, workload, offer) * 100)}% of calls wait for a ${cold} s cold start (${round1(speed.perBatch + cold)} s, over the ${slo} s target)`;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
