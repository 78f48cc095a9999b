import { mulberry32 } from './random';

/**
 * Calls queueing for `units` GPUs or replicas (test code only): Poisson arrivals at `rate` a second, each call takes
 * the unit that frees first for exactly `service` seconds. Returns the wait the slowest 1 % of calls exceed.
 */
export function simulateQueueP99Wait(input: {
  rate: number;
  service: number;
  units: number;
  calls: number;
  seed: number;
}): number {
  const random = mulberry32(input.seed);
  const freeAt = new Array<number>(input.units).fill(0);
  const waits = new Float64Array(input.calls);
  let now = 0;
  for (let i = 0; i < input.calls; i++) {
    now += -Math.log(1 - random()) / input.rate;
    let first = 0;
    for (let u = 1; u < input.units; u++) if (freeAt[u]! < freeAt[first]!) first = u;
    const start = Math.max(now, freeAt[first]!);
    waits[i] = start - now;
    freeAt[first] = start + input.service;
  }
  waits.sort();
  return waits[Math.floor(0.99 * input.calls)]!;
}
