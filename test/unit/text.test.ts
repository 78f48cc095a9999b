import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { FINDING_CODES } from '../../src/core/findings/types';
import { decodeThroughput, textMemoryFit } from '../../src/core/engine/speed';
import { fileReport } from '../../src/core/render/fileReport';
import { toJson } from '../../src/core/render/json';
import { TEMPLATE } from '../../src/core/template';
import { allFindings } from '../../src/core/report';
import {
  analyze,
  CATALOG,
  codes,
  COST_CODES,
  findingWith,
  oneWorkload,
  option,
  textAt,
  totalAt,
  workload,
} from './helpers';

const CHAT = { model: 'llama-3.1-8b', requests: 2_000_000, input_tokens: 800, output_tokens: 200 };

describe('text models: memory fit', () => {
  const catalog = builtinCatalog();
  const llama8b = catalog.models.get('llama-3.1-8b')!;
  const llama70b = catalog.models.get('llama-3.1-70b')!;
  if (llama8b.kind !== 'text' || !llama8b.text || llama70b.kind !== 'text' || !llama70b.text)
    throw new Error('text models');

  it('weights plus one KV cache per request, in 90 % of the VRAM (hand-worked)', () => {
    // 8.03B × 2 bytes = 16.06 GB; KV 2 × 32 layers × 8 heads × 128 × 2 bytes = 131,072 B a token; 1,000 tokens a request.
    const fit = textMemoryFit(
      llama8b.text!,
      { inputTokens: 800, outputTokens: 200, cachedInputShare: 0 },
      catalog.gpus.get('a100-40gb')!,
    );
    expect(fit.weightsGb).toBeCloseTo(16.06, 6);
    expect(fit.kvGbPerRequest).toBeCloseTo(0.131072, 9);
    expect(fit.usableGb).toBeCloseTo(36, 9);
    expect(fit.requests).toBe(152); // (36 − 16.06) / 0.131072 = 152.1
  });

  it('a 70B model fits an 80 GB GPU in FP8 but no 48 GB one', () => {
    const demand = { inputTokens: 2000, outputTokens: 400, cachedInputShare: 0 };
    expect(textMemoryFit(llama70b.text!, demand, catalog.gpus.get('h100')!).requests).toBeGreaterThan(0);
    expect(textMemoryFit(llama70b.text!, demand, catalog.gpus.get('l40s')!).requests).toBe(0);
  });

  it('a model that does not fit is not an option there, and a chosen one is an error at the provider', () => {
    const report = analyze(
      oneWorkload({ ...CHAT, model: 'llama-3.1-70b', input_tokens: 2000, output_tokens: 400, provider: 'runpod/l40s' }),
    );
    const w = workload(report);
    expect(w.chosen.eligible).toBe(false);
    expect(w.chosen.priced).toBe(false);
    expect(w.chosen.reasons[0]!.text).toMatch(/llama-3\.1-70b needs 71(\.\d)? GB .* l40s has 43\.2 GB usable/);
    const f = findingWith(report, FINDING_CODES.batchExceedsVram);
    expect(textAt(report, f)).toBe('runpod/l40s');
    expect(option(w, 'runpod/h100').eligible).toBe(true);
  });
});

describe('text models: token arithmetic', () => {
  it('per token: input, cached input at its own price, output, and the batch discount (hand-worked)', () => {
    const w = workload(
      analyze(
        oneWorkload(
          {
            model: 'gpt-4o-mini',
            requests: 1_000_000,
            input_tokens: 1500,
            output_tokens: 300,
            cached_input_share: 0.5,
            traffic: 'batch',
            provider: 'openai/gpt-4o-mini',
          },
          // The file states OpenAI's Batch API discount (the catalog carries it too, from tokenTerms.json).
          'offers:\n  - { id: openai/gpt-4o-mini, batch_discount: 0.5 }\n',
        ),
      ),
    );
    // (750 × $0.15 + 750 × $0.075 + 300 × $0.60) / 1M × 1M requests × (1 − 0.5) = $174.375
    expect(w.chosen.totalMicros).toBe(174_375_000);
    expect(w.chosen.breakdown.busy).toBe(174_375_000);
  });

  it('per token is linear in requests, with no cold start or idle cost', () => {
    const report = analyze(oneWorkload({ ...CHAT, provider: 'together/llama-3.1-8b' }));
    const w = workload(report);
    expect(w.chosen.totalMicros).toBe(360_000_000); // 2M × 1,000 tokens × $0.18 / 1M
    expect(totalAt(report, w, 'together/llama-3.1-8b', 4_000_000)).toBe(720_000_000);
  });

  it('self-hosted GPU time: prefill at the prefill rate, output at the roofline throughput of its concurrency (hand-worked)', () => {
    const w = workload(analyze(oneWorkload({ ...CHAT, provider: 'together/llama-3.1-8b' })));
    const a100 = option(w, 'fal/a100-40gb').details.speed!;
    // Memory holds 152 requests (below). Each decode step reads 16.06 GB of weights + 152 KV caches of 900 tokens
    // (the prompt and half the output) × 131,072 B = 17.93 GB, at 75 % of 1,555 GB/s: 29.14 ms. Its compute,
    // 2 × 8.03e9 × 152 FLOPs at half of 0.964 × 312 TFLOPS (its relative speed), takes 16.2 ms: memory bound.
    // 152 / 29.14 ms = 5,216 tokens/s.
    const step = (16.06e9 + 152 * 131_072 * 900) / (1555e9 * 0.75);
    const prefill = (0.964 * 312e12 * 0.5) / (2 * 8.03e9);
    expect(a100.text!.concurrency).toBe(152);
    expect(a100.text!.throughput).toBeCloseTo(152 / step, 6);
    expect(a100.perImage).toBeCloseTo(800 / prefill + 200 / (152 / step), 9);
    expect(a100.text!.ttftSeconds).toBeCloseTo(800 / prefill, 9);
    // One request alone: 16.06 GB + one KV cache a step, 72.6 tokens/s.
    expect(a100.perBatch).toBeCloseTo(800 / prefill + 200 * ((16.06e9 + 131_072 * 900) / (1555e9 * 0.75)), 9);
  });

  it('serverless text: one worker runs the requests that overlap, so 0.76 a second keep about one worker all month', () => {
    const w = workload(analyze(oneWorkload({ ...CHAT, provider: 'together/llama-3.1-8b' })));
    const fal = option(w, 'fal/a100-40gb');
    // A request alone takes 2.75 s, so about two are in flight: well inside one worker's 8, busy or warm all month.
    const workerMonth = 730 * 3600 * 0.000275;
    expect(fal.computeMicros / 1e6 / workerMonth).toBeGreaterThan(0.95);
    expect(fal.computeMicros / 1e6 / workerMonth).toBeLessThan(1.1);
    // Busy is never less than the GPU work: requests × GPU seconds a request.
    expect(fal.breakdown.busy).toBeGreaterThanOrEqual(Math.round(2_000_000 * (0.08 + 200 / 495) * 0.000275 * 1e6));
  });

  it('an always-warm worker does the GPU work it can; elastic workers are billed for the rest', () => {
    // 90M requests of 542 in / 293 out on fal's H100: 0.045 GPU-seconds each at 256 at once, 1.54 workers of work
    // a month. The one warm worker holds all the requests in flight, but cannot do more than one worker's work.
    const report = analyze(
      oneWorkload({
        model: 'llama-3.1-8b',
        requests: 90_000_000,
        input_tokens: 542,
        output_tokens: 293,
        provider: 'fal/h100',
        min_workers: 1,
      }),
    );
    const w = workload(report);
    const perRequest = w.chosen.details.speed!.perImage;
    const monthSeconds = 730 * 3600;
    const elasticWork = 90_000_000 * perRequest - monthSeconds;
    expect(elasticWork).toBeGreaterThan(0.5 * monthSeconds);
    expect(w.chosen.breakdown.busy).toBeGreaterThanOrEqual(Math.round(elasticWork * 0.000525 * 1e6) - 1);
  });

  it('serverless text at a low rate: each request alone, plus a keep-alive and a cold start (hand-worked)', () => {
    const w = workload(
      analyze(
        oneWorkload({
          model: 'llama-3.1-70b',
          requests: 2843,
          input_tokens: 200,
          output_tokens: 500,
          provider: 'runpod/h100',
        }),
      ),
    );
    const speed = w.chosen.details.speed!;
    // 2,843 requests a month, rarely two at once: each alone (prefill + 500 tokens at 30 tokens/s), then 5 s of
    // keep-alive and nearly always a 10 s cold start, at $0.00116/s.
    const byRules = 2843 * (speed.perBatch + 5 + 10) * 0.00116;
    expect(w.chosen.computeMicros / 1e6 / byRules).toBeGreaterThan(0.9);
    expect(w.chosen.computeMicros / 1e6 / byRules).toBeLessThan(1.05);
  });

  it('a cold start counts against the time-to-first-token target once more than 1 % of requests meet one', () => {
    const r = analyze(
      oneWorkload({
        model: 'llama-3.1-70b',
        requests: 3000,
        input_tokens: 200,
        output_tokens: 500,
        ttft_seconds: 5,
        provider: 'runpod/h100',
      }),
    );
    // Rare requests on RunPod's H100: nearly every one loads the model for 10 s before its 0.1 s prefill.
    expect(findingWith(r, 'latency-target-unmet').message).toMatch(
      /of requests wait for a 10 s cold start before the first token \(10\.1 s, over the 5 s target\)/,
    );
  });

  it('the rule meets the measurements it is held to within 15 %', () => {
    const catalog = CATALOG;
    for (const m of catalog.textSpeeds) {
      const model = catalog.models.get(m.model)!;
      if (model.kind !== 'text' || !model.text) throw new Error(m.model);
      const gpu = catalog.gpus.get(m.gpu)!;
      const replica = {
        bytesPerSecond: gpu.memory_bandwidth_gbps * 1e9 * 0.75,
        flopsPerSecond: gpu.relative_speed * 312e12 * 0.5,
      };
      const rule = decodeThroughput(model.text, replica, m.concurrency, m.input_tokens + m.output_tokens / 2);
      expect(
        Math.abs(rule / m.output_tokens_per_second - 1),
        `${m.model} on ${m.gpu} at ${m.concurrency}`,
      ).toBeLessThan(0.15);
    }
  });

  it('an output-speed target caps the requests a GPU runs at once, and one it cannot meet is a latency problem', () => {
    const capped = workload(analyze(oneWorkload({ ...CHAT, output_tokens_per_second: 70, provider: 'fal/a100-40gb' })));
    // A request sees 1 / step tokens/s, step = (16.06 GB + c × 117.96 MB) / 1,166 GB/s: 70 holds up to c = 5.
    const perRequest = (c: number) => (1555e9 * 0.75) / (16.06e9 + c * 131_072 * 900);
    const c = capped.chosen.details.speed!.text!.concurrency;
    expect(perRequest(c)).toBeGreaterThanOrEqual(70);
    expect(perRequest(c + 1)).toBeLessThan(70);
    expect(capped.chosen.eligible).toBe(true);
    const report = analyze(oneWorkload({ ...CHAT, output_tokens_per_second: 80, provider: 'fal/a100-40gb' }));
    const f = findingWith(report, FINDING_CODES.latencyUnmet);
    expect(f.message).toContain('~72 output tokens/s, under the 80 tokens/s target');
    expect(textAt(report, f)).toBe('80');
  });

  it('a measured batched throughput beats the table on the chosen GPU', () => {
    const w = workload(analyze(oneWorkload({ ...CHAT, tokens_per_second: 3000, provider: 'runpod/pod-a100-80gb' })));
    expect(w.chosen.details.speed!.text!.throughput).toBe(3000);
    expect(w.chosen.details.speed!.basis).toBe('measured');
    expect(option(w, 'fal/a100-40gb').details.speed!.basis).toBe('estimate');
  });
});

describe('text models: break-even and findings', () => {
  // Measured 20,000 tokens/s and prompts 90 % cached (little prefill): a busy A100 then beats every per-token price.
  const text = oneWorkload({
    ...CHAT,
    requests: 20_000_000,
    cached_input_share: 0.9,
    tokens_per_second: 20000,
    provider: 'runpod/pod-a100-80gb',
  });

  it('the break-even is in requests a month, where the two totals change order', () => {
    const report = analyze(text);
    const w = workload(report);
    const b = w.breakEvens.find((x) => x.offer === 'together/llama-3.1-8b')!;
    expect(b.volume).not.toBeNull();
    const diff = (v: number) =>
      totalAt(report, w, 'runpod/pod-a100-80gb', v) - totalAt(report, w, 'together/llama-3.1-8b', v);
    expect(Math.sign(diff(b.volume! - 1))).not.toBe(Math.sign(diff(b.volume!)));
    const f = findingWith(report, FINDING_CODES.aboveBreakEven);
    expect(f.message).toMatch(
      /above break-even at 20,000,000 requests\/mo: .* Break-even at [\d,]+ requests\/mo \([\d.]+B tokens\)/,
    );
  });

  it('JSON gives text workloads requests, tokens, $ per 1k requests and per million tokens', () => {
    const report = analyze(text);
    const json = toJson([fileReport('inference.yaml', report)]) as {
      workloads: {
        unit: string;
        requests: number;
        options: Record<string, unknown>[];
        break_even: Record<string, unknown>[];
      }[];
    };
    const w = json.workloads[0]!;
    expect(w.unit).toBe('request');
    expect(w.requests).toBe(20_000_000);
    const api = w.options.find((o) => o.offer === 'together/llama-3.1-8b')!;
    expect(api.usd_per_1k_requests).toBe(0.18);
    expect(api.usd_per_million_tokens).toBe(0.18);
    expect(api.usd_per_image).toBeNull();
    const crossing = w.break_even.find((b) => b.offer === 'together/llama-3.1-8b')!;
    expect(crossing.tokens).toBe((crossing.volume as number) * 1000);
  });
});

describe('text models: the file', () => {
  it('the template (init, "Create inference.yaml") prices a per-call, a serverless and a text workload, no input problem', () => {
    const report = analyze(TEMPLATE);
    expect(report.workloads.map((w) => `${w.workload.unit} ${w.chosen.offer.billing}`)).toEqual([
      'image per_call',
      'image per_second',
      'request per_token',
    ]);
    for (const w of report.workloads) expect(w.chosen.priced, w.workload.name).toBe(true);
    expect(allFindings(report).filter((f) => !COST_CODES.has(f.code))).toEqual([]);
  });

  it('an image field on a text workload, and a text field on an image one, are errors at the field', () => {
    const report = analyze(
      `version: 1\nworkloads:\n` +
        `  - { name: chat, model: llama-3.1-8b, requests: 10, input_tokens: 5, output_tokens: 5, volume: 10, provider: together/llama-3.1-8b }\n` +
        `  - { name: pics, model: sdxl, volume: 10, input_tokens: 5, provider: replicate/a40 }\n`,
    );
    expect(report.workloads).toHaveLength(0);
    const [volume, tokens] = report.findings.filter((f) => f.code === FINDING_CODES.invalidValue);
    expect(volume!.message).toMatch(/`volume` does not apply to text model `llama-3\.1-8b`: give `requests`/);
    expect(textAt(report, volume!)).toBe('10');
    expect(tokens!.message).toMatch(/`input_tokens` does not apply to image model `sdxl`/);
    expect(textAt(report, tokens!)).toBe('5');
  });

  it('a text workload without its tokens says which fields it needs, at the model', () => {
    const report = analyze(oneWorkload({ model: 'llama-3.1-8b', requests: 10, provider: 'together/llama-3.1-8b' }));
    const f = findingWith(report, FINDING_CODES.missingField);
    expect(f.message).toContain(
      'needs `input_tokens` (average prompt tokens a request), `output_tokens` (average generated tokens a request)',
    );
    expect(textAt(report, f)).toBe('llama-3.1-8b');
  });

  it("a request longer than the model's context window is an error at input_tokens", () => {
    const report = analyze(oneWorkload({ ...CHAT, input_tokens: 131000, provider: 'together/llama-3.1-8b' }));
    const f = findingWith(report, FINDING_CODES.invalidValue);
    expect(f.message).toContain("131200 tokens (in + out) does not fit `llama-3.1-8b`'s context window of 131072");
    expect(textAt(report, f)).toBe('131000');
    expect(report.workloads).toHaveLength(0);
  });

  it('a per-token offer declared in the file needs its models, and prices once it has them', () => {
    const head = (models: string) =>
      `offers:\n  - { id: acme/llama, billing: per_token, usd_per_million_input_tokens: 0.1, usd_per_million_output_tokens: 0.2${models} }\n`;
    const without = analyze(oneWorkload({ ...CHAT, provider: 'together/llama-3.1-8b' }, head('')));
    expect(findingWith(without, FINDING_CODES.missingField).message).toContain('needs `models`');
    const w = workload(analyze(oneWorkload({ ...CHAT, provider: 'acme/llama' }, head(', models: [llama-3.1-8b]'))));
    expect(w.chosen.totalMicros).toBe(2_000_000 * (800 * 0.1 + 200 * 0.2));
  });

  it('image workloads do not get text offers, nor text workloads image ones', () => {
    const image = workload(analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'replicate/a40' })));
    expect(image.options.some((o) => o.offer.billing === 'per_token')).toBe(false);
    const chat = workload(analyze(oneWorkload({ ...CHAT, provider: 'together/llama-3.1-8b' })));
    expect(chat.options.some((o) => o.offer.billing === 'per_call')).toBe(false);
    expect(chat.options.some((o) => o.offer.id === 'openai/gpt-4o-mini')).toBe(false);
    const onImageApi = workload(analyze(oneWorkload({ ...CHAT, provider: 'segmind/api' })));
    expect(onImageApi.chosen.reasons[0]!.text).toBe('does not serve llama-3.1-8b');
    expect(codes(analyze(oneWorkload({ ...CHAT, model: 'gpt-4o-mini', provider: 'fal/h100' })))).toContain(
      FINDING_CODES.modelNotServed,
    );
  });
});
