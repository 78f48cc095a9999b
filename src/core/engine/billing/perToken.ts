import type { Offer } from '../../catalog/types';
import type { Workload } from '../../format/model';
import type { OptionDetails, TokenTerms } from '../../report';
import { billOf, type Bill, type BillInput } from './common';

/** A request's price on a per-token offer, and the terms that made it. */
interface TokenPrice {
  usd: number;
  terms: TokenTerms;
}

/**
 * $ per request of a text workload on a per-token offer: uncached input, input read from the prompt cache, input
 * written to it, output, less the batch discount. Undefined where the offer does not serve the model.
 */
export function tokenPrice(offer: Offer, workload: Workload): TokenPrice | undefined {
  const text = workload.text;
  if (!text || !offer.models?.includes(workload.model)) return undefined;
  // A longer prompt prices the whole request at its tier (input above the tier's start, as the providers bill).
  const tier = offer.token_tiers?.findLast((t) => text.inputTokens > t.above_input_tokens);
  const input = tier?.input ?? offer.usd_per_million_input_tokens ?? 0;
  const cached = tier?.cached_input ?? offer.usd_per_million_cached_input_tokens ?? input;
  const write = tier?.cache_write ?? offer.usd_per_million_cache_write_tokens;
  const output = tier?.output ?? offer.usd_per_million_output_tokens ?? 0;
  // OpenAI caches only prompts of 1,024 tokens or more: a shorter prompt pays the input price for all of it.
  const minimum = offer.min_cached_prompt_tokens;
  const underMinimum = minimum !== undefined && text.cachedInputShare > 0 && text.inputTokens < minimum;
  const cachedShare = underMinimum ? 0 : text.cachedInputShare;
  // Where writes are billed (Anthropic: 1.25x input), a request that reads a cached prefix writes what it does not
  // read, as automatic caching and a breakpoint at the prompt's end do: an upper bound where only a fixed prefix is cached.
  const writtenShare = cachedShare > 0 && write !== undefined ? 1 - cachedShare : 0;
  const perMillion =
    text.inputTokens * (1 - cachedShare - writtenShare) * input +
    text.inputTokens * cachedShare * cached +
    text.inputTokens * writtenShare * (write ?? input) +
    text.outputTokens * output;
  const batchDiscount = workload.traffic.kind === 'batch' ? (offer.batch_discount ?? 0) : 0;
  return {
    usd: (perMillion / 1e6) * (1 - batchDiscount),
    terms: {
      cachedShare,
      writtenShare,
      ...(writtenShare > 0 ? { writeUsdPerMTok: write } : {}),
      ...(underMinimum ? { underCacheMinimum: minimum } : {}),
      batchDiscount,
    },
  };
}

/** $ per request of a text workload on a per-token offer; undefined where the offer does not serve the model. */
export function perRequestTokenPrice(offer: Offer, workload: Workload): number | undefined {
  return tokenPrice(offer, workload)?.usd;
}

/** Per token: a price per request from its tokens, × requests. The provider's pool keeps workers warm. */
export function perToken(input: BillInput): Bill {
  const price = tokenPrice(input.offer, input.workload);
  const rate = rateOf(price);
  return billOf({ speed: input.speed, rate, tokens: price?.terms }, { busy: rate.usd * input.volume });
}

/** A text workload's price per request on a per-token offer, in the details' shape. */
export function perTokenRate(input: BillInput): OptionDetails['rate'] {
  return rateOf(tokenPrice(input.offer, input.workload));
}

function rateOf(price: TokenPrice | undefined): OptionDetails['rate'] {
  return { usd: price?.usd ?? 0, per: 'request', spot: false };
}
