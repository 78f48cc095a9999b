import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../src/core/catalog/types';
import type { BillInput } from '../../src/core/engine/billing';
import {
  neverRests,
  peakWorkers,
  requestsInFlight,
  secondsInFlightSharing,
  textPoolHour,
} from '../../src/core/engine/billing/textPool';
import { usdPerSecond } from '../../src/core/engine/billing';
import { costSide } from '../../src/core/engine/options';
import type { TextServing } from '../../src/core/engine/speed';
import { loadProfile } from '../../src/core/engine/traffic';
import { contextFor } from '../../src/core/engine/whatIf';
import type { Report, WorkloadReport } from '../../src/core/report';
import { simulateTextServerless, type TextSimInput } from '../sim/serverlessText';
import { analyze, CATALOG, oneWorkload, option, totalAt, workload } from './helpers';
import { poissonPoint } from '../../src/core/engine/poisson';

const HOURS = 730;
const MONTH_SECONDS = HOURS * 3600;
const CHAT = { model: 'llama-3.1-8b', input_tokens: 800, output_tokens: 200 };

function chat(offer: string, requests: number, fields: Record<string, string | number> = {}) {
  const report = analyze(oneWorkload({ ...CHAT, requests, provider: offer, ...fields }));
  return { report, w: workload(report) };
}

/** The bill's input for an option at a volume, as the engine builds it (options.ts). */
function inputFor(report: Report, w: WorkloadReport, offer: Offer, volume: number): BillInput {
  const ctx = contextFor(report, w.workload)!;
  return {
    offer,
    workload: ctx.workload,
    model: report.catalog.models.get(w.workload.model),
    volume,
    speed: option(w, offer.id).details.speed,
    profile: ctx.profile,
    assumptions: report.catalog.assumptions,
    isChosen: offer.id === w.workload.provider,
  };
}

/** The simulation with the engine's serving rule for a text model on an offer. */
function simulate(text: TextServing, offer: Offer, run: Omit<TextSimInput, 'slots' | 'hold' | 'load' | 'keepAlive'>) {
  return simulateTextServerless({
    ...run,
    slots: text.concurrency,
    hold: (n) => secondsInFlightSharing(text, n),
    load: offer.cold_start_seconds,
    keepAlive: offer.idle_timeout_seconds,
  });
}

describe('serverless text workers: the issue reproduction', () => {
  // llama-3.1-8b, 800 in / 200 out, steady, on RunPod's B200 (10 s load, 5 s keep-alive, $0.0024/s when written).
  const volumes = [500_000, 1_000_000, 2_000_000, 5_000_000];
  const priced = volumes.map((v) => chat('runpod/b200', v, { traffic: 'steady' }).w);
  const b200 = priced[0]!.chosen.offer;
  const oneWorkerAllMonth = usdPerSecond(b200) * MONTH_SECONDS;

  it('never bills more than the one worker the load needs running all month, and never falls as volume grows', () => {
    const compute = priced.map((w) => w.chosen.computeMicros / 1e6);
    for (let i = 0; i < compute.length; i++) {
      expect(compute[i]).toBeLessThanOrEqual(oneWorkerAllMonth + 1e-6);
      if (i > 0) expect(compute[i]).toBeGreaterThan(compute[i - 1]!);
    }
    // At 5M requests the worker never stops: one worker all month.
    expect(compute[3]).toBeCloseTo(oneWorkerAllMonth, 0);
    // The hours billed are at most the month's: load included in each worker's life, not on top.
    for (const w of priced) expect(w.chosen.details.gpuHours!).toBeLessThanOrEqual(HOURS + 1e-6);
  });

  it('one worker by the closed form: alive 1 - 1 / (λL + e^(λ(h + T))), and within 2 % of the event simulation', () => {
    const text = priced[0]!.chosen.details.speed!.text!;
    const [load, keepAlive] = [b200.cold_start_seconds, b200.idle_timeout_seconds];
    priced.forEach((w, i) => {
      const rate = volumes[i]! / MONTH_SECONDS;
      // A request alone takes about half a second; hundreds of slots: one worker whatever the volume here.
      const hold = secondsInFlightSharing(text, 1);
      expect(requestsInFlight(text, rate).mean).toBeLessThan(2);
      const alive = 1 - 1 / (rate * load + Math.exp(rate * (hold + keepAlive)));
      expect(w.chosen.details.gpuHours! / HOURS).toBeCloseTo(alive, 6);
      const hours = 150;
      const sim = simulate(text, b200, { hourlyRates: [rate], hours, warmWorkers: 0, seed: 30 + i });
      expect(sim.peakWorkers).toBe(1);
      expect(Math.abs(alive / (sim.aliveSeconds / (hours * 3600)) - 1)).toBeLessThan(0.02);
    });
  });
});

describe('serverless text workers against the event simulation', () => {
  const textOn = (offer: string) => {
    const w = chat(offer, 1_000_000).w;
    return { text: option(w, offer).details.speed!.text!, offer: option(w, offer).offer };
  };

  it('one hour at a fixed rate: workers alive within 3 % of the simulation, from rare requests to several full workers', () => {
    const cases: [string, number][] = [
      ['fal/h100', 0.005],
      ['fal/h100', 0.05],
      ['replicate/a40', 0.01],
      ['runpod/l4', 0.05],
      // Several workers: an L4 completes 1.35 requests a second at its 42 slots, an A40 5 at 207.
      ['runpod/l4', 2],
      ['runpod/l4', 5],
      ['replicate/a40', 6],
    ];
    for (const [offerId, rate] of cases) {
      const { text, offer } = textOn(offerId);
      const pool = { keepAlive: offer.idle_timeout_seconds, load: offer.cold_start_seconds, warm: 0, peak: 100 };
      const engine = textPoolHour(text, rate, pool);
      const hours = Math.min(60, Math.max(24, Math.ceil(200_000 / rate / 3600)));
      const sim = simulate(text, offer, { hourlyRates: [rate], hours, warmWorkers: 0, seed: 7 });
      const simulated = sim.aliveSeconds / (hours * 3600);
      const where = JSON.stringify({ offerId, rate, engine: engine.alive, simulated });
      expect(Math.abs(engine.alive / simulated - 1), where).toBeLessThan(0.03);
      expect(engine.alive, where).toBeLessThanOrEqual(sim.peakWorkers);
    }
  });

  it('a month of business-hours and bursty traffic: billed hours within 5 % of the simulated weeks', () => {
    const cases: [string, string, number][] = [
      ['runpod/a100-80gb', 'business-hours', 300_000],
      ['fal/h100', 'bursty', 100_000],
      ['runpod/l4', 'bursty', 2_000_000],
    ];
    for (const [offerId, traffic, requests] of cases) {
      const { report, w } = chat(offerId, requests, { traffic });
      const o = option(w, offerId);
      const profile = loadProfile({ kind: traffic as 'bursty' }, report.catalog.assumptions);
      const meanRate = requests / MONTH_SECONDS;
      const weeks = 2;
      const sim = simulate(o.details.speed!.text!, o.offer, {
        hourlyRates: profile.weights.map((weight) => weight * meanRate),
        hours: weeks * 168,
        warmWorkers: 0,
        seed: 11,
      });
      const simulated = (sim.aliveSeconds / 3600 / (weeks * 168)) * HOURS;
      const where = JSON.stringify({ offerId, traffic, engine: o.details.gpuHours, simulated });
      expect(Math.abs(o.details.gpuHours! / simulated - 1), where).toBeLessThan(0.05);
    }
  });

  it('an always-warm worker takes the first requests: the elastic pool starts beyond it', () => {
    const { text, offer } = textOn('runpod/l4');
    const rate = 2;
    const pool = { keepAlive: offer.idle_timeout_seconds, load: offer.cold_start_seconds, warm: 1, peak: 100 };
    const engine = textPoolHour(text, rate, pool);
    const hours = 40;
    const sim = simulate(text, offer, { hourlyRates: [rate], hours, warmWorkers: 1, seed: 5 });
    expect(Math.abs(engine.alive / (sim.aliveSeconds / (hours * 3600)) - 1)).toBeLessThan(0.05);
  });
});

describe('properties: every per-second text offer in the built-in catalog', () => {
  const PER_SECOND = [...CATALOG.offers.values()].filter((o) => o.billing === 'per_second' && o.gpu);
  const MODELS = ['llama-3.1-8b', 'qwen3-30b-a3b', 'gpt-oss-20b', 'mistral-small-3.2', 'llama-3.1-70b'];

  it('never bills more than its peak workers all month, and never less at a higher volume', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.record({
          model: fc.constantFrom(...MODELS),
          // Log-uniform from 1 to 50M requests a month: one worker warm part of the time up to many full ones.
          requests: fc
            .double({ min: 0, max: Math.log10(5e7), noNaN: true })
            .map((e) => Math.max(1, Math.round(10 ** e))),
          input: fc.integer({ min: 0, max: 4000 }),
          output: fc.integer({ min: 1, max: 1000 }),
          traffic: fc.constantFrom('steady', 'business-hours', 'bursty', 'batch'),
          minWorkers: fc.constantFrom(0, 0, 0, 1),
        }),
        fc.double({ min: 1.0001, max: 4, noNaN: true }),
        (g, growth) => {
          const fields = `{ name: chat, model: ${g.model}, requests: ${g.requests}, input_tokens: ${g.input}, output_tokens: ${g.output}, traffic: ${g.traffic}, min_workers: ${g.minWorkers}, provider: runpod/b200 }`;
          const report = analyze(`version: 1\nworkloads:\n  - ${fields}\n`);
          const w = workload(report);
          const ctx = contextFor(report, w.workload)!;
          for (const offer of PER_SECOND) {
            const o = w.options.find((x) => x.offer.id === offer.id);
            if (!o?.priced || !o.details.speed?.text) continue;
            seen.add(offer.id);
            const where = `${offer.id} ${JSON.stringify(g)} ×${growth}`;
            const larger = Math.round(g.requests * growth);
            for (const v of [g.requests, larger]) {
              const compute = totalAt(report, w, offer.id, v) - o.overheadMicros;
              const peak = peakWorkers(inputFor(report, w, offer, v));
              expect(compute, where).toBeLessThanOrEqual(peak * MONTH_SECONDS * usdPerSecond(offer) * 1e6 + 8);
            }
            // Busy, idle and loads are each rounded to a micro-dollar: the sum may lose up to 3 where the bill is flat.
            expect(totalAt(report, w, offer.id, larger), where).toBeGreaterThanOrEqual(o.totalMicros - 3);
            expect(costSide(ctx, offer).fall, where).toBe(0);
          }
        },
      ),
      { numRuns: 60, seed: 30, interruptAfterTimeLimit: 10_000 },
    );
    // Every per-second offer whose GPU holds a model was checked.
    expect(seen.size).toBeGreaterThanOrEqual(PER_SECOND.length - 3);
  });
});

describe('a large text pool', () => {
  /** The sum over every worker, as textPoolHour wrote it before its first workers were counted without their tails. */
  function fullSum(text: TextServing, rate: number, pool: Parameters<typeof textPoolHour>[2]) {
    const { mean: a, hold } = requestsInFlight(text, rate);
    const draws = 1 + (pool.keepAlive / hold) * (1 + Math.sqrt(a) * Math.min(1, a));
    let [alive, busy, starts] = [0, 0, 0];
    for (let k = pool.warm + 1; k <= pool.peak; k++) {
      const j = (k - 1) * text.concurrency;
      let [aliveAlone, busyAlone, startsAlone] = [0, 0, 0];
      if (k === 1) {
        const quiet = Math.exp(-rate * (hold + pool.keepAlive));
        [aliveAlone, busyAlone, startsAlone] = [1 - quiet, -Math.expm1(-a), rate * quiet];
      } else {
        const point = poissonPoint(a, j);
        const logAtMost = point.atMost < 0.5 ? Math.log(point.atMost) : Math.log1p(-point.above);
        const others = draws > 1 ? Math.exp((draws - 1) * logAtMost) : 1;
        [aliveAlone, busyAlone, startsAlone] = [-Math.expm1(draws * logAtMost), point.above, rate * point.pmf * others];
      }
      const stretch = 1 + pool.load * startsAlone;
      alive += (aliveAlone + pool.load * startsAlone) / stretch;
      starts += startsAlone / stretch;
      busy += busyAlone / stretch;
      if (aliveAlone < 1e-18 && j > a) break;
    }
    return { alive, busy, starts };
  }

  it('counts the workers that never rest as the full sum does: alive to the bit, busy and starts to 1e-12', () => {
    const cases = fc.record({
      concurrency: fc.integer({ min: 1, max: 256 }),
      rate: fc.double({ min: 0.5, max: 5000, noNaN: true }),
      hold: fc.double({ min: 0.5, max: 30, noNaN: true }),
      keepAlive: fc.double({ min: 0, max: 600, noNaN: true }),
      load: fc.double({ min: 0, max: 120, noNaN: true }),
      warm: fc.integer({ min: 0, max: 3 }),
    });
    let large = 0;
    fc.assert(
      fc.property(cases, ({ concurrency, rate, hold, keepAlive, load, warm }) => {
        const text = {
          concurrency,
          gpuSecondsPerRequest: hold / concurrency,
          holdSeconds: (n: number) => hold * (1 + (0.5 * (n - 1)) / concurrency),
        } as TextServing;
        const a = requestsInFlight(text, rate).mean;
        // Past the requests in flight by 12 deviations and more: the pool's peak, however high, is within it.
        const peak = Math.ceil((a + 12 * Math.sqrt(a) + 20) / concurrency);
        if (a - 15 * Math.sqrt(a) > concurrency) large++;
        const pool = { keepAlive, load, warm, peak };
        const engine = textPoolHour(text, rate, pool);
        const full = fullSum(text, rate, pool);
        const floor = Math.max(0, rate * text.gpuSecondsPerRequest - warm);
        expect(engine.alive).toBe(Math.max(full.alive, floor));
        expect(Math.abs(engine.starts - full.starts)).toBeLessThanOrEqual(1e-12 * full.starts + 1e-300);
        const busy = Math.min(Math.max(full.busy, floor), Math.max(full.alive, floor) - load * full.starts);
        expect(Math.abs(engine.busy - busy)).toBeLessThanOrEqual(1e-12 * Math.abs(busy));
      }),
      { numRuns: 1500 },
    );
    // Pools whose second worker already never rests: the skip was taken.
    expect(large).toBeGreaterThan(200);
  });

  it('adds a worker that never rests as the full sum would, to the last bit', () => {
    // Workers from 5 to 15 standard deviations below the requests in flight: both sides of where the skip starts.
    const cases = fc.record({
      a: fc.double({ min: 30, max: 2e5, noNaN: true }),
      below: fc.double({ min: 5, max: 15, noNaN: true }),
      draws: fc.double({ min: 1, max: 1e4, noNaN: true }),
      rate: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
      load: fc.double({ min: 0, max: 600, noNaN: true }),
    });
    let skipped = 0;
    fc.assert(
      fc.property(cases, ({ a, below, draws, rate, load }) => {
        const j = Math.max(1, Math.floor(a - below * Math.sqrt(a)));
        if (!neverRests(a, j, rate * load)) return;
        skipped++;
        // What textPoolHour's laterWorker and sum make of this worker without the skip.
        const point = poissonPoint(a, j);
        const logAtMost = Math.log(point.atMost);
        const starts = rate * point.pmf * Math.exp((draws - 1) * logAtMost);
        const stretch = 1 + load * starts;
        expect(stretch).toBe(1);
        expect((-Math.expm1(draws * logAtMost) + load * starts) / stretch).toBe(1);
        expect(point.above / stretch).toBe(1);
        expect(starts).toBeLessThan(2 ** -60 * Math.max(1, rate));
      }),
      { numRuns: 2000 },
    );
    expect(skipped).toBeGreaterThan(200);
  });
});
