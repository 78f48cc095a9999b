import type { OptionDetails } from '../../report';
import { type Bill, type BillInput } from './common';
import { busyGpuHours, constantUnits, held, hourlyFleet, packedWindows, unitsFor, usesSpot } from './fleet';

/** Always on: the GPUs the busiest hour needs (at least one), every hour of the month. */
export function perHourAlwaysOn(input: BillInput): Bill {
  const rate = perHourRate(input);
  const busyHours = busyGpuHours(input, rate.spot);
  const meanLoad = busyHours / input.assumptions.hours_per_month;
  const gpus = Math.max(1, unitsFor(input, meanLoad, input.profile.peak));
  return held(input, rate, busyHours, constantUnits(input, gpus));
}

/**
 * Autoscaled rental. Interactive: whole GPUs in every hour that has a request (Poisson: 1 - e^-calls), a billed
 * start-up each time a GPU is added (hourlyFleet: ahead of the load where the latency target needs it). Batch: the
 * window's work packed into whole GPU-hours, one start-up per GPU.
 */
export function perHourAutoscaled(input: BillInput): Bill {
  const rate = perHourRate(input);
  const busyHours = busyGpuHours(input, rate.spot);
  const startupSeconds = input.offer.startup_seconds ?? input.assumptions.rental.startup_seconds;
  if (input.profile.batchWindowHours !== undefined)
    return held(input, rate, busyHours, packedWindows(input, busyHours, startupSeconds));
  const meanLoad = busyHours / input.assumptions.hours_per_month;
  return held(input, rate, busyHours, hourlyFleet(input, meanLoad, { floor: 0, lingerHours: 0, startupSeconds }));
}

/** A rental's hourly rate: spot where the workload asks and may use it, else on demand. */
export function perHourRate(input: BillInput): OptionDetails['rate'] {
  const spot = usesSpot(input);
  return { usd: spot ? input.offer.spot_usd_per_hour! : (input.offer.usd_per_hour ?? 0), per: 'h', spot };
}
