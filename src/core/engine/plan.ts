import type { Offer } from '../catalog/types';
import type { FilePlan, PlanMove, PricedOption, WorkloadReport } from '../report';
import { cheapestOpen } from './facilities';
import { keyOf, splitExactly, type FleetOverhead } from './overhead';

/**
 * One plan for the whole file (docs/cost-model.md, "One plan for the file"): the cheapest assignment of workloads to
 * eligible offers with each provider's engineering paid once. Which providers to pay engineering for is a
 * facility-location problem (facilities.ts: exact for small files, a local search beyond); each workload then takes
 * its cheapest eligible offer among the APIs (no engineering) and the providers paid for. The lower bound no plan can
 * beat is given beside it.
 */

/** A workload's choices: the cheapest eligible offer of each engineering group, and the best one needing none. */
interface Choices {
  w: WorkloadReport;
  /** By engineering key: the cheapest eligible option there (compute only). */
  byGroup: Map<string, PricedOption>;
  free?: PricedOption;
}

export function planFile(workloads: readonly WorkloadReport[], overhead: FleetOverhead): FilePlan | undefined {
  // Each engineering group's monthly cost, noted as groupOf meets it.
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
  const { groups, exact } = providersToPay(movable, forced, engineering, groupOf);
  const assigned = movable.map((c) => pick(c, groups));
  const fixedMicros = fixed.reduce((sum, w) => sum + w.chosen.computeMicros, 0);
  // A month of an assignment: its compute, and each group's engineering once.
  const groupsOf = (options: readonly PricedOption[]) => options.map((o, i) => groupOf(movable[i]!.w, o.offer));
  const totalOf = (options: readonly PricedOption[]) => {
    let micros = fixedMicros + options.reduce((sum, o) => sum + o.computeMicros, 0);
    for (const g of new Set([...forced, ...groupsOf(options)])) micros += g === undefined ? 0 : engineering.get(g)!;
    return micros;
  };
  const planMicros = totalOf(assigned);
  const currentMicros = totalOf(movable.map((c) => c.w.chosen));
  const moves = movesOf(
    movable.map((c, i) => ({ w: c.w, to: assigned[i]! })),
    (w, o) => groupOf(w, o.offer),
    (g) => (g === undefined || forced.has(g) ? 0 : engineering.get(g)!),
  );
  const forcedMicros = [...forced].reduce((sum, g) => sum + engineering.get(g)!, 0);
  const lowerBoundMicros =
    fixedMicros + forcedMicros + movable.reduce((sum, c) => sum + cheapestAnywhere(c).computeMicros, 0);
  return { moves, currentMicros, planMicros, exact, lowerBoundMicros };
}

const movesByIndex = new WeakMap<FilePlan, Map<number, PlanMove>>();

/** The plan's move of the workload at this index, if it moves it (looked up, not searched: files may hold thousands). */
export function moveOf(plan: FilePlan | undefined, index: number): PlanMove | undefined {
  if (!plan) return undefined;
  let byIndex = movesByIndex.get(plan);
  if (!byIndex) movesByIndex.set(plan, (byIndex = new Map(plan.moves.map((m) => [m.index, m]))));
  return byIndex.get(index);
}

interface Assignment {
  w: WorkloadReport;
  to: PricedOption;
}

/**
 * Each move's part of the plan's saving, so the parts add up to it exactly: its own compute saving, plus a share of
 * the engineering of a group every workload leaves (by the workloads' shares of it today), less a share of a group's
 * engineering the plan starts paying (by the compute the moves put there).
 */
function movesOf(
  assignments: readonly Assignment[],
  groupOf: (w: WorkloadReport, o: PricedOption) => string | undefined,
  engineeringOf: (group: string | undefined) => number,
): PlanMove[] {
  const before = new Set(assignments.map((a) => groupOf(a.w, a.w.chosen)));
  const after = new Set(assignments.map((a) => groupOf(a.w, a.to)));
  const moved = assignments.filter((a) => a.to !== a.w.chosen);
  const freed = splitByGroup(
    moved,
    (a) => groupOf(a.w, a.w.chosen),
    (g) => (after.has(g) ? 0 : engineeringOf(g)),
    (a) => a.w.overheadShareMicros,
  );
  const paid = splitByGroup(
    moved,
    (a) => groupOf(a.w, a.to),
    (g) => (before.has(g) ? 0 : engineeringOf(g)),
    (a) => a.to.computeMicros,
  );
  return moved.map((a, i) => {
    const engineeringMicros = freed[i]! - paid[i]!;
    return {
      workload: a.w.workload.name,
      index: a.w.workload.index,
      from: a.w.chosen.offer.id,
      to: a.to.offer.id,
      savingMicros: a.w.chosen.computeMicros - a.to.computeMicros + engineeringMicros,
      engineeringMicros,
      freedMicros: freed[i]!,
      paidMicros: paid[i]!,
    };
  });
}

/** Each group's amount split over the moves in it, by weight (equally where the weights are all zero). */
function splitByGroup(
  moves: readonly Assignment[],
  groupOfMove: (a: Assignment) => string | undefined,
  amountOf: (group: string | undefined) => number,
  weightOf: (a: Assignment) => number,
): number[] {
  const split = moves.map(() => 0);
  const byGroup = new Map<string | undefined, number[]>();
  moves.forEach((a, i) => byGroup.set(groupOfMove(a), [...(byGroup.get(groupOfMove(a)) ?? []), i]));
  for (const [group, indices] of byGroup) {
    const parts = splitExactly(
      amountOf(group),
      indices.map((i) => weightOf(moves[i]!)),
    );
    indices.forEach((index, k) => (split[index] = parts[k]!));
  }
  return split;
}

/**
 * The groups whose engineering the plan pays, besides the forced ones: only those that beat some workload's best
 * choice without engineering are worth trying. The search starts from the file's own groups.
 */
function providersToPay(
  movable: readonly Choices[],
  forced: ReadonlySet<string>,
  engineering: ReadonlyMap<string, number>,
  groupOf: (w: WorkloadReport, offer: Offer) => string | undefined,
): { groups: Set<string>; exact: boolean } {
  // Forced groups are paid anyway: their offers are as free as an API's.
  const free = movable.map((c) => {
    let best = c.free?.computeMicros ?? Infinity;
    for (const g of forced) best = Math.min(best, c.byGroup.get(g)?.computeMicros ?? Infinity);
    return best;
  });
  const worth = [...new Set(movable.flatMap((c) => [...c.byGroup.keys()]))].filter(
    (g) => !forced.has(g) && movable.some((c, i) => (c.byGroup.get(g)?.computeMicros ?? Infinity) < free[i]!),
  );
  const current = new Set(movable.map((c) => groupOf(c.w, c.w.chosen.offer)));
  const { open, exact } = cheapestOpen(
    {
      free,
      costs: worth.map((g) => movable.map((c) => c.byGroup.get(g)?.computeMicros ?? Infinity)),
      fixed: worth.map((g) => engineering.get(g)!),
    },
    worth.map((g) => current.has(g)),
  );
  return { groups: new Set([...forced, ...worth.filter((_, i) => open[i])]), exact };
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
