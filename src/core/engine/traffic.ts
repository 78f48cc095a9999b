import type { Assumptions } from '../catalog/types';
import type { TrafficSpec } from '../format/model';

export const HOURS_PER_WEEK = 168;

/** How a workload's calls spread over the hours of a week, repeated over the month. */
export interface LoadProfile {
  /** 168 weights, Monday 00:00 first; their mean is 1, so a weight is that hour's rate over the month's mean rate. */
  weights: readonly number[];
  /** The distinct weights with the number of hours of the week at each: costs that depend only on the rate are computed once per level. */
  levels: readonly { weight: number; hours: number }[];
  /**
   * Each hour's weight with the hour's before and after it, counted: autoscaling adds units where the weight rises,
   * and a fleet that scales ahead holds the next hour's units.
   */
  windows: readonly { from: number; to: number; next: number; hours: number }[];
  /** The busiest hour's weight: the peak factor, derived from the shape. */
  peak: number;
  /** Batch work may wait this many hours and runs packed at full speed; undefined for interactive traffic. */
  batchWindowHours?: number;
}

/** The weekly load profile of a traffic spec: built-in shapes come from the catalog's assumptions. */
export function loadProfile(spec: TrafficSpec, assumptions: Assumptions): LoadProfile {
  if (spec.kind === 'batch') return { ...FLAT, batchWindowHours: spec.maxWaitHours };
  if (spec.kind === 'custom') return fromShape(spec.hours, spec.weekdays);
  return builtInShape(assumptions, spec.kind);
}

/** The built-in shapes, built once per catalog: every workload of every file uses one of a few. */
const builtInShapes = new WeakMap<Assumptions, Map<string, LoadProfile>>();

function builtInShape(assumptions: Assumptions, kind: keyof Assumptions['traffic']): LoadProfile {
  let shapes = builtInShapes.get(assumptions);
  if (!shapes) builtInShapes.set(assumptions, (shapes = new Map<string, LoadProfile>()));
  let profile = shapes.get(kind);
  if (!profile)
    shapes.set(kind, (profile = fromShape(assumptions.traffic[kind].hours, assumptions.traffic[kind].weekdays)));
  return profile;
}

const FLAT = fromShape(
  Array.from({ length: 24 }, () => 1),
  Array.from({ length: 7 }, () => 1),
);

/** weight(day, hour) = weekdays[day] × hours[hour], scaled so the week's mean is 1. */
export function fromShape(hours: readonly number[], weekdays: readonly number[]): LoadProfile {
  const raw = weekdays.flatMap((d) => hours.map((h) => d * h));
  const mean = raw.reduce((sum, w) => sum + w, 0) / HOURS_PER_WEEK;
  const weights = mean > 0 ? raw.map((w) => w / mean) : raw.map(() => 0);
  const counts = new Map<number, number>();
  for (const w of weights) counts.set(w, (counts.get(w) ?? 0) + 1);
  const windows = new Map<string, { from: number; to: number; next: number; hours: number }>();
  weights.forEach((to, h) => {
    const from = weights[(h + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK]!;
    const next = weights[(h + 1) % HOURS_PER_WEEK]!;
    const key = `${from}>${to}>${next}`;
    const window = windows.get(key) ?? { from, to, next, hours: 0 };
    window.hours++;
    windows.set(key, window);
  });
  return {
    weights,
    levels: [...counts].map(([weight, n]) => ({ weight, hours: n })),
    windows: [...windows.values()],
    peak: Math.max(...weights),
  };
}

/** Hours of the week with any load: "load in 50 of 168 hours". */
export function loadedHours(profile: LoadProfile): number {
  return profile.weights.filter((w) => w > 0).length;
}

/** What each traffic kind is, in a line: the catalog's note for the built-in shapes, and batch work. */
export function trafficKinds(assumptions: Assumptions): Record<string, string> {
  const shapes = Object.fromEntries(Object.entries(assumptions.traffic).map(([kind, shape]) => [kind, shape.note]));
  return {
    ...shapes,
    batch: 'work that may wait up to max_wait_hours (default 24) and runs packed onto whole GPU-hours',
  };
}
