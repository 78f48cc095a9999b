import type { OptionDetails } from '../../report';
import {
  billOf,
  callRate,
  callsPerMonth,
  SECONDS_PER_HOUR,
  shareOfCalls,
  weeksPerMonth,
  type Bill,
  type BillInput,
} from './common';
import { batchWindows } from './serverless';
import { unitsForTarget } from './sizing';

/** Whole GPUs and replicas held by the hour (rentals and dedicated endpoints): how many, when, and what they bill. */

/** Spot is used where the offer has it and the workload asks, except as an alternative for a latency-critical workload. */
export function usesSpot(input: BillInput): boolean {
  const { offer, workload } = input;
  return (
    offer.billing === 'per_hour' &&
    workload.spot &&
    offer.spot_usd_per_hour !== undefined &&
    (input.isChosen || workload.latencySloSeconds === undefined)
  );
}

/** GPU-hours of work a month, spot rework included. */
export function busyGpuHours(input: BillInput, spot: boolean): number {
  return input.volume * gpuHoursPerImage(input, spot);
}

function gpuHoursPerImage(input: BillInput, spot: boolean): number {
  const perImage = input.speed?.perImage ?? 0;
  return (perImage * (spot ? 1 + input.assumptions.spot.rework_share : 1)) / SECONDS_PER_HOUR;
}

/**
 * Volumes where a rental or endpoint adds a whole GPU or replica in some hour of the week (at most `limit`, up to
 * `max`), each the largest volume before the step: where gpusFor steps, read backwards.
 */
export function unitSteps(input: BillInput, max: number, limit: number): number[] {
  if (input.offer.billing !== 'per_hour' && input.offer.billing !== 'dedicated') return [];
  const perImage = gpuHoursPerImage(input, usesSpot(input));
  if (perImage <= 0) return [];
  const imagesPerGpuAtMean = (input.assumptions.hours_per_month * input.workload.utilization) / perImage;
  const steps: number[] = [];
  for (const { weight } of input.profile.levels) {
    if (weight <= 0) continue;
    for (let n = 1; steps.length < limit; n++) {
      const v = ((n + UNIT_SLACK) * imagesPerGpuAtMean) / weight;
      if (v > max) break;
      steps.push(v);
    }
  }
  return steps;
}

/** A load this close over a whole number of GPUs is float noise: it still fits on that number. */
const UNIT_SLACK = 1e-9;

/**
 * Whole GPUs or replicas a fleet holds in an hour of the given weight: at the target utilization, and enough for the
 * latency target at that hour's load (sizing.ts).
 */
export function unitsFor(input: BillInput, meanLoad: number, weight: number): number {
  return unitsForTarget(input, meanLoad * weight, gpusFor(meanLoad, weight, input.workload.utilization));
}

/** Whole GPUs an hour of the given weight needs at the target utilization (0 for an hour without load). */
export function gpusFor(meanLoad: number, weight: number, utilization: number): number {
  const load = meanLoad * weight;
  return load > 0 ? Math.max(1, Math.ceil(load / utilization - UNIT_SLACK)) : 0;
}

/** Units held over a month, and how they were started. */
export interface HeldUnits {
  /** Units in the busiest hour. */
  gpus: number;
  paidHours: number;
  /** Units started a month: woken from none, or added as the load rose. Each bills its start-up. */
  starts: number;
  /** Units started with none up: the calls that woke them wait the whole start-up. */
  wakes: number;
  startupSeconds: number;
  /** Units are started the hour before the load rises (scaling as it rises would miss the latency target). */
  scalesAhead?: boolean;
  /** Units are held for this multiple of the load, so each rise is met as it comes (cheaper than scaling ahead). */
  headroom?: number;
}

/** A month of GPU- or replica-hours held: busy hours at the rate, the rest unused, start-ups on top. */
export function held(input: BillInput, rate: OptionDetails['rate'], busyHours: number, units: HeldUnits): Bill {
  const { gpus, paidHours, starts, wakes, startupSeconds, scalesAhead, headroom } = units;
  const startupHours = startupSeconds / SECONDS_PER_HOUR;
  const used = Math.min(busyHours, paidHours);
  const details: OptionDetails = {
    speed: input.speed,
    rate,
    gpus,
    paidHours,
    busyHours,
    gpuHours: paidHours + starts * startupHours,
    utilization: paidHours > 0 ? used / paidHours : 0,
    coldStarts: starts,
    coldStartSeconds: startupSeconds,
    coldShare: shareOfCalls(input, wakes),
    scalesAhead,
    headroom,
  };
  return billOf(details, {
    busy: used * rate.usd,
    unused: (paidHours - used) * rate.usd,
    startup: starts * startupHours * rate.usd,
  });
}

/**
 * Batch work packed into whole GPU-hours per window, each GPU started once a window. An endpoint that scales to zero
 * only after `lingerHours` idle bills that too each window, before it sleeps.
 */
export function packedWindows(input: BillInput, busyHours: number, startupSeconds: number, lingerHours = 0): HeldUnits {
  if (busyHours === 0) return { gpus: 0, paidHours: 0, starts: 0, wakes: 0, startupSeconds };
  const { windows, workersPerWindow, busyPerWindow } = batchWindows(input, busyHours * SECONDS_PER_HOUR);
  const hoursEach = Math.ceil(busyPerWindow / SECONDS_PER_HOUR / workersPerWindow - 1e-9) + lingerHours;
  const starts = windows * workersPerWindow;
  return {
    gpus: workersPerWindow,
    paidHours: windows * workersPerWindow * hoursEach,
    starts,
    wakes: starts,
    startupSeconds,
  };
}

/** The same units every hour of the month: always-on rentals, fixed worker counts, batch on replicas that never sleep. */
export function constantUnits(input: BillInput, units: number): HeldUnits {
  return { gpus: units, paidHours: units * input.assumptions.hours_per_month, starts: 0, wakes: 0, startupSeconds: 0 };
}

/** How a fleet follows the load hour by hour. */
export interface Scaling {
  /** Units always up (0: the fleet may sleep). */
  floor: number;
  /** A fleet that may sleep stays up this long after its last call. */
  lingerHours: number;
  /** Time from asking for a unit to its serving calls, billed. */
  startupSeconds: number;
}

/**
 * Units (GPUs, replicas) hour by hour over the week: the load's whole units where an hour is up, at least the floor.
 * An hour with no load is up with probability 1 - e^-(calls in it and in the linger before it). A unit added as the
 * load rises serves only after its start-up; where calls waiting meanwhile would miss the latency target
 * (lateForScaleUp), the fleet either starts the next hour's units an hour early or holds the units of a higher load,
 * which meet each rise as it comes: whichever bills less. So more traffic never makes the fleet cheaper to run.
 */
export function hourlyFleet(input: BillInput, meanLoad: number, scaling: Scaling): HeldUnits {
  const reactive = unitsAt(input, meanLoad, scaling.floor);
  if (!isLate(input, reactive, scaling)) return fleetOf(input, reactive, scaling);
  const ahead = fleetOf(input, (w, next) => Math.max(reactive(w), reactive(next)), scaling);
  ahead.scalesAhead = true;
  return cheapestHeadroom(input, meanLoad, scaling, ahead) ?? ahead;
}

/** Headroom steps tried before the search gives up: each step adds one unit in some hour of the week. */
const MAX_HEADROOM_STEPS = 400;

/**
 * The cheapest fleet sized for a higher load that serves this one without late calls, if it bills less than `best`:
 * the loads where one hour of the week gains a unit, walked up until the unit-hours alone cost more.
 */
function cheapestHeadroom(
  input: BillInput,
  meanLoad: number,
  scaling: Scaling,
  best: HeldUnits,
): HeldUnits | undefined {
  const weights = input.profile.levels.map((l) => l.weight).filter((w) => w > 0);
  const utilization = input.workload.utilization;
  let found: HeldUnits | undefined;
  let bound = billedHours(best);
  let load = meanLoad;
  for (let step = 0; step < MAX_HEADROOM_STEPS; step++) {
    // The next load at which some hour needs one more unit than it has now (just past it: gpusFor allows float noise).
    load = Math.min(...weights.map((w) => (gpusFor(load, w, utilization) * utilization) / w)) * (1 + 1e-6);
    const units = unitsAt(input, load, scaling.floor);
    const fleet = fleetOf(input, units, scaling);
    if (fleet.paidHours >= bound) break;
    if (isLate(input, units, scaling) || billedHours(fleet) >= bound) continue;
    found = { ...fleet, headroom: load / meanLoad };
    bound = billedHours(found);
  }
  return found;
}

/** Each hour's units: a fleet asks for them hour by hour, but a profile has a few weights, so each is sized once. */
function unitsAt(input: BillInput, meanLoad: number, floor: number): (weight: number) => number {
  const byWeight = new Map<number, number>();
  return (w) => {
    let units = byWeight.get(w);
    if (units === undefined) byWeight.set(w, (units = Math.max(floor, unitsFor(input, meanLoad, w))));
    return units;
  };
}

function isLate(input: BillInput, units: (weight: number) => number, scaling: Scaling): boolean {
  return (
    lateForScaleUp(input, units, scaling.startupSeconds) > input.assumptions.thresholds.cold_start_share_for_latency
  );
}

/** Unit-hours a fleet bills a month: held hours and start-ups, at the same rate for every fleet of one offer. */
function billedHours(fleet: HeldUnits): number {
  return fleet.paidHours + (fleet.starts * fleet.startupSeconds) / SECONDS_PER_HOUR;
}

/** What a fleet holding unitsIn(this hour's weight, the next hour's) units each hour bills over a month. */
function fleetOf(input: BillInput, unitsIn: (weight: number, next: number) => number, scaling: Scaling): HeldUnits {
  const calls = (w: number) => callRate(input, w) * SECONDS_PER_HOUR;
  let paid = 0;
  let starts = 0;
  let wakes = 0;
  for (const { from, to, next, hours } of input.profile.windows) {
    // Up in an hour with a request, or with one in the linger window before it; always up above a floor.
    const upNow = scaling.floor > 0 ? 1 : 1 - Math.exp(-(calls(to) + scaling.lingerHours * calls(from)));
    const upBefore = scaling.floor > 0 ? 1 : 1 - Math.exp(-(calls(from) + scaling.lingerHours * calls(from)));
    const now = unitsIn(to, next);
    // An hour with no calls of its own still bills the last hour's units while they linger before sleeping.
    const lingering = scaling.floor === 0 && now === 0 ? unitsIn(from, to) * Math.min(1, scaling.lingerHours) : 0;
    paid += hours * upNow * Math.max(now, lingering);
    // Units started: all of them after an hour that was down, the difference after one that was up.
    wakes += hours * upNow * (1 - upBefore) * now;
    starts += hours * upNow * ((1 - upBefore) * now + upBefore * Math.max(0, now - unitsIn(from, to)));
  }
  let peak = 0;
  for (const { weight } of input.profile.levels) peak = Math.max(peak, unitsIn(weight, weight));
  const weeks = weeksPerMonth(input.assumptions);
  return {
    gpus: peak,
    paidHours: paid * weeks,
    starts: starts * weeks,
    wakes: wakes * weeks,
    startupSeconds: scaling.startupSeconds,
  };
}

/**
 * Share of calls that miss the latency target because they arrive while units added for a rising load start. As a
 * fluid queue: for the `startup` seconds after the load rises the previous hour's c₁ units serve the new rate λ; past
 * what they can serve (ρ₁ = λ·s / c₁ > 1) a queue grows, and a call arriving t seconds in waits (ρ₁ - 1)·t until the
 * call that starts just as the added units come up (t = startup / ρ₁). From there c₂ units drain it and the wait falls
 * as startup·(1 - c₁/c₂) - (1 - ρ₂)·t. Calls whose wait is over the slack (the target less a call) miss it.
 */
export function lateForScaleUp(input: BillInput, units: (weight: number) => number, startupSeconds: number): number {
  const target = input.workload.latencySloSeconds;
  const service = input.speed?.perBatch;
  if (target === undefined || !service || input.speed?.text || startupSeconds <= 0) return 0;
  const slack = target - service;
  if (slack < 0) return 0;
  const perUnit = input.speed?.slots ?? 1;
  let late = 0;
  for (const { from, to, hours } of input.profile.windows) {
    const before = units(from) * perUnit;
    const after = units(to) * perUnit;
    if (before === 0 || after <= before) continue;
    const rate = callRate(input, to);
    const growing = (rate * service) / before;
    if (growing <= 1) continue;
    const draining = (rate * service) / after;
    const lateFrom = slack / (growing - 1);
    const lateUntil =
      draining >= 1
        ? SECONDS_PER_HOUR
        : Math.min(SECONDS_PER_HOUR, (startupSeconds * (1 - before / after) - slack) / (1 - draining));
    late += hours * rate * Math.max(0, lateUntil - lateFrom);
  }
  const calls = callsPerMonth(input);
  return calls > 0 ? (late * weeksPerMonth(input.assumptions)) / calls : 0;
}
