import type { WhatIf } from '../protocol';
import { priceModel, type Report, type WorkloadReport } from './analyze';

/** Re-prices one workload of a report at another volume or utilization; the report itself is not changed. */
export function priceWhatIf(report: Report, index: number, whatIf: WhatIf): WorkloadReport | undefined {
  const target = report.workloads[index];
  if (!target) return undefined;
  if (whatIf.volumeFactor === 1 && whatIf.utilization === null) return target;
  const workloads = report.workloads.map((w) => w.workload);
  const changed = { ...target.workload, volume: target.workload.volume * whatIf.volumeFactor, utilization: whatIf.utilization ?? target.workload.utilization };
  const model = { team: report.team, fileOffers: [], workloads: workloads.map((w) => (w === target.workload ? changed : w)), offerRanges: new Map() };
  return priceModel(model, report.catalog, report.settings).workloads[index];
}
