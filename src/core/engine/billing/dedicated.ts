import type { OptionDetails } from '../../report';
import { SECONDS_PER_HOUR, type Bill, type BillInput } from './common';
import { busyGpuHours, flatFleet, held, hourlyFleet, packedWindows } from './fleet';

/**
 * Dedicated endpoint: replicas follow the load between `min_replicas` (default 1) and the busiest hour's need.
 * With min_replicas 0, where the offer scales to zero, an idle endpoint stops after its idle window and wakes with a
 * cold start of minutes.
 */
export function dedicated(input: BillInput): Bill {
  const { offer, workload } = input;
  const rate = dedicatedRate(input);
  const busyHours = busyGpuHours(input, false);
  const meanLoad = busyHours / input.assumptions.hours_per_month;
  const canSleep = offer.scale_to_zero_after_seconds !== undefined && workload.minReplicas === 0;
  const floor = canSleep ? 0 : Math.max(1, workload.minReplicas ?? 1);
  const wakeHours = offer.cold_start_seconds / SECONDS_PER_HOUR;
  if (input.profile.batchWindowHours !== undefined && canSleep) {
    const packed = packedWindows(input, busyHours);
    return held(input, rate, packed.gpus, packed.paidHours, busyHours, packed.starts, wakeHours);
  }
  const linger = canSleep ? offer.scale_to_zero_after_seconds! / SECONDS_PER_HOUR : 0;
  const fleet =
    input.profile.batchWindowHours !== undefined
      ? flatFleet(input, meanLoad, floor)
      : hourlyFleet(input, meanLoad, floor, linger);
  return held(
    input,
    rate,
    fleet.peak,
    fleet.paidHours,
    busyHours,
    canSleep ? fleet.starts : 0,
    canSleep ? wakeHours : 0,
  );
}

/** A dedicated endpoint's rate per replica-hour. */
export function dedicatedRate(input: BillInput): OptionDetails['rate'] {
  return { usd: input.offer.usd_per_hour ?? 0, per: 'h', spot: false };
}
