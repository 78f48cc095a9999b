import type { Offer } from '../catalog/types';
import type { FilePlan, PlanMove, PricedOption, WorkloadReport } from '../report';
import { keyOf, type FleetOverhead } from './overhead';

/**
 * One plan for the whole file (docs/cost-model.md, "One plan for the file"): the cheapest assignment of workloads to
 * eligible offers with each provider's engineering paid once. An uncapacitated facility-location problem: opening a
 * provider's engineering costs its share of an engineer, each workload then takes its cheapest offer among the APIs
 * (no engineering) and the open providers. Exact by trying every set of the providers worth opening while those
 * sets times the workloads stay under EXACT_LIMIT; beyond, a local search (open or close one provider at a time, from
 * the file's own providers and from none), with the lower bound no plan can beat given beside it.
 */

const EXACT_LIMIT = 1 << 16;

/** A workload's choices: the cheapest eligible offer of each engineering group, and the best one needing none. */
interface Choices {
  w: WorkloadReport;
  /** By engineering key: the cheapest eligible option there (compute only). */
  byGroup: Map<string, PricedOption>;
  free?: PricedOption;
}

export function planFile(workloads: readonly WorkloadReport[], overhead: FleetOverhead): FilePlan | undefined {
  const engineering = new Map<string, number>();
  const groupOf = (w: WorkloadReport, offer: Offer): string | undefined => {
    const micros = overhead.microsFor(offer.operating);
    if (micros === 0) return undefined;
    const key = keyOf(offer, w.workload.model);
    engineering.set(key, micros);
    return key;
  };
  // A workload with no eligible offer at all stays as it is (its own findings say why): its provider stays open.
  const choices = workloads.filter((w) => w.chosen.priced).map((w) => choicesOf(w, groupOf));
  const fixed = choices.filter((c) => c.byGroup.size === 0 && !c.free).map((c) => c.w);
  const forced = new Set(fixed.map((w) => groupOf(w, w.chosen.offer)).filter((g): g is string => g !== undefined));
  // The rest take eligible offers only: one whose own offer misses a target or its tier moves in any plan.
  const movable = choices.filter((c) => c.byGroup.size > 0 || c.free);
  if (movable.length === 0) return undefined;
  // A provider is worth opening only if it beats some workload's best offer that needs no engineering.
  const worth = [...new Set(movable.flatMap((c) => [...c.byGroup.keys()]))].filter(
    (g) =>
      !forced.has(g) &&
      movable.some((c) => (c.byGroup.get(g)?.computeMicros ?? Infinity) < (c.free?.computeMicros ?? Infinity)),
  );
  const costOf = (open: ReadonlySet<string>) => assignmentCost(movable, open, engineering);
  const current = new Set(movable.map((c) => groupOf(c.w, c.w.chosen.offer)));
  const exact = 2 ** worth.length * movable.length <= EXACT_LIMIT;
  const open = exact ? bestBySearch(worth, forced, costOf) : bestByLocalSearch(worth, forced, current, costOf);
  const fixedMicros = fixed.reduce((sum, w) => sum + w.chosen.computeMicros, 0);
  const forcedMicros = [...forced].reduce((sum, g) => sum + engineering.get(g)!, 0);
  const assigned = movable.map((c) => pick(c, open));
  // A month of an assignment: its compute, and each group's engineering once.
  const totalOf = (options: readonly PricedOption[]) => {
    const groups = new Set([...forced, ...options.map((o, i) => groupOf(movable[i]!.w, o.offer))]);
    let micros = fixedMicros + options.reduce((sum, o) => sum + o.computeMicros, 0);
    for (const g of groups) micros += g === undefined ? 0 : engineering.get(g)!;
    return micros;
  };
  const planMicros = totalOf(assigned);
  const moves: PlanMove[] = [];
  assigned.forEach((to, i) => {
    const { w } = movable[i]!;
    if (to === w.chosen) return;
    // What this move adds to the plan's saving: the plan with this one workload left where it is, less the plan.
    const savingMicros = totalOf(assigned.map((o, j) => (j === i ? w.chosen : o))) - planMicros;
    const move = { workload: w.workload.name, index: w.workload.index, from: w.chosen.offer.id, to: to.offer.id };
    moves.push({ ...move, savingMicros });
  });
  const currentMicros = totalOf(movable.map((c) => c.w.chosen));
  const lowerBoundMicros =
    fixedMicros + forcedMicros + movable.reduce((sum, c) => sum + cheapestAnywhere(c).computeMicros, 0);
  return { moves, currentMicros, planMicros, exact, lowerBoundMicros };
}

function choicesOf(w: WorkloadReport, groupOf: (w: WorkloadReport, offer: Offer) => string | undefined): Choices {
  const byGroup = new Map<string, PricedOption>();
  let free: PricedOption | undefined;
  for (const o of w.options) {
    if (!o.eligible || !o.priced) continue;
    const g = groupOf(w, o.offer);
    if (g === undefined) free = better(free, o, w);
    else byGroup.set(g, better(byGroup.get(g), o, w));
  }
  return { w, byGroup, free };
}

/** The cheaper of two options by compute; on a tie the workload's own choice, then the lower id. */
function better(a: PricedOption | undefined, b: PricedOption, w: WorkloadReport): PricedOption {
  if (!a || b.computeMicros < a.computeMicros) return b;
  if (b.computeMicros === a.computeMicros && (b === w.chosen || (a !== w.chosen && b.offer.id < a.offer.id))) return b;
  return a;
}

/** A workload's cheapest option among the free ones and the open groups. */
function pick(c: Choices, open: ReadonlySet<string>): PricedOption {
  let best = c.free;
  for (const g of open) {
    const o = c.byGroup.get(g);
    if (o) best = better(best, o, c.w);
  }
  return best!;
}

function cheapestAnywhere(c: Choices): PricedOption {
  return [...c.byGroup.values()].reduce((best, o) => better(best, o, c.w), c.free ?? [...c.byGroup.values()][0]!);
}

/** The month's cost with these groups open (Infinity where a workload is left with no eligible offer). */
function assignmentCost(
  movable: readonly Choices[],
  open: ReadonlySet<string>,
  engineering: Map<string, number>,
): number {
  let micros = 0;
  for (const c of movable) {
    let best = c.free?.computeMicros ?? Infinity;
    for (const g of open) best = Math.min(best, c.byGroup.get(g)?.computeMicros ?? Infinity);
    micros += best;
  }
  for (const g of open) micros += engineering.get(g) ?? 0;
  return micros;
}

/** Every subset of the groups worth opening, the forced ones always open. */
function bestBySearch(worth: string[], forced: ReadonlySet<string>, costOf: (open: ReadonlySet<string>) => number) {
  let best = new Set(forced);
  let bestCost = costOf(best);
  for (let mask = 1; mask < 2 ** worth.length; mask++) {
    const open = new Set([...forced, ...worth.filter((_, i) => mask & (1 << i))]);
    const cost = costOf(open);
    if (cost < bestCost) [best, bestCost] = [open, cost];
  }
  return best;
}

/** Opens or closes one group at a time while that saves, from the file's own groups and from none; the better end. */
function bestByLocalSearch(
  worth: string[],
  forced: ReadonlySet<string>,
  current: ReadonlySet<string | undefined>,
  costOf: (open: ReadonlySet<string>) => number,
): Set<string> {
  const descend = (start: Set<string>) => {
    let open = start;
    let cost = costOf(open);
    for (;;) {
      let next: Set<string> | undefined;
      for (const g of worth) {
        const toggled = new Set(open);
        if (!toggled.delete(g)) toggled.add(g);
        const c = costOf(toggled);
        if (c < cost) [next, cost] = [toggled, c];
      }
      if (!next) return { open, cost };
      open = next;
    }
  };
  const fromFile = descend(new Set([...forced, ...worth.filter((g) => current.has(g))]));
  const fromNone = descend(new Set(forced));
  return fromFile.cost <= fromNone.cost ? fromFile.open : fromNone.open;
}
