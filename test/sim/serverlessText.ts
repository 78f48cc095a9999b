import { mulberry32 } from './random';

/**
 * Serverless workers of a text model, event by event (test code only), written from the billing rules: requests
 * arrive as a Poisson stream whose rate changes hour by hour; a request joins the oldest alive worker with a free slot
 * (always-warm workers first), else starts a new worker that loads the model for `load` seconds before it runs anything
 * (requests that join it meanwhile wait); the n requests on a worker progress together, each at 1 / hold(n) of a
 * request a second (continuous batching); a worker with nothing in flight for `keepAlive` seconds stops. A worker
 * started for requests is billed from its start to its stop: its load, its busy time and its idle keep-alive.
 */
export interface TextSimInput {
  /** Requests a second in each hour, repeated to fill `hours`. */
  hourlyRates: readonly number[];
  hours: number;
  /** Requests one worker runs at once. */
  slots: number;
  /** Seconds a request is in flight when n run on its worker. */
  hold: (n: number) => number;
  load: number;
  keepAlive: number;
  warmWorkers: number;
  seed: number;
}

export interface TextSimResult {
  calls: number;
  /** Workers started for requests. */
  starts: number;
  /** Seconds of life of workers started for requests (start to stop, or to the end of the run). */
  aliveSeconds: number;
  loadSeconds: number;
  /** Seconds those workers had a request in flight after their load. */
  busySeconds: number;
  /** The most workers alive at once, always-warm ones included. */
  peakWorkers: number;
}

interface Worker {
  warm: boolean;
  startedAt: number;
  readyAt: number;
  /** Requests completed by one request alone, summed since the worker started: all in flight progress together. */
  progress: number;
  /** The progress at which each request in flight joined, oldest first (so it ends first). */
  joined: number[];
  emptySince: number;
  clock: number;
}

/** Progress left under this counts as done: float steps this small would no longer move the clock. */
const DONE = 1e-9;

export function simulateTextServerless(input: TextSimInput): TextSimResult {
  const random = mulberry32(input.seed);
  const horizon = input.hours * 3600;
  const result: TextSimResult = {
    calls: 0,
    starts: 0,
    aliveSeconds: 0,
    loadSeconds: 0,
    busySeconds: 0,
    peakWorkers: 0,
  };
  const workers: Worker[] = [];
  for (let i = 0; i < input.warmWorkers; i++)
    workers.push({ warm: true, startedAt: -Infinity, readyAt: 0, progress: 0, joined: [], emptySince: 0, clock: 0 });
  result.peakWorkers = workers.length;
  let now = 0;
  let arrival = nextArrival(input, random, 0, horizon);
  for (;;) {
    const next = Math.min(arrival, ...workers.map((w) => nextEvent(w, input)));
    if (next >= horizon) break;
    for (const w of workers) advance(w, next, input, result);
    now = next;
    settle(workers, now, input, result);
    if (arrival <= now) {
      result.calls++;
      join(workers, now, input, result);
      arrival = nextArrival(input, random, now, horizon);
    }
  }
  for (const w of workers) {
    advance(w, horizon, input, result);
    if (!w.warm) result.aliveSeconds += horizon - w.startedAt;
  }
  return result;
}

/** The next arrival after t: the hour's rate, redrawn at each hour's start (memoryless); Infinity past the horizon. */
function nextArrival(input: TextSimInput, random: () => number, t: number, horizon: number): number {
  for (let from = t; from < horizon;) {
    const hour = Math.floor(from / 3600);
    const rate = input.hourlyRates[hour % input.hourlyRates.length]!;
    const at = rate > 0 ? from - Math.log(1 - random()) / rate : Infinity;
    if (at < (hour + 1) * 3600) return at;
    from = (hour + 1) * 3600;
  }
  return Infinity;
}

/** When a worker next changes: its load ends, its oldest request ends, or its keep-alive runs out. */
function nextEvent(w: Worker, input: TextSimInput): number {
  if (w.clock < w.readyAt) return w.readyAt;
  if (w.joined.length > 0) return w.clock + (w.joined[0]! + 1 - w.progress) * input.hold(w.joined.length);
  return w.warm ? Infinity : w.emptySince + input.keepAlive;
}

/** Moves a worker's clock to t (no event of its own before t): its requests progress, its busy time counts. */
function advance(w: Worker, t: number, input: TextSimInput, result: TextSimResult): void {
  const from = Math.max(w.clock, w.readyAt);
  if (t > from && w.joined.length > 0) {
    w.progress += (t - from) / input.hold(w.joined.length);
    if (!w.warm) result.busySeconds += t - from;
  }
  w.clock = Math.max(w.clock, t);
}

/** Requests that are done leave; workers idle past their keep-alive stop. */
function settle(workers: Worker[], now: number, input: TextSimInput, result: TextSimResult): void {
  for (let i = workers.length - 1; i >= 0; i--) {
    const w = workers[i]!;
    if (now < w.readyAt) continue;
    let finished = false;
    while (w.joined.length > 0 && ends(w, now, input)) {
      w.joined.shift();
      finished = true;
    }
    if (finished && w.joined.length === 0) w.emptySince = now;
    if (!w.warm && w.joined.length === 0 && now >= w.emptySince + input.keepAlive - DONE) {
      result.aliveSeconds += now - w.startedAt;
      workers.splice(i, 1);
    }
  }
}

/** Whether the oldest request on the worker is done by now (within what the clock can still resolve). */
function ends(w: Worker, now: number, input: TextSimInput): boolean {
  const left = w.joined[0]! + 1 - w.progress;
  return left <= DONE || now + left * input.hold(w.joined.length) === now;
}

/** A request joins the oldest worker with a free slot, or starts one. */
function join(workers: Worker[], now: number, input: TextSimInput, result: TextSimResult): void {
  const free = workers.find((w) => w.joined.length < input.slots);
  if (free) {
    free.joined.push(free.progress);
    return;
  }
  result.starts++;
  result.loadSeconds += input.load;
  // Workers are kept oldest first: a new one goes last.
  workers.push({
    warm: false,
    startedAt: now,
    readyAt: now + input.load,
    progress: 0,
    joined: [0],
    emptySince: now,
    clock: now,
  });
  result.peakWorkers = Math.max(result.peakWorkers, workers.length);
}
