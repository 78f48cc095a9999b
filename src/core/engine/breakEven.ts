/**
 * Where two monthly costs cross as the volume changes. Costs bend with the arrival rate (keep-alive, cold starts)
 * and step with whole GPUs and replicas, so there is no closed form. Each side says how far it can fall as volume
 * grows (0 for every offer but a serverless one that bills cold starts, see fallFactor): the rest of its total never
 * falls, and the falling part is at most `fall` times it. On any stretch [lo, hi] it then lies between its value at
 * lo less the falling part there and (1 + fall) times the rest at hi; where those spans do not overlap the two cannot
 * meet and the stretch is skipped. The search starts from the two ends of [0, 10× the declared volume] and splits
 * every stretch where the costs may meet (tenfold, then halving the logarithm) down to neighbours 25 % apart (80 %
 * where a side may fall), and there at the volumes where either side adds a GPU or replica; each sign change left is
 * narrowed to one image. Every volume priced is whole, so a crossing is the first whole volume on the new side.
 * Two sides that are each a price times the volume (APIs), rounded to whole micro-dollars, are not searched where the
 * prices are equal (a tie at every volume) or a micro-dollar or more apart (one is dearer at every whole volume);
 * closer than that, rounding alone can tie them at some volumes, and the search says where.
 * Guaranteed: every crossing is found to within one image but those below 1/10,000 of the range's top; a crossing
 * made by a step is bracketed by it. Not guaranteed: two crossings that cancel within one stretch (25 %, or 80 %)
 * with no step between them, and crossings made by steps past the first 24 of a side.
 */

/** The grid's lowest non-zero point, as a share of the top. */
const GRID_FLOOR = 1e-4;
/** Stretches are split until their ends are at most this ratio apart. */
const FINE_RATIO = 1.25;
/** Where a side may fall its span stays wide however short the stretch: split only to this ratio (a decade in four). */
const FALLING_RATIO = 1.8;
/** Half a micro-dollar: below it two costs are equal. */
const EQUAL = 0.5;
/**
 * A bound on a total holds to within a few micro-dollars (each part is rounded on its own) and a millionth of it (the
 * keep-alive pool's Poisson sums skip a lower tail under a millionth of their mass).
 */
const ROUNDING = 8;
const NOISE = 1e-6;

/** One side of a search: a monthly cost as volume changes, and what bounds it between two volumes. */
export interface CostSide {
  /** The monthly total in micro-dollars. */
  total: (volume: number) => number;
  /**
   * How far the total can fall as volume grows (0: never falls): a part of it may fall, the rest never does, and the
   * part that may fall is at most `fall` times the rest.
   */
  fall: number;
  /** The part of the total that may fall (asked only of a side whose fall is not 0). */
  falling: (volume: number) => number;
  /**
   * Where it steps (whole GPUs or replicas), each step as the last whole volume before it and the first after it,
   * sorted; asked for only where the costs come close.
   */
  cuts: () => readonly number[];
  /** Micro-dollars a unit where the total is that times the volume, rounded, and nothing else (an API); else undefined. */
  perUnit: number | undefined;
}

export interface CrossingSearch {
  chosen: CostSide;
  other: CostSide;
  declared: number;
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
  other: number;
  /** The part of each total that may fall (0 for a side that never falls). */
  chosenFalling: number;
  otherFalling: number;
  /** The sign of chosen − other (0 within half a micro-dollar). */
  sign: number;
}

export function findCrossings(search: CrossingSearch): Crossings {
  const top = searchRange(search.declared);
  const ends = [pointAt(search, 0), pointAt(search, top)] as const;
  if (neverCross(search.chosen.perUnit, search.other.perUnit))
    return { nearest: null, all: [], signBelow: ends[1].sign };
  const found: { volume: number; signBelow: number }[] = [];
  let cuts: readonly number[] | undefined;
  const { chosen, other } = search;
  const fine = chosen.fall > 0 || other.fall > 0 ? FALLING_RATIO : FINE_RATIO;
  // Each stretch before the one above it, so crossings are found in order of volume.
  const visit = (lo: Point, hi: Point): void => {
    if (lo.sign !== 0 && hi.sign === 0) {
      found.push({ volume: hi.volume, signBelow: lo.sign });
      return;
    }
    const crosses = lo.sign !== 0 && hi.sign !== 0 && lo.sign !== hi.sign;
    // Most alternatives are dearer or cheaper over the whole range: two prices decide it.
    if (!crosses && cannotMeet(chosen.fall, other.fall, lo, hi)) return;
    // Stretches are refined to neighbours 25 % apart, crossing or not, so crossings that cancel in a wider stretch
    // are seen; there each step of either side is a cut (a step can make two crossings that cancel), the middle one
    // first, so the halves whose costs cannot meet need no more. One image apart, or below the grid's floor (which the
    // descent from 0, in whole volumes, reaches to within an image), nothing is left to split.
    const splittable = hi.volume - lo.volume > 1 && (lo.volume > 0 || hi.volume > top * GRID_FLOOR + 1);
    const wide = lo.volume === 0 || hi.volume / lo.volume > fine;
    const at = !splittable
      ? undefined
      : wide
        ? midpoint(lo.volume, hi.volume)
        : middleBetween((cuts ??= mergeSorted(chosen.cuts(), other.cuts())), lo.volume, hi.volume);
    if (at === undefined) {
      if (crosses) found.push({ volume: bisect(search, lo, hi), signBelow: lo.sign });
      return;
    }
    const cut = pointAt(search, at);
    visit(lo, cut);
    visit(cut, hi);
  };
  visit(...ends);
  const all = [...new Set(found.map((f) => f.volume))];
  const nearest = found.reduce<(typeof found)[number] | undefined>(
    (best, f) => (!best || Math.abs(f.volume - search.declared) < Math.abs(best.volume - search.declared) ? f : best),
    undefined,
  );
  return { nearest: nearest?.volume ?? null, all, signBelow: nearest ? nearest.signBelow : ends[1].sign };
}

/**
 * Whether two prices times the volume keep one order at every whole volume once rounded: equal, or a micro-dollar or
 * more apart (the rounded totals then differ by at least one from two units up, and never in the other direction).
 */
function neverCross(chosen: number | undefined, other: number | undefined): boolean {
  return chosen !== undefined && other !== undefined && (chosen === other || Math.abs(chosen - other) >= 1);
}

function pointAt({ chosen, other }: CrossingSearch, volume: number): Point {
  const chosenTotal = chosen.total(volume);
  const otherTotal = other.total(volume);
  return {
    volume,
    chosen: chosenTotal,
    other: otherTotal,
    chosenFalling: chosen.fall === 0 ? 0 : chosen.falling(volume),
    otherFalling: other.fall === 0 ? 0 : other.falling(volume),
    sign: signOf(chosenTotal - otherTotal),
  };
}

/** Two sorted lists as one, sorted, without repeats. */
function mergeSorted(a: readonly number[], b: readonly number[]): readonly number[] {
  return b.length === 0 ? a : a.length === 0 ? b : [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** The middle one of the values of a sorted list strictly between lo and hi; undefined if there is none. */
function middleBetween(sorted: readonly number[], lo: number, hi: number): number | undefined {
  const first = firstAbove(sorted, lo);
  let end = first;
  while (end < sorted.length && sorted[end]! < hi) end++;
  return end > first ? sorted[(first + end) >> 1] : undefined;
}

/** The index of the first value above x in a sorted list (its length if none is). */
function firstAbove(sorted: readonly number[], x: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! > x) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Whether the two costs cannot meet on [lo, hi]: each lies between its value at lo less its falling part there and
 * (1 + fall) times the rest at hi, and the two spans do not overlap.
 */
function cannotMeet(chosenFall: number, otherFall: number, lo: Point, hi: Point): boolean {
  const [chosenLow, chosenHigh] = span(lo.chosen - lo.chosenFalling, hi.chosen - hi.chosenFalling, chosenFall);
  const [otherLow, otherHigh] = span(lo.other - lo.otherFalling, hi.other - hi.otherFalling, otherFall);
  return chosenHigh < otherLow - EQUAL || otherHigh < chosenLow - EQUAL;
}

/** Where a total lies on a stretch, from the part that never falls at its ends. */
function span(restAtLo: number, restAtHi: number, fall: number): [number, number] {
  return [leastAbove(restAtLo), restAtHi * (1 + fall) * (1 + NOISE) + ROUNDING];
}

/** The least a total can be at a higher volume, from the part of it that never falls at a lower one. */
export function leastAbove(rest: number): number {
  return rest * (1 - NOISE) - ROUNDING;
}

/** The whole volume nearest the middle of [lo, hi] on a log scale (a tenth of hi from 0), strictly inside it. */
function midpoint(lo: number, hi: number): number {
  return wholeInside(lo, hi, lo > 0 ? Math.sqrt(lo * hi) : hi / 10);
}

/** The whole volume nearest x strictly between lo and hi (there is one: they are over an image apart). */
function wholeInside(lo: number, hi: number, x: number): number {
  return Math.min(Math.ceil(hi) - 1, Math.max(Math.floor(lo) + 1, Math.round(x)));
}

/**
 * Narrows [lo, hi] (whole volumes) until its ends are one image apart, the sign changing between them; returns the
 * end on the new side. Guesses are whole volumes from the Anderson-Björck variant of false position (costs are smooth between steps, so it closes in
 * a few prices where halving takes twenty); halving takes over whenever two guesses have not halved the bracket, so
 * a step or a bend cannot stall it.
 */
function bisect(search: CrossingSearch, lo: Point, hi: Point): number {
  const difference = (v: number) => search.chosen.total(v) - search.other.total(v);
  const loSign = lo.sign;
  let [below, dBelow] = [lo.volume, lo.chosen - lo.other];
  let [above, dAbove] = [hi.volume, hi.chosen - hi.other];
  // Which end the last guess replaced (-1 below, 1 above, 0 none yet).
  let lastSide = 0;
  // The bracket's width two guesses ago: false position that does not halve it in two guesses gives way to halving.
  let widths = [Infinity, Infinity];
  while (above - below > 1) {
    const width = above - below;
    const halve = width > widths[0]! / 2;
    const guess = halve ? (below + above) / 2 : below + (dBelow / (dBelow - dAbove)) * width;
    const mid = wholeInside(below, above, guess);
    widths = [widths[1]!, width];
    const d = difference(mid);
    // The end that stays put, unless the guess before just set it, has its value scaled down by how much the moved
    // end's value shrank (Anderson-Björck), so the next guess moves towards it instead of creeping.
    if (signOf(d) === loSign) {
      if (lastSide !== 1) dAbove *= shrink(d, dBelow);
      [below, dBelow, lastSide] = [mid, d, -1];
    } else {
      if (lastSide !== -1) dBelow *= shrink(d, dAbove);
      [above, dAbove, lastSide] = [mid, d, 1];
    }
  }
  return above;
}

/** 1 - new / old, or a half where that is not between 0 and 1 (a value that grew, or an old one of 0). */
function shrink(now: number, before: number): number {
  const m = 1 - now / before;
  return m > 0 && m < 1 ? m : 0.5;
}

function signOf(difference: number): number {
  return Math.abs(difference) <= EQUAL ? 0 : Math.sign(difference);
}
