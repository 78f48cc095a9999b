import { describeBreakEven } from '../../src/core/render/words';
import { describe, expect, it } from 'vitest';
import { analyze, codes, findingWith, oneWorkload, textAt, workload } from './helpers';

describe('findings', () => {
  it('above break-even: on the provider value, naming the alternative, the savings and the break-even volume', () => {
    const r = analyze(
      oneWorkload({ model: 'flux-dev', volume: 100000, provider: 'replicate/a40', seconds_per_image: 12 }),
    );
    const f = findingWith(r, 'above-break-even');
    expect(textAt(r, f)).toBe('replicate/a40');
    const alt = workload(r).cheapestAlternative!;
    expect(f.message).toContain(`\`${alt.offer.id}\``);
    expect(f.message).toMatch(/save \$[\d,]+\.\d\d\/mo, \d+%/);
    expect(f.message).toMatch(
      /Break-even at [\d,]+ images\/mo: (your choice|\S+) is cheaper below it, (your choice|\S+) above; you run 100,000\.|No break-even up to 1,000,000 images\/mo: \S+ is cheaper throughout\./,
    );
    expect(f.fix).toMatchObject({ kind: 'switch-provider' });
    if (f.fix?.kind === 'switch-provider') expect(f.fix.alternatives[0]?.offer).toBe(alt.offer.id);
  });

  it('above break-even: silent under the thresholds (percent and dollars)', () => {
    const text = oneWorkload({ model: 'flux-dev', volume: 100000, provider: 'replicate/a40' });
    expect(codes(analyze(text, { breakEvenPercent: 99 }))).not.toContain('above-break-even');
    expect(codes(analyze(text, { breakEvenUsd: 1_000_000 }))).not.toContain('above-break-even');
    expect(codes(analyze(text))).toContain('above-break-even');
  });

  it('gives the break-even and the declared volume as a person would, and knows which side is cheaper below it', () => {
    const r = analyze(
      oneWorkload({ model: 'flux-dev', volume: 100000, provider: 'replicate/a40', seconds_per_image: 12 }),
    );
    const w = workload(r);
    // RunPod's always-on 4090 costs the same at any volume; Replicate's serverless A40 grows with it.
    const crossing = w.breakEvens.find((b) => b.offer === 'runpod/4090-active')!;
    expect(crossing.volume).toBeGreaterThan(0);
    expect(crossing.volume).toBeLessThan(100000);
    // Below the break-even the serverless choice is the cheaper one; above it the always-on worker wins.
    expect(crossing.cheaperBelow).toBe('chosen');
    expect(describeBreakEven(crossing, w.workload)).toBe(
      `Break-even at ${crossing.volume!.toLocaleString('en-US')} images/mo: your choice is cheaper below it, runpod/4090-active above; you run 100,000.`,
    );
    const never = w.breakEvens.find((b) => b.volume === null && b.cheaperBelow === 'other')!;
    expect(describeBreakEven(never, w.workload)).toBe(
      `No break-even up to 1,000,000 images/mo: ${never.offer} is cheaper throughout.`,
    );
  });

  it('batch exceeds VRAM: an error on batch_size with the largest batch that fits', () => {
    const r = analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'vast/rtx3090', batch_size: 12 }));
    const f = findingWith(r, 'batch-exceeds-vram');
    expect(f.severity).toBe('error');
    expect(textAt(r, f)).toBe('12');
    expect(f.fix).toEqual({ kind: 'set-batch-size', batchSize: 6 });
  });

  it('a model too large for the GPU at any batch points at the provider, offers the cheapest that can run it, and has no break-even', () => {
    const r = analyze(oneWorkload({ model: 'flux-dev', volume: 1000, provider: 'replicate/t4' }));
    const f = findingWith(r, 'batch-exceeds-vram');
    expect(textAt(r, f)).toBe('replicate/t4');
    const w = r.workloads[0]!;
    expect(f.fix).toEqual({
      kind: 'switch-provider',
      alternatives: w.options
        .filter((o) => o.eligible)
        .slice(0, 5)
        .map((o) => ({ offer: o.offer.id, monthlyMicros: o.totalMicros })),
    });
    // Its cost (none) is not compared with anything: no break-even, and no above-break-even warning.
    expect(w.breakEvens).toEqual([]);
    expect(codes(r)).not.toContain('above-break-even');
  });

  it('latency target unmet by generation time, and by cold starts on bursty traffic', () => {
    const slow = analyze(
      oneWorkload({
        model: 'flux-dev',
        volume: 1000,
        provider: 'vast/rtx3090',
        seconds_per_image: 43,
        latency_slo_seconds: 20,
      }),
    );
    expect(findingWith(slow, 'latency-target-unmet').message).toContain('a call takes ~43 s');
    const cold = analyze(
      oneWorkload({
        model: 'flux-dev',
        volume: 3000,
        provider: 'replicate/a40',
        traffic: 'bursty',
        latency_slo_seconds: 20,
      }),
    );
    const f = findingWith(cold, 'latency-target-unmet');
    expect(f.message).toContain('cold start');
    expect(textAt(cold, f)).toBe('20');
  });

  it('a latency target removes alternatives that cannot meet it', () => {
    const w = workload(
      analyze(oneWorkload({ model: 'flux-dev', volume: 1000, provider: 'runpod/h100', latency_slo_seconds: 10 })),
    );
    expect(w.options.find((o) => o.offer.id === 'vast/rtx3090')?.eligible).toBe(false);
  });

  it('spot on a latency-critical workload', () => {
    const r = analyze(
      oneWorkload({ model: 'flux-dev', volume: 100000, provider: 'vast/rtx3090', spot: true, latency_slo_seconds: 60 }),
    );
    expect(textAt(r, findingWith(r, 'spot-on-latency-critical'))).toBe('true');
  });

  it('no low-utilization warning on the cheapest eligible option: nothing costs less', () => {
    const at = (provider: string) =>
      analyze(oneWorkload({ model: 'sdxl', volume: 5000, provider, latency_slo_seconds: 3 }));
    const cheapest = workload(at('huggingface/h100'));
    expect(cheapest.options.find((o) => o.eligible)).toBe(cheapest.chosen);
    expect(cheapest.chosen.details.utilization).toBeLessThan(0.6);
    expect(codes(at('huggingface/h100'))).not.toContain('low-utilization');
    expect(codes(at('huggingface/h200'))).toContain('low-utilization');
  });

  it('spot asked of an offer without a spot price: said at spot, priced on demand', () => {
    const r = analyze(oneWorkload({ model: 'sdxl', volume: 100000, provider: 'huggingface/a40', spot: true }));
    const f = findingWith(r, 'spot-unavailable');
    expect(textAt(r, f)).toBe('true');
    expect(f.message).toContain('`huggingface/a40` has no spot price: it is priced on demand');
    expect(codes(analyze(oneWorkload({ model: 'sdxl', volume: 100000, provider: 'huggingface/a40' })))).not.toContain(
      'spot-unavailable',
    );
  });

  it('rental at low utilization', () => {
    const r = analyze(oneWorkload({ model: 'sdxl', volume: 2000, provider: 'vast/rtx3090' }));
    expect(findingWith(r, 'low-utilization').message).toMatch(/busy \d+% of the 730 GPU-hours/);
    expect(
      codes(
        analyze(oneWorkload({ model: 'flux-dev', volume: 40000, provider: 'vast/rtx3090', seconds_per_image: 43 })),
      ),
    ).not.toContain('low-utilization');
  });

  it('stale price: older than the setting, or never verified', () => {
    const dated = oneWorkload({ model: 'sdxl', volume: 1000, provider: 'segmind/api' });
    expect(findingWith(analyze(dated), 'stale-price').message).toContain('184 days ago');
    expect(codes(analyze(dated, { staleDays: 365 }))).not.toContain('stale-price');
    // A price of your own without a date (the built-in offers are all dated now).
    const undated = 'offers:\n  - { id: acme/sdxl, billing: per_call, usd_per_image: 0.04 }\n';
    expect(
      findingWith(analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'acme/sdxl' }, undated)), 'stale-price')
        .message,
    ).toContain('no verification date');
  });

  it('over budget, per workload and for the file', () => {
    const r = analyze(
      `version: 1\nbudget_usd_per_month: 50\nworkloads:\n  - { name: a, model: sdxl, volume: 10000, provider: segmind/api, budget_usd_per_month: 70 }\n`,
    );
    const over = r.workloads[0]!.findings.find((f) => f.code === 'over-budget')!;
    expect(textAt(r, over)).toBe('70');
    expect(r.findings.find((f) => f.code === 'over-budget')?.message).toContain('over its budget of $50.00/mo');
  });
});
