import type { Catalog, Offer } from '../catalog/types';
import type { Workload } from '../format/model';
import { formatUnitUsd } from '../money';
import { costAt, curve, unitsAt, type CostCurve } from './curve';
import { effectiveSpeed, largestBatchThatFits, memoryNeededGb, type EffectiveSpeed, type SpeedCache } from './speed';

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

/** Prices one offer for one workload at its declared volume, with the curve for other volumes. Hot: no copies. */
export function priceOption(ctx: PricingContext, workload: Workload, offer: Offer, chosenGpu: string | undefined, overhead: Overhead, speeds?: SpeedCache): PricedOption {
  const speed = effectiveSpeed(ctx.catalog, workload, offer, chosenGpu, speeds);
  const priced = priceByBilling(ctx, workload, offer, speed, offer.id === workload.provider);
  let reasons = eligibilityProblems(ctx.catalog, workload, offer, speed);
  const latency = latencyProblem(ctx, workload, priced.details, speed);
  if (latency) reasons = [...reasons, { kind: 'latency', text: latency }];
  const computeMicros = Math.round(costAt(priced.curve, workload.volume));
  const totalMicros = computeMicros + overhead.micros;
  return {
    offer,
    curve: priced.curve,
    computeMicros,
    overheadMicros: overhead.micros,
    overheadNote: overhead.note,
    totalMicros,
    perImageMicros: workload.volume > 0 ? totalMicros / workload.volume : null,
    eligible: reasons.length === 0,
    priced: !reasons.some((r) => r.kind === 'model' || r.kind === 'gpu'),
    reasons,
    details: priced.details,
  };
}

const NO_REASONS: readonly Reason[] = Object.freeze([]);

function eligibilityProblems(catalog: Catalog, workload: Workload, offer: Offer, speed: EffectiveSpeed | undefined): readonly Reason[] {
  if (offer.billing === 'per_call') {
    return perImagePrice(offer, workload.model) === undefined ? [{ kind: 'model', text: `does not serve ${workload.model}` }] : NO_REASONS;
  }
  if (!offer.gpu || !catalog.gpus.has(offer.gpu)) return [{ kind: 'gpu', text: `unknown GPU ${offer.gpu ?? '(none)'}` }];
  if (!speed) return [{ kind: 'model', text: `no speed for ${workload.model} on ${offer.gpu}` }];
  const needed = memoryNeededGb(catalog, workload.model, workload.batchSize) ?? 0;
  const vram = catalog.gpus.get(offer.gpu)!.vram_gb;
  if (needed <= vram) return NO_REASONS;
  const fits = largestBatchThatFits(catalog, workload.model, offer.gpu);
  const text = fits === 0 ? `${workload.model} needs more than ${offer.gpu}'s ${vram} GB` : `batch of ${workload.batchSize} needs ${round1(needed)} GB, ${offer.gpu} has ${vram} GB (fits ${fits})`;
  return [{ kind: 'memory', text }];
}

export function perImagePrice(offer: Offer, model: string): number | undefined {
  const price = offer.usd_per_image;
  if (typeof price === 'number') return !offer.models || offer.models.includes(model) ? price : undefined;
  return price?.[model];
}

interface Priced {
  curve: CostCurve;
  details: OptionDetails;
}

function priceByBilling(ctx: PricingContext, workload: Workload, offer: Offer, speed: EffectiveSpeed | undefined, isChosen: boolean): Priced {
  const hours = ctx.catalog.assumptions.hours_per_month;
  const perImage = speed?.perImage ?? 0;
  switch (offer.billing) {
    case 'per_call': {
      const usd = perImagePrice(offer, workload.model) ?? 0;
      const cold = coldStartsAt(ctx, workload, workload.volume);
      return { curve: curve({ slope: usd * 1e6 }), details: { speed, rate: `${formatUnitUsd(usd)}/image`, spot: false, coldStarts: cold, coldStartSeconds: coldStartSecondsFor(workload, offer, isChosen) } };
    }
    case 'per_second': {
      const usdPerSecond = offer.usd_per_second ?? (offer.usd_per_hour ?? 0) / 3600;
      const coldSeconds = coldStartSecondsFor(workload, offer, isChosen);
      const billedPerColdStart = (offer.bills_cold_start ? coldSeconds : 0) + (offer.bills_idle ? offer.idle_timeout_seconds : 0);
      const gaps = workload.coldStartsPerMonth ?? ctx.catalog.assumptions.traffic[workload.traffic].idle_gaps_per_month;
      // One cold start per call while calls are rarer than the traffic's gaps, then one per gap.
      const c = curve({ slope: usdPerSecond * perImage * 1e6, kinkCoef: (usdPerSecond * billedPerColdStart * 1e6) / workload.batchSize, kinkAt: gaps * workload.batchSize });
      const coldStarts = coldStartsAt(ctx, workload, workload.volume);
      return { curve: c, details: { speed, rate: `${formatUnitUsd(usdPerSecond)}/s`, spot: false, coldStarts, coldStartSeconds: coldSeconds, billedSeconds: workload.volume * perImage + coldStarts * billedPerColdStart } };
    }
    case 'per_hour':
    case 'dedicated': {
      const spot = offer.billing === 'per_hour' && workload.spot && offer.spot_usd_per_hour !== undefined && (isChosen || workload.latencySloSeconds === undefined);
      const usdPerHour = spot ? offer.spot_usd_per_hour! : (offer.usd_per_hour ?? 0);
      const rework = spot ? 1 + ctx.catalog.assumptions.spot.rework_share : 1;
      const busyHoursPerImage = (perImage * rework) / 3600;
      const busyHours = busyHoursPerImage * workload.volume;
      const rate = `${formatUnitUsd(usdPerHour)}/h${spot ? ' spot' : ''}`;
      if (offer.billing === 'per_hour' && workload.scaling === 'autoscale') {
        const paidHours = busyHours / workload.utilization;
        return { curve: curve({ slope: (usdPerHour * busyHoursPerImage * 1e6) / workload.utilization }), details: { speed, rate, spot, busyHours, paidHours, utilization: workload.utilization } };
      }
      const peak = ctx.catalog.assumptions.traffic[workload.traffic].peak_factor;
      const c = curve({ stepUnit: usdPerHour * hours * 1e6, stepK: (busyHoursPerImage * peak) / (hours * workload.utilization) });
      const units = unitsAt(c, workload.volume);
      return { curve: c, details: { speed, rate, spot, busyHours, units, paidHours: units * hours, utilization: busyHours / (units * hours) } };
    }
  }
}

function coldStartSecondsFor(workload: Workload, offer: Offer, isChosen: boolean): number {
  return isChosen && workload.coldStartSeconds !== undefined ? workload.coldStartSeconds : offer.cold_start_seconds;
}

export function coldStartsAt(ctx: PricingContext, workload: Workload, volume: number): number {
  const gaps = workload.coldStartsPerMonth ?? ctx.catalog.assumptions.traffic[workload.traffic].idle_gaps_per_month;
  return Math.min(volume / workload.batchSize, gaps);
}

/** A latency target is a p99: generation must meet it, and cold starts too once more than 1 % of calls see one. */
function latencyProblem(ctx: PricingContext, workload: Workload, details: OptionDetails, speed: EffectiveSpeed | undefined): string | undefined {
  const slo = workload.latencySloSeconds;
  if (slo === undefined || !speed) return undefined;
  if (speed.perBatch > slo) return `a call takes ~${round1(speed.perBatch)} s, over the ${slo} s target`;
  const calls = workload.volume / workload.batchSize;
  const coldShare = calls > 0 && details.coldStarts !== undefined ? details.coldStarts / calls : 0;
  const cold = details.coldStartSeconds ?? 0;
  if (coldShare > ctx.coldStartShareForLatency && speed.perBatch + cold > slo) {
    return `${Math.round(coldShare * 100)}% of calls wait for a ${cold} s cold start (${round1(speed.perBatch + cold)} s, over the ${slo} s target)`;
  }
  return undefined;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
