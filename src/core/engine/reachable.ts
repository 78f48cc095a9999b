import type { Offer } from '../catalog/types';
import { priceOption, type WorkloadContext } from './options';

/**
 * Where an alternative is eligible as the volume changes (a latency target met, a tier allowed): a break-even counts
 * only at volumes where the other offer could be taken.
 */

/** Volumes sampled across the searched range, a log grid from a ten-thousandth of its top (as the crossing search). */
const GRID_POINTS = 24;
const GRID_FLOOR = 1e-4;
/** Edges of an eligible stretch are narrowed until their ends are this ratio apart. */
const EDGE_RATIO = 1.01;

export function eligibleAt(ctx: WorkloadContext, offer: Offer, volume: number): boolean {
  return priceOption(ctx, offer, volume).eligible;
}

/**
 * The stretches of the searched range where the offer is eligible, each as [from, to], whole volumes, lowest first:
 * sampled on a log grid and at the given volumes (the crossings, so a stretch never spans one where it is not), each
 * edge narrowed to within 1 %. A gap narrower than the grid between two sampled volumes can be missed.
 */
export function eligibleStretches(
  ctx: WorkloadContext,
  offer: Offer,
  top: number,
  alsoAt: readonly number[],
): [number, number][] {
  const grid = Array.from({ length: GRID_POINTS }, (_, i) =>
    Math.round(top * GRID_FLOOR ** (1 - i / (GRID_POINTS - 1))),
  );
  const volumes = [...new Set([...grid, ...alsoAt])].sort((a, b) => a - b);
  const points = volumes.map((volume) => ({ volume, eligible: eligibleAt(ctx, offer, volume) }));
  const stretches: [number, number][] = [];
  let start: number | undefined;
  points.forEach((p, i) => {
    const before = points[i - 1];
    if (p.eligible && start === undefined) start = before ? edge(ctx, offer, before.volume, p.volume, false) : p.volume;
    if (!p.eligible && start !== undefined) {
      stretches.push([start, edge(ctx, offer, before!.volume, p.volume, true) - 1]);
      start = undefined;
    }
  });
  if (start !== undefined) stretches.push([start, top]);
  return stretches;
}

/** The first whole volume in (lo, hi] whose eligibility differs from lo's (`wasEligible`), to within 1 %. */
function edge(ctx: WorkloadContext, offer: Offer, lo: number, hi: number, wasEligible: boolean): number {
  while (hi - lo > 1 && hi > lo * EDGE_RATIO) {
    const mid = Math.round(lo > 0 ? Math.sqrt(lo * hi) : hi / 10);
    if (mid <= lo || mid >= hi) break;
    if (eligibleAt(ctx, offer, mid) === wasEligible) lo = mid;
    else hi = mid;
  }
  return hi;
}
