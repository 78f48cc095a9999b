/**
 * Which providers to pay engineering for (the file's plan, plan.ts), as an uncapacitated facility-location problem:
 * each client (workload) pays the cheaper of its free choice and its cost at any open facility (a provider whose
 * engineering is paid), and each open facility its fixed cost. Exact over every set of the facilities that could
 * pay for themselves while 2^those × clients stays under EXACT_LIMIT; beyond, a local search that opens or closes the
 * one facility that saves most, until none does (at most four steps a facility), from two starts (the given set, and
 * none), the cheaper end taken.
 */

export interface Facilities {
  /** Each client's cost with no facility open (Infinity where it has no free choice). */
  free: readonly number[];
  /** costs[f][c]: client c's cost at facility f (Infinity where f has nothing for it). */
  costs: readonly (readonly number[])[];
  /** Each facility's fixed cost. */
  fixed: readonly number[];
}

const EXACT_LIMIT = 1 << 16;

export function cheapestOpen(p: Facilities, start: readonly boolean[]): { open: boolean[]; exact: boolean } {
  const candidates = p.fixed.map((_, f) => f).filter((f) => paysForItself(p, f));
  if (2 ** candidates.length * p.free.length <= EXACT_LIMIT) {
    const open = bestOfAll({
      ...p,
      costs: candidates.map((f) => p.costs[f]!),
      fixed: candidates.map((f) => p.fixed[f]!),
    });
    const opened = new Set(candidates.filter((_, i) => open[i]));
    return { open: p.fixed.map((_, f) => opened.has(f)), exact: true };
  }
  const a = localSearch(p, [...start]);
  const b = localSearch(
    p,
    p.fixed.map(() => false),
  );
  return { open: (a.cost <= b.cost ? a : b).open, exact: false };
}

/**
 * Whether opening f alone saves about its fixed cost or more. One that saves less never belongs to a cheaper set:
 * with others open, f saves each client at most what it saves it alone, since each client's best is then no dearer.
 */
function paysForItself(p: Facilities, f: number): boolean {
  let saves = 0;
  p.free.forEach((free, c) => {
    const cost = p.costs[f]![c]!;
    if (cost < free) saves += free - cost;
  });
  // Within float rounding of its fixed cost it is kept: the sums over sets round differently.
  return saves >= p.fixed[f]! * (1 - 1e-9);
}

/** The month's cost with these facilities open. */
export function costWith(p: Facilities, open: readonly boolean[]): number {
  let total = 0;
  p.free.forEach((free, c) => {
    let best = free;
    open.forEach((isOpen, f) => {
      if (isOpen) best = Math.min(best, p.costs[f]![c]!);
    });
    total += best;
  });
  open.forEach((isOpen, f) => (total += isOpen ? p.fixed[f]! : 0));
  return total;
}

/**
 * Every set of facilities, each built from the set without its lowest facility: a client's best cost there is the
 * smaller of its best in that set and its cost at the added facility, so a set costs one pass over the clients.
 */
function bestOfAll(p: Facilities): boolean[] {
  const clients = p.free.length;
  const sets = 2 ** p.fixed.length;
  // bestIn[set * clients + c]: client c's best cost with the facilities in `set` open.
  const bestIn = new Float64Array(sets * clients);
  bestIn.set(p.free);
  let best = 0;
  let bestCost = costWith(p, []);
  for (let set = 1; set < sets; set++) {
    const added = 31 - Math.clz32(set & -set);
    const rest = set & (set - 1);
    const at = p.costs[added]!;
    // Summed as costWith sums (clients, then fixed costs in order), so a tie is decided as it would be.
    let cost = 0;
    for (let c = 0; c < clients; c++) {
      const value = Math.min(bestIn[rest * clients + c]!, at[c]!);
      bestIn[set * clients + c] = value;
      cost += value;
    }
    for (let f = 0; f < p.fixed.length; f++) if (set & (1 << f)) cost += p.fixed[f]!;
    if (cost < bestCost) [best, bestCost] = [set, cost];
  }
  return p.fixed.map((_, f) => (best & (1 << f)) !== 0);
}

/**
 * Opens or closes the facility that saves most, until none does, or after four steps a facility (a bound on the work
 * for any file; each step saves, so stopping early only leaves a dearer plan, which `exact: false` already allows).
 */
function localSearch(p: Facilities, open: boolean[]): { open: boolean[]; cost: number } {
  for (let steps = 0; steps < 4 * open.length + 4; steps++) {
    const best = p.free.map((free, c) => bestFor(p, open, c, -1, free));
    let step = -1;
    let stepDelta = 0;
    for (let f = 0; f < open.length; f++) {
      const delta = open[f] ? closing(p, open, best, f) : opening(p, best, f);
      if (delta < stepDelta) [step, stepDelta] = [f, delta];
    }
    if (step < 0) break;
    open[step] = !open[step];
  }
  return { open, cost: costWith(p, open) };
}

/** Client c's best cost among its free choice and the open facilities but `skip`. */
function bestFor(p: Facilities, open: readonly boolean[], c: number, skip: number, free: number): number {
  let best = free;
  for (let f = 0; f < open.length; f++) if (open[f] && f !== skip) best = Math.min(best, p.costs[f]![c]!);
  return best;
}

// Plain loops: a callback that adds to `delta` would box each sum (megabytes of garbage over a large file's search).
function opening(p: Facilities, best: readonly number[], f: number): number {
  const costs = p.costs[f]!;
  let delta = p.fixed[f]!;
  for (let c = 0; c < best.length; c++) delta += Math.min(0, costs[c]! - best[c]!);
  return delta;
}

function closing(p: Facilities, open: readonly boolean[], best: readonly number[], f: number): number {
  const costs = p.costs[f]!;
  let delta = -p.fixed[f]!;
  // Only the clients whose best is at f pay more without it.
  for (let c = 0; c < best.length; c++)
    if (costs[c]! === best[c]!) delta += bestFor(p, open, c, f, p.free[c]!) - best[c]!;
  return delta;
}
