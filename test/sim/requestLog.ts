import { HOURS_PER_WEEK } from '../../src/core/engine/traffic';
import { WeekClock } from '../../src/core/usage/weekClock';

const HOUR_MS = 3_600_000;

export interface LogSpec {
  /** 168 weights by local hour of the week (Monday 00:00 first), mean 1. */
  weights: readonly number[];
  /** Requests a month (730 hours) at the mean weight. */
  monthly: number;
  startMs: number;
  hours: number;
  timeZone: string;
  random: () => number;
  /** A run time in seconds for one request. */
  runSeconds: () => number;
}

/** Poisson arrivals over a weekly profile: each hour's count drawn at its rate, the arrivals spread uniformly in it. */
export function* poissonRequests(spec: LogSpec): Generator<{ at: number; seconds: number }> {
  const clock = new WeekClock(spec.timeZone);
  const perHour = spec.monthly / 730;
  for (let h = 0; h < spec.hours; h++) {
    const from = spec.startMs + h * HOUR_MS;
    const n = poisson(perHour * spec.weights[clock.hourOfWeek(from)]!, spec.random);
    const times = Array.from({ length: n }, () => from + Math.floor(spec.random() * HOUR_MS)).sort((a, b) => a - b);
    for (const at of times) yield { at, seconds: spec.runSeconds() };
  }
}

/** Knuth's method under 30, a rounded normal above (exact enough for counts the tests sum by the thousand). */
function poisson(mean: number, random: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A log-normal run time with this median: run times are skewed right (long prompts, slow hosts). */
export function logNormal(median: number, sigma: number, random: () => number): () => number {
  return () => median * Math.exp(sigma * normal(random));
}

/** weight(day, hour) = weekdays[day] × hours[hour], scaled to a mean of 1. */
export function weeklyWeights(hours: readonly number[], weekdays: readonly number[]): number[] {
  const raw = weekdays.flatMap((d) => hours.map((h) => d * h));
  const mean = raw.reduce((s, w) => s + w, 0) / HOURS_PER_WEEK;
  return raw.map((w) => w / mean);
}
