import type { TrafficSpec, Workload } from '../format/model';
import type { BreakEven, Report, WorkloadReport } from '../report';
import { breakEvenWith, fleetOf, memoizedTotal, priceWorkload } from './analyze';
import { workloadContext, type WorkloadContext } from './options';

export interface WhatIfChange {
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
    volume: target.volume * change.volumeFactor,
    utilization: change.utilization ?? target.utilization,
    traffic: change.traffic ?? target.traffic,
  };
  const ctx = contextFor(report, changed);
  return ctx && priceWorkload(ctx, 'all');
}

/** The pricing context of a (possibly changed) workload of a report, with the file's fleet as it is. */
export function contextFor(report: Report, workload: Workload): WorkloadContext | undefined {
  if (!report.model) return undefined;
  const workloads = report.model.workloads.map((w) => (w.index === workload.index ? workload : w));
  return workloadContext(
    report.catalog,
    workload,
    fleetOf({ ...report.model, workloads }, report.catalog, report.settings),
    report.settings,
  );
}

/** Break-evens a view needs beyond the ones the report carries (the hover shows three alternatives). */
export function breakEvensFor(report: Report, w: WorkloadReport, offers: readonly string[]): BreakEven[] {
  const missing = offers.filter((id) => !w.breakEvens.some((b) => b.offer === id));
  const ctx = missing.length ? contextFor(report, w.workload) : undefined;
  const chosenTotal = ctx && memoizedTotal(ctx, w.chosen.offer);
  const computed = missing.flatMap((id) => {
    const other = w.options.find((o) => o.offer.id === id && o.eligible);
    return ctx && chosenTotal && other ? [breakEvenWith(ctx, chosenTotal, w.chosen, other)] : [];
  });
  return offers.flatMap((id) => w.breakEvens.find((b) => b.offer === id) ?? computed.find((b) => b.offer === id) ?? []);
}
