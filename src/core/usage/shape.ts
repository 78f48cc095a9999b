import type { Assumptions, Traffic } from '../catalog/types';
import { fromShape, HOURS_PER_WEEK } from '../engine/traffic';
import type { WeekClock } from './weekClock';

const HOUR_MS = 3_600_000;
const DAYS = 7;
/** Logs longer than this are read as weekly all the same: the walk over their hours stops at five years. */
const MAX_HOURS_WALKED = 5 * 8_760;

/**
 * A built-in shape stands for the measured one when they differ by at most this total variation distance (the share
 * of the week's requests that would have to move to another hour) and their busiest hours by at most this share.
 */
export const SHAPE_MATCH = { maxDistance: 0.1, maxPeakDifference: 0.15 } as const;
/** Fewer requests than this at an hour of the day leave its weight more than 10 % noise (1/√n). */
const THIN_HOUR = 100;

/** Hours of the log's span at each hour of the week: the exposure the counts are rates over. */
export function exposureByHour(first: number, last: number, clock: WeekClock): Float64Array {
  const exposure = new Float64Array(HOURS_PER_WEEK);
  const end = Math.min(last, first + MAX_HOURS_WALKED * HOUR_MS);
  for (let from = Math.floor(first / HOUR_MS) * HOUR_MS; from < end; from += HOUR_MS) {
    // The first and last hours count only the part the log covers.
    const covered = (Math.min(end, from + HOUR_MS) - Math.max(first, from)) / HOUR_MS;
    exposure[clock.hourOfWeek(from)]! += covered;
  }
  return exposure;
}

export interface MeasuredShape {
  /** The weekly shape as the file writes it: weight(day, hour) = weekdays[day] × hours[hour], each list's top 1. */
  hours: number[];
  weekdays: number[];
  /** Events an hour at each hour of the week, the cells the log did not see filled in from the fit. */
  rates: number[];
  /** The built-in shape within SHAPE_MATCH of it, if any. */
  builtIn?: Traffic;
  /** The busiest hour of the week as the log saw it, and its rate over the week's mean. */
  busiestHour: { hourOfWeek: number; factor: number };
  /** The busiest day, 0 Monday. */
  busiestDay: number;
  /** The busiest hour's weight over the mean in the shape written (the fit smooths the log's own). */
  fittedPeak: number;
  /** Hours of the week the log covered at least once. */
  hoursSeen: number;
  warnings: string[];
}

/**
 * The week's shape from counts by hour of the week over the hours each was observed: a fit of a weight per hour of
 * the day times a weight per day, the form the engine prices (traffic.ts). Days the log never saw take the mean day.
 */
export function measureShape(
  counts: ArrayLike<number>,
  exposure: ArrayLike<number>,
  assumptions: Assumptions,
): MeasuredShape {
  const seen = (cell: number) => exposure[cell]! > 0;
  const rate = (cell: number) => (seen(cell) ? counts[cell]! / exposure[cell]! : 0);
  const hourly = Array.from({ length: 24 }, (_, h) => mean(daysOf(h).filter(seen).map(rate)));
  const dayLevels = Array.from({ length: DAYS }, (_, d) => {
    const cells = hoursOfDay(d).filter(seen);
    const expected = cells.reduce((sum, c) => sum + hourly[c % 24]!, 0);
    return cells.length && expected > 0 ? cells.reduce((sum, c) => sum + rate(c), 0) / expected : undefined;
  });
  const observedLevels = dayLevels.filter((l): l is number => l !== undefined);
  const weekdays = dayLevels.map((l) => l ?? mean(observedLevels));
  const fitted = (cell: number) => weekdays[Math.floor(cell / 24)]! * hourly[cell % 24]!;
  const rates = cells().map((c) => (seen(c) ? rate(c) : fitted(c)));
  const weekMean = mean(rates);
  const busiest = argMax(rates);
  const written = { hours: roundedToTop(hourly), weekdays: roundedToTop(weekdays) };
  const fittedPeak = fromShape(written.hours, written.weekdays).peak;
  const hoursSeen = cells().filter(seen).length;
  return {
    ...written,
    rates,
    ...withBuiltIn(fromShape(hourly, weekdays).weights, assumptions),
    busiestHour: { hourOfWeek: busiest, factor: weekMean > 0 ? rates[busiest]! / weekMean : 0 },
    busiestDay: argMax(Array.from({ length: DAYS }, (_, d) => hoursOfDay(d).reduce((s, c) => s + rates[c]!, 0))),
    fittedPeak,
    hoursSeen,
    warnings: thinHours(counts),
  };
}

/** The built-in shape nearest the measured weights, where it is within SHAPE_MATCH. */
function withBuiltIn(weights: readonly number[], assumptions: Assumptions): { builtIn?: Traffic } {
  const peak = Math.max(...weights);
  let best: { kind: Traffic; distance: number } | undefined;
  for (const [kind, shape] of Object.entries(assumptions.traffic) as [
    Traffic,
    { hours: number[]; weekdays: number[] },
  ][]) {
    const builtIn = fromShape(shape.hours, shape.weekdays);
    const distance = totalVariation(weights, builtIn.weights);
    const peakClose = Math.abs(builtIn.peak - peak) <= SHAPE_MATCH.maxPeakDifference * peak;
    if (peakClose && distance <= SHAPE_MATCH.maxDistance && (!best || distance < best.distance))
      best = { kind, distance };
  }
  return best ? { builtIn: best.kind } : {};
}

/** Half the summed difference of two weekly shapes of mean 1, over the week: 0 the same, 1 nothing in common. */
export function totalVariation(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, w, i) => sum + Math.abs(w - b[i]!), 0) / (2 * HOURS_PER_WEEK);
}

/** Hours that shape the peak (at least half the busiest hour of the day) read from too few requests to trust. */
function thinHours(counts: ArrayLike<number>): string[] {
  const byHour = Array.from({ length: 24 }, (_, h) => daysOf(h).reduce((sum, c) => sum + counts[c]!, 0));
  const top = Math.max(...byHour);
  const thin = byHour.filter((n) => n >= top / 2 && n < THIN_HOUR).length;
  return thin
    ? [
        `${thin} of the busy hours of the day have fewer than ${THIN_HOUR} requests in the log: their weights, and the peak, carry more than 10 % noise.`,
      ]
    : [];
}

/** Weights scaled so the largest is 1, to two decimals: the shape as a person reads and edits it. */
function roundedToTop(weights: readonly number[]): number[] {
  const top = Math.max(...weights);
  return weights.map((w) => (top > 0 ? Math.round((w / top) * 100) / 100 : 1));
}

const cells = () => Array.from({ length: HOURS_PER_WEEK }, (_, c) => c);
const daysOf = (hour: number) => Array.from({ length: DAYS }, (_, d) => d * 24 + hour);
const hoursOfDay = (day: number) => Array.from({ length: 24 }, (_, h) => day * 24 + h);

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : 0;
}

function argMax(values: readonly number[]): number {
  return values.reduce((best, v, i) => (v > values[best]! ? i : best), 0);
}
