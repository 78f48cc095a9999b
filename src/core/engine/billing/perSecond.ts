import type { Offer } from '../../catalog/types';
import type { OptionDetails } from '../../report';
import { billOf, coldStartSecondsFor, SECONDS_PER_HOUR, type Bill, type BillInput } from './common';
import { coldDetails, inFlightSeconds, serverlessMonth } from './serverless';

/** A per-second offer's rate, from its $/s or its $/h. */
export function usdPerSecond(offer: Offer): number {
  return offer.usd_per_second ?? (offer.usd_per_hour ?? 0) / SECONDS_PER_HOUR;
}

/** Always-warm workers of a per-second offer: their seconds a month, and what they cost at the warm rate. */
function warmWorkerMonth(input: BillInput): { workers: number; seconds: number; usd: number } {
  const workers = input.workload.minWorkers ?? 0;
  const seconds = workers * input.assumptions.hours_per_month * SECONDS_PER_HOUR;
  return { workers, seconds, usd: seconds * (input.offer.warm_usd_per_second ?? usdPerSecond(input.offer)) };
}

/**
 * Per second: busy seconds, the keep-alive idle after requests (where billed), the model load of each cold start
 * (where billed) and workers kept warm on purpose. Active-time-only offers pay busy seconds alone.
 */
export function perSecond(input: BillInput): Bill {
  const { offer } = input;
  const rate = perSecondRate(input);
  const warm = warmWorkerMonth(input);
  const month = serverlessMonth(input, offer.idle_timeout_seconds, warm.workers);
  const coldSeconds = coldStartSecondsFor(input);
  const billedSeconds =
    month.busySeconds +
    (offer.bills_idle ? month.idleSeconds : 0) +
    (offer.bills_cold_start ? month.coldStarts * coldSeconds : 0) +
    warm.seconds;
  const cold = coldDetails(input, month);
  const details: OptionDetails = {
    speed: input.speed,
    rate,
    warmWorkers: warm.workers,
    gpuHours: billedSeconds / SECONDS_PER_HOUR,
    coldStarts: cold.coldStarts,
    coldStartSeconds: cold.coldStartSeconds,
    coldShare: cold.coldShare,
  };
  const usd = rate.usd;
  return billOf(details, {
    busy: month.busySeconds * usd,
    idle: offer.bills_idle ? month.idleSeconds * usd : 0,
    coldStarts: offer.bills_cold_start ? month.coldStarts * coldSeconds * usd : 0,
    warm: warm.usd,
  });
}

/**
 * How far a bill can fall as volume grows, as a factor f: for volumes v1 < v2, total(v1) ≤ (1 + f) × total(v2).
 * Only billed cold starts fall (more traffic keeps workers warm); everything else in a bill never does. A cold start
 * is held to one per lifetime of a worker (a call and a keep-alive) of its billed busy and idle seconds, which never
 * fall: the cold starts are at most c / lifetime of them, and f is that ratio (see README, "Break-even"). Where idle is
 * not billed nothing in the bill bounds the cold starts: Infinity. Batch bursts and a declared count never fall, nor
 * does a text pool that bills its workers' whole lives.
 */
export function fallFactor(input: BillInput): number {
  const { offer, workload } = input;
  if (offer.billing !== 'per_second' || !offer.bills_cold_start || input.profile.batchWindowHours !== undefined)
    return 0;
  const load = coldStartSecondsFor(input);
  if (load <= 0 || (input.isChosen && workload.coldStartsPerMonth !== undefined)) return 0;
  // A text pool billed from each worker's start to its stop only grows with traffic (textPool.ts).
  if (input.speed?.text && offer.bills_idle) return 0;
  if (!offer.bills_idle) return Infinity;
  return load / (inFlightSeconds(input) + offer.idle_timeout_seconds);
}

/** The per-second rate of an offer, in the details' shape. */
export function perSecondRate(input: BillInput): OptionDetails['rate'] {
  return { usd: usdPerSecond(input.offer), per: 's', spot: false };
}
