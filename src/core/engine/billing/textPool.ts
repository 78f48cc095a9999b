import type { TextServing } from '../speed';
import { poissonPoint, poissonQuantileAbove, type PoissonPoint } from '../poisson';
import {
  callRate,
  callsPerMonth,
  coldStartSecondsFor,
  SECONDS_PER_HOUR,
  weeksPerMonth,
  type BillInput,
} from './common';

/**
 * Serverless workers of a text model (docs/cost-model.md, "Serverless text workers"). A worker runs up to `slots`
 * requests at once (continuous batching); the pool is ⌈requests in flight / slots⌉ workers, each kept a keep-alive
 * after its last request and loaded once when it starts. Worker k (the k-th oldest: requests fill the oldest first) is
 * needed while more than (k - 1) × slots requests are in flight. Load time is part of a worker's life, not added on
 * top: the month bills each worker from its start to its stop, so it never passes the pool's peak workers all month.
 */

/** A share of the busiest hour's time above which the pool holds every request in flight: the most a month sees. */
const PEAK_SHARE = 1e-6;
/** Halvings (of the logarithm) in the search for the requests on a worker: to a millionth of the slots' range. */
const HALVINGS = 24;

/** A month of the pool: the shape of serverless.ts's month, kept here so the two files do not import each other. */
export interface TextPoolMonth {
  /** Seconds elastic workers had a request in flight. */
  busySeconds: number;
  /** Their keep-alive seconds with nothing in flight. */
  idleSeconds: number;
  /** Workers started; each loads once. */
  coldStarts: number;
  calls: number;
}

/** Mean workers of one hour's pool beyond the always-warm ones, and the starts a second. */
export interface TextPoolHour {
  /** Workers alive: loading, running requests or idle within the keep-alive. */
  alive: number;
  /** Workers with a request in flight. */
  busy: number;
  /** Workers loading the model. */
  loading: number;
  starts: number;
}

/**
 * Seconds a request is in flight when n share a worker: the roofline's time at n at once, and never less than the
 * worker's GPU work for n requests (n × its GPU-seconds a request: prefills queue for compute), so a worker completes
 * at most one request per GPU-second-per-request whatever its slots.
 */
export function secondsInFlightSharing(text: TextServing, n: number): number {
  const m = Math.min(Math.max(1, n), text.concurrency);
  return Math.max(text.holdSeconds(m), m * text.gpuSecondsPerRequest);
}

/** Requests in flight on the pool, and how long one stays there (how fast the count turns over). */
export interface InFlight {
  mean: number;
  hold: number;
  /** The count exceeded a millionth of the time: worked out on first use (busiestInFlight). */
  busiest?: number;
}

/**
 * Requests in flight at `rate` requests a second: requests fill the oldest workers first, so ⌊rate / a full worker's
 * rate⌋ workers run `slots` each and one more takes the rest, at its own concurrency. A request stays in flight as long
 * as it does on a worker running that many (a full one's where the pool has several).
 */
export function requestsInFlight(text: TextServing, rate: number): InFlight {
  let byRate = inFlightByRate.get(text);
  if (!byRate) inFlightByRate.set(text, (byRate = new Map<number, InFlight>()));
  let inFlight = byRate.get(rate);
  if (!inFlight) {
    // A report keeps its options' speeds: the rates of a volume or two are kept, not those of every volume searched.
    if (byRate.size >= KEPT_RATES) byRate.clear();
    byRate.set(rate, (inFlight = solveInFlight(text, rate)));
  }
  return inFlight;
}

/**
 * Requests in flight by replica speed and rate, worked out once: the offers of one GPU share a speed and price the
 * same volumes, and each prices the busiest hour twice (the pool's peak, and its hour).
 */
const inFlightByRate = new WeakMap<TextServing, Map<number, InFlight>>();
const KEPT_RATES = 8;

function solveInFlight(text: TextServing, rate: number): InFlight {
  const fullRate = text.concurrency / secondsInFlightSharing(text, text.concurrency);
  const fullWorkers = Math.floor(rate / fullRate);
  const mean = fullWorkers * text.concurrency + onOneWorker(text, Math.max(0, rate - fullWorkers * fullRate));
  return { mean, hold: secondsInFlightSharing(text, mean) };
}

/**
 * Requests in flight on one worker that `rate` requests a second reach: the least n with n = rate × the time in
 * flight at n (Little's law), at most its slots. A worker completes n / (time in flight at n) requests a second, which
 * grows with n (a batch's tokens/s grow with it, and the GPU-work bound is flat), so the n that keep up with `rate` are
 * the ones above the answer: halving between 1 and the slots, the same steps at every rate, never falls as it grows.
 */
function onOneWorker(text: TextServing, rate: number): number {
  if (keepsUp(text, rate, 1)) return rate * secondsInFlightSharing(text, 1);
  let lo = 1;
  let hi = text.concurrency;
  if (!keepsUp(text, rate, hi)) return hi;
  for (let step = 0; step < HALVINGS; step++) {
    const mid = Math.sqrt(lo * hi);
    if (keepsUp(text, rate, mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Whether a worker with n requests in flight completes them at least as fast as `rate` brings them. */
function keepsUp(text: TextServing, rate: number, n: number): boolean {
  return rate * secondsInFlightSharing(text, n) <= n;
}

/** The most workers the pool runs: requests in flight in the busiest hour, exceeded a millionth of its time, / slots. */
export function peakWorkers(input: BillInput): number {
  const text = input.speed?.text;
  const rate = callRate(input, input.profile.peak);
  const warm = input.workload.minWorkers ?? 0;
  if (!text || rate <= 0) return warm;
  if (input.profile.batchWindowHours !== undefined) return Math.max(1, warm + textBatchWorkers(input, warm).workers);
  return Math.max(warm, 1, Math.ceil(busiestInFlight(text, rate) / text.concurrency));
}

/** Requests in flight exceeded a millionth of the time at `rate`, kept with the mean: offers of one GPU share it. */
function busiestInFlight(text: TextServing, rate: number): number {
  const inFlight = requestsInFlight(text, rate);
  return (inFlight.busiest ??= poissonQuantileAbove(inFlight.mean, PEAK_SHARE));
}

/**
 * One hour of the pool at `rate` requests a second. Without loads, worker k is alive with probability A₀ (some moment of
 * the last keep-alive had more than (k - 1) × slots in flight), busy with B₀ and starts S₀ times a second. Worker 1
 * exactly: A₀ = 1 - e^(-rate(h + keepAlive)), S₀ = rate e^(-rate(h + keepAlive)). Beyond it, the keep-alive window's
 * largest count as the largest of d = 1 + (keepAlive / h)(1 + √a · min(1, a)) draws of the count (keepAlive.ts):
 * A₀ = 1 - F^d, S₀ = rate P(X = j) F^(d-1). A load of `load` seconds lengthens each of its lives by `load` (requests
 * arriving meanwhile wait for it), so a life and the gap after it take 1 / S₀ + load: A = (A₀ + load S₀) / (1 + load S₀),
 * starts S₀ / (1 + load S₀). The GPU work floors the busy workers: rate × GPU-seconds a request, less the warm ones.
 */
export function textPoolHour(
  text: TextServing,
  rate: number,
  pool: { keepAlive: number; load: number; warm: number; peak: number },
): TextPoolHour {
  if (rate <= 0) return { alive: 0, busy: 0, loading: 0, starts: 0 };
  const { mean: a, hold } = requestsInFlight(text, rate);
  const draws = 1 + (pool.keepAlive / hold) * (1 + Math.sqrt(a) * Math.min(1, a));
  let alive = 0;
  let busy = 0;
  let starts = 0;
  // Filled in place for each worker: a month's pools sum hundreds of thousands of them.
  const worker: WorkerAlone = { alive: 0, busy: 0, starts: 0 };
  const point: PoissonPoint = { pmf: 0, atMost: 0, above: 0 };
  for (let k = pool.warm + 1; k <= pool.peak; k++) {
    const j = (k - 1) * text.concurrency;
    // A large pool's first workers never rest: what the sum below would add for each, without its Poisson tail.
    if (k > 1 && neverRests(a, j, rate * pool.load)) {
      alive += 1;
      busy += 1;
      continue;
    }
    if (k === 1) firstWorker(worker, rate, a, hold, pool.keepAlive);
    else laterWorker(worker, poissonPoint(a, j, point), draws, rate);
    const stretch = 1 + pool.load * worker.starts;
    alive += (worker.alive + pool.load * worker.starts) / stretch;
    starts += worker.starts / stretch;
    busy += worker.busy / stretch;
    // Workers past the requests in flight are never alive: the rest of the sum is under 1e-18.
    if (worker.alive < 1e-18 && j > a) break;
  }
  const loading = pool.load * starts;
  const floor = Math.max(0, rate * text.gpuSecondsPerRequest - pool.warm);
  const aliveAll = Math.max(alive, floor);
  return { alive: aliveAll, busy: Math.min(Math.max(busy, floor), aliveAll - loading), loading, starts };
}

/** ln 2^-60: 1 less a share below it is 1 in a double. */
const LAST_BIT = -60 * Math.LN2;

/**
 * Whether the worker needed while more than j requests are in flight is alive and busy all hour to the last bit, with
 * starts too few to lengthen its lives by a bit either: P(X ≤ j), times the loads a second where more than one, under
 * 2^-60 by Chernoff's bound below the mean a, P(X ≤ j) ≤ e^(j - a) (a / j)^j. Its starts (at most the rate times that
 * chance) are then left out of the sum: under 2^-60 per second of load, no micro-dollar in any month.
 */
export function neverRests(a: number, j: number, loadsPerSecond: number): boolean {
  if (j >= a) return false;
  const logBound = j === 0 ? -a : j - a + j * Math.log(a / j);
  return logBound + Math.max(0, Math.log(loadsPerSecond)) < LAST_BIT;
}

/** One worker of the pool without loads: the chance it is alive, busy, and its starts a second. */
interface WorkerAlone {
  alive: number;
  busy: number;
  starts: number;
}

/** Worker 1 without loads, exactly: alive when a request came in the last h + keep-alive, started by one after a gap. */
function firstWorker(into: WorkerAlone, rate: number, a: number, hold: number, keepAlive: number): void {
  const quiet = Math.exp(-rate * (hold + keepAlive));
  into.alive = 1 - quiet;
  into.busy = -Math.expm1(-a);
  into.starts = rate * quiet;
}

/** Worker k > 1 without loads: the keep-alive window's largest count above j; arrivals finding j, and no more lately. */
function laterWorker(into: WorkerAlone, point: PoissonPoint, draws: number, rate: number): void {
  const logAtMost = point.atMost < 0.5 ? Math.log(point.atMost) : Math.log1p(-point.above);
  const others = draws > 1 ? Math.exp((draws - 1) * logAtMost) : 1;
  into.alive = -Math.expm1(draws * logAtMost);
  into.busy = point.above;
  into.starts = rate * point.pmf * others;
}

/**
 * A month of the pool, hour level by hour level (interactive), or bursts per batch window. Busy, idle and load seconds
 * add up to the workers' lives; the cold starts are the workers started (their load seconds are cold starts × load).
 */
export function textServerlessMonth(input: BillInput, keepAlive: number, warm: number): TextPoolMonth {
  const text = input.speed!.text!;
  const calls = callsPerMonth(input);
  const load = coldStartSecondsFor(input);
  if (input.profile.batchWindowHours !== undefined) return { ...textBatchBursts(input, keepAlive, warm), calls };
  const declared = input.isChosen ? input.workload.coldStartsPerMonth : undefined;
  const pool = { keepAlive, load: declared === undefined ? load : 0, warm, peak: peakWorkers(input) };
  const seconds = weeksPerMonth(input.assumptions) * SECONDS_PER_HOUR;
  let [busySeconds, aliveSeconds, loadSeconds, coldStarts] = [0, 0, 0, 0];
  for (const { weight, hours } of input.profile.levels) {
    const hour = textPoolHour(text, callRate(input, weight), pool);
    busySeconds += hour.busy * hours * seconds;
    aliveSeconds += hour.alive * hours * seconds;
    loadSeconds += hour.loading * hours * seconds;
    coldStarts += hour.starts * hours * seconds;
  }
  if (declared !== undefined)
    return declaredStarts(input, { busySeconds, aliveSeconds, calls }, declared, pool.peak - warm);
  return { busySeconds, idleSeconds: Math.max(0, aliveSeconds - loadSeconds - busySeconds), coldStarts, calls };
}

/**
 * A declared count of cold starts (`cold_starts_per_month`) replaces the derived one: its loads are added to the pool's
 * lives, the sum held to the peak's elastic workers all month (idle goes first, then starts).
 */
function declaredStarts(
  input: BillInput,
  month: { busySeconds: number; aliveSeconds: number; calls: number },
  declared: number,
  elasticPeak: number,
): TextPoolMonth {
  const load = coldStartSecondsFor(input);
  const cap = elasticPeak * input.assumptions.hours_per_month * SECONDS_PER_HOUR;
  const room = Math.max(0, cap - month.busySeconds);
  const coldStarts = Math.min(month.calls, declared, load > 0 ? room / load : Infinity);
  const idleSeconds = Math.max(0, Math.min(month.aliveSeconds - month.busySeconds, room - coldStarts * load));
  return { busySeconds: month.busySeconds, idleSeconds, coldStarts, calls: month.calls };
}

/**
 * Batch work runs once per window at full concurrency (a request's GPU-seconds each). The always-warm workers run it
 * first, all window long; what they leave runs on as many workers as finish it inside the window after their load and
 * before their keep-alive: one start and one keep-alive each.
 */
function textBatchBursts(input: BillInput, keepAlive: number, warm: number): Omit<TextPoolMonth, 'calls'> {
  const { windows, rest, workers } = textBatchWorkers(input, warm);
  return { busySeconds: windows * rest, idleSeconds: windows * workers * keepAlive, coldStarts: windows * workers };
}

/**
 * Batch windows a month, the GPU work of a window the always-warm workers leave, and the workers it needs: that work
 * over the window less a load and a keep-alive.
 */
function textBatchWorkers(input: BillInput, warm: number): { windows: number; rest: number; workers: number } {
  const windowSeconds = input.profile.batchWindowHours! * SECONDS_PER_HOUR;
  const windows = input.assumptions.hours_per_month / input.profile.batchWindowHours!;
  const rest = Math.max(0, (callsPerMonth(input) * input.speed!.occupancy) / windows - warm * windowSeconds);
  const overhead = coldStartSecondsFor(input) + input.offer.idle_timeout_seconds;
  const usable = windowSeconds > overhead ? windowSeconds - overhead : windowSeconds;
  return { windows, rest, workers: Math.ceil(rest / usable - 1e-9) };
}
