/**
 * Calls queueing for a busy GPU or replica (README, "Eligibility"). Calls arrive as a Poisson stream at `rate` a
 * second and each holds one of `units` for `service` seconds (M/D/c). A call waits when it finds every unit busy,
 * which Erlang's C formula gives the chance of; how long is the larger of two closed forms: at light load the wait
 * for the first busy unit to finish, its rest of a call uniform; at heavy load the queue ahead draining at θ,
 * rate · (e^(θ·service) - 1) = c·θ. The tests hold it to an event simulation: 25 % short to 5 % over where the p99
 * wait is over half a call (it errs short, at light load on several units), within a fifth of a call below that.
 */

/**
 * The wait the slowest 1 % of calls exceed, in seconds (0 where fewer than 1 % wait at all). `waits`, the chance a
 * call finds every unit busy, is Erlang's C unless the caller knows better (waitChanceSharing).
 */
export function p99WaitSeconds(rate: number, service: number, units: number, waits?: number): number {
  const load = rate * service;
  if (load <= 0 || units <= 0) return 0;
  if (load >= units) return Infinity;
  return waitTail(rate, service, units, waits ?? erlangC(units, load));
}

/**
 * The chance a call finds every slot busy where calls run faster when fewer share the slots (a text replica's
 * continuous batching): a birth-death chain with calls finishing at `finishing(n)` a second while n run, up to
 * `slots`, and at `finishing(slots)` beyond. Equal to Erlang's C when each call's speed does not change with n.
 */
export function waitChanceSharing(rate: number, finishing: (n: number) => number, slots: number): number {
  const beyond = rate / finishing(slots);
  if (beyond >= 1) return 1;
  // Unnormalized chances of n running, from n = 0 (1) up to n = slots.
  let term = 1;
  let below = 0;
  for (let n = 1; n <= slots; n++) {
    below += term;
    term *= rate / finishing(n);
    // Thousands of slots: rescale both sums before they overflow (only their ratio counts).
    if (term > 1e200) [below, term] = [below / 1e200, term / 1e200];
  }
  const busy = term / (1 - beyond);
  return busy / (below + busy);
}

/**
 * Whether fewer than 1 % of calls find all `units` busy at `load` (so the p99 wait is 0). Past 5 units of load, units
 * 3 standard deviations above it suffice (square-root staffing: Erlang's C stays under 0.0077 there, checked from 5 to
 * 5,000); else Erlang's C itself. Lets fleets be sized hour by hour without the recursion each time.
 */
export function fewWait(units: number, load: number): boolean {
  if (load <= 0) return true;
  if (load >= 5 && units - load >= 3 * Math.sqrt(load)) return true;
  return load < units && erlangC(units, load) <= 0.01;
}

function waitTail(rate: number, service: number, units: number, waits: number): number {
  if (waits <= 0.01) return 0;
  // Light load: a waiting call mostly waits for the first of the busy units to finish, its rest of a call uniform.
  const firstFree = service * (1 - (0.01 / waits) ** (1 / units));
  // Heavy load: the queue ahead of it, which drains at θ.
  const queued = Math.log(waits / 0.01) / (units * drainRate(rate, service, units));
  return Math.max(firstFree, queued);
}

/** The chance a call finds all `units` busy at an offered load of `load` units (Erlang C), by the stable recursion. */
function erlangC(units: number, load: number): number {
  // Erlang B by its recursion, then C from B.
  let blocked = 1;
  for (let k = 1; k <= units; k++) blocked = (load * blocked) / (k + load * blocked);
  return blocked / (1 - (load / units) * (1 - blocked));
}

/**
 * θ > 0 with rate · (e^(θ·service) - 1) = units · θ. The left side less the right is convex, below 0 just above 0
 * and above it past the root, so Newton's steps from an upper bound come down to the root without overshooting.
 */
function drainRate(rate: number, service: number, units: number): number {
  const excess = (theta: number) => rate * Math.expm1(theta * service) - units * theta;
  let theta = 1 / service;
  while (excess(theta) < 0) theta *= 2;
  for (let step = 0; step < 100; step++) {
    const next = theta - excess(theta) / (rate * service * Math.exp(theta * service) - units);
    if (!(next < theta)) break;
    theta = next;
    if (excess(theta) < 1e-12 * units * theta) break;
  }
  return theta;
}
