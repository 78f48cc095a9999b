import { describe, expect, it } from 'vitest';
import { analyzeText, defaultSettings, JSON_SCOPE } from '../../src/core/engine/analyze';
import { priceOption } from '../../src/core/engine/options';
import { contextFor } from '../../src/core/engine/whatIf';
import { describeBreakEven } from '../../src/core/render/words';
import { generateFile } from '../../scripts/benchFile';
import { CATALOG, oneWorkload, TODAY } from './helpers';

describe('break-evens that can be taken', () => {
  it('counts a crossing only where the other offer is eligible, and sets the others apart', () => {
    const report = analyzeText(generateFile(200), { ...defaultSettings(TODAY), catalog: CATALOG }, JSON_SCOPE);
    let apart = 0;
    for (const w of report.workloads) {
      const ctx = contextFor(report, w.workload)!;
      for (const b of w.breakEvens) {
        const offer = report.catalog.offers.get(b.offer)!;
        const eligible = (v: number) => priceOption(ctx, offer, v).eligible;
        for (const v of b.crossings) expect(eligible(v), `${w.workload.name} vs ${b.offer} at ${v}`).toBe(true);
        for (const v of b.notEligibleAt ?? []) expect(eligible(v)).toBe(false);
        if (b.volume !== null) expect(b.crossings).toContain(b.volume);
        apart += b.notEligibleAt?.length ?? 0;
      }
    }
    // The file has such crossings: the check above is not vacuous.
    expect(apart).toBeGreaterThan(5);
  });

  it('says where the other offer is not eligible, and why', () => {
    const report = analyzeText(
      oneWorkload({
        model: 'flux-dev',
        volume: 80_000,
        provider: 'fal/flux-dev',
        latency_slo_seconds: 20,
        traffic: 'bursty',
      }),
      { ...defaultSettings(TODAY), catalog: CATALOG },
      JSON_SCOPE,
    );
    const w = report.workloads[0]!;
    const b = w.breakEvens.find((x) => x.offer === 'huggingface/l40s')!;
    expect(b.notEligibleAt!.length).toBeGreaterThan(0);
    expect(b.crossings).not.toContain(b.notEligibleAt![0]);
    const text = describeBreakEven(b, w.workload);
    expect(text).toMatch(
      /Not counted: the costs cross at [\d,]+ images\/mo, where huggingface\/l40s is not eligible \(at [\d,]+: .*target/,
    );
    // The stretches where it is eligible leave out every set-apart crossing.
    for (const v of b.notEligibleAt!) for (const [from, to] of b.eligibleWhere!) expect(v < from || v > to).toBe(true);
  });
});
