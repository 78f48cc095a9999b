import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FINDING_CODES } from '../../src/core/findings/types';
import { allFindings } from '../../src/core/report';
import { RAW_TABLES } from '../../src/core/catalog/builtin';
import { speedKey, type Gpu } from '../../src/core/catalog/types';
import { analyze, CATALOG, codes, findingWith, oneWorkload, option, textAt, workload } from './helpers';

/** The six models teams ship in December 2026, each on a host that serves it. */
const SIX = `version: 1
workloads:
  - { name: covers, model: gpt-image-1, volume: 20000, provider: openai/gpt-image-1, quality: high }
  - { name: edits, model: flux-kontext-dev, volume: 50000, provider: runpod/h100 }
  - { name: posters, model: sd3.5-large, volume: 30000, provider: replicate/sd3.5-large }
  - { name: assistant, model: llama-3.3-70b, requests: 1000000, input_tokens: 1500, output_tokens: 300, provider: together/llama-3.3-70b }
  - { name: reviewer, model: claude-sonnet-4.5, requests: 200000, input_tokens: 3000, output_tokens: 500, provider: anthropic/claude-sonnet-4.5 }
  - { name: tagger, model: gpt-4.1-mini, requests: 3000000, input_tokens: 600, output_tokens: 80, provider: openai/gpt-4.1-mini }
`;

describe('every model a team runs today', () => {
  it('prices the six-workload file: every workload, no input problem', () => {
    const report = analyze(SIX);
    expect(report.workloads).toHaveLength(6);
    for (const w of report.workloads) expect(w.chosen.priced, w.workload.name).toBe(true);
    const inputProblems = allFindings(report).filter((f) => f.severity === 'error');
    expect(inputProblems.map((f) => f.message)).toEqual([]);
  });

  it('prices each API model on a host, and each open-weight model on GPU offers too', () => {
    const report = analyze(SIX);
    const priced = (name: string, billing: string) =>
      report.workloads
        .find((w) => w.workload.name === name)!
        .options.some((o) => o.priced && o.offer.billing === billing);
    expect(priced('covers', 'per_call')).toBe(true);
    for (const name of ['edits', 'posters'])
      expect(priced(name, 'per_hour') || priced(name, 'per_second'), name).toBe(true);
    expect(priced('assistant', 'per_hour')).toBe(true);
    const hosts = report.workloads
      .find((w) => w.workload.name === 'assistant')!
      .options.filter((o) => o.offer.billing === 'per_token')
      .map((o) => o.offer.provider);
    expect(hosts.length).toBeGreaterThanOrEqual(4);
    expect(hosts).toEqual(expect.arrayContaining(['together', 'groq', 'cerebras', 'novita']));
  });

  it("accepts a provider's spelling of a model and says the id it is read as", () => {
    const report = analyze(
      oneWorkload({
        model: 'claude-sonnet-4-5',
        requests: 1000,
        input_tokens: 800,
        output_tokens: 200,
        provider: 'anthropic/claude-sonnet-4.5',
      }),
    );
    const f = findingWith(report, 'renamed-id');
    expect(f.message).toBe('`claude-sonnet-4-5` is read as model `claude-sonnet-4.5`.');
    expect(textAt(report, f)).toBe('claude-sonnet-4-5');
    // genai-prices' own figure for 800 in / 200 out: $0.0054.
    expect(workload(report).chosen.details.rate.usd).toBeCloseTo(0.0054, 10);
  });
});

describe('models declared in the file', () => {
  const HEAD = `models:
  - id: our-sdxl-lora
    like: sdxl
    seconds_per_image: {l40s: 2.9}
  - id: mistral-small-ours
    kind: text
    parameters_billion: 24
    bytes_per_parameter: 2
    layers: 40
    kv_heads: 8
    head_dim: 128
    context_tokens: 131072
`;

  it('a model like a built-in one prices on GPU offers with its own measured speed', () => {
    const w = workload(analyze(oneWorkload({ model: 'our-sdxl-lora', volume: 100000, provider: 'runpod/l40s' }, HEAD)));
    expect(w.chosen.priced).toBe(true);
    expect(w.chosen.details.speed).toMatchObject({ seconds: 2.9, basis: 'table' });
    // sdxl's own A100 measurement carries over where the file gives none.
    expect(option(w, 'runpod/a100-80gb').details.speed?.seconds).toBeCloseTo(3.31, 6);
  });

  it('a text model declared from its architecture prices on GPU offers (and fits where its weights do)', () => {
    const report = analyze(
      oneWorkload(
        {
          model: 'mistral-small-ours',
          requests: 1_000_000,
          input_tokens: 1000,
          output_tokens: 200,
          provider: 'runpod/a100-80gb',
        },
        HEAD,
      ),
    );
    const w = workload(report);
    expect(w.chosen.priced).toBe(true);
    expect(w.chosen.details.speed?.text?.concurrency).toBeGreaterThan(1);
    // 48 GB of weights: no 48 GB card holds them with a KV cache (43.2 GB usable).
    expect(option(w, 'runpod/pod-a40').reasons[0]!.text).toMatch(
      /needs 48\.\d GB .* it needs 2 or more a40 GPUs in one replica/,
    );
  });

  it('each mistake is an error at its field; the rest of the file is still priced', () => {
    const report = analyze(`version: 1
models:
  - { id: sdxl, seconds_per_image: 3 }
  - { id: mine, like: sdxx }
  - { id: half, kind: text, parameters_billion: 7 }
  - { id: twice, like: sdxl }
  - { id: twice, like: sdxl }
  - { id: nokind, parameters_billion: 2 }
  - { id: flat, kind: image }
  - { id: wrongkind, like: sdxl, kind: text }
workloads:
  - { name: ok, model: sdxl, volume: 1000, provider: segmind/api }
`);
    const at = (code: string, n = 0) => {
      const f = allFindings(report).filter((x) => x.code === code)[n]!;
      return `${textAt(report, f)} | ${f.message}`;
    };
    expect(at(FINDING_CODES.invalidValue)).toBe(
      'sdxl | `sdxl` is a built-in model: give yours its own id with `like: sdxl`, or add `like: sdxl` to change the built-in one.',
    );
    expect(at(FINDING_CODES.unknownModel)).toBe('sdxx | `like: sdxx` names no known model. Did you mean `sdxl`?');
    expect(at(FINDING_CODES.missingField, 0)).toMatch(
      /^half \| Model `half` needs `bytes_per_parameter`, `layers`, `kv_heads`, `head_dim`/,
    );
    expect(at(FINDING_CODES.duplicateName)).toBe('twice | Model `twice` is declared twice; ids must be unique.');
    expect(at(FINDING_CODES.missingField, 1)).toMatch(
      /^nokind \| Model `nokind` needs `kind` \(image or text\), or `like`/,
    );
    expect(at(FINDING_CODES.missingField, 2)).toMatch(
      /^flat \| Model `flat` needs `weights_gb` or `parameters_billion`/,
    );
    expect(at(FINDING_CODES.invalidValue, 1)).toMatch(/^text \| `wrongkind` is text but `sdxl` is image/);
    expect(workload(report).chosen.priced).toBe(true);
  });

  it('a text model with no architecture runs on no GPU and says which fields would let it; per-token offers price it', () => {
    const report = analyze(
      oneWorkload(
        { model: 'our-api-model', requests: 1000, input_tokens: 100, output_tokens: 100, provider: 'acme/chat' },
        'models:\n  - { id: our-api-model, kind: text }\noffers:\n  - { id: acme/chat, billing: per_token, usd_per_million_input_tokens: 1, usd_per_million_output_tokens: 2, models: [our-api-model] }\n',
      ),
    );
    expect(findingWith(report, FINDING_CODES.missingField).message).toContain(
      'has no architecture, so it runs on no GPU: add parameters_billion, bytes_per_parameter, layers, kv_heads, head_dim',
    );
    expect(workload(report).chosen.totalMicros).toBe(300_000);
    expect(workload(report).options.every((o) => o.offer.billing === 'per_token')).toBe(true);
  });
});

describe('image settings', () => {
  it('50 steps on sdxl cost 50/30 of the GPU time of 30 steps (linear in steps)', () => {
    const at = (steps: number) =>
      workload(analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'runpod/a100-80gb', steps }))).chosen
        .details.speed!;
    expect(at(30).seconds).toBeCloseTo(3.31, 9);
    expect(at(50).seconds / at(30).seconds).toBeCloseTo(50 / 30, 9);
    expect(at(50).basis).toBe('estimate');
  });

  it('a per-megapixel offer bills the megapixels as its host counts them: fal, 1024x1024 each, rounded up', () => {
    const at = (resolution: string, head = '') =>
      workload(analyze(oneWorkload({ model: 'flux-dev', volume: 1000, provider: 'fal/flux-dev', resolution }, head)))
        .chosen;
    // 2048x2048 is 4 of fal's megapixels; 1100x1100 (1.15 of them) is billed as 2.
    expect(at('2048x2048').details.rate.usd).toBeCloseTo(4 * 0.025, 12);
    expect(at('2048x2048').totalMicros).toBe(Math.round(1000 * 4 * 0.025 * 1e6));
    expect(at('1100x1100').details.rate.usd).toBeCloseTo(2 * 0.025, 12);
    // An offer of your own without a rule counts exact megapixels of a million pixels: 4.19 for 2048x2048.
    const own = 'offers:\n  - { id: acme/flux, billing: per_call, usd_per_megapixel: 0.025 }\n';
    const exact = workload(
      analyze(oneWorkload({ model: 'flux-dev', volume: 1000, provider: 'acme/flux', resolution: '2048x2048' }, own)),
    ).chosen;
    expect(exact.details.rate.usd).toBeCloseTo(4.194304 * 0.025, 12);
  });

  it('pixels raise GPU time by the power law and memory linearly: a big enough image does not fit', () => {
    const at = (resolution: string) =>
      workload(analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'runpod/a100-80gb', resolution })));
    expect(at('2048x2048').chosen.details.speed!.seconds / 3.31).toBeCloseTo(4 ** 1.3, 9);
    // 7 GB + 2.8 GB × 16 = 51.8 GB: more than a 24 GB card holds.
    expect(option(at('4096x4096'), 'runpod/4090').reasons[0]!.text).toMatch(
      /sdxl needs more than rtx4090's 24 GB|batch of 1 needs/,
    );
  });

  it('gpt-image-1 at quality high, 1024x1024, is $0.167 an image; a size or quality it does not make is not served', () => {
    const high = workload(
      analyze(oneWorkload({ model: 'gpt-image-1', volume: 1000, provider: 'openai/gpt-image-1', quality: 'high' })),
    );
    expect(high.chosen.details.rate.usd).toBe(0.167);
    expect(high.chosen.totalMicros).toBe(167_000_000);
    const medium = workload(
      analyze(oneWorkload({ model: 'gpt-image-1', volume: 1000, provider: 'openai/gpt-image-1' })),
    );
    expect(medium.chosen.details.rate.usd).toBe(0.042);
    const big = analyze(
      oneWorkload({ model: 'gpt-image-1', volume: 1000, provider: 'openai/gpt-image-1', resolution: '2048x2048' }),
    );
    expect(workload(big).chosen.reasons[0]!.text).toBe(
      'does not make 2048x2048 images of gpt-image-1 (it makes 1024x1024, 1024x1536, 1536x1024)',
    );
    expect(codes(big)).toContain(FINDING_CODES.modelNotServed);
    const ultra = workload(
      analyze(oneWorkload({ model: 'gpt-image-1', volume: 10, provider: 'openai/gpt-image-1', quality: 'ultra' })),
    );
    expect(ultra.chosen.reasons[0]!.text).toBe(
      'does not offer quality "ultra" for gpt-image-1 (it has low, medium, high)',
    );
  });
});

describe('several GPUs a replica', () => {
  const CHAT = { requests: 1_000_000, input_tokens: 1000, output_tokens: 200, serving: 'batch' };

  it('deepseek-v3 (671 GB in FP8) runs only where a replica holds it', () => {
    const w = workload(analyze(oneWorkload({ ...CHAT, model: 'deepseek-v3', provider: 'nebius/8x-h200' })));
    expect(w.chosen.priced).toBe(true);
    expect(w.chosen.details.speed?.text?.concurrency).toBeGreaterThan(1);
    // 8 x 80 GB x 0.9 = 576 GB: an 8x H100 node cannot hold its weights.
    expect(option(w, 'nebius/8x-h100').priced).toBe(false);
    expect(option(w, 'nebius/8x-h100').reasons[0]!.text).toMatch(
      /deepseek-v3 needs 67\d\.\d GB .* 8x h100 has 576 GB usable/,
    );
    for (const o of w.options.filter((x) => x.priced && x.offer.gpu))
      expect(
        (o.offer.gpus_per_replica ?? 1) * CATALOG.gpus.get(o.offer.gpu!)!.vram_gb * 0.9,
        o.offer.id,
      ).toBeGreaterThan(671);
  });

  it('Llama 3.3 70B in BF16 runs on 2x H100, not on one', () => {
    const head =
      'offers:\n  - { id: acme/2x-h100, billing: per_hour, usd_per_hour: 4.5, gpu: h100, gpus_per_replica: 2 }\n';
    const w = workload(analyze(oneWorkload({ ...CHAT, model: 'llama-3.3-70b', provider: 'acme/2x-h100' }, head)));
    expect(w.chosen.priced).toBe(true);
    expect(option(w, 'runpod/h100').priced).toBe(false);
    // Two GPUs do 2 x 0.9 of one GPU's work (tensor parallelism, assumptions.json).
    expect(w.chosen.details.speed?.text?.prefillTokensPerSecond).toBeCloseTo(
      (1.8 * 312e12 * 0.5 * 1.8) / (2 * 70.6e9),
      6,
    );
  });

  it('an image model on an 8-GPU replica runs 8 calls side by side: its hours go 8 times as far', () => {
    const one = workload(analyze(oneWorkload({ model: 'sdxl', volume: 100000, provider: 'runpod/pod-h100-nvl' })));
    const eight = option(one, 'runpod/pod-8x-h100');
    const single = CATALOG.offers.get('runpod/pod-8x-h100')!;
    expect(single.gpus_per_replica).toBe(8);
    expect(eight.details.speed!.perImage).toBeCloseTo(eight.details.speed!.perBatch / 8, 12);
  });
});

describe('speeds you can check', () => {
  const ORDERS = [
    ['h200', 'h100', 'a100-80gb', 'a100-40gb'],
    ['rtx4090', 'rtx3090', 'l4'],
  ];
  const runnable = [...CATALOG.models.values()].filter((m) => !m.hosted_only);

  it('a GPU faster on paper is never slower, for every built-in model (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...runnable.map((m) => m.id)),
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 1, max: 2000 }),
        (model, input, output) => {
          const text = CATALOG.models.get(model)!.kind === 'text';
          const fields: Record<string, number> = text
            ? { requests: 1000, input_tokens: input, output_tokens: output }
            : { volume: 1000 };
          const w = workload(analyze(oneWorkload({ model, ...fields, provider: 'runpod/h100' })));
          for (const order of ORDERS) {
            const seconds = order.map((gpu) => {
              const o = w.options.find((x) => x.offer.gpu === gpu && (x.offer.gpus_per_replica ?? 1) === 1 && x.priced);
              return o?.details.speed
                ? text
                  ? o.details.speed.text!.secondsAlone
                  : o.details.speed.seconds
                : undefined;
            });
            for (let i = 1; i < order.length; i++) {
              const [faster, slower] = [seconds[i - 1], seconds[i]];
              if (faster !== undefined && slower !== undefined)
                expect(faster, `${model} ${order[i - 1]} vs ${order[i]}`).toBeLessThanOrEqual(slower * (1 + 1e-9));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  /**
   * Faster first: one die at a higher clock or bandwidth, or (4090 over A40) measurements on the same model; an Ada
   * board over the A40 (more compute and bandwidth: the review found the A40 ahead of both, issue 30).
   */
  const PAIRS = [
    ['rtx-6000-ada', 'a40'],
    ['l40', 'a40'],
    ['rtx-a6000', 'a40'],
    ['rtx-6000-ada', 'l40'],
    ['rtx-pro-6000', 'l40s'],
    ['l40s', 'l40'],
    ['rtx4090', 'a40'],
    ['rtx4090', 'rtx-a6000'],
  ] as const;
  const SAME_PRICE = `offers:\n${[...new Set(PAIRS.flat())].map((g) => `  - { id: same/${g}, billing: per_hour, usd_per_hour: 1, gpu: ${g} }`).join('\n')}\n`;

  it('at one price on every GPU, the faster of each pair is never slower, for every built-in model', () => {
    for (const model of runnable) {
      const text = model.kind === 'text';
      const fields: Record<string, string | number> = text
        ? { requests: 100_000, input_tokens: 800, output_tokens: 200 }
        : { volume: 100_000 };
      const w = workload(analyze(oneWorkload({ model: model.id, ...fields, provider: 'same/a40' }, SAME_PRICE)));
      const seconds = (gpu: string) => {
        const speed = option(w, `same/${gpu}`).details.speed;
        return text ? speed?.text?.secondsAlone : speed?.seconds;
      };
      for (const [faster, slower] of PAIRS) {
        const [a, b] = [seconds(faster), seconds(slower)];
        if (a !== undefined && b !== undefined)
          expect(a, `${model.id}: ${faster} ${a} s vs ${slower} ${b} s`).toBeLessThanOrEqual(b * (1 + 1e-9));
        else if (!text) throw new Error(`${model.id} has no speed on ${faster} or ${slower}`);
      }
    }
    // The review's figures: SDXL 6.4 s on a 4090 against 4.8 s on an A40, 5.5 s on an RTX 6000 Ada against 4.4 s on an L40.
    const sdxl = workload(analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'same/a40' }, SAME_PRICE)));
    expect(option(sdxl, 'same/rtx4090').details.speed!.seconds).toBeLessThan(sdxl.chosen.details.speed!.seconds);
    expect(option(sdxl, 'same/rtx-6000-ada').details.speed!.seconds).toBeLessThan(
      option(sdxl, 'same/l40').details.speed!.seconds,
    );
  });

  it('every relative speed follows its stated derivation: a measured ratio, or the datasheet basis', () => {
    const basis = RAW_TABLES.gpusData.speed_basis;
    const index = (g: Gpu) =>
      1 /
      ((basis.compute_share * basis.reference_tflops) / g.tensor_tflops! +
        ((1 - basis.compute_share) * basis.reference_bandwidth_gbps) / g.memory_bandwidth_gbps);
    for (const g of CATALOG.gpus.values()) {
      expect(g.tensor_tflops, g.id).toBeGreaterThan(0);
      expect(g.spec_source?.length ?? 0, g.id).toBeGreaterThan(20);
      expect(g.speed_source?.length ?? 0, g.id).toBeGreaterThan(20);
      const from = g.speed_from;
      if (!from) {
        expect(g.id).toBe(CATALOG.referenceGpu);
        expect(g.relative_speed).toBe(1);
        continue;
      }
      const anchor = CATALOG.gpus.get(from.gpu)!;
      const expected = from.ratio
        ? anchor.relative_speed * from.ratio
        : anchor.relative_speed * (index(g) / index(anchor)) ** basis.exponent * (from.derate ?? 1);
      // Stored to three figures.
      expect(Math.abs(g.relative_speed / expected - 1), g.id).toBeLessThan(0.005);
    }
  });

  it("the speed table's measured entries agree with the relative speeds they set", () => {
    const flux = CATALOG.models.get('flux-dev') as { a100_seconds: number };
    for (const gpu of ['h100', 'rtx4090', 'rtx-6000-ada']) {
      const entry = CATALOG.speeds.get(speedKey('flux-dev', gpu))!;
      const implied = flux.a100_seconds / entry.seconds;
      expect(Math.abs(implied / CATALOG.gpus.get(gpu)!.relative_speed - 1), gpu).toBeLessThan(0.02);
    }
  });

  it('the three speed errors of the review are gone', () => {
    const demand = { model: 'llama-3.1-8b', requests: 50_000_000, input_tokens: 800, output_tokens: 200 };
    const w = workload(analyze(oneWorkload({ ...demand, provider: 'huggingface/h200' })));
    const h200 = w.chosen.details.speed!.text!;
    const h100 = option(w, 'huggingface/h100').details.speed!.text!;
    // The H200 reads memory 1.43x as fast: it is not 7.6x slower than the H100 any more.
    expect(h200.throughput).toBeGreaterThan(h100.throughput);
    expect(w.chosen.details.gpus).toBeLessThanOrEqual(option(w, 'huggingface/h100').details.gpus!);
    expect(CATALOG.gpus.get('rtx3090')!.relative_speed).toBeGreaterThan(CATALOG.gpus.get('l4')!.relative_speed);
    // Llama 3.1 70B FP8 on one H100: memory holds a few requests, and the speed a request sees never jumps down.
    const big = workload(analyze(oneWorkload({ ...demand, model: 'llama-3.1-70b', provider: 'runpod/h100' })));
    const text = big.chosen.details.speed!.text!;
    expect(text.concurrency).toBeLessThan(16);
    expect(text.throughput / text.concurrency).toBeGreaterThan(text.singleStream * 0.9);
  });
});
