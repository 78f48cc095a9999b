import type { OptionDetails } from '../../report';
import { SECONDS_PER_HOUR, type Bill, type BillInput } from './common';
import { busyGpuHours, constantUnits, gpusFor, held, hourlyFleet, packedWindows, unitsFor } from './fleet';

/**
 * Dedicated endpoint: replicas follow the load between `min_replicas` (default 1) and the busiest hour's need, each
 * added replica billed from its start (`startup_seconds`, else the offer's cold start). With min_replicas 0, where the
 * offer scales to zero, an idle endpoint stops after its idle window and wakes with a cold start of minutes. Offers
 * with a fixed worker count (`fixed_units`) hold the busiest hour's need all month.
 */
export function dedicated(input: BillInput): Bill {
  const { offer, workload } = input;
  const rate = dedicatedRate(input);
  const busyHours = busyGpuHours(input, false);
  const meanLoad = busyHours / input.assumptions.hours_per_month;
  const canSleep = offer.scale_to_zero_after_seconds !== undefined && workload.minReplicas === 0;
  const floor = canSleep ? 0 : Math.max(1, workload.minReplicas ?? 1);
  const startupSeconds = offer.startup_seconds ?? offer.cold_start_seconds;
  const batch = input.profile.batchWindowHours !== undefined;
  const lingerHours = canSleep ? offer.scale_to_zero_after_seconds! / SECONDS_PER_HOUR : 0;
  if (batch && canSleep)
    return held(input, rate, busyHours, packedWindows(input, busyHours, startupSeconds, lingerHours));
  // Batch work may wait for the replicas it has: the mean load, not the busiest hour, sizes them.
  if (offer.fixed_units || batch) {
    const units = batch ? gpusFor(meanLoad, 1, 1) : unitsFor(input, meanLoad, input.profile.peak);
    return held(input, rate, busyHours, constantUnits(input, Math.max(floor, units)));
  }
  return held(input, rate, busyHours, hourlyFleet(input, meanLoad, { floor, lingerHours, startupSeconds }));
}

/** A dedicated endpoint's rate per replica-hour. */
export function dedicatedRate(input: BillInput): OptionDetails['rate'] {
  return { usd: input.offer.usd_per_hour ?? 0, per: 'h', spot: false };
}
