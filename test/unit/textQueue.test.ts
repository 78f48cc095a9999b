import { describe, expect, it } from 'vitest';
import { analyze, CATALOG, oneWorkload, option, workload } from './helpers';
import { simulateTextReplicasP99Wait } from '../sim/textReplicas';
import fc from 'fast-check';
import { fewWait, waitChanceSharing } from '../../src/core/engine/queueing';
import { slotWaitP99, type TextServing } from '../../src/core/engine/speed';

const HOURS = CATALOG.assumptions.hours_per_month;

function textOption(model: string, offer: string, requests: number, tps: number, utilization: number, extra = {}) {
  const w = workload(
    analyze(
      oneWorkload({
        model,
        requests,
        input_tokens: model === 'qwen3-32b' ? 1500 : 2000,
        output_tokens: 500,
        output_tokens_per_second: tps,
        provider: offer,
        utilization,
        ...extra,
      }),
    ),
  );
  return option(w, offer);
}

describe('text replicas queue', () => {
  it('the wait for a free slot: within a quarter of an event simulation of continuous batching', () => {
    const cases = [
      ['llama-3.1-70b', 150_000, 30, 0.7],
      ['llama-3.1-70b', 300_000, 30, 0.7],
      ['llama-3.1-70b', 400_000, 60, 0.6],
      ['llama-3.1-70b', 305_000, 60, 0.6],
      ['qwen3-32b', 3_200_000, 25, 0.95],
    ] as const;
    for (const [model, requests, tps, utilization] of cases) {
      const o = textOption(model, 'nebius/h100', requests, tps, utilization);
      const text = o.details.speed!.text!;
      const units = o.details.gpus!;
      const slots = text.concurrency;
      const rate = requests / HOURS / 3600;
      const estimated = slotWaitP99(text, rate, units);
      // The simulated replica shares the engine's own roofline: c / (a + b·c) through one request and a full batch.
      const b = slots > 1 ? (slots / text.throughput - 1 / text.singleStream) / (slots - 1) : 0;
      const a = 1 / text.singleStream - b;
      const simulated = simulateTextReplicasP99Wait({
        rate,
        replicas: units,
        concurrency: slots,
        prefillSeconds: text.ttftSeconds,
        outputTokens: 500,
        throughput: (n) => n / (a + b * n),
        requests: 20_000,
        seed: 5,
      });
      const where = `${model} at ${requests}: ${units} x ${slots} slots, simulated ${simulated}, estimated ${estimated}`;
      // Only waits worth comparing: every case queues for over a second.
      expect(simulated, where).toBeGreaterThan(1);
      expect(estimated, where).toBeGreaterThanOrEqual(simulated * 0.75);
      expect(estimated, where).toBeLessThanOrEqual(simulated * 1.3);
    }
  });

  it('counts the queue in time to first token: 70B on 3 H100 replicas at over half their load', () => {
    const o = textOption('llama-3.1-70b', 'nebius/h100', 800_000, 30, 0.6, { ttft_seconds: 3 });
    expect(o.details.gpus).toBe(3);
    expect(o.details.utilization).toBeGreaterThan(0.5);
    expect(o.details.speed!.text!.ttftSeconds).toBeLessThan(3);
    expect(o.eligible).toBe(false);
    expect(o.reasons[0]!.text).toMatch(
      /1% of requests wait \d+(\.\d)? s or more for a free slot .* to the first token, over the 3 s target/,
    );
    expect(o.reasons[0]!.text).toMatch(/(\d) replicas would meet it/);
  });

  it('the chain of shared speeds is Erlang C when a call’s speed does not change with load', () => {
    // Erlang C for 3 servers at 2 Erlangs: 4/9.
    expect(waitChanceSharing(2, (n) => n, 3)).toBeCloseTo(4 / 9, 10);
    expect(waitChanceSharing(5, (n) => n, 3)).toBe(1);
  });

  it('where Erlang C at the full-concurrency hold says few wait, the shared chain has no p99 wait either (the sizing quick check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0.05, max: 1.2, noNaN: true }),
        (concurrency, replicas, alone, perExtra, loadShare) => {
          // A request holds its slot longer the more share a replica (decode slows as the batch grows).
          const text = { concurrency, holdSeconds: (n: number) => alone * (1 + perExtra * (n - 1)) } as TextServing;
          const full = text.holdSeconds(concurrency);
          const rate = (loadShare * replicas * concurrency) / full;
          if (fewWait(replicas * concurrency, rate * full)) expect(slotWaitP99(text, rate, replicas)).toBe(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
