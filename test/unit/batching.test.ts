import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batchTime, singleFromBatch } from '../../src/core/engine/speed';
import { defaultSettings } from '../../src/core/engine/analyze';
import { FINDING_CODES } from '../../src/core/findings/types';
import { allFindings } from '../../src/core/report';
import { importUsage } from '../../src/node/importUsage';
import { analyze, CATALOG, oneWorkload, option, TODAY, workload } from './helpers';

const CURVE = CATALOG.assumptions.batching;
/** Offers at one price on the GPUs compared, so only the speeds differ. */
const GPUS = ['h100', 'a100-80gb', 't4', 'l40s'];
const HEAD = `offers:\n${GPUS.map((g) => `  - { id: same/${g}, billing: per_hour, usd_per_hour: 1, gpu: ${g} }`).join('\n')}\n`;

function speedOf(fields: Record<string, string | number>, offer = 'same/h100') {
  const w = workload(analyze(oneWorkload({ volume: 100_000, provider: 'same/h100', ...fields }, HEAD)));
  return option(w, offer).details.speed!;
}

/** Throughput of a batch against one image at a time, same settings and GPU. */
function gain(fields: Record<string, string | number>, offer = 'same/h100', batch = 8): number {
  const one = speedOf({ ...fields, batch_size: 1 }, offer).perImage;
  return one / speedOf({ ...fields, batch_size: batch }, offer).perImage;
}

describe('the batching curve', () => {
  it('SDXL 1024x1024 on an H100: a batch of 8 gains 1.1-1.5x over one image at a time, not 4.6x', () => {
    const g = gain({ model: 'sdxl' });
    expect(g).toBeGreaterThan(1.1);
    expect(g).toBeLessThan(1.5);
    // On an A100 the same image fills more of the GPU: less still.
    expect(gain({ model: 'sdxl' }, 'same/a100-80gb')).toBeLessThan(g);
  });

  it('reproduces every measured batch time it was fitted to within 22 %', () => {
    expect(CURVE.measurements.length).toBeGreaterThanOrEqual(8);
    for (const m of CURVE.measurements) {
      const single = m.seconds['1']!;
      for (const [size, measured] of Object.entries(m.seconds)) {
        const predicted = batchTime(CURVE, single, m.steps, Number(size)).seconds;
        expect(Math.abs(predicted / measured - 1), `${m.source} batch ${size}`).toBeLessThan(0.22);
      }
    }
  });

  it('gains more where one image fills less of the GPU: smaller images, smaller models, faster GPUs', () => {
    expect(gain({ model: 'sdxl', resolution: '512x512' })).toBeGreaterThan(gain({ model: 'sdxl' }));
    expect(gain({ model: 'sd15' })).toBeGreaterThan(gain({ model: 'flux-dev' }));
    expect(gain({ model: 'sdxl' })).toBeGreaterThan(gain({ model: 'sdxl' }, 'same/t4'));
    // No batch gains more than the cap on the fixed share allows: 8 / (0.6 + 8 x 0.4).
    expect(gain({ model: 'sdxl', resolution: '256x256' })).toBeLessThanOrEqual(8 / (0.6 + 8 * 0.4) + 1e-9);
  });

  it('a larger batch never costs more GPU time an image, and a call never takes less than one image (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 200, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 63 }),
        (single, steps, batch) => {
          const a = batchTime(CURVE, single, steps, batch).seconds;
          const b = batchTime(CURVE, single, steps, batch + 1).seconds;
          expect(a).toBeGreaterThanOrEqual(single * (1 - 1e-12));
          expect(b / (batch + 1)).toBeLessThanOrEqual((a / batch) * (1 + 1e-12));
          // Read backwards, the curve gives the single image back.
          expect(singleFromBatch(CURVE, a, steps, batch)).toBeCloseTo(single, 6);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('seconds_per_batch: a measured call', () => {
  const fields = { model: 'sdxl', batch_size: 8, seconds_per_batch: 10 };

  it("wins on the chosen offer's GPU; scales to GPUs with no speed of their own; a GPU in the table keeps its own", () => {
    const w = workload(analyze(oneWorkload({ volume: 100_000, provider: 'same/h100', ...fields }, HEAD)));
    expect(w.chosen.details.speed).toMatchObject({ perBatch: 10, perImage: 10 / 8, basis: 'measured' });
    const l40s = option(w, 'same/l40s').details.speed!;
    const ratio = CATALOG.gpus.get('h100')!.relative_speed / CATALOG.gpus.get('l40s')!.relative_speed;
    expect(l40s.basis).toBe('scaled-measurement');
    expect(l40s.perBatch).toBeCloseTo(10 * ratio, 9);
    // sdxl has a measured A100 time: the curve on it, not the H100's batch.
    const a100 = option(w, 'same/a100-80gb').details.speed!;
    expect(a100.seconds).toBeCloseTo(3.31, 9);
    expect(a100.perBatch).toBeCloseTo(batchTime(CURVE, 3.31, 30, 8).seconds, 9);
  });

  it('batch_time_factor still replaces the curve where no measured call applies', () => {
    const s = speedOf({ model: 'sdxl', batch_size: 8, batch_time_factor: 2 }, 'same/a100-80gb');
    expect(s.perBatch).toBeCloseTo(3.31 * 2, 9);
  });

  it('says where a measured call cannot be used as written', () => {
    const messages = (fields: Record<string, string | number>, provider = 'same/h100') =>
      allFindings(analyze(oneWorkload({ model: 'sdxl', volume: 1000, provider, ...fields }, HEAD)))
        .filter((f) => f.code === FINDING_CODES.invalidValue)
        .map((f) => f.message)
        .join('\n');
    expect(messages({ seconds_per_batch: 5 })).toMatch(/`batch_size` is 1/);
    expect(messages({ batch_size: 4, seconds_per_batch: 2, seconds_per_image: 3 })).toMatch(
      /A call of 4 images \(`seconds_per_batch: 2`\) takes less than one image alone/,
    );
    expect(messages({ batch_size: 4, seconds_per_batch: 9, batch_time_factor: 2 })).toMatch(
      /`batch_time_factor` is not used on the chosen offer's GPU/,
    );
    expect(messages({ batch_size: 4, seconds_per_batch: 9 }, 'segmind/api')).toMatch(/runs on no GPU of its own/);
    expect(messages({ batch_size: 4, seconds_per_batch: 9 })).toBe('');
  });
});

describe('usage import of batched calls', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('fills seconds_per_batch (and batch_size) from the calls of several images on the chosen GPU', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icr-batch-'));
    dirs.push(dir);
    const rows = ['created_at,gpu,images,duration_s,status'];
    const start = Date.UTC(2026, 10, 2, 5);
    for (let i = 0; i < 40; i++) {
      const at = new Date(start + i * 90_000).toISOString();
      // Calls of 4 images at 44-46 s, a few of 2, and one-image calls at 12 s.
      if (i % 4 === 0) rows.push(`${at},A40,2,${(23 + (i % 3)).toFixed(1)},succeeded`);
      else if (i % 4 === 1) rows.push(`${at},A40,1,12.0,succeeded`);
      else rows.push(`${at},A40,4,${(44 + (i % 3)).toFixed(1)},succeeded`);
    }
    const log = join(dir, 'log.csv');
    writeFileSync(log, `${rows.join('\n')}\n`);
    const file =
      'version: 1\nworkloads:\n  - name: shots\n    model: flux-dev\n    volume: 1000\n    provider: replicate/a40\n';
    const settings = { ...defaultSettings(TODAY), catalog: CATALOG };
    const outcome = await importUsage({ text: file, logPath: log, workload: 'shots', settings, timeZone: 'UTC' });
    if (!outcome.ok) throw new Error(outcome.message);
    const change = (key: string) => outcome.result.changes.find((c) => c.key === key)?.yaml;
    expect(change('batch_size')).toBe('4');
    expect(Number(change('seconds_per_batch'))).toBeGreaterThan(44 * 0.97);
    expect(Number(change('seconds_per_batch'))).toBeLessThan(46 * 1.03);
    expect(outcome.result.found.join('\n')).toMatch(
      /Median run time of a call of 4 images on a40: 4\d(\.\d+)? s over 20 calls/,
    );
    expect(outcome.newText).toMatch(/batch_size: 4\n {4}seconds_per_batch: 4\d/);
    // The workload as written now prices its calls at the measured time.
    const w = workload(analyze(outcome.newText));
    expect(w.chosen.details.speed?.basis).toBe('measured');
    expect(w.chosen.details.speed?.perBatch).toBe(Number(change('seconds_per_batch')));
  });
});
