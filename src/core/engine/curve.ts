/**
 * A monthly cost as a function of volume V (images), in micro-dollars:
 *   fixed + slope·V + kinkCoef·min(V, kinkAt) + stepUnit·max(1, ceil(stepK·V))
 * Every billing model is one of these: per call is linear, serverless pays cold starts up to a
 * ceiling (the kink), rentals and endpoints pay whole GPUs (the steps). Break-even search relies on it.
 */
export interface CostCurve {
  fixed: number;
  slope: number;
  kinkCoef: number;
  kinkAt: number;
  /** 0 when there are no steps. */
  stepUnit: number;
  stepK: number;
}

export const FLAT: CostCurve = { fixed: 0, slope: 0, kinkCoef: 0, kinkAt: Infinity, stepUnit: 0, stepK: 0 };

export function curve(parts: Partial<CostCurve>): CostCurve {
  // Spelled out rather than spread: this runs for every option of every workload.
  return {
    fixed: parts.fixed ?? 0,
    slope: parts.slope ?? 0,
    kinkCoef: parts.kinkCoef ?? 0,
    kinkAt: parts.kinkAt ?? Infinity,
    stepUnit: parts.stepUnit ?? 0,
    stepK: parts.stepK ?? 0,
  };
}

/** Sets every part of a curve in place: the ranking pass prices thousands of offers into one object. */
export function setCurve(target: CostCurve, slope: number, kinkCoef: number, kinkAt: number, stepUnit: number, stepK: number): CostCurve {
  target.fixed = 0;
  target.slope = slope;
  target.kinkCoef = kinkCoef;
  target.kinkAt = kinkAt;
  target.stepUnit = stepUnit;
  target.stepK = stepK;
  return target;
}

/** Whole GPUs (or replicas) at a volume; at least one. */
export function unitsAt(c: CostCurve, volume: number): number {
  return c.stepUnit === 0 ? 0 : Math.max(1, Math.ceil(c.stepK * volume - 1e-12));
}

export function costAt(c: CostCurve, volume: number): number {
  return c.fixed + c.slope * volume + c.kinkCoef * Math.min(volume, c.kinkAt) + c.stepUnit * unitsAt(c, volume);
}

/** The straight line the curve follows just to the right of V: a + b·V. */
export function lineRightOf(c: CostCurve, volume: number): { a: number; b: number } {
  let a = c.fixed;
  let b = c.slope;
  if (volume < c.kinkAt) b += c.kinkCoef;
  else a += c.kinkCoef * c.kinkAt;
  if (c.stepUnit !== 0) a += c.stepUnit * Math.max(1, Math.floor(c.stepK * volume + 1e-12) + 1);
  return { a, b };
}

/** The next volume above V where the curve bends or steps (Infinity if none). */
export function nextBreak(c: CostCurve, volume: number): number {
  let next = volume < c.kinkAt ? c.kinkAt : Infinity;
  if (c.stepUnit !== 0 && c.stepK > 0) next = Math.min(next, (Math.floor(c.stepK * volume + 1e-12) + 1) / c.stepK);
  return next;
}

/** An option's total at a volume: compute rounded to whole micro-dollars, then the overhead. */
export function totalMicrosAt(c: CostCurve, overheadMicros: number, volume: number): number {
  return Math.round(costAt(c, volume)) + overheadMicros;
}

export function withFixed(c: CostCurve, extra: number): CostCurve {
  return extra === 0 ? c : { ...c, fixed: c.fixed + extra };
}
