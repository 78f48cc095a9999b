import { mulberry32 } from './random';

/**
 * An event simulation of serverless workers with a keep-alive, written from the billing rules and nothing else:
 * test code only, to check the engine's closed forms. Requests arrive as a Poisson process whose rate changes
 * hour by hour; each takes the most recently freed warm worker, or starts a new one (a cold start that occupies
 * the worker for its load time before the request runs); a worker idle for the keep-alive stops.
 */
export interface SimInput {
  /** Calls a second in each hour, repeated to fill `hours`. */
  hourlyRates: readonly number[];
  hours: number;
  service: number;
  keepAlive: number;
  coldStart: number;
  warmWorkers: number;
  seed: number;
}

export interface SimResult {
  calls: number;
  busySeconds: number;
  /** Keep-alive seconds of workers started for requests (always-warm workers are billed whole instead). */
  idleSeconds: number;
  coldStarts: number;
  /** Busy seconds that ran on always-warm workers. */
  warmBusySeconds: number;
}

interface Worker {
  freeAt: number;
  warm: boolean;
}

export function simulateServerless(input: SimInput): SimResult {
  const random = mulberry32(input.seed);
  const horizon = input.hours * 3600;
  const free: Worker[] = []; // idle workers, most recently freed last
  const busy: Worker[] = [];
  const result: SimResult = { calls: 0, busySeconds: 0, idleSeconds: 0, coldStarts: 0, warmBusySeconds: 0 };
  for (let i = 0; i < input.warmWorkers; i++) free.push({ freeAt: 0, warm: true });
  let t = 0;
  for (;;) {
    const rate = input.hourlyRates[Math.floor(t / 3600) % input.hourlyRates.length]!;
    if (rate <= 0) {
      t = (Math.floor(t / 3600) + 1) * 3600;
      if (t >= horizon) break;
      continue;
    }
    const next = t - Math.log(1 - random()) / rate;
    // A new hour may have a new rate: restart the draw from the hour's start (memoryless).
    if (Math.floor(next / 3600) !== Math.floor(t / 3600)) {
      t = (Math.floor(t / 3600) + 1) * 3600;
      if (t >= horizon) break;
      continue;
    }
    t = next;
    if (t >= horizon) break;
    release(busy, free, t);
    expire(free, t, input.keepAlive, result);
    result.calls++;
    const warm = pickWarm(free);
    if (warm) {
      if (!warm.warm) result.idleSeconds += t - warm.freeAt;
      else result.warmBusySeconds += input.service;
      warm.freeAt = t + input.service;
      busy.push(warm);
    } else {
      result.coldStarts++;
      busy.push({ freeAt: t + input.coldStart + input.service, warm: false });
    }
    result.busySeconds += input.service;
  }
  release(busy, free, horizon);
  for (const w of free) if (!w.warm) result.idleSeconds += Math.min(input.keepAlive, Math.max(0, horizon - w.freeAt));
  return result;
}

/** Workers whose request has finished become idle, in the order they finished. */
function release(busy: Worker[], free: Worker[], t: number): void {
  const done = busy.filter((w) => w.freeAt <= t).sort((a, b) => a.freeAt - b.freeAt);
  for (const w of done) {
    busy.splice(busy.indexOf(w), 1);
    free.push(w);
  }
}

/** Idle workers past their keep-alive stop; their whole keep-alive was billed. */
function expire(free: Worker[], t: number, keepAlive: number, result: SimResult): void {
  for (let i = free.length - 1; i >= 0; i--) {
    const w = free[i]!;
    if (!w.warm && t - w.freeAt > keepAlive) {
      result.idleSeconds += keepAlive;
      free.splice(i, 1);
    }
  }
}

/** The most recently freed idle worker, always-warm ones first (they are paid for anyway). */
function pickWarm(free: Worker[]): Worker | undefined {
  const warmAt = free.findIndex((w) => w.warm);
  const at = warmAt >= 0 ? warmAt : free.length - 1;
  return at >= 0 ? free.splice(at, 1)[0] : undefined;
}
