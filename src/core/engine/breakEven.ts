import { costAt, lineRightOf, nextBreak, type CostCurve } from './curve';

export interface BreakEvenResult {
  /** The crossing nearest the declared volume, or null where the two never cross up to the search limit. */
  volume: number | null;
  /** The search ran out of pieces (two curves with near-equal slopes and many steps); volume is the best found. */
  truncated: boolean;
}

/** Half a micro-dollar: below it two costs are equal. */
const EQUAL = 0.5;
const MAX_PIECES = 20_000;

/**
 * The volume where two cost curves cross, nearest the declared volume, found exactly over the pieces.
 * Regions where the curves cannot meet are skipped with a bound: whole-GPU steps keep a curve within one
 * step of its average slope, so a crossing can only lie where that band straddles zero.
 */
export function nearestBreakEven(a: CostCurve, b: CostCurve, declared: number, limit: number): BreakEvenResult {
  const search = new CrossingSearch(a, b, declared);
  let cur = 0;
  let pieces = 0;
  while (cur < limit && !search.done) {
    const regimeEnd = Math.min(regimeBoundaryAfter(a, cur), regimeBoundaryAfter(b, cur), limit);
    const band = zeroBand(a, b, cur, regimeEnd);
    if (!band) {
      search.passZeroFree(cur, regimeEnd);
      cur = regimeEnd;
      continue;
    }
    if (band.from > cur) search.passZeroFree(cur, band.from);
    let p = Math.max(cur, lastStepAtOrBefore(a, b, band.from));
    // With no net slope the difference repeats every period: one period (and a piece either side) decides it.
    let periodBudget = band.periodPieces ?? Infinity;
    while (p < band.to && !search.done && periodBudget-- > 0) {
      if (++pieces > MAX_PIECES) return { volume: search.nearest(), truncated: true };
      const next = Math.min(nextBreak(a, p), nextBreak(b, p), regimeEnd);
      search.walkPiece(p, next);
      p = next;
    }
    if (p < regimeEnd && !search.done) search.passZeroFree(p, regimeEnd);
    cur = regimeEnd;
  }
  return { volume: search.nearest(), truncated: false };
}

/** Tracks the sign of a - b along the volume axis and remembers the crossings either side of the declared volume. */
class CrossingSearch {
  private lastSign: number;
  private below: number | null = null;
  private above: number | null = null;

  constructor(
    private readonly a: CostCurve,
    private readonly b: CostCurve,
    private readonly declared: number,
  ) {
    this.lastSign = signOf(costAt(a, 0) - costAt(b, 0));
  }

  get done(): boolean {
    return this.above !== null;
  }

  /** A stretch (from, to] with no zero inside: only a jump at its start can flip the sign. */
  passZeroFree(from: number, to: number): void {
    if (!(to > from)) return;
    const probe = Number.isFinite(to) ? (from + to) / 2 : from + 1;
    this.observe(signOf(costAt(this.a, probe) - costAt(this.b, probe)), from);
  }

  /** A piece (p, next] where both curves are straight lines. */
  walkPiece(p: number, next: number): void {
    const la = lineRightOf(this.a, p);
    const lb = lineRightOf(this.b, p);
    const a0 = la.a - lb.a;
    const slope = la.b - lb.b;
    this.observe(signOf(a0 + slope * p), p);
    if (this.done) return;
    const endSign = signOf(a0 + slope * next);
    if (endSign !== 0 && this.lastSign !== 0 && endSign !== this.lastSign && slope !== 0) {
      this.record(Math.min(next, Math.max(p, -a0 / slope)));
    }
    if (endSign !== 0) this.lastSign = endSign;
  }

  nearest(): number | null {
    if (this.below === null) return this.above;
    if (this.above === null) return this.below;
    return this.declared - this.below <= this.above - this.declared ? this.below : this.above;
  }

  private observe(sign: number, at: number): void {
    if (sign === 0) return;
    if (this.lastSign !== 0 && sign !== this.lastSign) this.record(at);
    this.lastSign = sign;
  }

  private record(volume: number): void {
    if (volume <= this.declared) this.below = volume;
    else this.above = volume;
  }
}

function signOf(x: number): number {
  return x > EQUAL ? 1 : x < -EQUAL ? -1 : 0;
}

/** Where a curve's formula changes: its kink, and the volume past which it needs more than one GPU. */
function regimeBoundaryAfter(c: CostCurve, v: number): number {
  let next = Infinity;
  if (c.kinkCoef !== 0 && c.kinkAt > v) next = c.kinkAt;
  if (c.stepUnit !== 0 && c.stepK > 0 && 1 / c.stepK > v) next = Math.min(next, 1 / c.stepK);
  return next;
}

interface StepTerm {
  unit: number;
  k: number;
}

/** The curve in the regime right of v: a straight line plus, past one GPU, a staircase. */
function regimeForm(c: CostCurve, v: number): { a: number; b: number; step?: StepTerm } {
  let a = c.fixed;
  let b = c.slope;
  if (v < c.kinkAt) b += c.kinkCoef;
  else a += c.kinkCoef * c.kinkAt;
  if (c.stepUnit === 0) return { a, b };
  if (c.stepK * v >= 1 - 1e-12) return { a, b, step: { unit: c.stepUnit, k: c.stepK } };
  return { a: a + c.stepUnit, b };
}

interface Band {
  from: number;
  to: number;
  /** Set when the difference has no net slope and its steps are commensurate: pieces in one period, plus margin. */
  periodPieces?: number;
}

/** The part of (from, to) where a - b can be zero, or undefined if nowhere. */
function zeroBand(a: CostCurve, b: CostCurve, from: number, to: number): Band | undefined {
  const fa = regimeForm(a, from);
  const fb = regimeForm(b, from);
  // ceil(kV) lies in [kV, kV + 1): a staircase stays within one step above its average line.
  const up = fa.step?.unit ?? 0;
  const down = fb.step?.unit ?? 0;
  const intercept = fa.a - fb.a;
  const slope = fa.b - fb.b + (fa.step ? fa.step.unit * fa.step.k : 0) - (fb.step ? fb.step.unit * fb.step.k : 0);
  const scale = Math.abs(fa.b) + Math.abs(fb.b) + (fa.step ? fa.step.unit * fa.step.k : 0) + (fb.step ? fb.step.unit * fb.step.k : 0);
  if (Math.abs(slope) <= 1e-12 * scale) {
    if (intercept < -up - EQUAL || intercept > down + EQUAL) return undefined;
    const period = periodPieces(fa.step, fb.step);
    return period === undefined ? { from, to } : { from, to, periodPieces: period };
  }
  const x1 = (-up - EQUAL - intercept) / slope;
  const x2 = (down + EQUAL - intercept) / slope;
  const lo = Math.max(from, Math.min(x1, x2));
  const hi = Math.min(to, Math.max(x1, x2));
  return lo <= hi ? { from: lo, to: Math.min(to, hi + stepWidth(fa.step, fb.step)) } : undefined;
}

/** Pieces in one period of two staircases whose step rates are in a small whole ratio p:q (then p + q), plus margin. */
function periodPieces(s1: StepTerm | undefined, s2: StepTerm | undefined): number | undefined {
  if (!s1 || !s2) return s1 || s2 ? 3 : 2;
  const ratio = s1.k / s2.k;
  for (let q = 1; q <= 64; q++) {
    const p = Math.round(ratio * q);
    if (p > 0 && Math.abs(ratio * q - p) <= 1e-9 * p) return p + q + 2;
  }
  return undefined;
}

function stepWidth(...steps: (StepTerm | undefined)[]): number {
  return Math.max(0, ...steps.map((s) => (s && s.k > 0 ? 1 / s.k : 0)));
}

/** The last step boundary at or before v among both curves, so a walk starts on a whole piece. */
function lastStepAtOrBefore(a: CostCurve, b: CostCurve, v: number): number {
  let best = 0;
  for (const c of [a, b]) {
    if (c.stepUnit !== 0 && c.stepK > 0 && c.stepK * v >= 1) best = Math.max(best, Math.floor(c.stepK * v + 1e-12) / c.stepK);
  }
  return best;
}
