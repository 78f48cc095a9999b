import type { OptionDetails } from '../../report';
import { billOf, callRate, SECONDS_PER_HOUR, shareOfCalls, weeksPerMonth, type Bill, type BillInput } from './common';
import { batchWindows } from './serverless';

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

/** Whole GPUs an hour of the given weight needs at the target utilization (0 for an hour without load). */
export function gpusFor(meanLoad: number, weight: number, utilization: number): number {
  const load = meanLoad * weight;
  return load > 0 ? Math.max(1, Math.ceil(load / utilization - UNIT_SLACK)) : 0;
}

/** A month of GPU- or replica-hours held: busy hours at the rate, the rest unused, start-ups on top. */
export function held(
  input: BillInput,
  rate: OptionDetails['rate'],
  gpus: number,
  paidHours: number,
  busyHours: number,
  starts: number,
  startupHours: number,
): Bill {
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
    coldStartSeconds: startupHours * SECONDS_PER_HOUR,
    coldShare: shareOfCalls(input, starts),
  };
  return billOf(details, {
    busy: used * rate.usd,
    unused: (paidHours - used) * rate.usd,
    startup: starts * startupHours * rate.usd,
  });
}

/** Batch work packed into whole GPU-hours per window. */
export function packedWindows(
  input: BillInput,
  busyHours: number,
): { gpus: number; paidHours: number; starts: number } {
  if (busyHours === 0) return { gpus: 0, paidHours: 0, starts: 0 };
  const { windows, workersPerWindow, busyPerWindow } = batchWindows(input, busyHours * SECONDS_PER_HOUR);
  const hoursEach = Math.ceil(busyPerWindow / SECONDS_PER_HOUR / workersPerWindow - 1e-9);
  return {
    gpus: workersPerWindow,
    paidHours: windows * workersPerWindow * hoursEach,
    starts: windows * workersPerWindow,
  };
}

export interface HourlyFleet {
  paidHours: number;
  starts: number;
  peak: number;
}

/**
 * Units (GPUs, replicas) hour by hour over the week: the load's whole units where an hour is up, at least `floor`.
 * An hour with no load is up with probability 1 - e^-(calls in it and in the `lingerHours` before it).
 */
export function hourlyFleet(input: BillInput, meanLoad: number, floor: number, lingerHours: number): HourlyFleet {
  const units = (w: number) => Math.max(floor, gpusFor(meanLoad, w, input.workload.utilization));
  const calls = (w: number) => callRate(input, w) * SECONDS_PER_HOUR;
  let paid = 0;
  let starts = 0;
  for (const { from, to, hours } of input.profile.transitions) {
    // Up in an hour with a request, or with one in the linger window before it; always up above a floor.
    const upNow = floor > 0 ? 1 : 1 - Math.exp(-(calls(to) + lingerHours * calls(from)));
    const upBefore = floor > 0 ? 1 : 1 - Math.exp(-(calls(from) + lingerHours * calls(from)));
    paid += hours * upNow * units(to);
    // Units added: all of them after an hour that was down, the difference after one that was up.
    starts += hours * upNow * ((1 - upBefore) * units(to) + upBefore * Math.max(0, units(to) - units(from)));
  }
  let peak = 0;
  for (const { weight } of input.profile.levels) peak = Math.max(peak, units(weight));
  const weeks = weeksPerMonth(input.assumptions);
  return { paidHours: paid * weeks, starts: starts * weeks, peak };
}

/** Batch work on replicas that never sleep: enough for the mean load, all month. */
export function flatFleet(input: BillInput, meanLoad: number, floor: number): HourlyFleet {
  const units = Math.max(floor, gpusFor(meanLoad, 1, input.workload.utilization));
  return { paidHours: units * input.assumptions.hours_per_month, starts: 0, peak: units };
}
