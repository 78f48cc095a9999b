import type { TrafficSpec, Workload } from '../format/model';
import type { BreakEven, Report, WhatIfPoint, WorkloadReport } from '../report';
import { breakEvenWith, FULL_SCOPE, priceWorkload, whatIfPoints, withShare } from './analyze';
import { workloadContext, type WorkloadContext } from './options';
import { FleetOverhead } from './overhead';

export interface WhatIfChange {
  /** The volume the factor multiplies, where it is not the workload's own (a measured one). */
  volume?: number;
  volumeFactor: number;
  /** null: the workload's own. */
  utilization: number | null;
  /** null: the workload's own. */
  traffic: TrafficSpec | null;
}

/** Re-prices one workload of a report with a changed volume, utilization or traffic; the report itself is not changed. */
export function priceWhatIf(report: Report, index: number, change: WhatIfChange): WorkloadReport | undefined {
  const target = report.workloads[index]?.workload;
  if (!target) return undefined;
  const changed = {
    ...target,
    volume: (change.volume ?? target.volume) * change.volumeFactor,
    utilization: change.utilization ?? target.utilization,
    traffic: change.traffic ?? target.traffic,
  };
  const ctx = contextFor(report, changed);
  if (!ctx || !report.model) return undefined;
  const priced = priceWorkload(ctx, FULL_SCOPE);
  // The other workloads' GPU-hours are the report's; only the changed one's moved.
  const hours = new Map(report.workloads.map((w) => [w.workload.index, w.chosen.details.gpuHours ?? 0]));
  hours.set(target.index, priced.chosen.details.gpuHours ?? 0);
  const workloads = report.model.workloads.map((w) => (w.index === target.index ? changed : w));
  const fleet = FleetOverhead.of(workloads, report.catalog, report.model.team, (w) => hours.get(w.index) ?? 0);
  return withShare(priced, fleet);
}

/**
 * The pricing context of a (possibly changed) workload of a report. Which providers the file runs is all an
 * option's overhead needs; the shares by GPU-hours are the report's business.
 */
export function contextFor(report: Report, workload: Workload): WorkloadContext | undefined {
  if (!report.model) return undefined;
  const workloads = report.model.workloads.map((w) => (w.index === workload.index ? workload : w));
  return workloadContext(
    report.catalog,
    workload,
    FleetOverhead.of(workloads, report.catalog, report.model.team),
    report.settings,
  );
}

/** Break-evens a view needs beyond the ones the report carries (the hover shows three alternatives). */
export function breakEvensFor(report: Report, w: WorkloadReport, offers: readonly string[]): BreakEven[] {
  // An offer that cannot run the workload breaks even with nothing.
  if (!w.chosen.priced) return [];
  const missing = offers.filter((id) => !w.breakEvens.some((b) => b.offer === id));
  const ctx = missing.length ? contextFor(report, w.workload) : undefined;
  const computed = missing.flatMap((id) => {
    const other = w.options.find((o) => o.offer.id === id && o.eligible);
    return ctx && other ? [breakEvenWith(ctx, w.chosen, other)] : [];
  });
  return offers.flatMap((id) => w.breakEvens.find((b) => b.offer === id) ?? computed.find((b) => b.offer === id) ?? []);
}

/** The what-if points of a workload, from the report where its scope worked them out, else priced now (the hover). */
export function whatIfPointsFor(report: Report, w: WorkloadReport): WhatIfPoint[] {
  if (w.sensitivity) return w.sensitivity;
  const ctx = contextFor(report, w.workload);
  return ctx ? whatIfPoints(ctx, w.options, w.chosen) : [];
}
