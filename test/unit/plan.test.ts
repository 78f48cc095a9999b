import { describe, expect, it } from 'vitest';
import { toTable } from '../../src/core/render/text';
import { fileReport } from '../../src/core/render/fileReport';
import { buildCompareView } from '../../src/core/render/compareView';
import { costChart } from '../../src/core/engine/chart';
import { keyOf, FleetOverhead } from '../../src/core/engine/overhead';
import type { PricedOption, Report } from '../../src/core/report';
import { analyze, codes, findingWith } from './helpers';

/** The issue's file: thumbnails on a rented GPU, a nightly batch on a per-call API. */
const TWO = `version: 1
workloads:
  - name: thumbnails
    model: sdxl
    volume: 20000
    provider: vast/rtx3090   # rented
    traffic: business-hours
    allow_marketplace: true
  - name: nightly-batch
    model: sdxl
    volume: 300000
    provider: segmind/api
    traffic: batch
`;

/** The file with the plan's moves made, by replacing each moved workload's provider line. */
function followPlan(text: string, report: Report): string {
  let out = text;
  for (const m of report.plan!.moves) {
    const at = out.indexOf(`name: ${m.workload}`);
    const line = out.indexOf(`provider: ${m.from}`, at);
    out = out.slice(0, line) + `provider: ${m.to}` + out.slice(line + `provider: ${m.from}`.length);
  }
  return out;
}

/** Every assignment of each workload to its cheapest eligible offer of each engineering group: the true minimum. */
function bruteForce(report: Report): number {
  const fleet = FleetOverhead.of([], report.catalog, report.team);
  const lists = report.workloads.map((w) => {
    const best = new Map<string, PricedOption>();
    for (const o of w.options.filter((x) => x.eligible && x.priced)) {
      const key = fleet.microsFor(o.offer.operating) === 0 ? `free ${o.offer.id}` : keyOf(o.offer, w.workload.model);
      if (!best.has(key) || o.computeMicros < best.get(key)!.computeMicros) best.set(key, o);
    }
    return [...best.values()].map((o) => ({ o, model: w.workload.model }));
  });
  let min = Infinity;
  const walk = (i: number, picked: { o: PricedOption; model: string }[]) => {
    if (i === lists.length) {
      const groups = new Set(picked.map((p) => keyOf(p.o.offer, p.model)));
      let micros = picked.reduce((sum, p) => sum + p.o.computeMicros, 0);
      for (const g of groups) {
        const p = picked.find((x) => keyOf(x.o.offer, x.model) === g)!;
        micros += fleet.microsFor(p.o.offer.operating);
      }
      min = Math.min(min, micros);
      return;
    }
    for (const choice of lists[i]!) walk(i + 1, [...picked, choice]);
  };
  walk(0, []);
  return min;
}

/** The moves' parts add up to the plan's saving, and no warning names an offer dearer than the chosen one. */
function expectPartsAddUp(r: Report): void {
  const plan = r.plan!;
  expect(plan.moves.reduce((sum, m) => sum + m.savingMicros, 0)).toBe(plan.currentMicros - plan.planMicros);
  for (const w of r.workloads) {
    const f = w.findings.find((x) => x.code === 'above-break-even');
    if (!f) continue;
    const named = /vs \$[\d,.]+\/mo on `([^`]+)`/.exec(f.message)![1]!;
    expect(w.options.find((o) => o.offer.id === named)!.totalMicros).toBeLessThan(w.chosen.totalMicros);
    const move = plan.moves.find((m) => m.index === w.workload.index);
    if (!move) continue;
    expect(f.message).toContain(`save ${usd(move.savingMicros)}/mo`);
    expect(move.freedMicros - move.paidMicros).toBe(move.engineeringMicros);
    // The sentence's parts reconcile: compute + engineering freed − this move's share of engineering newly paid.
    const parts =
      /\((-?\$[\d,.]+)\/mo compute(?: \+ (\$[\d,.]+)\/mo of [^)]*? no longer paid)?(?: − (\$[\d,.]+)\/mo, its share)?/.exec(
        f.message,
      );
    if (move.freedMicros >= 10_000 || move.paidMicros >= 10_000) {
      const [, compute, freed, paid] = parts!;
      const cents = (x: string | undefined) => Math.round(Number((x ?? '$0').replace(/[$,]/g, '')) * 100);
      // Each part is rounded to the cent on its own: within a cent or two of the saving.
      expect(Math.abs(cents(compute) + cents(freed) - cents(paid) - move.savingMicros / 1e4)).toBeLessThanOrEqual(2);
    }
  }
}

function usd(micros: number): string {
  return `$${(micros / 1e6).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

describe('one plan for the file', () => {
  it('the two-workload file: one plan, and following it saves what it says', () => {
    const r = analyze(TWO);
    const plan = r.plan!;
    expect(plan.currentMicros).toBe(r.totals.totalMicros);
    expect(plan.exact).toBe(true);
    const followed = analyze(followPlan(TWO, r));
    // Rounding: each part of each option is rounded to the micro-dollar on its own.
    expect(Math.abs(followed.totals.totalMicros - plan.planMicros)).toBeLessThanOrEqual(20);
    // Following the plan leaves nothing to move.
    expect(followed.plan!.moves).toEqual([]);
    expect(codes(followed)).not.toContain('above-break-even');
    // Each workload's finding names the plan's offer for it, never another.
    for (const m of plan.moves) {
      const w = r.workloads.find((x) => x.workload.name === m.workload)!;
      const f = w.findings.find((x) => x.code === 'above-break-even');
      if (f) expect(f.message).toContain(`on \`${m.to}\``);
    }
    for (const w of r.workloads.filter((x) => !plan.moves.some((m) => m.workload === x.workload.name)))
      expect(w.findings.map((x) => x.code)).not.toContain('above-break-even');
  });

  it('is the cheapest assignment: equal to a brute force over every workload’s choices', () => {
    const files = [
      TWO,
      `version: 1
workloads:
  - { name: a, model: flux-dev, volume: 160000, provider: vast/rtx4090, allow_marketplace: true }
  - { name: b, model: sdxl, volume: 50000, provider: runpod/pod-a40 }
  - { name: c, model: flux-schnell, volume: 900000, provider: fal/flux-schnell, traffic: batch }
`,
      `version: 1
workloads:
  - { name: a, model: sdxl, volume: 3000000, provider: replicate/a40 }
  - { name: b, model: flux-schnell, volume: 3000000, provider: replicate/a40 }
`,
      `version: 1
workloads:
  - { name: a, model: sdxl, volume: 500000, provider: replicate/a40 }
  - { name: b, model: sdxl, volume: 5000, provider: lambda/a10 }
  - { name: c, model: flux-dev, volume: 2000, provider: huggingface/a40 }
`,
    ];
    for (const text of files) {
      const r = analyze(text);
      expect(r.plan!.planMicros, text).toBe(bruteForce(r));
      expect(r.plan!.planMicros).toBeGreaterThanOrEqual(r.plan!.lowerBoundMicros);
      expectPartsAddUp(r);
    }
  });

  it('a file-plan finding for several moves, with each provider’s engineering once', () => {
    const r = analyze(TWO);
    expect(r.plan!.moves.map((m) => m.workload)).toEqual(['thumbnails', 'nightly-batch']);
    const f = findingWith(r, 'file-plan');
    expect(f.message).toMatch(
      /^Plan for the file: move "thumbnails" to \S+ \(saves \$[\d,.]+\/mo\), "nightly-batch" to \S+ \(saves \$[\d,.]+\/mo\)\. /,
    );
    expect(f.message).toContain("each provider's engineering counted once");
  });
});

describe('the plan in the panel', () => {
  it('says what the file’s plan does with the workload shown', () => {
    const r = analyze(TWO);
    const view = (i: number) =>
      buildCompareView(r.workloads[i]!, costChart(r, r.workloads[i]!), r.workloads[i]!.workload.volume, r.plan);
    expect(view(0).plan).toMatch(
      /^The file's plan moves this workload to \S+, its part \$[\d,.]+\/mo: with its 1 other move the file saves \$[\d,.]+\/mo/,
    );
    expect(buildCompareView(r.workloads[0]!, costChart(r, r.workloads[0]!), 20000).plan).toBe('');
  });
});

describe('the plan in the CLI table', () => {
  it('names the plan’s offer on the "vs" line of a workload it moves', () => {
    const r = analyze(TWO);
    const table = toTable([fileReport('inference.yaml', r)]);
    const move = r.plan!.moves.find((m) => m.workload === 'nightly-batch')!;
    expect(table).toContain(`     vs ${move.to}: `);
  });

  it('shows the row of the offer the plan moves a workload to', () => {
    // A rental on RunPod the plan moves to RunPod's active workers: not among the first rows by price alone.
    const file = `version: 1
workloads:
  - { name: b, model: sdxl, volume: 3000000, provider: runpod/pod-a40, traffic: batch }
`;
    const r = analyze(file);
    const table = toTable([fileReport('inference.yaml', r)]);
    for (const m of r.plan?.moves ?? []) expect(table).toMatch(new RegExp(`^ {5}${m.to.replace('/', '\\/')} `, 'm'));
    expect(r.plan!.moves.length).toBeGreaterThan(0);
  });
});
