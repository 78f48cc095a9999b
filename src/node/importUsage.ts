import type { Catalog } from '../core/catalog/types';
import type { ValueEdit } from '../core/edits';
import { analyzeText } from '../core/engine/analyze';
import { didYouMean } from '../core/format/didYouMean';
import type { EngineSettings } from '../core/report';
import { deriveImport, type UsageImport } from '../core/usage/derive';
import { applyEdits, workloadFieldEdits } from '../core/usage/fieldEdits';
import { gpuIdOf } from '../core/usage/gpuNames';
import type { ColumnMap } from '../core/usage/records';
import { UsageTally } from '../core/usage/tally';
import { isTimeZone, WeekClock } from '../core/usage/weekClock';
import { readUsageLog, UsageLogError, type LogFormat } from './usageLog';

export interface ImportRequest {
  /** The inference.yaml's text, as the editor or the disk has it. */
  text: string;
  logPath: string;
  workload: string;
  settings: EngineSettings & { catalog: Catalog };
  timeZone: string;
  format?: LogFormat;
  columns?: ColumnMap;
  model?: string;
  gpu?: string;
}

export type ImportOutcome =
  | { ok: true; result: UsageImport; format: LogFormat; workloadIndex: number; edits: ValueEdit[]; newText: string }
  | { ok: false; message: string; models?: string[] };

/** A log read into one workload of a file: what it found, and the edits that write it. The file is not written. */
export async function importUsage(request: ImportRequest): Promise<ImportOutcome> {
  const fail = (message: string): ImportOutcome => ({ ok: false, message });
  if (!isTimeZone(request.timeZone))
    return fail(`--tz ${JSON.stringify(request.timeZone)} is no time zone: an IANA name such as Europe/Berlin, or UTC`);
  const catalog = request.settings.catalog;
  const report = analyzeText(request.text, request.settings);
  const workloads = report.model?.workloads ?? [];
  const workload = workloads.find((w) => w.name === request.workload);
  if (!workload) {
    if (report.fatal) return fail(`the file cannot be read: ${report.findings[0]?.message ?? 'fix it first'}`);
    return fail(
      `no workload named ${JSON.stringify(request.workload)} in the file (it has ${workloads.map((w) => w.name).join(', ') || 'none that validate'}).${didYouMean(
        request.workload,
        workloads.map((w) => w.name),
      )}`,
    );
  }
  let gpu = request.gpu;
  if (gpu !== undefined) {
    const id = gpuIdOf(gpu, catalog);
    if ('error' in id) return fail(`--gpu ${id.error}`);
    gpu = id.id;
  }
  const clock = new WeekClock(request.timeZone);
  const tally = new UsageTally(clock, request.model);
  let format: LogFormat;
  try {
    format = await readUsageLog(request.logPath, tally, { format: request.format, columns: request.columns ?? {} });
  } catch (e) {
    if (e instanceof UsageLogError) return fail(e.message);
    throw e;
  }
  if (request.model === undefined && tally.models.size > 1) {
    const byCount = [...tally.models].sort((a, b) => b[1] - a[1]);
    const top = byCount.slice(0, 8);
    return {
      ok: false,
      message: `the log has ${tally.models.size} models (${top.map(([m, n]) => `${m}: ${n}`).join(', ')}${tally.models.size > top.length ? ', …' : ''}): pick one with --model`,
      models: byCount.map(([m]) => m),
    };
  }
  if (request.model !== undefined && tally.requests + tally.buckets.count + tally.failed === 0)
    return fail(
      `no rows of model ${JSON.stringify(request.model)} in the log.${didYouMean(request.model, tally.models.keys())}`,
    );
  const result = deriveImport(tally, workload, catalog, clock, gpu);
  if (typeof result === 'string') return fail(result);
  const edits = workloadFieldEdits(request.text, workload.index, result.changes);
  return { ok: true, result, format, workloadIndex: workload.index, edits, newText: applyEdits(request.text, edits) };
}
