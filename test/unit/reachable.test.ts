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
    // The file has such crossings: the check above is not vacuous. (Fleets are sized to their targets, so the crossings
    // set apart are cold starts of serverless offers.)
    expect(apart).toBeGreaterThan(0);
  });

  it('says where the other offer is not eligible, and why', () => {
    // A serverless offer whose 20 s cold starts miss the 15 s target at lower volumes, where it would cross fal's price.
    const slow =
      "offers:\n  - { id: acme/slow, billing: per_second, gpu: a100-80gb, usd_per_second: 0.0003, cold_start_seconds: 20, idle_timeout_seconds: 600, bills_idle: true, verified: '2026-12-01', source: a quote }\n";
    const report = analyzeText(
      oneWorkload(
        { model: 'flux-dev', volume: 3_000_000, provider: 'fal/flux-dev', latency_slo_seconds: 15, traffic: 'bursty' },
        slow,
      ),
      { ...defaultSettings(TODAY), catalog: CATALOG },
      { breakEvens: 'all', whatIf: false, options: 'all' },
    );
    const w = report.workloads[0]!;
    const b = w.breakEvens.find((x) => x.offer === 'acme/slow')!;
    expect(b.notEligibleAt!.length).toBeGreaterThan(0);
    expect(b.crossings).not.toContain(b.notEligibleAt![0]);
    const text = describeBreakEven(b, w.workload);
    expect(text).toMatch(
      /the costs cross at [\d,]+ images\/mo, where acme\/slow is not eligible \(at [\d,]+: .*cold start.*target/,
    );
    // The stretches where it is eligible leave out every set-apart crossing.
    for (const v of b.notEligibleAt!) for (const [from, to] of b.eligibleWhere!) expect(v < from || v > to).toBe(true);
  });
});
