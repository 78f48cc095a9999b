import type { Micros } from '../money';
import type { Report, WorkloadReport } from '../report';
import { totalMicrosAt } from './options';
import { contextFor } from './whatIf';

const CHART_POINTS = 48;
/** The chosen offer and the cheapest few: more lines than that is noise. */
const CHART_SERIES = 5;

export interface CostChart {
  volumes: number[];
  series: { offer: string; chosen: boolean; micros: Micros[] }[];
  /** Break-evens of the charted alternatives that fall inside the chart. */
  breakEvens: { offer: string; volume: number; micros: Micros }[];
}

/** Monthly totals of the chosen offer and the cheapest eligible ones over a tenth to ten times the volume. */
export function costChart(report: Report, w: WorkloadReport): CostChart {
  const ctx = contextFor(report, w.workload);
  const volumes = chartVolumes(w.workload.volume);
  const charted = [w.chosen, ...w.options.filter((o) => o.eligible && o !== w.chosen).slice(0, CHART_SERIES - 1)];
  if (!ctx) return { volumes, series: [], breakEvens: [] };
  const series = charted.map((o) => ({
    offer: o.offer.id,
    chosen: o === w.chosen,
    micros: volumes.map((v) => totalMicrosAt(ctx, o.offer, v)),
  }));
  const inside = (v: number | null): v is number => v !== null && v >= volumes[0]! && v <= volumes[volumes.length - 1]!;
  const breakEvens = w.breakEvens
    .filter((b) => charted.some((o) => o.offer.id === b.offer) && inside(b.volume))
    .map((b) => ({ offer: b.offer, volume: b.volume!, micros: totalMicrosAt(ctx, w.chosen.offer, b.volume!) }));
  return { volumes, series, breakEvens };
}

/** Log-spaced volumes from a tenth to ten times the declared volume (at least 10 to 1,000). */
export function chartVolumes(volume: number): number[] {
  const center = Math.max(volume, 100);
  const lo = Math.log10(center / 10);
  const hi = Math.log10(center * 10);
  return Array.from({ length: CHART_POINTS }, (_, i) => Math.round(10 ** (lo + ((hi - lo) * i) / (CHART_POINTS - 1))));
}
