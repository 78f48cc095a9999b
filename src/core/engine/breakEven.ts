/**
 * Where two monthly costs cross as the volume changes. Costs bend with the arrival rate (keep-alive, cold starts)
 * and step with whole GPUs and replicas, so there is no closed form: the difference is sampled on a grid over
 * [0, 10× the declared volume] that includes every volume where either side adds a GPU or replica, each sign
 * change is bisected to one image, and the crossing nearest the declared volume is reported with all others.
 * Guaranteed: every crossing between two grid points whose signs differ is found to within one image. Not
 * guaranteed: two crossings between the same pair of neighbouring grid points (they cancel) are not seen.
 */

/** Grid points between the smallest non-zero volume and the top, spaced evenly on a log scale. */
const GRID_POINTS = 32;
/** The grid's lowest non-zero point, as a share of the top. */
const GRID_FLOOR = 1e-4;
/** Half a micro-dollar: below it two costs are equal. */
const EQUAL = 0.5;

export interface CrossingSearch {
  /** chosen − other, in micro-dollars, at a volume. */
  difference: (volume: number) => number;
  declared: number;
  /** Volumes where either side steps (whole GPUs or replicas). */
  steps: readonly number[];
}

export interface Crossings {
  nearest: number | null;
  all: number[];
  /** The sign of chosen − other just below the nearest crossing (everywhere when there is none). */
  signBelow: number;
}

export function searchRange(declared: number): number {
  return Math.max(10 * declared, 100);
}

export function findCrossings({ difference, declared, steps }: CrossingSearch): Crossings {
  const grid = gridVolumes(searchRange(declared), steps);
  const all: number[] = [];
  let signBelow = 0;
  let previous = { volume: grid[0]!, sign: signOf(difference(grid[0]!)) };
  for (const volume of grid.slice(1)) {
    const sign = signOf(difference(volume));
    if (signBelow === 0) signBelow = previous.sign || sign;
    if (previous.sign !== 0 && sign !== 0 && sign !== previous.sign) all.push(bisect(difference, previous.volume, volume, previous.sign));
    else if (previous.sign !== 0 && sign === 0) all.push(volume);
    previous = { volume, sign };
  }
  const nearestAt = all.reduce((best, v, i) => (best < 0 || Math.abs(v - declared) < Math.abs(all[best]! - declared) ? i : best), -1);
  // Each crossing flips the sign, so below the nearest one it is the first sign flipped once per crossing before it.
  return { nearest: nearestAt < 0 ? null : all[nearestAt]!, all, signBelow: nearestAt % 2 === 1 ? -signBelow : signBelow };
}

function gridVolumes(top: number, steps: readonly number[]): number[] {
  const low = top * GRID_FLOOR;
  const logSpaced = Array.from({ length: GRID_POINTS }, (_, i) => low * (top / low) ** (i / (GRID_POINTS - 1)));
  // Either side of each step, so a crossing made by the step itself is bracketed.
  const aroundSteps = steps.filter((v) => v > 0 && v < top).flatMap((v) => [v, v + 1]);
  return [0, ...logSpaced, ...aroundSteps].sort((a, b) => a - b).filter((v, i, all) => i === 0 || v > all[i - 1]!);
}

/** Narrows [lo, hi] to whole images around the sign change; returns the first whole volume on the new side. */
function bisect(difference: (v: number) => number, lo: number, hi: number, loSign: number): number {
  let below = Math.floor(lo);
  let above = Math.ceil(hi);
  if (signOf(difference(below)) !== loSign || signOf(difference(above)) === loSign) return bisectFractional(difference, lo, hi, loSign);
  while (above - below > 1) {
    const mid = Math.floor((below + above) / 2);
    if (signOf(difference(mid)) === loSign) below = mid;
    else above = mid;
  }
  return above;
}

/** The same search where the sign changes between fractional volumes only (a step inside one image). */
function bisectFractional(difference: (v: number) => number, lo: number, hi: number, loSign: number): number {
  while (hi - lo > 1e-3) {
    const mid = (lo + hi) / 2;
    if (signOf(difference(mid)) === loSign) lo = mid;
    else hi = mid;
  }
  return hi;
}

function signOf(difference: number): number {
  return Math.abs(difference) <= EQUAL ? 0 : Math.sign(difference);
}
