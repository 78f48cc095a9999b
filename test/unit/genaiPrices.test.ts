import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { perRequestTokenPrice } from '../../src/core/engine/billing';
import type { Workload } from '../../src/core/format/model';
import { CATALOG } from './helpers';

/** A text workload of one request shape, enough for a per-token price. */
function request(model: string, inputTokens: number, outputTokens: number, cachedInputShare = 0): Workload {
  return {
    model,
    unit: 'request',
    text: { inputTokens, outputTokens, cachedInputShare },
    traffic: { kind: 'steady' },
  } as Workload;
}

/**
 * A price in the data is taken as it is: our per-request price against the package's own calcPrice, for a sample of
 * providers and shapes (plain, cached input, a prompt past a long-context tier).
 */
describe('per-token prices match @pydantic/genai-prices', () => {
  const cases: [offer: string, providerId: string, apiModel: string, input: number, output: number, cached: number][] =
    [
      ['openai/gpt-4.1-mini', 'openai', 'gpt-4.1-mini', 800, 200, 0],
      ['openai/gpt-4.1-mini', 'openai', 'gpt-4.1-mini', 800, 200, 0.3],
      ['anthropic/claude-sonnet-4.5', 'anthropic', 'claude-sonnet-4-5', 800, 200, 0],
      ['anthropic/claude-sonnet-4.5', 'anthropic', 'claude-sonnet-4-5', 250_000, 1000, 0.4],
      ['google/gemini-2.5-pro', 'google', 'gemini-2.5-pro', 300_000, 2000, 0],
      ['together/llama-3.3-70b', 'together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 1500, 300, 0],
      ['groq/llama-3.3-70b', 'groq', 'llama-3.3-70b-versatile', 1500, 300, 0],
      ['bedrock/llama-3.3-70b', 'aws', 'meta.llama3-3-70b-instruct-v1:0', 1500, 300, 0],
      ['mistral/mistral-small-3.2', 'mistral', 'mistral-small-3.2-24b-instruct', 1000, 100, 0],
    ];
  for (const [offerId, providerId, apiModel, input, output, cached] of cases) {
    it(`${offerId}: ${input} in (${cached * 100}% cached) / ${output} out`, () => {
      const offer = CATALOG.offers.get(offerId)!;
      expect(offer, offerId).toBeDefined();
      const ours = perRequestTokenPrice(offer, request(offer.models![0]!, input, output, cached))!;
      const cacheRead = Math.round(input * cached);
      const theirs = calcPrice({ input_tokens: input, cache_read_tokens: cacheRead, output_tokens: output }, apiModel, {
        providerId,
      });
      expect(theirs, `${providerId} ${apiModel}`).not.toBeNull();
      expect(ours).toBeCloseTo(theirs!.total_price, 12);
    });
  }
});
