import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { TRAFFIC_PATTERNS } from '../../src/core/catalog/types';
import { applyValueEdit, fixEdits } from '../../src/core/edits';
import { allFindings } from '../../src/core/report';
import { formatCount, formatUsd, formatWholeUsd } from '../../src/core/money';
import { costSide } from '../../src/core/engine/options';
import { contextFor, whatIfPointsFor } from '../../src/core/engine/whatIf';
import { analyzeText, defaultSettings, EDITOR_SCOPE, FULL_SCOPE } from '../../src/core/engine/analyze';
import { analyze, TODAY, totalAt, COST_CODES } from './helpers';

/** Bounded by time as well as by count, so the suite's duration stays predictable. */
const LIMITS = { numRuns: 200, interruptAfterTimeLimit: 8_000 };
const OFFERS = [...builtinCatalog().offers.keys()];
/** Image models: text workloads have fields of their own (test/unit/text.test.ts). */
const MODELS = [...builtinCatalog().models.values()].filter((m) => m.kind !== 'text').map((m) => m.id);
/** Text that looks like inference.yaml often enough to reach the deep code paths. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'version: 1\n',
        'workloads:\n',
        '  - ',
        'name: a\n',
        'model: sdxl\n',
        'volume: 10\n',
        'provider: segmind/api\n',
        '    ',
        '&a ',
        '*a',
        '[',
        ']',
        '{',
        '}',
        ': ',
        '"',
        "'",
        '#',
        '\t',
        '---\n',
        '\n',
        '- ',
        '__proto__: 1\n',
        '.nan',
        '1e308',
        '\uFEFF',
        '\u0000',
      ),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 40 },
  )
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
        fc.property(
          fc.oneof(fc.string({ maxLength: 300 }), yamlish),
          fc.constantFrom('table', 'json', 'markdown', 'sarif'),
          (text, format) => {
            writeFileSync(join(dir, 'inference.yaml'), text);
            let err = '';
            const code = run(['check', '--format', format], {
              cwd: dir,
              out: () => {},
              err: (t) => (err += t),
              today: () => TODAY,
            });
            expect([0, 1, 2]).toContain(code);
            expect(err).not.toContain('internal error');
          },
        ),
        { numRuns: 60, interruptAfterTimeLimit: 8_000 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('properties: valid files', () => {
  it('every cost is finite and non-negative; totals of offers that cannot fall never decrease with volume; per call is linear', () => {
    fc.assert(
      fc.property(fc.array(workloadArb, { minLength: 1, maxLength: 3 }), (workloads) => {
        const report = analyze(fileOf(workloads));
        expect(report.workloads.length).toBe(workloads.length);
        for (const w of report.workloads) {
          for (const o of w.options) {
            for (const v of [o.totalMicros, o.computeMicros, o.overheadMicros])
              expect(Number.isFinite(v) && v >= 0).toBe(true);
            const parts = Object.values(o.breakdown).reduce((a: number, b: number) => a + b, 0);
            expect(parts).toBe(o.totalMicros);
            const v = w.workload.volume;
            // Never down (up to float noise in the Poisson sums), except where billed cold starts can lower the bill.
            if (costSide(contextFor(report, w.workload)!, o.offer).fall === 0)
              expect(totalAt(report, w, o.offer.id, v * 2 + 1)).toBeGreaterThanOrEqual(o.totalMicros * (1 - 1e-6) - 8);
            if (o.offer.billing === 'per_call')
              expect(Math.abs(totalAt(report, w, o.offer.id, 2 * v) - 2 * o.totalMicros)).toBeLessThanOrEqual(1);
          }
        }
      }),
      LIMITS,
    );
  });

  it('the first option is the cheapest eligible offer, each offer re-priced on its own', () => {
    fc.assert(
      fc.property(workloadArb, (gen) => {
        const report = analyze(fileOf([gen]));
        const w = report.workloads[0]!;
        const eligible = w.options.filter((o) => o.eligible);
        if (eligible.length === 0) return;
        const totals = eligible.map((o) => totalAt(report, w, o.offer.id, w.workload.volume));
        expect(w.options[0]!.eligible).toBe(true);
        expect(w.options[0]!.totalMicros).toBe(Math.min(...totals));
        if (w.chosen.eligible) expect(w.chosen.totalMicros).toBeGreaterThanOrEqual(Math.min(...totals));
      }),
      LIMITS,
    );
  });

  it('a reported break-even is a whole volume where the order of the two totals flips from the one before, or they are equal', () => {
    fc.assert(
      fc.property(workloadArb, (gen) => {
        const report = analyze(fileOf([gen]));
        const w = report.workloads[0]!;
        for (const b of w.breakEvens) {
          for (const v of b.crossings) {
            expect(Number.isInteger(v), `${b.offer} at ${v}`).toBe(true);
            const diff = (x: number) => totalAt(report, w, w.chosen.offer.id, x) - totalAt(report, w, b.offer, x);
            const withinCent = Math.abs(diff(v)) <= 10_000;
            const flips = Math.sign(diff(Math.max(0, v - 1))) * Math.sign(diff(v)) <= 0;
            expect(withinCent || flips, `${w.chosen.offer.id} vs ${b.offer} at ${v}: ${diff(v)}`).toBe(true);
          }
          if (b.volume !== null) expect(b.crossings).toContain(b.volume);
        }
      }),
      { numRuns: 60, interruptAfterTimeLimit: 10_000 },
    );
  });

  // Serverless is the exception for the total: fewer, longer calls leave longer gaps, so a worker can go cold more
  // often and the billed loads can grow a little; its busy seconds still never rise.
  it('batching never raises the busy cost on GPU-billed offers, nor the total of rentals and endpoints, while the batch fits', () => {
    fc.assert(
      fc.property(workloadArb, fc.integer({ min: 1, max: 4 }), (gen, extra) => {
        const small = analyze(fileOf([{ ...gen, batch: 1, latency: null }])).workloads[0]!;
        const large = analyze(fileOf([{ ...gen, batch: 1 + extra, latency: null }])).workloads[0]!;
        for (const o of small.options) {
          if (o.offer.billing === 'per_call' || !o.eligible) continue;
          const big = large.options.find((x) => x.offer.id === o.offer.id)!;
          if (!big.eligible) continue;
          expect(big.breakdown.busy).toBeLessThanOrEqual(o.breakdown.busy + 1);
          if (o.offer.billing !== 'per_second') expect(big.computeMicros).toBeLessThanOrEqual(o.computeMicros + 1);
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

describe('properties: the ranking and what is derived from it', () => {
  it('cheapest alternative, what-if points and break-evens agree with a scan of every option', () => {
    fc.assert(
      fc.property(fc.array(workloadArb, { minLength: 1, maxLength: 2 }), (workloads) => {
        const report = analyze(fileOf(workloads));
        for (const w of report.workloads) {
          const alternatives = w.options.filter((o) => o.eligible && o !== w.chosen);
          expect(w.options).toContain(w.chosen);
          expect(w.cheapestAlternative).toBe(alternatives[0]);
          for (let i = 1; i < alternatives.length; i++)
            expect(alternatives[i]!.totalMicros).toBeGreaterThanOrEqual(alternatives[i - 1]!.totalMicros);
          expect(w.sensitivity).toHaveLength(3);
          for (const point of w.sensitivity!) {
            expect(point.chosenMicros).toBe(totalAt(report, w, w.chosen.offer.id, point.volume));
            const least = Math.min(
              ...w.options.filter((o) => o.eligible).map((o) => totalAt(report, w, o.offer.id, point.volume)),
            );
            // Latency eligibility moves with volume (cold-start share), so the scan holds only without a target.
            if (point.cheapest && w.workload.latencySloSeconds === undefined) expect(point.cheapest.micros).toBe(least);
          }
          // An offer that cannot run the workload breaks even with nothing.
          const searched = w.chosen.priced ? alternatives.map((o) => o.offer.id) : [];
          expect(w.breakEvens.map((b) => b.offer)).toEqual(searched);
        }
      }),
      { numRuns: 40, interruptAfterTimeLimit: 10_000 },
    );
  });
});

describe('how far a total can fall as volume grows', () => {
  it('all but the billed cold starts never falls, and those are at most `fall` times the rest of the compute, image or text', () => {
    const textArb = fc.record({
      requests: fc.integer({ min: 0, max: 50_000_000 }),
      input: fc.integer({ min: 0, max: 4000 }),
      output: fc.integer({ min: 1, max: 1000 }),
      traffic: fc.constantFrom('steady', 'bursty', 'business-hours', 'batch'),
      minWorkers: fc.constantFrom(0, 0, 1),
    });
    fc.assert(
      fc.property(
        fc.oneof(
          workloadArb.map((g) => fileOf([g])),
          textArb.map(textFile),
        ),
        // Volumes from a thousandth to ten times the declared one, and a growth of up to 4x: the fall is where one
        // worker is warm part of the time, so small steps at low volumes find it.
        fc.double({ min: -3, max: 1, noNaN: true }),
        fc.double({ min: 1.01, max: 4, noNaN: true }),
        (text, exponent, growth) => {
          const report = analyze(text);
          const w = report.workloads[0];
          if (!w) return;
          const ctx = contextFor(report, w.workload)!;
          for (const o of w.options.filter((x) => x.priced)) {
            const lower = w.workload.volume * 10 ** exponent;
            const side = costSide(ctx, o.offer);
            const fall = side.fall;
            const [before, after] = [lower, lower * growth].map((v) => {
              const cold = fall === 0 ? 0 : side.falling(v);
              return { cold, rest: side.total(v) - cold };
            });
            // Up to a millionth (the Poisson sums skip a lower tail under that share of their mass), and each part
            // rounded to a micro-dollar on its own: the slack the break-even search allows (breakEven.ts).
            const where = `${o.offer.id} from ${lower} to ${lower * growth}`;
            expect(before!.rest, where).toBeLessThanOrEqual(after!.rest * (1 + 1e-6) + 8);
            for (const { cold, rest } of [before!, after!])
              expect(cold, where).toBeLessThanOrEqual(fall * (rest - o.overheadMicros) + 8);
          }
        },
      ),
      { numRuns: 150, interruptAfterTimeLimit: 8_000 },
    );
  });
});

function textFile(t: { requests: number; input: number; output: number; traffic: string; minWorkers: number }): string {
  return `version: 1\nworkloads:\n  - { name: chat, model: llama-3.1-8b, requests: ${t.requests}, input_tokens: ${t.input}, output_tokens: ${t.output}, traffic: ${t.traffic}, min_workers: ${t.minWorkers}, provider: runpod/a40 }\n`;
}

describe('scopes', () => {
  it('the editor leaves out the what-if points, and the hover prices the same ones the full report has', () => {
    fc.assert(
      fc.property(workloadArb, (gen) => {
        const text = fileOf([gen]);
        const settings = { ...defaultSettings(TODAY) };
        const editor = analyzeText(text, settings, EDITOR_SCOPE);
        const full = analyzeText(text, settings, FULL_SCOPE);
        const w = editor.workloads[0];
        if (!w) return;
        expect(w.sensitivity).toBeUndefined();
        expect(w.breakEvens.length).toBeLessThanOrEqual(1);
        expect(whatIfPointsFor(editor, w)).toEqual(full.workloads[0]!.sensitivity);
      }),
      { numRuns: 30, interruptAfterTimeLimit: 8_000 },
    );
  });
});

describe('money and counts', () => {
  it('never sign a zero, and group digits as en-US does', () => {
    expect(formatUsd(-1)).toBe('$0.00');
    expect(formatWholeUsd(-400_000)).toBe('$0');
    expect(formatCount(-0.2)).toBe('0');
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatUsd(1_234_567_890)).toBe('$1,234.57');
  });
});
