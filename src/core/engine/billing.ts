import type { OptionDetails } from '../report';
import { billOf, type Bill, type BillInput } from './billing/common';
import { dedicated, dedicatedRate } from './billing/dedicated';
import { perCall, perCallRate } from './billing/perCall';
import { perHourAlwaysOn, perHourAutoscaled, perHourRate } from './billing/perHour';
import { perSecond, perSecondRate } from './billing/perSecond';
import { perToken, perTokenRate } from './billing/perToken';

export type { Bill, BillInput } from './billing/common';
export { callRate, coldStartSecondsFor } from './billing/common';
export { unitSteps, usesSpot } from './billing/fleet';
export { perCallPrice } from './billing/perCall';
export { fallFactor, usdPerSecond } from './billing/perSecond';
export { perRequestTokenPrice } from './billing/perToken';

/** One pricing function per billing model, one file each (docs: "How costs are computed"). */
export function bill(input: BillInput): Bill {
  switch (input.offer.billing) {
    case 'per_call':
      return perCall(input);
    case 'per_second':
      return perSecond(input);
    case 'per_hour':
      return rentsByTheHourItNeeds(input) ? perHourAutoscaled(input) : perHourAlwaysOn(input);
    case 'dedicated':
      return dedicated(input);
    case 'per_token':
      return perToken(input);
  }
}

/**
 * A rental autoscales where the file says so. Work that may wait is packed into the hours it needs on any rental the
 * engine proposes, and on the chosen one unless the file holds it always on.
 */
function rentsByTheHourItNeeds({ workload, profile, isChosen }: BillInput): boolean {
  if (workload.scaling === 'autoscale') return true;
  const mayWait = profile.batchWindowHours !== undefined;
  return mayWait && (!isChosen || workload.ranges.scaling === undefined);
}

/** The price an offer charges the workload, in its own unit. */
export function rateOf(input: BillInput): OptionDetails['rate'] {
  switch (input.offer.billing) {
    case 'per_call':
      return perCallRate(input);
    case 'per_token':
      return perTokenRate(input);
    case 'per_second':
      return perSecondRate(input);
    case 'per_hour':
      return perHourRate(input);
    case 'dedicated':
      return dedicatedRate(input);
  }
}

/** An offer that cannot run the workload bills nothing: its rate and speed alone, for the tables. */
export function noBill(input: BillInput): Bill {
  return billOf({ speed: input.speed, rate: rateOf(input) }, {});
}
