/**
 * Which providers to pay engineering for (the file's plan, plan.ts), as an uncapacitated facility-location problem:
 * each client (workload) pays the cheaper of its free choice and its cost at any open facility (a provider whose
 * engineering is paid), and each open facility its fixed cost. Exact over every set of facilities while
 * 2^facilities × clients stays under EXACT_LIMIT; beyond, a local search that opens or closes the one facility that
 * saves most, until none does (at most four steps a facility), from two starts (the given set, and none), the cheaper
 * end taken.
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
  const n = p.fixed.length;
  if (2 ** n * p.free.length <= EXACT_LIMIT) return { open: bestOfAll(p), exact: true };
  const a = localSearch(p, [...start]);
  const b = localSearch(
    p,
    p.fixed.map(() => false),
  );
  return { open: (a.cost <= b.cost ? a : b).open, exact: false };
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

function bestOfAll(p: Facilities): boolean[] {
  const n = p.fixed.length;
  let best = p.fixed.map(() => false);
  let bestCost = costWith(p, best);
  for (let mask = 1; mask < 2 ** n; mask++) {
    const open = p.fixed.map((_, f) => (mask & (1 << f)) !== 0);
    const cost = costWith(p, open);
    if (cost < bestCost) [best, bestCost] = [open, cost];
  }
  return best;
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

function opening(p: Facilities, best: readonly number[], f: number): number {
  let delta = p.fixed[f]!;
  best.forEach((b, c) => (delta += Math.min(0, p.costs[f]![c]! - b)));
  return delta;
}

function closing(p: Facilities, open: readonly boolean[], best: readonly number[], f: number): number {
  let delta = -p.fixed[f]!;
  best.forEach((b, c) => {
    // Only the clients whose best is at f pay more without it.
    if (p.costs[f]![c]! === b) delta += bestFor(p, open, c, f, p.free[c]!) - b;
  });
  return delta;
}
