import { mulberry32 } from './random';

/**
 * A fleet that follows the load hour by hour (test code only): each hour of the week asks for `unitsByHour[h]` units;
 * units added at an hour's start serve only `startupSeconds` later, units removed go at once (those that free first).
 * Calls arrive as a Poisson stream at `callsPerHour[h]`, each takes the unit that frees first for `service` seconds.
 * Returns the share of calls whose wait exceeds `slack`.
 */
export function simulateScaleUp(input: {
  callsPerHour: readonly number[];
  unitsByHour: readonly number[];
  service: number;
  startupSeconds: number;
  slack: number;
  weeks: number;
  seed: number;
}): number {
  const random = mulberry32(input.seed);
  const hours = input.callsPerHour.length;
  let freeAt: number[] = [];
  let calls = 0;
  let late = 0;
  for (let h = 0; h < hours * input.weeks; h++) {
    const start = h * 3600;
    const wanted = input.unitsByHour[h % hours]!;
    freeAt.sort((a, b) => a - b);
    if (wanted < freeAt.length) freeAt = freeAt.slice(freeAt.length - wanted);
    while (freeAt.length < wanted) freeAt.push(start + (h === 0 ? 0 : input.startupSeconds));
    const rate = input.callsPerHour[h % hours]! / 3600;
    if (rate <= 0 || wanted === 0) continue;
    for (let now = start + -Math.log(1 - random()) / rate; now < start + 3600; now += -Math.log(1 - random()) / rate) {
      let first = 0;
      for (let u = 1; u < freeAt.length; u++) if (freeAt[u]! < freeAt[first]!) first = u;
      const begins = Math.max(now, freeAt[first]!);
      calls++;
      if (begins - now > input.slack) late++;
      freeAt[first] = begins + input.service;
    }
  }
  return calls > 0 ? late / calls : 0;
}
