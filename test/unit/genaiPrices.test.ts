import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { genaiOffers } from '../../src/core/catalog/sources/genaiPrices';
import type { Correction } from '../../src/core/catalog/sources/tokenTerms';
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
 * providers and shapes (plain, cached input, a prompt past a long-context tier). Where the provider bills cache writes
 * (Anthropic), the input a request does not read from the cache is written to it, and calcPrice is told so.
 */
describe('per-token prices match @pydantic/genai-prices', () => {
  const cases: [offer: string, providerId: string, apiModel: string, input: number, output: number, cached: number][] =
    [
      ['openai/gpt-4.1-mini', 'openai', 'gpt-4.1-mini', 800, 200, 0],
      ['openai/gpt-4.1-mini', 'openai', 'gpt-4.1-mini', 2000, 200, 0.3],
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
      const cacheWrite = cached > 0 && offer.usd_per_million_cache_write_tokens !== undefined ? input - cacheRead : 0;
      const theirs = calcPrice(
        { input_tokens: input, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, output_tokens: output },
        apiModel,
        { providerId },
      );
      expect(theirs, `${providerId} ${apiModel}`).not.toBeNull();
      expect(ours).toBeCloseTo(theirs!.total_price, 12);
    });
  }
});

describe('terms laid over the per-token data', () => {
  const flat = (input: number, output: number, more: Record<string, number> = {}) => ({
    input_mtok: input,
    output_mtok: output,
    ...more,
  });
  const data = [
    {
      id: 'fireworks',
      models: [
        { id: 'kimi-k3', prices: flat(1, 2) },
        { id: 'kimi-k3-fast', prices: flat(2, 4) },
      ],
    },
    {
      id: 'anthropic',
      models: [{ id: 'claude-test-4-5', prices: flat(3, 15, { cache_read_mtok: 0.3, cache_write_mtok: 3.75 }) }],
    },
    { id: 'together', models: [{ id: 'some/model', prices: flat(1, 1) }] },
  ];

  it('a batch discount where the provider documents one, by model; a cache-write price where the data has one', () => {
    const offers = new Map(genaiOffers(data, '2026-09-23', new Set()).offers.map((o) => [o.id, o]));
    expect(offers.get('fireworks/kimi-k3')!.batch_discount).toBe(0.5);
    // Fireworks' Fast tier is not its serverless standard tier, which the batch price is half of.
    expect(offers.get('fireworks/kimi-k3-fast')!.batch_discount).toBeUndefined();
    expect(offers.get('together/model')!.batch_discount).toBeUndefined();
    expect(offers.get('together/model')!.terms_source).toBeUndefined();
    const claude = offers.get('anthropic/claude-test-4.5')!;
    expect(claude.batch_discount).toBe(0.5);
    expect(claude.usd_per_million_cache_write_tokens).toBe(3.75);
    expect(claude.terms_source).toMatch(/^batch −50%: Anthropic Message Batches API \(platform\.claude\.com/);
  });
});

describe('a dated correction over a stale entry', () => {
  const stale = { input_mtok: 0.27, cache_read_mtok: 0.07, output_mtok: 1.1 };
  const deepseek = (prices: Record<string, number>) => [{ id: 'deepseek', models: [{ id: 'deepseek-chat', prices }] }];
  const correction: Correction = {
    source_id: 'genai-prices',
    provider: 'deepseek',
    model: 'deepseek-chat',
    replaces: { input_mtok: 0.27, output_mtok: 1.1 },
    prices: { input_mtok: 0.28, cache_read_mtok: 0.028, output_mtok: 0.42 },
    effective: '2025-09-05',
    verified: '2026-12-02',
    source: "DeepSeek's pricing page",
  };
  const read = (prices: Record<string, number>, date: string) =>
    genaiOffers(deepseek(prices), date, new Set(['deepseek-v3']), [correction]);

  it('replaces the price of data no newer than it, says so in the source, and is listed as a correction', () => {
    const result = read(stale, '2026-09-23');
    const offer = result.offers[0]!;
    // DeepSeek's own name is read as the model it serves.
    expect(offer.id).toBe('deepseek/deepseek-v3');
    expect(offer.usd_per_million_input_tokens).toBe(0.28);
    expect(offer.usd_per_million_cached_input_tokens).toBe(0.028);
    expect(offer.usd_per_million_output_tokens).toBe(0.42);
    expect(offer.verified).toBe('2026-12-02');
    expect(offer.correction).toEqual({
      verified: '2026-12-02',
      effective: '2025-09-05',
      replaced: '$0.27 in / $1.10 out per MTok',
      source: "DeepSeek's pricing page",
    });
    expect(offer.source).toBe(
      "DeepSeek's pricing page; checked 2026-12-02: a dated correction over @pydantic/genai-prices: deepseek deepseek-chat, whose data (2026-09-23) still has the earlier $0.27 in / $1.10 out per MTok, until a refresh brings its own",
    );
    expect(result.corrected).toEqual(['deepseek/deepseek-v3']);
    expect(read(stale, '2026-12-02').offers[0]!.usd_per_million_input_tokens).toBe(0.28);
  });

  it("stops applying to data dated after it: a refresh brings the source's own price", () => {
    const result = read(stale, '2026-12-03');
    expect(result.offers[0]!.usd_per_million_input_tokens).toBe(0.27);
    expect(result.offers[0]!.correction).toBeUndefined();
    expect(result.offers[0]!.verified).toBe('2026-12-03');
    expect(result.corrected).toBeUndefined();
  });

  it('leaves alone an entry that no longer shows the price it corrects', () => {
    const offer = read({ input_mtok: 0.3, output_mtok: 0.5 }, '2026-09-23').offers[0]!;
    expect(offer.usd_per_million_input_tokens).toBe(0.3);
    expect(offer.correction).toBeUndefined();
  });

  it('a correction may say the provider retired the model', () => {
    const retired = { date: '2026-07-24', replacement: 'deepseek/deepseek-v4-flash' };
    const offer = genaiOffers(deepseek(stale), '2026-09-23', new Set(), [{ ...correction, retired }]).offers[0]!;
    expect(offer.retired).toEqual(retired);
  });
});
