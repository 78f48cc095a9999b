import * as vscode from 'vscode';
import type { Report, WorkloadReport } from '../core/report';
import type { WorkloadField } from '../core/format/model';
import { LineIndex, type SourceRange } from '../core/text/lineIndex';

const indexes = new WeakMap<Report, LineIndex>();

/** Ranges come from the report's own text, so files that are not open get exact places too. */
export function toRange(report: Report, range: SourceRange): vscode.Range {
  let index = indexes.get(report);
  if (!index) {
    index = new LineIndex(report.text);
    indexes.set(report, index);
  }
  const start = index.positionAt(range.start);
  const end = index.positionAt(range.end);
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

/** The workload whose field value (or whole item) holds the offset. */
export function workloadAt(
  report: Report,
  offset: number,
  fields: WorkloadField[],
): { workload: WorkloadReport; field: WorkloadField } | undefined {
  for (const w of report.workloads) {
    for (const field of fields) {
      const r = w.workload.ranges[field];
      if (r && offset >= r.start && offset <= r.end) return { workload: w, field };
    }
  }
  return undefined;
}

/** The workload whose block the offset is in: from its first key to the next workload's. */
export function workloadIndexAt(report: Report, offset: number): number | undefined {
  let found: number | undefined;
  for (const w of report.workloads) if (w.workload.ranges.item.start <= offset) found = w.workload.index;
  return found === undefined ? undefined : report.workloads.findIndex((w) => w.workload.index === found);
}
