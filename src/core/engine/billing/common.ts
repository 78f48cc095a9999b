import type { Assumptions } from '../../catalog/types';
import type { Model, Offer } from '../../catalog/types';
import type { Workload } from '../../format/model';
import type { OptionDetails } from '../../report';
import type { EffectiveSpeed } from '../speed';
import { HOURS_PER_WEEK, type LoadProfile } from '../traffic';

/** What every billing model shares: a month's bill, its input, and the arithmetic of calls, hours and details. */

/** A month of one offer for one workload, in dollars, before rounding and overhead. */
export interface Bill {
  busy: number;
  idle: number;
  coldStarts: number;
  warm: number;
  unused: number;
  startup: number;
  details: OptionDetails;
}

export interface BillInput {
  offer: Offer;
  workload: Workload;
  /** The workload's model (its reference settings price per-call offers by size). */
  model: Model | undefined;
  /** Images a month: the workload's volume, or a what-if or break-even volume. */
  volume: number;
  speed: EffectiveSpeed | undefined;
  profile: LoadProfile;
  assumptions: Assumptions;
  /** The chosen offer takes the workload's cold-start override; alternatives keep their own figures. */
  isChosen: boolean;
}

export const SECONDS_PER_HOUR = 3600;

/** Details with every field in one order (undefined where it does not apply), so every option has one shape. */
export function detailsOf(d: OptionDetails): OptionDetails {
  return {
    speed: d.speed,
    rate: d.rate,
    gpus: d.gpus,
    paidHours: d.paidHours,
    busyHours: d.busyHours,
    gpuHours: d.gpuHours,
    utilization: d.utilization,
    coldStarts: d.coldStarts,
    coldStartSeconds: d.coldStartSeconds,
    coldShare: d.coldShare,
    warmWorkers: d.warmWorkers,
    scalesAhead: d.scalesAhead,
    headroom: d.headroom,
    tokens: d.tokens,
  };
}

/** A bill with the parts given and zero for the rest. */
export function billOf(details: OptionDetails, parts: Partial<Omit<Bill, 'details'>>): Bill {
  return {
    busy: parts.busy ?? 0,
    idle: parts.idle ?? 0,
    coldStarts: parts.coldStarts ?? 0,
    warm: parts.warm ?? 0,
    unused: parts.unused ?? 0,
    startup: parts.startup ?? 0,
    details: detailsOf(details),
  };
}

/** Weeks in the month: a week's hourly figures times this is the month's. */
export function weeksPerMonth(assumptions: Assumptions): number {
  return assumptions.hours_per_month / HOURS_PER_WEEK;
}

export function coldStartSecondsFor(input: BillInput): number {
  const override = input.isChosen ? input.workload.coldStartSeconds : undefined;
  return override ?? input.offer.cold_start_seconds;
}

/** Calls a month: a call is one batch (one request for a text model). */
export function callsPerMonth(input: BillInput): number {
  return input.volume / input.workload.batchSize;
}

/** Calls a second in an hour of the given weight. */
export function callRate(input: BillInput, weight: number): number {
  return (callsPerMonth(input) / input.assumptions.hours_per_month / SECONDS_PER_HOUR) * weight;
}

export function shareOfCalls(input: BillInput, events: number): number {
  const calls = callsPerMonth(input);
  return calls > 0 ? Math.min(1, events / calls) : 0;
}
