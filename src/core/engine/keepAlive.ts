import { logFactorial } from './poisson';

/**
 * Serverless workers with a keep-alive, for one hour of Poisson arrivals (see README, "Per second").
 *
 * Requests arrive at `rate` a second; each holds one worker for `service` seconds; a request that finds no warm,
 * free worker starts one (a cold start); a worker that has been idle for `keepAlive` seconds stops. Busy workers
 * at any moment are Poisson with mean a = rate × service (M/G/∞). Warm workers are reused most recent first, so
 * the pool at time t is the most workers busy at once within the last keep-alive window. That maximum is
 * approximated as the largest of k = 1 + (keepAlive / service) × (1 + √a · min(1, a)) independent draws of the busy
 * count: the 1 + keepAlive/service draws of a single worker (exact there: alive with probability
 * 1 - e^-rate(service+keepAlive)), more where many requests overlap and the count moves faster than the service time. A cold start's load time is
 * billed on top of the pool (it does not change how the pool is reused: an approximation that keeps the bill
 * growing with traffic). The tests check the result against an event simulation and state the tolerance.
 */
export interface PoolHour {
  /** Mean workers running requests beyond the always-warm ones (whose time is inside the warm billing). */
  elasticBusy: number;
  /** Mean workers alive (busy or idle within the keep-alive) beyond the always-warm ones. */
  elasticAlive: number;
  /** Share of requests that find every warm worker busy and start a new one. */
  coldShare: number;
}

/**
 * From this mean on, the sum starts five standard deviations below it. The mass left out (under 1e-6) is where no
 * window maximum and no cold start lives, and busy seconds are counted exactly elsewhere.
 */
const SKIP_LOWER_TAIL_FROM = 25;
/**
 * The sum stops when the window maximum's tail, at most draws × P(X > x), is below this many workers: under a
 * micro-dollar a month at any catalog rate.
 */
const TAIL = 1e-10;
/** cdf^n ≤ e^(-n(1 - cdf)): past this exponent the power is below 1e-13 and counts as zero. */
const NEGLIGIBLE_EXPONENT = 30;
/** Below this n(1 - cdf), cdf^n is taken as 1 - n(1 - cdf): the error, (n(1 - cdf))² / 2, is under 1e-10. */
const LINEAR_TAIL = 1e-5;

/**
 * `slots`: requests one worker runs at once (1 for images: a call is one batch; a text model's concurrency). Then
 * `service` is how long a request is in flight, the count x is requests in flight, a worker holds up to `slots` of
 * them (⌈x / slots⌉ workers), and a request starts a worker only when every alive one is full.
 */
export function keepAlivePool(
  rate: number,
  service: number,
  keepAlive: number,
  warmWorkers: number,
  slots = 1,
): PoolHour {
  if (rate <= 0 || service <= 0) return { elasticBusy: 0, elasticAlive: 0, coldShare: 0 };
  const a = rate * service;
  const draws = 1 + (keepAlive / service) * (1 + Math.sqrt(a) * Math.min(1, a));
  // Poisson(a) from its lower tail up: x busy with probability p, cumulative cdf.
  const sd = Math.sqrt(a);
  const first = a < SKIP_LOWER_TAIL_FROM ? 0 : Math.floor(a - 5 * sd);
  const last = a + 12 * sd + 20;
  // From zero the first term is e^-a: the logarithm of an `a` that underflowed to 0 would make it NaN.
  let p = first === 0 ? Math.exp(-a) : Math.exp(-a + first * Math.log(a) - logFactorial(first));
  let cdf = 0;
  let elasticBusy = 0;
  let elasticAlive = 0;
  let coldShare = 0;
  // The window maximum's distribution at the last whole number of workers.
  let previousMaxCdf = 0;
  let x = first;
  for (; (x <= a || draws * upperTail(p, x, a, cdf) > TAIL) && x <= last; x++) {
    if (x > first) p *= a / x;
    cdf = Math.min(1, cdf + p);
    // Workers beyond the warm ones with a call in flight.
    elasticBusy += p * Math.ceil(Math.max(0, x - warmWorkers * slots) / slots);
    // Alive workers are whole: their count steps only where x is a whole number of workers, so the window maximum is
    // needed there alone (every x for images; one in `slots` for a text model, which spares most of the powers).
    if (x % slots !== 0) continue;
    const othersAtMost = powerOfCdf(cdf, draws - 1);
    const maxCdf = othersAtMost * cdf;
    elasticAlive += (maxCdf - previousMaxCdf) * Math.max(0, x / slots - warmWorkers);
    // The arrival sees x in flight; it is cold when the others' window maximum is no higher, every alive worker is
    // full (x a whole number of workers) and the warm pool is full.
    if (x >= warmWorkers * slots) coldShare += p * othersAtMost;
    previousMaxCdf = maxCdf;
  }
  // A last group of workers the sum stopped inside counts up to where it stopped.
  const end = x - 1;
  if (end % slots !== 0)
    elasticAlive += (powerOfCdf(cdf, draws) - previousMaxCdf) * Math.max(0, Math.ceil(end / slots) - warmWorkers);
  return { elasticBusy, elasticAlive: Math.max(elasticAlive, elasticBusy), coldShare: Math.min(1, coldShare) };
}

/**
 * P(X > x) for x above the mean, at most: 1 - cdf, and p × a / (x + 1 - a) (each next term is at most a / (x + 1)
 * times the last). The second still holds where the sum started above 0 and cdf misses the skipped lower tail.
 */
function upperTail(p: number, x: number, a: number, cdf: number): number {
  return Math.min(1 - cdf, (p * a) / (x + 1 - a));
}

/**
 * cdf^n, the chance that n other draws are all at most x. Far in the tail 1 - n(1 - cdf) is that power to within
 * (n(1 - cdf))² / 2, below 1e-10, and spares most of the sum's powers.
 */
function powerOfCdf(cdf: number, n: number): number {
  const missing = n * (1 - cdf);
  if (missing > NEGLIGIBLE_EXPONENT) return 0;
  // exp(n ln cdf) is cdf^n; V8 computes it in about half the time of a fractional power.
  return missing < LINEAR_TAIL ? 1 - missing : Math.exp(n * Math.log(cdf));
}
