/**
 * Where two monthly costs cross as the volume changes. Costs bend with the arrival rate (keep-alive, cold starts)
 * and step with whole GPUs and replicas, so there is no closed form. Where both costs never fall as volume grows
 * (every offer but a serverless one whose billed cold start outlasts its keep-alive: there more traffic means fewer
 * cold starts and can lower the bill), on any stretch [lo, hi] each lies between its values at the ends: where
 * those ranges do not overlap the two cannot meet and the stretch is skipped. The search starts from a coarse
 * split of [0, 10× the declared volume] (tenfold, then halving the logarithm), splits only where the costs come close, down
 * to neighbours 25 % apart, and there also at every volume where either side adds a GPU or replica; each sign
 * change is bisected to one image. Where a side may fall, a fixed grid of 17 volumes is searched instead.
 * Guaranteed: every crossing in a stretch whose ends differ in sign is found, to within one image; a crossing
 * made by a step is bracketed by the step (monotone sides). Not guaranteed: two crossings that cancel within one
 * stretch (25 % wide, or 78 % on the fixed grid) with no step between them are not seen.
 */

/** Where a cost may fall with volume no bound skips a stretch: a fixed, finer grid (neighbours 78 % apart) instead. */
const UNBOUNDED_POINTS = 17;
/** The grid's lowest non-zero point, as a share of the top. */
const GRID_FLOOR = 1e-4;
/** Stretches are split until their ends are at most this ratio apart. */
const FINE_RATIO = 1.25;
/** Half a micro-dollar: below it two costs are equal. */
const EQUAL = 0.5;

export interface CrossingSearch {
  /** Monthly totals in micro-dollars. */
  chosen: (volume: number) => number;
  other: (volume: number) => number;
  /** Whether each total never falls as volume grows: where both never do, stretches whose ranges do not overlap are skipped. */
  chosenGrows: boolean;
  otherGrows: boolean;
  declared: number;
  /** Volumes where either side steps (whole GPUs or replicas), asked for only where the costs come close. */
  steps: () => readonly number[];
}

export interface Crossings {
  nearest: number | null;
  all: number[];
  /** The sign of chosen − other just below the nearest crossing (at the top of the range when there is none). */
  signBelow: number;
}

export function searchRange(declared: number): number {
  return Math.max(10 * declared, 100);
}

interface Point {
  volume: number;
  chosen: number;
  /** NaN where the sign was decided without pricing the other side. */
  other: number;
  /** The sign of chosen − other (0 within half a micro-dollar). */
  sign: number;
}

export function findCrossings(search: CrossingSearch): Crossings {
  const top = searchRange(search.declared);
  const monotone = search.chosenGrows && search.otherGrows;
  const ends = [pointAt(search, 0), pointAt(search, top)] as const;
  // Most alternatives are dearer or cheaper over the whole range: two prices decide it.
  if (monotone && apart(...ends)) return { nearest: null, all: [], signBelow: ends[1].sign };
  // Bounded pairs start from the two ends and split only where the costs come close; the others need a grid.
  const coarse = monotone ? [...ends] : fixedGrid(search, ends);
  const found: { volume: number; signBelow: number }[] = [];
  let steps: readonly number[] | undefined;
  const stepsInside = (lo: number, hi: number) => (steps ??= search.steps()).filter((v) => v > lo && v < hi);
  const pending = coarse.slice(1).map((hi, i) => [coarse[i]!, hi] as const);
  while (pending.length > 0) {
    const [lo, hi] = pending.pop()!;
    const loSign = lo.sign;
    const hiSign = hi.sign;
    if (loSign !== 0 && hiSign !== 0 && loSign !== hiSign) {
      found.push({ volume: bisect(search, lo.volume, hi.volume, loSign), signBelow: loSign });
      continue;
    }
    if (loSign !== 0 && hiSign === 0) {
      found.push({ volume: hi.volume, signBelow: loSign });
      continue;
    }
    if (!monotone || apart(lo, hi) || hi.volume - lo.volume <= 1) continue;
    // Below the grid's floor a same-signed stretch is left alone, as the fixed grid would.
    if (lo.volume === 0 && hi.volume <= top * GRID_FLOOR) continue;
    const inside = lo.volume > 0 && hi.volume / lo.volume <= FINE_RATIO ? stepsInside(lo.volume, hi.volume) : [];
    if (lo.volume > 0 && hi.volume / lo.volume <= FINE_RATIO && inside.length === 0) continue;
    const cuts =
      inside.length > 0
        ? [...new Set(inside.flatMap((v) => [v, v + 1]))].filter((v) => v < hi.volume).sort((a, b) => a - b)
        : [midpoint(lo.volume, hi.volume)];
    const points = [lo, ...cuts.map((v) => pointAt(search, v)), hi];
    for (let i = 0; i + 1 < points.length; i++) pending.push([points[i]!, points[i + 1]!]);
  }
  found.sort((a, b) => a.volume - b.volume);
  const all = [...new Set(found.map((f) => f.volume))];
  const nearest = found.reduce<(typeof found)[number] | undefined>(
    (best, f) => (!best || Math.abs(f.volume - search.declared) < Math.abs(best.volume - search.declared) ? f : best),
    undefined,
  );
  return { nearest: nearest?.volume ?? null, all, signBelow: nearest ? nearest.signBelow : ends[1].sign };
}

function pointAt(search: CrossingSearch, volume: number): Point {
  const chosen = search.chosen(volume);
  const other = search.other(volume);
  return { volume, chosen, other, sign: signOf(chosen - other) };
}

/**
 * The fixed grid from 0 to the top. Where only the chosen side may fall (its totals are remembered across the
 * workload's alternatives), the other side, never falling, lies between its last priced value and its value at the
 * top: a chosen total outside that range decides the sign without pricing the other.
 */
function fixedGrid(search: CrossingSearch, ends: readonly [Point, Point]): Point[] {
  const inner = Array.from(
    { length: UNBOUNDED_POINTS - 2 },
    (_, i) => ends[1].volume * GRID_FLOOR ** (1 - i / (UNBOUNDED_POINTS - 2)),
  );
  const points = [ends[0]];
  let otherBelow = ends[0].other;
  for (const volume of inner) {
    const chosen = search.chosen(volume);
    if (search.otherGrows && chosen < otherBelow - EQUAL) points.push({ volume, chosen, other: NaN, sign: -1 });
    else if (search.otherGrows && chosen > ends[1].other + EQUAL) points.push({ volume, chosen, other: NaN, sign: 1 });
    else {
      const point = pointAt(search, volume);
      otherBelow = point.other;
      points.push(point);
    }
  }
  return [...points, ends[1]];
}

/** Both costs never fall with volume, so if one's highest value here is under the other's lowest, they cannot meet. */
function apart(lo: Point, hi: Point): boolean {
  return hi.chosen < lo.other - EQUAL || hi.other < lo.chosen - EQUAL;
}

function midpoint(lo: number, hi: number): number {
  return lo > 0 ? Math.sqrt(lo * hi) : hi / 10;
}

/**
 * Narrows [lo, hi] to whole images around the sign change; returns the first whole volume on the new side. Most
 * steps take the Illinois variant of false position (costs are nearly straight between steps, so it closes in a
 * few prices where halving takes twenty); every third step halves, so steps and bends cannot stall it.
 */
function bisect(search: CrossingSearch, lo: number, hi: number, loSign: number): number {
  const difference = (v: number) => search.chosen(v) - search.other(v);
  let below = Math.floor(lo);
  let above = Math.ceil(hi);
  let dBelow = difference(below);
  let dAbove = difference(above);
  if (signOf(dBelow) !== loSign || signOf(dAbove) === loSign) {
    return bisectFractional((v) => signOf(difference(v)), lo, hi, loSign);
  }
  let kept = 0;
  for (let step = 1; above - below > 1; step++) {
    const falsePosition = below + Math.round((dBelow / (dBelow - dAbove)) * (above - below));
    const guess = step % 3 === 0 ? Math.floor((below + above) / 2) : falsePosition;
    const mid = Math.min(above - 1, Math.max(below + 1, guess));
    const d = difference(mid);
    if (signOf(d) === loSign) {
      [below, dBelow] = [mid, d];
      // The same end kept twice: halve the other's weight so the guesses move towards it (Illinois).
      if (kept === 1) dAbove /= 2;
      kept = 1;
    } else {
      [above, dAbove] = [mid, d];
      if (kept === -1) dBelow /= 2;
      kept = -1;
    }
  }
  return above;
}

/** The same search where the sign changes between fractional volumes only (a step inside one image). */
function bisectFractional(sign: (v: number) => number, lo: number, hi: number, loSign: number): number {
  while (hi - lo > 1e-6) {
    const mid = (lo + hi) / 2;
    if (sign(mid) === loSign) lo = mid;
    else hi = mid;
  }
  return hi;
}

function signOf(difference: number): number {
  return Math.abs(difference) <= EQUAL ? 0 : Math.sign(difference);
}
