import { describe, expect, it } from 'vitest';
import { usdToMicros } from '../../src/core/money';
import {
  analyze,
  CATALOG,
  codes,
  ENGINEER_USD,
  findingWith,
  FLEET_MICROS,
  oneWorkload,
  option,
  textAt,
  workload,
} from './helpers';

const usd = (micros: number) => Math.round(micros / 10_000) / 100;

describe('per call', () => {
  it('is volume times the price per image, with nothing for idle or batching', () => {
    const w = workload(analyze(oneWorkload({ model: 'sdxl', volume: 10000, provider: 'segmind/api', batch_size: 4 })));
    // Segmind prices SDXL at $0.01 an image: 10,000 × $0.01.
    expect(usd(w.chosen.totalMicros)).toBe(100);
    expect(w.chosen.overheadMicros).toBe(0);
  });

  it('leaves out offers that do not serve the model, unless it is the chosen one, which says so', () => {
    const w = workload(analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'segmind/api' })));
    expect(w.options.some((o) => o.offer.id === 'fal/flux-dev')).toBe(false);
    const chosen = workload(analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'fal/flux-dev' }))).chosen;
    expect(chosen.eligible).toBe(false);
    expect(chosen.reasons[0]?.text).toContain('does not serve sdxl');
  });
});

describe('per call latency', () => {
  it('takes each model its own time: SD 1.5 at 512 px is not as slow as Flux Dev at 1024 px', () => {
    const time = (model: string) =>
      workload(analyze(oneWorkload({ model, volume: 1000, provider: 'segmind/api' }))).chosen.details.speed!;
    expect(time('sd15').seconds).toBeCloseTo(1.2, 5);
    // Segmind's Flux Dev page states ~20.55 s a call; for SD 1.5 it states none: an estimate, and marked so.
    expect(time('flux-dev').seconds).toBeGreaterThan(time('sd15').seconds * 5);
    expect(time('flux-dev').basis).toBe('offer');
    expect(time('sd15').basis).toBe('estimate');
    // A stated figure, scaled to the workload's steps.
    const runware = (steps: number) =>
      workload(analyze(oneWorkload({ model: 'flux-dev', volume: 1000, provider: 'runware/flux-dev', steps }))).chosen
        .details.speed!;
    expect(runware(14).seconds).toBeCloseTo(runware(28).seconds / 2, 5);
    expect(runware(28).basis).toBe('offer');
  });

  it('a shared public model is kept warm by the provider: a few hundred calls a month meet a latency target', () => {
    const shared = workload(
      analyze(oneWorkload({ model: 'sd15', volume: 500, provider: 'segmind/api', latency_slo_seconds: 10 })),
    ).chosen;
    expect(shared.eligible).toBe(true);
    expect(usd(shared.totalMicros)).toBe(4);
    expect(shared.details.coldShare ?? 0).toBe(0);
    // A deployment of your own cold-starts with your traffic: most of 500 calls a month find it cold.
    const own = workload(
      analyze(
        oneWorkload(
          { model: 'sd15', volume: 500, provider: 'segmind/api', latency_slo_seconds: 10 },
          'offers:\n  - { id: segmind/api, private_deployment: true, cold_start_seconds: 60 }\n',
        ),
      ),
    ).chosen;
    expect(own.details.coldShare).toBeGreaterThan(0.5);
    expect(own.eligible).toBe(false);
  });
});

/** Replicate's A40 at $0.00115/s, overridden in the file: the arithmetic below holds whatever the catalog lists. */
const A40_AT_115 = 'offers:\n  - id: replicate/a40\n    usd_per_second: 0.00115\n';

describe('per second', () => {
  it('bills every busy second: 100,000 images × 12 s × $0.00115 = $1,380', () => {
    const w = workload(
      analyze(
        oneWorkload(
          { model: 'flux-dev', volume: 100000, provider: 'replicate/a40', seconds_per_image: 12 },
          A40_AT_115,
        ),
      ),
    );
    expect(w.chosen.breakdown.busy).toBe(1_380_000_000);
    expect(w.chosen.computeMicros).toBe(
      w.chosen.breakdown.busy + w.chosen.breakdown.idle + w.chosen.breakdown.coldStarts,
    );
  });

  it('pays a load and a whole keep-alive for each call when calls are hours apart', () => {
    // 10 calls a month: each 30 s load + 12 s + 60 s idle = 102 s × $0.00115 = $0.1173; ten of them $1.173.
    const w = workload(
      analyze(
        oneWorkload(
          {
            model: 'flux-dev',
            volume: 10,
            provider: 'replicate/a40',
            seconds_per_image: 12,
            traffic: 'bursty',
          },
          A40_AT_115,
        ),
      ),
    );
    expect(usd(w.chosen.computeMicros)).toBeCloseTo(1.17, 2);
    expect(w.chosen.details.coldShare).toBeGreaterThan(0.999);
  });

  it('takes the cold start count and length from the workload when given', () => {
    const none = workload(
      analyze(oneWorkload({ model: 'flux-dev', volume: 1000, provider: 'replicate/a40', cold_starts_per_month: 0 })),
    );
    expect(none.chosen.breakdown.coldStarts).toBe(0);
    // 100 cold starts × 5 s × $0.00115 = $0.575
    const short = workload(
      analyze(
        oneWorkload(
          {
            model: 'flux-dev',
            volume: 1000,
            provider: 'replicate/a40',
            cold_starts_per_month: 100,
            cold_start_seconds: 5,
          },
          A40_AT_115,
        ),
      ),
    );
    expect(short.chosen.breakdown.coldStarts).toBe(575_000);
  });
});

describe('per hour', () => {
  it('packs work that may wait into the hours it needs, on a proposed rental and a chosen one not held always on', () => {
    const batch = {
      model: 'deepseek-v3',
      requests: 5_000_000,
      input_tokens: 800,
      output_tokens: 200,
      traffic: 'batch',
    };
    const month = (o: { details: { rate: { usd: number } } }) => o.details.rate.usd * 730 * 1e6;
    // Proposed: an API is chosen, the 8x H200 node is an alternative.
    const proposed = option(
      workload(analyze(oneWorkload({ ...batch, provider: 'fireworks/deepseek-v3' }))),
      'nebius/8x-h200',
    );
    expect(proposed.computeMicros).toBeLessThan(month(proposed) / 2);
    const chosen = workload(analyze(oneWorkload({ ...batch, provider: 'nebius/8x-h200' }))).chosen;
    expect(chosen.computeMicros).toBe(proposed.computeMicros);
    // Held always on by the file: the month of the node, as the file says.
    const held = workload(analyze(oneWorkload({ ...batch, provider: 'nebius/8x-h200', scaling: 'always_on' }))).chosen;
    expect(held.computeMicros).toBeGreaterThanOrEqual(month(held));
  });

  it('always on: the smallest whole number of GPUs at the target utilization, plus the team overhead', () => {
    // 100,000 x 43 s = 1,194.4 busy h; / (730 h x 0.7) = 2.34 -> 3 GPUs x 730 h x $0.24 = $525.60
    const w = workload(
      analyze(oneWorkload({ model: 'flux-dev', volume: 100000, provider: 'vast/rtx3090', seconds_per_image: 43 })),
    );
    expect(w.chosen.details.gpus).toBe(3);
    expect(usd(w.chosen.computeMicros)).toBe(525.6);
    expect(w.chosen.overheadMicros).toBe(FLEET_MICROS);
    expect(w.chosen.overheadNote).toContain('running GPUs on vast (counted once in the file total)');
  });

  it('always on: at least one GPU at zero volume', () => {
    const w = workload(
      analyze(oneWorkload({ model: 'flux-dev', volume: 0, provider: 'vast/rtx3090', seconds_per_image: 43 })),
    );
    expect(usd(w.chosen.computeMicros)).toBe(175.2);
    expect(w.chosen.perImageMicros).toBeNull();
  });

  it('always on: business-hours traffic needs GPUs for its peak', () => {
    const steady = workload(
      analyze(oneWorkload({ model: 'flux-dev', volume: 30000, provider: 'vast/rtx3090', seconds_per_image: 43 })),
    );
    const office = workload(
      analyze(
        oneWorkload({
          model: 'flux-dev',
          volume: 30000,
          provider: 'vast/rtx3090',
          traffic: 'business-hours',
          seconds_per_image: 43,
        }),
      ),
    );
    expect(steady.chosen.details.gpus).toBe(1);
    // 358.3 busy h / 730 h × 3.36 peak (168 / 50 hours) / 0.7 = 2.36 -> 3
    expect(office.chosen.details.gpus).toBe(3);
  });

  it('autoscaled, steady load in every hour: the same whole GPUs as always on, nothing to start', () => {
    const w = workload(
      analyze(
        oneWorkload({
          model: 'flux-dev',
          volume: 100000,
          provider: 'vast/rtx3090',
          scaling: 'autoscale',
          seconds_per_image: 43,
        }),
      ),
    );
    expect(usd(w.chosen.computeMicros)).toBe(525.6);
    expect(w.chosen.breakdown.startup).toBe(0);
  });

  it('autoscaled, business hours: whole GPUs for the 50 loaded hours a week, and a start-up each morning', () => {
    // Loaded hours carry 1,194.4 h / 730 × 3.36 = 5.50 busy GPUs -> 8 at 0.7; 8 × 50 h × 730/168 = 1,738.1 GPU-h.
    // 8 GPUs start 5 mornings a week: 173.8 starts × 300 s = 14.48 h. (1,738.1 + 14.48) × $0.24 = $420.62.
    const w = workload(
      analyze(
        oneWorkload({
          model: 'flux-dev',
          volume: 100000,
          provider: 'vast/rtx3090',
          seconds_per_image: 43,
          scaling: 'autoscale',
          traffic: 'business-hours',
        }),
      ),
    );
    expect(w.chosen.details.gpus).toBe(8);
    expect(w.chosen.details.paidHours).toBeCloseTo(1738.1, 1);
    expect(usd(w.chosen.computeMicros)).toBeCloseTo(420.62, 1);
  });

  it('batch traffic packs the work into whole GPU-hours per window', () => {
    // 1,194.4 busy h a month = 39.27 h a day; one day's window (24 h) needs 2 GPUs × 20 h each, 30.4 windows a month:
    // 2 × 20 × 30.42 = 1,216.7 GPU-h + 60.8 start-ups × 300 s = 5.07 h -> (1,216.7 + 5.07) × $0.24 = $293.2.
    const w = workload(
      analyze(
        oneWorkload({
          model: 'flux-dev',
          volume: 100000,
          provider: 'vast/rtx3090',
          seconds_per_image: 43,
          scaling: 'autoscale',
          traffic: 'batch',
        }),
      ),
    );
    expect(w.chosen.details.paidHours).toBeCloseTo(1216.7, 1);
    expect(usd(w.chosen.computeMicros)).toBeCloseTo(293.2, 1);
  });

  it('spot: the spot price with the rework of reclaimed jobs', () => {
    // 1,194.4 h x 1.05 rework = 1,254.2 h -> 3 GPUs x 730 h x $0.12
    const w = workload(
      analyze(
        oneWorkload({ model: 'flux-dev', volume: 100000, provider: 'vast/rtx3090', spot: true, seconds_per_image: 43 }),
      ),
    );
    expect(w.chosen.details.rate.spot).toBe(true);
    expect(usd(w.chosen.computeMicros)).toBe(262.8);
  });

  it('spot alternatives are priced on demand for a latency-critical workload', () => {
    const w = workload(
      analyze(
        oneWorkload({
          model: 'flux-dev',
          volume: 100000,
          provider: 'segmind/api',
          spot: true,
          latency_slo_seconds: 60,
        }),
      ),
    );
    expect(option(w, 'vast/rtx3090').details.rate.spot).toBe(false);
  });
});

describe('dedicated', () => {
  it('is replicas x hours x rate, flat until another replica is needed', () => {
    const small = workload(analyze(oneWorkload({ model: 'flux-dev', volume: 1000, provider: 'huggingface/a40' })));
    const large = workload(analyze(oneWorkload({ model: 'flux-dev', volume: 100000, provider: 'huggingface/a40' })));
    expect(usd(small.chosen.computeMicros)).toBe(479.98);
    expect(large.chosen.computeMicros).toBe(small.chosen.computeMicros);
    const huge = workload(analyze(oneWorkload({ model: 'flux-dev', volume: 200000, provider: 'huggingface/a40' })));
    expect(huge.chosen.details.gpus).toBe(2);
  });
});

describe('effective seconds per image', () => {
  it('batching divides the batch time (the batching curve) by the batch size', () => {
    const one = workload(analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'runpod/a100-80gb' })));
    const eight = workload(
      analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'runpod/a100-80gb', batch_size: 8 })),
    );
    expect(one.chosen.details.speed?.perImage).toBeCloseTo(3.31, 6);
    // 0.02 s a call and 0.008 s a step (30 steps) do not grow with the batch; the rest of 3.31 s does.
    const fixed = 0.02 + 30 * 0.008;
    expect(eight.chosen.details.speed?.perBatch).toBeCloseTo(fixed + 8 * (3.31 - fixed), 6);
    expect(eight.chosen.details.speed?.perImage).toBeCloseTo((fixed + 8 * (3.31 - fixed)) / 8, 6);
  });

  it('a measured number beats the table on the chosen GPU, and scales to GPUs the table lacks', () => {
    const w = workload(
      analyze(oneWorkload({ model: 'flux-dev', volume: 1000, provider: 'replicate/a40', seconds_per_image: 6 })),
    );
    expect(w.chosen.details.speed).toMatchObject({ seconds: 6, basis: 'measured' });
    expect(option(w, 'runpod/h100').details.speed?.basis).toBe('table');
    expect(option(w, 'runpod/l40s').details.speed).toMatchObject({
      basis: 'scaled-measurement',
      seconds: (6 * CATALOG.gpus.get('a40')!.relative_speed) / CATALOG.gpus.get('l40s')!.relative_speed,
    });
  });

  it('a map of measurements applies per GPU', () => {
    const w = workload(
      analyze(
        oneWorkload({
          model: 'flux-dev',
          volume: 1000,
          provider: 'replicate/a40',
          seconds_per_image: '{ h100: 2, a40: 9 }',
        }),
      ),
    );
    expect(w.chosen.details.speed?.seconds).toBe(9);
    expect(option(w, 'runpod/h100').details.speed?.seconds).toBe(2);
  });

  it('estimates unlisted pairs from the A100 time and relative GPU speed', () => {
    const w = workload(analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider: 'runpod/l4' })));
    expect(w.chosen.details.speed).toMatchObject({ basis: 'estimate', seconds: 3.31 / 0.241 });
  });
});

describe('team overhead', () => {
  const twoOnVast = `version: 1
workloads:
  - { name: a, model: flux-dev, volume: 1000, provider: vast/rtx3090 }
  - { name: b, model: sdxl, volume: 1000, provider: vast/rtx4090 }
  - { name: c, model: sdxl, volume: 1000, provider: segmind/api }
`;

  it('counts once per self-managed provider in the file total', () => {
    const r = analyze(twoOnVast);
    expect(r.totals.overhead).toMatchObject([
      { provider: 'vast', operating: 'self-managed', micros: FLEET_MICROS, workloads: ['a', 'b'] },
    ]);
    expect(r.totals.totalMicros).toBe(r.totals.computeMicros + FLEET_MICROS);
    // Shared by GPU-hours (a and b each hold one GPU all month): the workloads' totals add up to the file's.
    expect(r.totals.overhead[0]!.shares).toEqual([
      { name: 'a', micros: FLEET_MICROS / 2 },
      { name: 'b', micros: FLEET_MICROS / 2 },
    ]);
    expect(r.workloads.reduce((sum, w) => sum + w.totalMicros, 0)).toBe(r.totals.totalMicros);
  });

  it('attributes it marginally per workload and says so', () => {
    const r = analyze(twoOnVast);
    expect(workload(r, 0).chosen.overheadMicros).toBe(0);
    expect(workload(r, 0).chosen.overheadNote).toContain('paid anyway: workload "b" stays on it');
    // c does not run on lambda: moving it there would add an engineer's share
    expect(option(workload(r, 2), 'lambda/rtx-a6000').overheadMicros).toBe(FLEET_MICROS);
    expect(option(workload(r, 2), 'vast/l40s').overheadMicros).toBe(0);
  });

  it('comes from team: in the file, else settings, else the catalog default', () => {
    expect(
      analyze(
        oneWorkload(
          { model: 'sdxl', volume: 1, provider: 'vast/a40' },
          'team: { engineer_monthly_usd: 12000, ops_share: 0.25 }\n',
        ),
      ).totals.overheadMicros,
    ).toBe(3_000_000_000);
    expect(
      analyze(oneWorkload({ model: 'sdxl', volume: 1, provider: 'vast/a40' }), { team: { opsShare: 0.1 } }).totals
        .overheadMicros,
    ).toBe(usdToMicros(ENGINEER_USD * 0.1));
  });
});

describe('offers in the file', () => {
  it('adds new offers and overrides catalog ones field by field', () => {
    const head = `offers:
  - { id: acme/a100, billing: per_hour, usd_per_hour: 1.1, gpu: a100-80gb, verified: 2026-11-01 }
  - { id: vast/rtx3090, usd_per_hour: 0.3 }
`;
    const w = workload(analyze(oneWorkload({ model: 'flux-dev', volume: 100000, provider: 'acme/a100' }, head)));
    expect(w.chosen.offer).toMatchObject({ billing: 'per_hour', self_managed: true, origin: 'file' });
    const vast = option(w, 'vast/rtx3090');
    expect(vast.offer).toMatchObject({ usd_per_hour: 0.3, gpu: 'rtx3090', verified: null, origin: 'file' });
  });
});

describe('offers that cannot run the model', () => {
  it('are not priced, and sort after every priced option', () => {
    const w = workload(analyze(oneWorkload({ model: 'flux-dev', volume: 1000, provider: 'segmind/api' })));
    expect(option(w, 'modal/t4').priced).toBe(false);
    const firstUnpriced = w.options.findIndex((o) => !o.priced);
    expect(w.options.slice(firstUnpriced).every((o) => !o.priced)).toBe(true);
  });

  it('bill nothing, with no cold starts or GPUs made up for them, and show their rate', () => {
    // Modal's T4 runs flux-dev nowhere (it needs more than 16 GB); Bedrock, chosen, serves only SDXL at $0.04.
    const w = workload(analyze(oneWorkload({ model: 'flux-dev', volume: 10_000, provider: 'bedrock/sdxl' })));
    for (const o of [option(w, 'modal/t4'), w.chosen]) {
      expect(o.priced, o.offer.id).toBe(false);
      expect(o.computeMicros, o.offer.id).toBe(0);
      expect(o.totalMicros - o.breakdown.overhead, o.offer.id).toBe(0);
      expect(o.details).toMatchObject({ gpus: undefined, coldStarts: undefined, utilization: undefined });
    }
    expect(option(w, 'modal/t4').details.rate).toMatchObject({ per: 's' });
    expect(option(w, 'modal/t4').details.rate.usd).toBeGreaterThan(0);
  });
});

describe('overrides and contradictions (issue reproductions)', () => {
  it('a per-hour price on a per-second offer replaces its per-second price: 10k images × 12 s at $2.07/h', () => {
    const head = 'offers:\n  - { id: replicate/a40, usd_per_hour: 2.07 }\n';
    const w = workload(
      analyze(
        oneWorkload({ model: 'flux-dev', volume: 10000, provider: 'replicate/a40', seconds_per_image: 12 }, head),
      ),
    );
    // 10,000 × 12 s = 120,000 s × $2.07/3600 = $69.00 busy; idle and cold starts on top.
    expect(w.chosen.breakdown.busy).toBe(69_000_000);
    expect(w.chosen.details.rate.usd).toBeCloseTo(2.07 / 3600, 12);
  });

  it('switching an offer to per call drops the self-managed default and its overhead', () => {
    const head = 'offers:\n  - { id: vast/rtx3090, billing: per_call, usd_per_image: 0.001 }\n';
    const w = workload(
      analyze(oneWorkload({ model: 'sdxl', volume: 10000, provider: 'vast/rtx3090', seconds_per_image: 43 }, head)),
    );
    expect(w.chosen.offer.self_managed).toBe(false);
    expect(w.chosen.totalMicros).toBe(10_000_000);
  });

  it('a spot price not below the on-demand price is a warning at the spot price', () => {
    const r = analyze(
      oneWorkload(
        { model: 'sdxl', volume: 10000, provider: 'vast/rtx3090', seconds_per_image: 43 },
        'offers:\n  - { id: vast/rtx3090, spot_usd_per_hour: 0.5 }\n',
      ),
    );
    const f = findingWith(r, 'invalid-value');
    expect(f.message).toContain('spot_usd_per_hour');
    expect(textAt(r, f)).toBe('0.5');
  });

  it('a workload whose offer cannot run it is left out of the total, and the budget says so', () => {
    const text = `version: 1\nbudget_usd_per_month: 100000\nworkloads:\n  - { name: a, model: sdxl, volume: 1000, provider: segmind/api }\n  - { name: b, model: flux-dev, volume: 1000, provider: bedrock/sdxl }\n`;
    const r = analyze(text);
    expect(r.totals.unpriced).toEqual(['b']);
    expect(codes(r)).toContain('model-not-served');
    expect(findingWith(r, 'over-budget').message).toContain('cannot be checked in full');
  });
});
