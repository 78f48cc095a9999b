import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../src/core/findings/types';
import { fileReport } from '../../src/core/render/fileReport';
import { toJson } from '../../src/core/render/json';
import { toTable } from '../../src/core/render/text';
import { catalogTable } from '../../src/core/render/catalog';
import { describeBreakdown } from '../../src/core/render/words';
import { analyze, CATALOG, codes, findingWith, oneWorkload, workload } from './helpers';

/** The per-token terms the maintained data does not carry: batch APIs, cache writes, the caching minimum. */

const EVAL = {
  model: 'claude-sonnet-4.5',
  provider: 'anthropic/claude-sonnet-4.5',
  requests: 100_000,
  input_tokens: 3000,
  output_tokens: 800,
};

describe('batch APIs bill half for traffic: batch', () => {
  it('a nightly eval on Anthropic: half the synchronous price (hand-worked), said in the breakdown', () => {
    const steady = workload(analyze(oneWorkload(EVAL)));
    const batch = workload(analyze(oneWorkload({ ...EVAL, traffic: 'batch' })));
    // 100,000 × (3,000 × $3 + 800 × $15) / 1M = $2,100; the Message Batches API bills half: $1,050.
    expect(steady.chosen.totalMicros).toBe(2_100_000_000);
    expect(batch.chosen.totalMicros).toBe(1_050_000_000);
    expect(describeBreakdown(batch.chosen)).toBe('$1,050 busy; batch API: 50% off');
    expect(describeBreakdown(steady.chosen)).toBe('$2,100 busy');
  });

  it('OpenAI, Anthropic, Gemini and Fireworks carry a sourced 50% batch discount; others none', () => {
    for (const id of ['openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash']) {
      const offer = CATALOG.offers.get(id)!;
      expect(offer.batch_discount, id).toBe(0.5);
      expect(offer.terms_source, id).toMatch(/^batch −50%: .+ \(.+\).*, checked \d{4}-\d{2}-\d{2}/);
    }
    expect(CATALOG.offers.get('fireworks/deepseek-v3')!.batch_discount).toBe(0.5);
    // Gemini's batch mode is for Gemini models: Claude on Vertex is not in it; Together's discount is for the models it
    // lists (Llama 3.3 70B among them: $11,220 for the review's 30M-request job, not $22,440).
    expect(CATALOG.offers.get('google/claude-sonnet-4.5')!.batch_discount).toBeUndefined();
    expect(CATALOG.offers.get('together/llama-3.3-70b')!.batch_discount).toBe(0.5);
    expect(CATALOG.offers.get('together/mixtral-8x7b-v0.1')!.batch_discount).toBeUndefined();
    const job = { model: 'llama-3.3-70b', requests: 30_000_000, input_tokens: 700, output_tokens: 150 };
    const batch = workload(analyze(oneWorkload({ ...job, provider: 'together/llama-3.3-70b', traffic: 'batch' })));
    expect(batch.chosen.totalMicros).toBe(11_220_000_000);
  });

  it('a batch workload on OpenAI pays half of the same workload run steady', () => {
    const fields = { model: 'gpt-4.1-mini', provider: 'openai/gpt-4.1-mini', requests: 1_000_000 };
    const text = { input_tokens: 2000, output_tokens: 400 };
    const steady = workload(analyze(oneWorkload({ ...fields, ...text })));
    const batch = workload(analyze(oneWorkload({ ...fields, ...text, traffic: 'batch' })));
    expect(batch.chosen.totalMicros * 2).toBe(steady.chosen.totalMicros);
  });
});

describe('OpenAI caches only prompts of 1,024 tokens or more', () => {
  const CLASSIFIER = {
    model: 'gpt-4.1-mini',
    provider: 'openai/gpt-4.1-mini',
    requests: 10_000_000,
    output_tokens: 20,
    cached_input_share: 0.5,
  };

  it('a 300-token classifier half "cached" pays input for all of it: $1,520, not $1,070 (hand-worked)', () => {
    const report = analyze(oneWorkload({ ...CLASSIFIER, input_tokens: 300 }));
    const w = workload(report);
    // 10M × (300 × $0.40 + 20 × $1.60) / 1M = $1,520; with half read at $0.10 it would be $1,070.
    expect(w.chosen.totalMicros).toBe(1_520_000_000);
    expect(w.chosen.details.tokens).toMatchObject({ cachedShare: 0, underCacheMinimum: 1024 });
    expect(describeBreakdown(w.chosen)).toBe(
      "$1,520 busy; nothing cached: prompts under the provider's 1,024-token caching minimum",
    );
    expect(toTable([fileReport('inference.yaml', report)])).toContain('1,024-token caching minimum');
  });

  it('a 2,000-token prompt is cached as stated (hand-worked)', () => {
    const w = workload(analyze(oneWorkload({ ...CLASSIFIER, input_tokens: 2000 })));
    // 10M × (1,000 × $0.40 + 1,000 × $0.10 + 20 × $1.60) / 1M = $5,320.
    expect(w.chosen.totalMicros).toBe(5_320_000_000);
    expect(w.chosen.details.tokens?.underCacheMinimum).toBeUndefined();
  });

  it('Anthropic and Gemini cache only prompts over their models’ minimums (the review: $11,000 and $4,300, hand-worked)', () => {
    const shape = { requests: 10_000_000, input_tokens: 600, output_tokens: 100, cached_input_share: 0.5 };
    // 10M x (600 x $1 + 100 x $5) / 1M: Haiku 4.5 caches nothing under 4,096 tokens.
    const haiku = workload(
      analyze(oneWorkload({ ...shape, model: 'claude-haiku-4.5', provider: 'anthropic/claude-haiku-4.5' })),
    );
    expect(haiku.chosen.offer.min_cached_prompt_tokens).toBe(4096);
    expect(haiku.chosen.totalMicros).toBe(11_000_000_000);
    // 10M x (600 x $0.30 + 100 x $2.50) / 1M: Gemini 2.5 Flash caches from 2,048 tokens.
    const flash = workload(
      analyze(oneWorkload({ ...shape, model: 'gemini-2.5-flash', provider: 'google/gemini-2.5-flash' })),
    );
    expect(flash.chosen.totalMicros).toBe(4_300_000_000);
    expect(CATALOG.offers.get('anthropic/claude-sonnet-4.5')!.min_cached_prompt_tokens).toBe(1024);
    expect(CATALOG.offers.get('anthropic/claude-3.5-haiku')!.min_cached_prompt_tokens).toBe(2048);
  });

  it('a host with no stated minimum caches a short prompt as the file says; the minimum is sourced', () => {
    const w = workload(
      analyze(
        oneWorkload({
          ...EVAL,
          model: 'claude-opus-5',
          provider: 'anthropic/claude-opus-5',
          input_tokens: 300,
          cached_input_share: 0.5,
        }),
      ),
    );
    expect(w.chosen.offer.min_cached_prompt_tokens).toBeUndefined();
    expect(w.chosen.details.tokens?.cachedShare).toBe(0.5);
    const openai = CATALOG.offers.get('openai/gpt-4.1-mini')!;
    expect(openai.min_cached_prompt_tokens).toBe(1024);
    expect(openai.terms_source).toMatch(/caching from 1,024-token prompts: OpenAI prompt caching \(.+\)/);
  });
});

describe('Anthropic bills cache writes at 1.25x input', () => {
  it('what a request does not read from the cache it writes, at the write price (hand-worked)', () => {
    const report = analyze(oneWorkload({ ...EVAL, cached_input_share: 0.6 }));
    const w = workload(report);
    // Per request: 1,800 read × $0.30 + 1,200 written × $3.75 + 800 × $15 = $0.01704 per request; × 100,000 = $1,704.
    // Without writes (1,200 at $3): $1,614.
    expect(w.chosen.totalMicros).toBe(1_704_000_000);
    expect(describeBreakdown(w.chosen)).toBe('$1,704 busy; cache writes: 40% of input at $3.75/MTok');
    const json = toJson([fileReport('inference.yaml', report)]) as {
      workloads: { options: { offer: string; token_terms?: Record<string, unknown> }[] }[];
    };
    const chosen = json.workloads[0]!.options.find((o) => o.offer === 'anthropic/claude-sonnet-4.5')!;
    expect(chosen.token_terms).toEqual({
      cached_input_share: 0.6,
      cache_write_share: 0.4,
      cache_write_usd_per_million_tokens: 3.75,
      batch_discount: 0,
    });
  });

  it('batch and caching stack as Anthropic bills them: half of everything, writes included', () => {
    const w = workload(analyze(oneWorkload({ ...EVAL, cached_input_share: 0.6, traffic: 'batch' })));
    expect(w.chosen.totalMicros).toBe(852_000_000);
  });

  it('no cache in use, nothing written; OpenAI, which does not bill writes, writes nothing', () => {
    expect(workload(analyze(oneWorkload(EVAL))).chosen.details.tokens?.writtenShare).toBe(0);
    const openai = workload(
      analyze(
        oneWorkload({
          model: 'gpt-4.1-mini',
          provider: 'openai/gpt-4.1-mini',
          requests: 1000,
          input_tokens: 2000,
          output_tokens: 10,
          cached_input_share: 0.5,
        }),
      ),
    );
    expect(openai.chosen.details.tokens?.writtenShare).toBe(0);
  });
});

describe("DeepSeek's own ids, and a dated correction over its stale price", () => {
  const DEEPSEEK = { requests: 1_000_000, input_tokens: 800, output_tokens: 200 };

  it('`deepseek/deepseek-chat` with model deepseek-v3 is read as DeepSeek-V3 on DeepSeek: retired, not "does not serve"', () => {
    const report = analyze(oneWorkload({ ...DEEPSEEK, model: 'deepseek-v3', provider: 'deepseek/deepseek-chat' }));
    const w = workload(report);
    expect(w.chosen.offer.id).toBe('deepseek/deepseek-v3');
    expect(w.chosen.reasons.map((r) => r.kind)).toEqual(['retired']);
    expect(codes(report)).not.toContain(FINDING_CODES.modelNotServed);
    expect(findingWith(report, FINDING_CODES.retiredOffer).message).toMatch(
      /retired by its provider on 2026-07-24; use deepseek\/deepseek-v4-flash/,
    );
    expect(findingWith(report, FINDING_CODES.renamedId).message).toBe(
      '`deepseek/deepseek-chat` is read as offer `deepseek/deepseek-v3`.',
    );
  });

  it("DeepSeek's model names are read as deepseek-v3", () => {
    for (const name of ['deepseek-chat', 'deepseek-reasoner']) {
      const report = analyze(oneWorkload({ ...DEEPSEEK, model: name, provider: 'fireworks/deepseek-v3' }));
      expect(workload(report).workload.model).toBe('deepseek-v3');
      expect(workload(report).chosen.eligible).toBe(true);
    }
  });

  it('the shipped entry carries the September 2025 list, dated and sourced, and `catalog` shows it as a correction', () => {
    const offer = CATALOG.offers.get('deepseek/deepseek-v3')!;
    expect(offer.usd_per_million_input_tokens).toBe(0.28);
    expect(offer.usd_per_million_cached_input_tokens).toBe(0.028);
    expect(offer.usd_per_million_output_tokens).toBe(0.42);
    expect(offer.correction).toMatchObject({ verified: '2026-12-06', effective: '2025-09-05' });
    expect(offer.verified).toBe('2026-12-06');
    expect(offer.source).toMatch(
      /^DeepSeek API docs.*a dated correction over @pydantic\/genai-prices: deepseek deepseek-chat/,
    );
    const table = catalogTable(CATALOG);
    expect(table).toMatch(/deepseek\/deepseek-v3 .*corrected 2026-12-06, was \$0\.27 in \/ \$1\.10 out per MTok/);
    expect(table).toMatch(/Per-token prices .*dated corrections over stale entries: deepseek\/deepseek-v3/);
  });
});
