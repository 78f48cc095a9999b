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
  /** Requests one worker runs at once (a text model's concurrency); 1 when absent. A request holds a slot `service` s. */
  slots?: number;
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
  /** Seconds workers started for requests had at least one request in flight (or were loading). */
  workerBusySeconds: number;
}

interface Worker {
  /** When each request in flight (or the load before the first) ends. */
  ends: number[];
  /** When the worker last had nothing in flight; its busy spell started at busySince. */
  freeAt: number;
  busySince: number;
  warm: boolean;
}

export function simulateServerless(input: SimInput): SimResult {
  const random = mulberry32(input.seed);
  const slots = input.slots ?? 1;
  const horizon = input.hours * 3600;
  const workers: Worker[] = [];
  const result: SimResult = {
    calls: 0,
    busySeconds: 0,
    idleSeconds: 0,
    coldStarts: 0,
    warmBusySeconds: 0,
    workerBusySeconds: 0,
  };
  for (let i = 0; i < input.warmWorkers; i++) workers.push({ ends: [], freeAt: 0, busySince: 0, warm: true });
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
    for (const w of workers) finish(w, t, result);
    expire(workers, t, input.keepAlive, result);
    result.calls++;
    result.busySeconds += input.service;
    const worker = pickWorker(workers, slots);
    if (worker) {
      if (worker.ends.length === 0) {
        if (!worker.warm) result.idleSeconds += t - worker.freeAt;
        worker.busySince = t;
      }
      if (worker.warm) result.warmBusySeconds += input.service;
      worker.ends.push(t + input.service);
    } else {
      result.coldStarts++;
      // The load occupies the new worker before the request runs.
      workers.push({ ends: [t + input.coldStart + input.service], freeAt: t, busySince: t, warm: false });
    }
  }
  for (const w of workers) {
    finish(w, horizon, result);
    if (w.ends.length > 0) {
      if (!w.warm) result.workerBusySeconds += horizon - w.busySince;
    } else if (!w.warm) result.idleSeconds += Math.min(input.keepAlive, Math.max(0, horizon - w.freeAt));
  }
  return result;
}

/** Requests that have ended leave the worker; one left with nothing in flight becomes idle at the last end. */
function finish(w: Worker, t: number, result: SimResult): void {
  if (w.ends.length === 0) return;
  const remaining = w.ends.filter((end) => end > t);
  if (remaining.length === 0) {
    w.freeAt = Math.max(...w.ends);
    if (!w.warm) result.workerBusySeconds += w.freeAt - w.busySince;
  }
  w.ends = remaining;
}

/** Idle workers past their keep-alive stop; their whole keep-alive was billed. */
function expire(workers: Worker[], t: number, keepAlive: number, result: SimResult): void {
  for (let i = workers.length - 1; i >= 0; i--) {
    const w = workers[i]!;
    if (!w.warm && w.ends.length === 0 && t - w.freeAt > keepAlive) {
      result.idleSeconds += keepAlive;
      workers.splice(i, 1);
    }
  }
}

/**
 * Where a request goes: a worker already running requests with a slot free (batched with them), else an idle one,
 * always-warm first (they are paid for anyway), then the most recently freed; undefined when every worker is full.
 */
function pickWorker(workers: Worker[], slots: number): Worker | undefined {
  const running = workers.filter((w) => w.ends.length > 0 && w.ends.length < slots);
  if (running.length > 0) return running.find((w) => w.warm) ?? running[running.length - 1];
  const idle = workers.filter((w) => w.ends.length === 0);
  if (idle.length === 0) return undefined;
  return idle.find((w) => w.warm) ?? idle.reduce((a, b) => (b.freeAt > a.freeAt ? b : a));
}
