import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { TRAFFIC_PATTERNS } from '../../src/core/catalog/types';
import { applyValueEdit, fixEdits } from '../../src/core/edits';
import { allFindings, totalAt } from '../../src/core/engine/analyze';
import { costAt, withFixed } from '../../src/core/engine/curve';
import { FINDING_CODES } from '../../src/core/findings/types';
import { formatCount, formatUsd, formatWholeUsd, microsToCentsUsd } from '../../src/core/money';
import { analyze, TODAY } from './helpers';

/** Bounded by time as well as by count, so the suite's duration stays predictable. */
const LIMITS = { numRuns: 200, interruptAfterTimeLimit: 8_000 };
const OFFERS = [...builtinCatalog().offers.keys()];
const MODELS = [...builtinCatalog().models.keys()];
const COST_CODES = new Set<string>([FINDING_CODES.aboveBreakEven, FINDING_CODES.stalePrice, FINDING_CODES.lowUtilization, FINDING_CODES.latencyUnmet, FINDING_CODES.batchExceedsVram, FINDING_CODES.modelNotServed, FINDING_CODES.spotLatencyCritical, FINDING_CODES.overBudget, FINDING_CODES.zeroVolume]);

/** Text that looks like inference.yaml often enough to reach the deep code paths. */
const yamlish = fc
  .array(fc.oneof(fc.constantFrom('version: 1\n', 'workloads:\n', '  - ', 'name: a\n', 'model: sdxl\n', 'volume: 10\n', 'provider: segmind/api\n', '    ', '&a ', '*a', '[', ']', '{', '}', ': ', '"', "'", '#', '\t', '---\n', '\n', '- ', '__proto__: 1\n', '.nan', '1e308', '\uFEFF', '\u0000'), fc.string({ maxLength: 12 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

interface GenWorkload {
  model: string;
  volume: number;
  provider: string;
  traffic: string;
  batch: number;
  utilization: number;
  latency: number | null;
  spot: boolean;
  /** A measured seconds_per_image on the chosen offer's GPU, which other GPUs scale from. */
  measured: number | null;
}

const workloadArb: fc.Arbitrary<GenWorkload> = fc.record({
  model: fc.constantFrom(...MODELS),
  volume: fc.integer({ min: 0, max: 50_000_000 }),
  provider: fc.constantFrom(...OFFERS),
  traffic: fc.constantFrom(...TRAFFIC_PATTERNS),
  batch: fc.integer({ min: 1, max: 8 }),
  utilization: fc.double({ min: 0.2, max: 1, noNaN: true }),
  latency: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
  spot: fc.boolean(),
  measured: fc.option(fc.double({ min: 0.2, max: 40, noNaN: true }), { nil: null, freq: 4 }),
});

function fileOf(workloads: GenWorkload[]): string {
  const items = workloads.map(
    (w, i) => `  # workload ${i}: a comment that must survive
  - name: w${i}
    model: ${w.model}   # the model
    volume: ${w.volume}
    provider: ${w.provider}   # chosen
    traffic: ${w.traffic}
    batch_size: ${w.batch}
    utilization: ${w.utilization.toFixed(3)}
    spot: ${w.spot}${w.latency === null ? '' : `\n    latency_slo_seconds: ${w.latency}`}${w.measured === null ? '' : `\n    seconds_per_image: ${w.measured.toFixed(2)}`}
`,
  );
  return `# generated\nversion: 1\nworkloads:\n${items.join('')}`;
}

describe('properties: any input', () => {
  it('parsing and pricing any string returns findings inside the document and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), yamlish), (text) => {
        const report = analyze(text);
        for (const f of allFindings(report)) {
          expect(f.range.start).toBeGreaterThanOrEqual(0);
          expect(f.range.end).toBeLessThanOrEqual(report.text.length);
          expect(f.range.start).toBeLessThanOrEqual(f.range.end);
          expect(f.message.length).toBeGreaterThan(0);
        }
      }),
      LIMITS,
    );
  });

  it('the CLI exits 0, 1 or 2 on any file, never with a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icr-prop-'));
    try {
      fc.assert(
        fc.property(fc.oneof(fc.string({ maxLength: 300 }), yamlish), fc.constantFrom('table', 'json', 'markdown', 'sarif'), (text, format) => {
          writeFileSync(join(dir, 'inference.yaml'), text);
          let err = '';
          const code = run(['check', '--format', format], { cwd: dir, out: () => {}, err: (t) => (err += t), today: () => TODAY });
          expect([0, 1, 2]).toContain(code);
          expect(err).not.toContain('internal error');
        }),
        { numRuns: 60, interruptAfterTimeLimit: 8_000 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('properties: valid files', () => {
  it('every cost is finite and non-negative; totals never decrease with volume; per call is linear', () => {
    fc.assert(
      fc.property(fc.array(workloadArb, { minLength: 1, maxLength: 3 }), (workloads) => {
        const report = analyze(fileOf(workloads));
        expect(report.workloads.length).toBe(workloads.length);
        for (const w of report.workloads) {
          for (const o of w.options) {
            for (const v of [o.totalMicros, o.computeMicros, o.overheadMicros]) expect(Number.isFinite(v) && v >= 0).toBe(true);
            const v = w.workload.volume;
            expect(totalAt(o, v * 2 + 1)).toBeGreaterThanOrEqual(totalAt(o, v) - 1);
            if (o.offer.billing === 'per_call') expect(Math.abs(costAt(o.curve, 2 * v) - 2 * costAt(o.curve, v))).toBeLessThanOrEqual(1e-6 * Math.max(1, costAt(o.curve, v)));
          }
        }
      }),
      LIMITS,
    );
  });

  it('the cheapest eligible option is never dearer than an eligible chosen one', () => {
    fc.assert(
      fc.property(workloadArb, (gen) => {
        const w = analyze(fileOf([gen])).workloads[0]!;
        if (w.chosen.eligible) expect(w.options[0]!.totalMicros).toBeLessThanOrEqual(w.chosen.totalMicros);
      }),
      LIMITS,
    );
  });

  it('at a reported break-even the two totals are within a cent, or the order flips on a step there', () => {
    fc.assert(
      fc.property(workloadArb, (gen) => {
        const w = analyze(fileOf([gen])).workloads[0]!;
        const chosen = withFixed(w.chosen.curve, w.chosen.overheadMicros);
        for (const b of w.breakEven) {
          if (b.volume === null || b.truncated) continue;
          const other = w.options.find((o) => o.offer.id === b.offer)!;
          const alt = withFixed(other.curve, other.overheadMicros);
          const diff = (v: number) => costAt(chosen, v) - costAt(alt, v);
          const v = b.volume;
          const eps = Math.max(1e-6, v * 1e-9);
          const withinCent = Math.abs(diff(v)) <= 10_000;
          const flips = Math.sign(diff(Math.max(0, v - eps))) * Math.sign(diff(v + eps)) < 0;
          expect(withinCent || flips, `${w.chosen.offer.id} vs ${b.offer} at ${v}: ${diff(v)}`).toBe(true);
        }
      }),
      { numRuns: 100, interruptAfterTimeLimit: 8_000 },
    );
  });

  it('batching never raises the per-image cost on GPU-billed offers while the batch fits', () => {
    fc.assert(
      fc.property(workloadArb, fc.integer({ min: 1, max: 4 }), (gen, extra) => {
        const small = analyze(fileOf([{ ...gen, batch: 1, latency: null }])).workloads[0]!;
        const large = analyze(fileOf([{ ...gen, batch: 1 + extra, latency: null }])).workloads[0]!;
        for (const o of small.options) {
          if (o.offer.billing === 'per_call' || !o.eligible) continue;
          const big = large.options.find((x) => x.offer.id === o.offer.id)!;
          if (!big.eligible) continue;
          expect(big.computeMicros).toBeLessThanOrEqual(o.computeMicros + 1);
        }
      }),
      LIMITS,
    );
  });

  it('a quick fix yields a valid file that differs only in the changed value, with every comment kept', () => {
    fc.assert(
      fc.property(fc.array(workloadArb, { minLength: 1, maxLength: 3 }), (workloads) => {
        const text = fileOf(workloads);
        const report = analyze(text);
        for (const finding of allFindings(report).filter((f) => f.fix)) {
          const [best] = fixEdits(text, finding);
          if (!best) continue;
          const fixed = applyValueEdit(text, best.edit);
          expect(fixed.slice(0, best.edit.range.start)).toBe(text.slice(0, best.edit.range.start));
          expect(fixed.slice(best.edit.range.start + best.edit.newText.length)).toBe(text.slice(best.edit.range.end));
          expect(fixed.match(/#.*$/gm)).toEqual(text.match(/#.*$/gm));
          const again = analyze(fixed);
          expect(again.workloads.length).toBe(report.workloads.length);
          expect(allFindings(again).filter((f) => !COST_CODES.has(f.code))).toEqual([]);
        }
      }),
      { numRuns: 100, interruptAfterTimeLimit: 8_000 },
    );
  });
});

describe('properties: the ranking kept as numbers agrees with the options built in full', () => {
  it('cheapest alternative, cheaper alternatives, sensitivity and break-evens match a scan of every option', () => {
    fc.assert(
      fc.property(fc.array(workloadArb, { minLength: 1, maxLength: 3 }), (workloads) => {
        for (const w of analyze(fileOf(workloads)).workloads) {
          const alternatives = w.options.filter((o) => o.eligible && o !== w.chosen);
          expect(w.options).toContain(w.chosen);
          expect(w.cheapestAlternative).toBe(alternatives[0]);
          const cheaper = alternatives.filter((o) => o.totalMicros < w.chosen.totalMicros).map((o) => ({ offer: o.offer.id, totalMicros: o.totalMicros }));
          for (const limit of [1, 5, 100]) expect(w.cheaperAlternatives(limit)).toEqual(cheaper.slice(0, limit));
          for (const point of w.sensitivity) {
            expect(point.chosenMicros).toBe(totalAt(w.chosen, point.volume));
            const eligible = w.options.filter((o) => o.eligible);
            const least = Math.min(...eligible.map((o) => totalAt(o, point.volume)));
            const winner = eligible.filter((o) => totalAt(o, point.volume) === least).map((o) => o.offer.id).sort()[0];
            expect(point.cheapest).toEqual(winner === undefined ? undefined : { offer: winner, micros: least });
          }
          for (const o of w.options) expect(w.breakEvenWith(o.offer.id) !== undefined).toBe(o.eligible && o !== w.chosen);
        }
      }),
      LIMITS,
    );
  });
});

describe('properties: money and counts are written as Intl en-US writes them', () => {
  const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const wholeUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
  const amounts = fc.oneof(fc.integer({ min: -1e7, max: 1e7 }), fc.double({ min: -1e22, max: 1e22, noNaN: true }));
  /** Intl writes a zero that rounds from a negative as "-$0.00"; ours never signs a zero. */
  const unsignedZero = (s: string): string => s.replace(/^-(\$?0(\.00)?)$/, '$1');

  it('formatUsd, formatWholeUsd and formatCount', () => {
    fc.assert(
      fc.property(amounts, (micros) => {
        expect(formatUsd(micros)).toBe(unsignedZero(usd.format(microsToCentsUsd(micros))));
        expect(formatWholeUsd(micros)).toBe(unsignedZero(wholeUsd.format(Math.round(micros / 1e6))));
        expect(formatCount(micros)).toBe(unsignedZero(Math.round(micros).toLocaleString('en-US')));
      }),
      { numRuns: 2_000, interruptAfterTimeLimit: 4_000 },
    );
    expect(formatUsd(-1)).toBe('$0.00');
    expect(formatCount(1234567.4)).toBe('1,234,567');
  });
});
