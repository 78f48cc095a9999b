import { bestOfEachProvider } from '../engine/options';
import { moveOf } from '../engine/plan';
import type { FilePlan, PricedOption, WorkloadReport } from '../report';

/** The options to show first, and how many of the rest each provider has. */
export interface Folded {
  shown: PricedOption[];
  /** Providers of the folded options, most first: [provider, count]. */
  more: [string, number][];
}

/**
 * With hundreds of offers a list is read from the top: the chosen offer, then the cheapest eligible offer of each
 * provider and billing model, cheapest first, up to `max` rows; every other option is folded and counted by provider.
 * `options` come ranked (rankOptions). `pinned` (the offer the file's plan moves the workload to) is always shown: the
 * plan may pick an offer of the chosen one's own provider and billing model, which the best of each leaves out.
 * `leftOut` counts the options a lean report did not keep (retained.ts): they are folded too.
 */
export function foldOptions(
  options: readonly PricedOption[],
  chosen: PricedOption,
  max: number,
  { pinned, leftOut = [] }: { pinned?: PricedOption | undefined; leftOut?: readonly [string, number][] } = {},
): Folded {
  const best = bestOfEachProvider(options, chosen);
  const pin = pinned && pinned !== chosen && !best.slice(0, max - 1).includes(pinned) ? [pinned] : [];
  const shown = [chosen, ...pin, ...best.filter((o) => !pin.includes(o)).slice(0, max - 1 - pin.length)];
  const counts = new Map<string, number>(leftOut);
  for (const o of options)
    if (!shown.includes(o)) counts.set(o.offer.provider, (counts.get(o.offer.provider) ?? 0) + 1);
  return { shown, more: [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)) };
}

/** The offer the file's plan moves the workload to, where it does: its row is shown and the "vs" line agrees. */
export function planTarget(w: WorkloadReport, plan: FilePlan | undefined): PricedOption | undefined {
  const move = moveOf(plan, w.workload.index);
  return move && w.options.find((o) => o.offer.id === move.to);
}

/** A workload's rows in the table and the Markdown: the chosen offer, the plan's, the best of the rest; the rest counted. */
export function reportRows(w: WorkloadReport, plan: FilePlan | undefined, max: number): Folded {
  return foldOptions(w.options, w.chosen, max, { pinned: planTarget(w, plan), leftOut: w.leftOut });
}

/** "+41 more offers: 11 runpod, 9 vast, 6 together and 15 more": '' where nothing is folded. */
export function describeFolded(more: Folded['more']): string {
  const total = more.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return '';
  const named = more.slice(0, 3).map(([provider, n]) => `${n} ${provider}`);
  const rest = more.slice(3).reduce((sum, [, n]) => sum + n, 0);
  return `+${total} more offer${total === 1 ? '' : 's'}: ${named.join(', ')}${rest ? ` and ${rest} more` : ''}`;
}
