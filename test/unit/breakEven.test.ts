import { describe, expect, it } from 'vitest';
import { nearestBreakEven } from '../../src/core/engine/breakEven';
import { costAt, curve, type CostCurve } from '../../src/core/engine/curve';
import { analyze, oneWorkload, workload } from './helpers';

const LIMIT = 1e12;

/** Every volume where the sign of a - b changes, found by brute force on a fine grid (for checking only). */
function bruteCrossings(a: CostCurve, b: CostCurve, to: number, step: number): number[] {
  const out: number[] = [];
  let last = Math.sign(costAt(a, 0) - costAt(b, 0));
  for (let v = step; v <= to; v += step) {
    const s = Math.sign(costAt(a, v) - costAt(b, v));
    if (s !== 0 && last !== 0 && s !== last) out.push(v);
    if (s !== 0) last = s;
  }
  return out;
}

describe('nearestBreakEven', () => {
  it('finds the crossing of two lines exactly', () => {
    const r = nearestBreakEven(curve({ fixed: 1000, slope: 1 }), curve({ slope: 3 }), 2000, LIMIT);
    expect(r).toEqual({ volume: 500, truncated: false });
  });

  it('returns null when one is cheaper at every volume', () => {
    expect(nearestBreakEven(curve({ slope: 1 }), curve({ fixed: 10, slope: 2 }), 100, LIMIT).volume).toBeNull();
  });

  it('finds a crossing on a kink (cold starts up to a ceiling)', () => {
    // a: 5/image plus 100 per call up to 10 calls; b: 50/image. a = 105V below 10, 1000 + 5V after: crosses b at 22.2
    const a = curve({ slope: 5, kinkCoef: 100, kinkAt: 10 });
    const r = nearestBreakEven(a, curve({ slope: 50 }), 30, LIMIT);
    expect(r.volume).toBeCloseTo(1000 / 45, 9);
  });

  it('walks whole-GPU steps and picks the crossing nearest the declared volume', () => {
    // a: 100 per GPU, one per 10 images; b: 12 per image. They cross at 8.33, then at each step until 41.67.
    const a = curve({ stepUnit: 100, stepK: 0.1 });
    const b = curve({ slope: 12 });
    const crossings = bruteCrossings(a, b, 100, 0.001);
    expect(crossings.length).toBeGreaterThan(4);
    expect(nearestBreakEven(a, b, 100, LIMIT).volume).toBeCloseTo(500 / 12, 6);
    expect(nearestBreakEven(a, b, 9, LIMIT).volume).toBeCloseTo(100 / 12, 6);
    // a jump crossing: at 10 the second GPU makes a dearer than b
    expect(nearestBreakEven(a, b, 11, LIMIT).volume).toBeCloseTo(10, 9);
  });

  it('matches brute force between two staircases with overhead', () => {
    // a: overhead plus a cheap GPU per 42,000 images; b: a dearer replica per 100,000. b's average slope is steeper.
    const a = curve({ fixed: 2000, stepUnit: 175, stepK: 1 / 42_000 });
    const b = curve({ stepUnit: 900, stepK: 1 / 100_000 });
    const brute = bruteCrossings(a, b, 2_000_000, 50);
    expect(brute.length).toBeGreaterThan(0);
    for (const declared of [100_000, 400_000, 1_000_000]) {
      const found = nearestBreakEven(a, b, declared, LIMIT);
      const nearestBrute = brute.reduce((best, v) => (Math.abs(v - declared) < Math.abs(best - declared) ? v : best), Infinity);
      expect(Math.abs(found.volume! - nearestBrute)).toBeLessThanOrEqual(50 + 1e-6); // the grid step, plus its float drift
    }
  });

  it('skips the far volumes where the curves cannot meet', () => {
    const a = curve({ stepUnit: 175e6, stepK: 1 / 42_000 });
    const b = curve({ slope: 8000 });
    const r = nearestBreakEven(a, b, 1e9, LIMIT);
    expect(r.truncated).toBe(false);
    // Per call passes one GPU at 21,875, falls behind at the second GPU (42,000), passes it for good at 43,750;
    // after that rental's 4,167 µ$ an image at full GPUs never catches 8,000 again, up to 1e12.
    expect(r.volume).toBeCloseTo(350e6 / 8000, 6);
    expect(nearestBreakEven(a, b, 30_000, LIMIT).volume).toBeCloseTo(21_875, 6);
  });
});

describe('break-even in reports', () => {
  it('puts the two offers within a cent at the reported volume, or on a step where the order flips', () => {
    const w = workload(analyze(oneWorkload({ model: 'flux-dev', volume: 100000, provider: 'segmind/api' })));
    const vast = w.breakEven.find((b) => b.offer === 'vast/rtx3090')!;
    const chosen = w.chosen;
    const other = w.options.find((o) => o.offer.id === 'vast/rtx3090')!;
    const diff = (v: number) => costAt(chosen.curve, v) + chosen.overheadMicros - costAt(other.curve, v) - other.overheadMicros;
    expect(vast.volume).not.toBeNull();
    const v = vast.volume!;
    const withinCent = Math.abs(diff(v)) <= 10_000;
    const flips = Math.sign(diff(v * (1 - 1e-9))) !== Math.sign(diff(v * (1 + 1e-9)));
    expect(withinCent || flips).toBe(true);
  });

  it('lists a break-even for every eligible alternative', () => {
    const w = workload(analyze(oneWorkload({ model: 'sdxl', volume: 50000, provider: 'vast/rtx3090' })));
    const eligible = w.options.filter((o) => o.eligible && o !== w.chosen).map((o) => o.offer.id);
    expect(w.breakEven.map((b) => b.offer).sort()).toEqual(eligible.sort());
  });
});

describe('nearestBreakEven with no net slope', () => {
  it('decides two staircases of equal average cost in one period, without truncating', () => {
    // $5/h twice as fast as $2.50/h: the same cost per image on average; 2 x ceil(x) >= ceil(2x), so they never cross.
    const fast = curve({ stepUnit: 3650, stepK: 1 / 1_000_000 });
    const slow = curve({ stepUnit: 1825, stepK: 2 / 1_000_000 });
    expect(nearestBreakEven(fast, slow, 56_289, LIMIT)).toEqual({ volume: null, truncated: false });
  });

  it('still finds a crossing inside the first period', () => {
    // $3 per step of 3 images against $1 an image plus 50 cents: a sawtooth around zero, crossing at 2.5 images first.
    const steps = curve({ stepUnit: 3e6, stepK: 1 / 3 });
    const line = curve({ slope: 1e6, fixed: 0.5e6 });
    const r = nearestBreakEven(steps, line, 4, LIMIT);
    expect(r.truncated).toBe(false);
    expect(r.volume).not.toBeNull();
    expect(bruteCrossings(steps, line, 20, 0.001).some((v) => Math.abs(v - r.volume!) < 0.01)).toBe(true);
  });
});
