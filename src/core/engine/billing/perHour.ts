import type { OptionDetails } from '../../report';
import { SECONDS_PER_HOUR, type Bill, type BillInput } from './common';
import { busyGpuHours, gpusFor, held, hourlyFleet, packedWindows, usesSpot } from './fleet';

/** Always on: the GPUs the busiest hour needs (at least one), every hour of the month. */
export function perHourAlwaysOn(input: BillInput): Bill {
  const rate = perHourRate(input);
  const busyHours = busyGpuHours(input, rate.spot);
  const meanLoad = busyHours / input.assumptions.hours_per_month;
  const gpus = Math.max(1, gpusFor(meanLoad, input.profile.peak, input.workload.utilization));
  return held(input, rate, gpus, gpus * input.assumptions.hours_per_month, busyHours, 0, 0);
}

/**
 * Autoscaled rental. Interactive: whole GPUs in every hour that has a request (Poisson: 1 - e^-calls), a billed
 * start-up each time a GPU is added. Batch: the window's work packed into whole GPU-hours, one start-up per GPU.
 */
export function perHourAutoscaled(input: BillInput): Bill {
  const rate = perHourRate(input);
  const busyHours = busyGpuHours(input, rate.spot);
  const startupHours = (input.offer.startup_seconds ?? input.assumptions.rental.startup_seconds) / SECONDS_PER_HOUR;
  if (input.profile.batchWindowHours !== undefined) {
    const packed = packedWindows(input, busyHours);
    return held(input, rate, packed.gpus, packed.paidHours, busyHours, packed.starts, startupHours);
  }
  const fleet = hourlyFleet(input, busyHours / input.assumptions.hours_per_month, 0, 0);
  return held(input, rate, fleet.peak, fleet.paidHours, busyHours, fleet.starts, startupHours);
}

/** A rental's hourly rate: spot where the workload asks and may use it, else on demand. */
export function perHourRate(input: BillInput): OptionDetails['rate'] {
  const spot = usesSpot(input);
  return { usd: spot ? input.offer.spot_usd_per_hour! : (input.offer.usd_per_hour ?? 0), per: 'h', spot };
}
