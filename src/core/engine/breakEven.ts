/**
 * Where two monthly costs cross as the volume changes. Costs bend with the arrival rate (keep-alive, cold starts)
 * and step with whole GPUs and replicas, so there is no closed form. Where both costs never fall as volume grows
 * (every offer but a serverless one that bills cold starts: more traffic means fewer of them and can lower the bill,
 * see growsWithVolume), on any stretch [lo, hi] each lies between its values at the ends: where
 * those ranges do not overlap the two cannot meet and the stretch is skipped. The search starts from the two ends of
 * [0, 10× the declared volume] and splits every stretch where the costs come close or cross (tenfold, then halving
 * the logarithm) down to neighbours 25 % apart, and there at every volume where either side adds a GPU or replica;
 * each sign change left is narrowed to one image. Where a side may fall, a fixed grid of 17 volumes is searched
 * instead, its crossing stretches cut at the steps inside them.
 * Guaranteed: every crossing is found to within one image but those below; a crossing made by a step is bracketed
 * by it. Not guaranteed: two crossings that cancel within one stretch (25 % wide, or 85 % on the fixed grid) with no
 * step between them, and crossings made by steps past the first 24 of a side.
 */

/** Where a cost may fall with volume no bound skips a stretch: a fixed, finer grid (neighbours 85 % apart) instead. */
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
  /** Where each total lies at a volume, known without pricing it (serverless offers); undefined if unknown. */
  chosenRange?: (volume: number) => readonly [number, number] | undefined;
  otherRange?: (volume: number) => readonly [number, number] | undefined;
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
  if (cannotMeet(search, ...ends)) return { nearest: null, all: [], signBelow: ends[1].sign };
  // Bounded pairs start from the two ends and split only where the costs come close; the others need a grid.
  const coarse = monotone ? [...ends] : fixedGrid(search, ends);
  const found: { volume: number; signBelow: number }[] = [];
  // Every step of either side as the last volume before it and the first after it, sorted: worked out once a pair.
  let cuts: readonly number[] | undefined;
  const cutsInside = (lo: number, hi: number) => (cuts ??= stepCuts(search.steps())).filter((v) => v > lo && v < hi);
  const pending = coarse.slice(1).map((hi, i) => [coarse[i]!, hi] as const);
  while (pending.length > 0) {
    const [lo, hi] = pending.pop()!;
    if (lo.sign !== 0 && hi.sign === 0) {
      found.push({ volume: hi.volume, signBelow: lo.sign });
      continue;
    }
    const crosses = lo.sign !== 0 && hi.sign !== 0 && lo.sign !== hi.sign;
    if (!crosses && cannotMeet(search, lo, hi)) continue;
    // One image apart, or below the grid's floor (where the fixed grid would stop too): nothing left to split.
    if (hi.volume - lo.volume <= 1 || (lo.volume === 0 && hi.volume <= top * GRID_FLOOR)) {
      if (crosses) found.push({ volume: bisect(search, lo, hi), signBelow: lo.sign });
      continue;
    }
    // Bounded pairs are refined to neighbours 25 % apart, crossing or not, so crossings that cancel in a wider
    // stretch are seen; there, and in every stretch of the fixed grid, each step of either side is a cut (a step can
    // make two crossings that cancel between grid points).
    const wide = monotone && (lo.volume === 0 || hi.volume / lo.volume > FINE_RATIO);
    const inside = wide ? [midpoint(lo.volume, hi.volume)] : cutsInside(lo.volume, hi.volume);
    if (inside.length === 0) {
      if (crosses) found.push({ volume: bisect(search, lo, hi), signBelow: lo.sign });
      continue;
    }
    const points = [lo, ...inside.map((v) => pointAt(search, v)), hi];
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
 * The fixed grid from 0 to the top. The chosen side's totals are remembered across the workload's alternatives;
 * the other side is priced only where its range does not already decide the sign: where it never falls, between its
 * last priced value and its value at the top; where it may fall (serverless), the range its offer gives without
 * pricing (busy seconds at least, one keep-alive and one cold start a call at most).
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
    // The other side's range here: between its last priced value and its top where it never falls, else its own.
    const [low, high] = search.otherGrows
      ? [otherBelow, ends[1].other]
      : (search.otherRange?.(volume) ?? [-Infinity, Infinity]);
    if (chosen < low - EQUAL) points.push({ volume, chosen, other: NaN, sign: -1 });
    else if (chosen > high + EQUAL) points.push({ volume, chosen, other: NaN, sign: 1 });
    else {
      const point = pointAt(search, volume);
      otherBelow = point.other;
      points.push(point);
    }
  }
  return [...points, ends[1]];
}

/** Each step at v as the last volume before it and the first after it, sorted, without repeats. */
function stepCuts(steps: readonly number[]): number[] {
  return [...new Set(steps.flatMap((v) => [v, v + 1]))].sort((a, b) => a - b);
}

/**
 * Whether the two costs cannot meet on [lo, hi]: each lies within a span (between its values at the ends where it
 * never falls, else between its range's low at lo and high at hi, both of which grow with volume), and the spans
 * do not overlap. A side without either knows nothing, and nothing is skipped.
 */
function cannotMeet(search: CrossingSearch, lo: Point, hi: Point): boolean {
  const [chosenLow, chosenHigh] = span(lo.chosen, hi.chosen, search.chosenGrows, search.chosenRange, lo, hi);
  const [otherLow, otherHigh] = span(lo.other, hi.other, search.otherGrows, search.otherRange, lo, hi);
  return chosenHigh < otherLow - EQUAL || otherHigh < chosenLow - EQUAL;
}

function span(
  atLo: number,
  atHi: number,
  grows: boolean,
  range: CrossingSearch['otherRange'],
  lo: Point,
  hi: Point,
): [number, number] {
  if (grows) return [atLo, atHi];
  return [range?.(lo.volume)?.[0] ?? -Infinity, range?.(hi.volume)?.[1] ?? Infinity];
}

function midpoint(lo: number, hi: number): number {
  return lo > 0 ? Math.sqrt(lo * hi) : hi / 10;
}

/**
 * Narrows [lo, hi] until its ends are at most one image apart, the sign changing between them; returns the end on
 * the new side (a whole volume, or hi itself when the change is within its last image, as at a step). Guesses are
 * whole volumes from the Illinois variant of false position (costs are nearly straight between steps, so it closes
 * in a few prices where halving takes twenty); halving takes over whenever two guesses have not halved the bracket,
 * so a step or a bend cannot stall it.
 */
function bisect(search: CrossingSearch, lo: Point, hi: Point): number {
  const difference = (v: number) => search.chosen(v) - search.other(v);
  const loSign = lo.sign;
  // A grid point whose sign was decided without pricing the other side has no difference yet.
  let [below, dBelow] = [lo.volume, Number.isNaN(lo.other) ? difference(lo.volume) : lo.chosen - lo.other];
  let [above, dAbove] = [hi.volume, Number.isNaN(hi.other) ? difference(hi.volume) : hi.chosen - hi.other];
  let kept = 0;
  // The bracket's width two guesses ago: false position that does not halve it in two guesses gives way to halving.
  let widths = [above - below, above - below];
  while (above - below > 1) {
    const width = above - below;
    const halve = width > widths[0]! / 2;
    const guess = halve ? (below + above) / 2 : below + (dBelow / (dBelow - dAbove)) * width;
    // A whole volume strictly inside the bracket (there is one: it is over an image wide).
    const mid = Math.min(Math.ceil(above) - 1, Math.max(Math.floor(below) + 1, Math.round(guess)));
    widths = [widths[1]!, width];
    const d = difference(mid);
    const onLoSide = signOf(d) === loSign;
    if (onLoSide) {
      [below, dBelow] = [mid, d];
      // The same end kept twice: halve the other's weight so the guesses move towards it (Illinois).
      if (kept === 1) dAbove /= 2;
      kept = 1;
    } else {
      [above, dAbove] = [mid, d];
      if (kept === -1) dBelow /= 2;
      kept = -1;
    }
    // Costs are nearly straight between steps: a guess usually lands within an image of the crossing, so its
    // neighbour on the far side often closes the bracket at once.
    const neighbour = onLoSide ? mid + 1 : mid - 1;
    if (!halve && neighbour > below && neighbour < above) {
      const dn = difference(neighbour);
      if (signOf(dn) === loSign) [below, dBelow] = [neighbour, dn];
      else [above, dAbove] = [neighbour, dn];
    }
  }
  return above;
}

function signOf(difference: number): number {
  return Math.abs(difference) <= EQUAL ? 0 : Math.sign(difference);
}
