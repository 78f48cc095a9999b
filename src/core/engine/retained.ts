import type { PricedOption } from '../report';
import { bestOfEachProvider } from './options';

/**
 * A report of thousands of workloads cannot hold every priced option of each (hundreds a workload): the CLI keeps
 * only what its plan, findings and renderers read (Scope.options 'lean'), and counts the rest by provider. The set is
 * held to that by a test that renders every format both ways and finds them equal (test/unit/leanOptions.test.ts).
 */

/** The first options in rank order, eligible ones first: a fix's five alternatives besides the chosen offer. */
export const RANKED_HEAD = 6;

/**
 * The options kept, in rank order: the chosen one; the first RANKED_HEAD (a fix's alternatives); the cheapest
 * eligible offer of each provider and billing model (the table, the Markdown, the JSON, break-evens); and in each
 * engineering group (provider and operating model, overhead.ts keyOf) the cheapest eligible one by compute
 * (the file plan's choices, which may be in the chosen offer's own group).
 */
export function retainedOptions(options: readonly PricedOption[], chosen: PricedOption): PricedOption[] {
  const keep = new Set<PricedOption>([
    chosen,
    ...options.slice(0, RANKED_HEAD),
    ...bestOfEachProvider(options, chosen),
  ]);
  const byCompute = new Map<string, PricedOption>();
  for (const o of options) {
    if (!o.eligible || !o.priced) continue;
    const group = `${o.offer.provider} ${o.offer.operating}`;
    const cheapest = byCompute.get(group);
    if (!cheapest || cheaperCompute(o, cheapest)) byCompute.set(group, o);
  }
  for (const o of byCompute.values()) keep.add(o);
  return options.filter((o) => keep.has(o));
}

/** The plan's order of two options (plan.ts `better`): compute, then the lower id; the chosen one is kept anyway. */
function cheaperCompute(a: PricedOption, b: PricedOption): boolean {
  return a.computeMicros < b.computeMicros || (a.computeMicros === b.computeMicros && a.offer.id < b.offer.id);
}

/** The options not kept, counted by provider, most first: what a folded list says of the rest. */
export function countLeftOut(
  options: readonly PricedOption[],
  kept: readonly PricedOption[],
): [provider: string, count: number][] {
  const keptSet = new Set(kept);
  const counts = new Map<string, number>();
  for (const o of options) if (!keptSet.has(o)) counts.set(o.offer.provider, (counts.get(o.offer.provider) ?? 0) + 1);
  return [...counts];
}
