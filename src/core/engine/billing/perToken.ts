import type { Offer } from '../../catalog/types';
import type { Workload } from '../../format/model';
import type { OptionDetails } from '../../report';
import { billOf, type Bill, type BillInput } from './common';

/** $ per request of a text workload on a per-token offer: input (cached at its own price), output, batch discount. */
export function perRequestTokenPrice(offer: Offer, workload: Workload): number | undefined {
  const text = workload.text;
  if (!text || !offer.models?.includes(workload.model)) return undefined;
  // A longer prompt prices the whole request at its tier (input above the tier's start, as the providers bill).
  const tier = offer.token_tiers?.findLast((t) => text.inputTokens > t.above_input_tokens);
  const input = tier?.input ?? offer.usd_per_million_input_tokens ?? 0;
  const cached = tier?.cached_input ?? offer.usd_per_million_cached_input_tokens ?? input;
  const output = tier?.output ?? offer.usd_per_million_output_tokens ?? 0;
  const perMillion =
    text.inputTokens * (1 - text.cachedInputShare) * input +
    text.inputTokens * text.cachedInputShare * cached +
    text.outputTokens * output;
  const discount = workload.traffic.kind === 'batch' ? (offer.batch_discount ?? 0) : 0;
  return (perMillion / 1e6) * (1 - discount);
}

/** Per token: a price per request from its tokens, × requests. The provider's pool keeps workers warm. */
export function perToken(input: BillInput): Bill {
  const rate = perTokenRate(input);
  return billOf({ speed: input.speed, rate }, { busy: rate.usd * input.volume });
}

/** A text workload's price per request on a per-token offer, in the details' shape. */
export function perTokenRate(input: BillInput): OptionDetails['rate'] {
  return { usd: perRequestTokenPrice(input.offer, input.workload) ?? 0, per: 'request', spot: false };
}
