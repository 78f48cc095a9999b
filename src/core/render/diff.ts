import { catalogJson } from './json';
import { fileReport } from './fileReport';
import type { FileDiff, WorkloadChange } from '../diff/diff';
import type { Gate } from '../diff/gate';
import { placedAppeared, placedResolved, type PlacedChange } from '../diff/place';
import type { PartChange } from '../diff/fields';
import { formatMonthly, microsToCentsUsd } from '../money';
import { LineIndex } from '../text/lineIndex';
import type { Log } from 'sarif';
import { COST_INCREASE_RULE, sarifLog, type SarifInput, type SarifRoot } from './sarif';
import {
  baseName,
  countStatuses,
  describeFields,
  describeParts,
  describeStatus,
  fileChanged,
  fileHeadline,
  formatDelta,
  headlineDelta,
  label,
  leftOut,
  nothingChanged,
  sideMoney,
  statusWords,
  totals,
  workloadDelta,
  appearedUseLines,
  type DiffRun,
} from './diffWords';

export { formatDelta, type DiffRun } from './diffWords';

/**
 * diff's JSON (`kind: "diff"`) counts its own versions from 5 on, apart from check's (render/json.ts): bumped only
 * when diff's shape changes. 5 leaves what a side cannot price out of the totals (never $0), adds statuses and the gate.
 */
export const DIFF_JSON_VERSION = 5;

/** The four money fields of a change, to the cent. */
function changeJson(
  before: number,
  after: number,
  delta: number,
  percent: number | null,
): Record<string, number | null> {
  return {
    before_usd: microsToCentsUsd(before),
    after_usd: microsToCentsUsd(after),
    delta_usd: microsToCentsUsd(delta),
    delta_percent: percent === null ? null : Math.round(percent * 100) / 100,
  };
}

/** The plain-text report: the headline and the gate first, then each file with something to say. */
export function diffTable(run: DiffRun): string {
  const t = totals(run);
  const out = [
    headlineDelta(run) === 'not computed'
      ? `Inference cost change against ${baseName(run)}: not computed (${countStatuses(run)})`
      : `Inference cost change against ${baseName(run)}: ${formatMonthly(t.before)} -> ${formatMonthly(t.after)}, ${formatDelta(t.delta, t.percent)} (${countStatuses(run)})`,
    ...leftOut(run.gate).map((l) => `  not priced: ${l}`),
    ...gateLines(run.gate),
    '',
  ];
  const quiet = run.files.filter((f) => !fileChanged(f));
  for (const f of run.files.filter(fileChanged)) {
    out.push(fileHeadline(f, '->'));
    if (!f.unparsable.after)
      for (const w of f.workloads.filter((x) => x.status !== 'unchanged')) {
        out.push(
          `  ${statusWords(w).padEnd(14)} ${label(w).padEnd(32)} ${sideMoney(w, 'before').padStart(14)} -> ${sideMoney(w, 'after').padStart(14)}  ${workloadDelta(w)}`,
        );
        const what = w.notPriced ? w.notPriced.reason : describeFields(w, '->', 60);
        if (what) out.push(`${' '.repeat(17)}${what}`);
        if (w.parts.length) out.push(`${' '.repeat(17)}cost parts: ${describeParts(w)}`);
      }
    for (const c of f.unparsable.after ? [] : placedAppeared(f))
      out.push(`  + ${c.finding.severity} ${c.path}:${c.line} ${c.finding.code}: ${c.finding.message}`);
    for (const c of placedResolved(f)) out.push(`  - resolved ${c.finding.code}: ${c.finding.message}`);
    out.push('');
  }
  if (quiet.length)
    out.push(
      `${quiet.length} file${quiet.length === 1 ? '' : 's'} unchanged: ${quiet.map((f) => f.path).join(', ')}`,
      '',
    );
  if (run.uses?.length)
    out.push(
      `Model uses the code gained since ${baseName(run)}:`,
      ...appearedUseLines(run.uses).map((l) => `  + ${l}`),
      '',
    );
  if (nothingChanged(run) && !run.uses?.length) out.push('Nothing to review: no workload or finding changed.', '');
  return out.join('\n');
}

/** "The gate failed: ..." lines; nothing where it passed. */
function gateLines(gate: Gate): string[] {
  if (gate.passed) return [];
  return ['Gate failed:', ...gate.reasons.map((r) => `  - ${r}`)];
}

export function diffJson(run: DiffRun): Record<string, unknown> {
  const t = totals(run);
  return {
    json_version: DIFF_JSON_VERSION,
    kind: 'diff',
    catalog: catalogJson(
      run.files.flatMap((f) => ((f.after ?? f.before) ? [fileReport(f.path, (f.after ?? f.before)!)] : [])),
    ),
    base: run.base,
    base_commit: run.baseCommit ?? null,
    ...changeJson(t.before, t.after, t.delta, t.percent),
    // A use the code gained that no workload declares is a new finding too (drift).
    changed: !nothingChanged(run) || (run.uses ?? []).some((u) => u.finding),
    gate: gateJson(run.gate),
    // Added under diff json_version 5: the model uses the code gained since the base (drift); absent where not scanned.
    ...(run.uses
      ? {
          uses_appeared: run.uses.map((u) => ({
            file: u.path,
            line: u.line,
            column: u.column,
            what: u.what,
            model: u.model,
            inference_file: u.file,
            declared: !u.finding,
          })),
        }
      : {}),
    files: run.files.map((f) => ({
      path: f.path,
      status: !f.before ? 'added' : !f.after ? 'removed' : fileChanged(f) ? 'changed' : 'unchanged',
      unparsable: {
        before: f.unparsable.before ? unparsableJson(f.unparsable.before) : null,
        after: f.unparsable.after ? unparsableJson(f.unparsable.after) : null,
      },
      ...changeJson(f.beforeMicros, f.afterMicros, f.deltaMicros, f.deltaPercent),
      workloads: f.workloads.map((w) => workloadJson(w, f)),
      appeared: placedAppeared(f).map(findingJson),
      resolved: placedResolved(f).map(findingJson),
    })),
  };
}

function unparsableJson(u: NonNullable<FileDiff['unparsable']['after']>): Record<string, unknown> {
  return { line: u.line, column: u.column, code: u.finding.code, message: u.finding.message };
}

function workloadJson(w: WorkloadChange, f: FileDiff): Record<string, unknown> {
  const side = w.notPriced?.side === 'after' ? f.after : f.before;
  return {
    name: w.name,
    ...(w.previousName ? { previous_name: w.previousName } : {}),
    status: w.status,
    unit: (w.after ?? w.before)?.workload.unit ?? null,
    volume_before: w.before?.workload.volume ?? null,
    volume_after: w.after?.workload.volume ?? null,
    before_usd: w.beforeMicros === null ? null : microsToCentsUsd(w.beforeMicros),
    after_usd: w.afterMicros === null ? null : microsToCentsUsd(w.afterMicros),
    delta_usd: microsToCentsUsd(w.deltaMicros),
    delta_percent: w.deltaPercent === null ? null : Math.round(w.deltaPercent * 100) / 100,
    chosen_before: w.chosenBefore,
    chosen_after: w.chosenAfter,
    changes: w.fields,
    cost_parts: w.parts.map(partJson),
    not_priced: w.notPriced
      ? {
          side: w.notPriced.side,
          reason: w.notPriced.reason,
          line:
            side && w.notPriced.range ? new LineIndex(side.text).positionAt(w.notPriced.range.start).line + 1 : null,
        }
      : null,
  };
}

/** Under the names of the JSON's breakdown_usd; overhead is the workload's share of engineering. */
const PART_NAMES: Record<PartChange['part'], string> = {
  busy: 'busy',
  idle: 'idle',
  coldStarts: 'cold_starts',
  warm: 'warm',
  unused: 'unused',
  startup: 'startup',
  overhead: 'overhead',
};

function partJson(p: PartChange): Record<string, unknown> {
  return {
    part: PART_NAMES[p.part],
    before_usd: microsToCentsUsd(p.beforeMicros),
    after_usd: microsToCentsUsd(p.afterMicros),
    delta_usd: microsToCentsUsd(p.afterMicros - p.beforeMicros),
  };
}

function findingJson(c: PlacedChange): Record<string, unknown> {
  return {
    code: c.finding.code,
    severity: c.finding.severity,
    message: c.finding.message,
    workload: c.workload,
    file: c.path,
    line: c.line,
    column: c.column,
  };
}

function gateJson(gate: Gate): Record<string, unknown> {
  const i = gate.increase;
  return {
    passed: gate.passed,
    fail_on: gate.failOn,
    fail_on_increase: i
      ? {
          limit: i.limit,
          allowed_usd: i.allowedMicros === null ? null : microsToCentsUsd(i.allowedMicros),
          delta_usd: microsToCentsUsd(i.deltaMicros),
          delta_percent: i.percent === null ? null : Math.round(i.percent * 100) / 100,
          exceeded: i.exceeded,
          drivers: i.drivers.map((d) => ({
            file: d.path,
            workload: d.workload,
            delta_usd: microsToCentsUsd(d.deltaMicros),
          })),
        }
      : null,
    findings: gate.findings.map(findingJson),
    unparsable: gate.unparsable.map((u) => ({ file: u.path, line: u.line, column: u.column, message: u.message })),
    not_priced: gate.notPriced.map((n) => ({
      file: n.path,
      workload: n.workload,
      side: n.side,
      reason: n.reason,
      line: n.line,
    })),
    reasons: gate.reasons,
  };
}

/**
 * New findings, and one result per workload whose cost went up, each at its place in the working tree: a cost rise at
 * the field that changed (code scanning annotates changed lines only), an error where it fails the gate's limit.
 */
export function diffSarif(run: DiffRun, version: string, root: SarifRoot): Log {
  const results: SarifInput[] = [];
  const overLimit = run.gate.increase?.exceeded === true;
  for (const f of run.files) {
    if (!f.after) continue;
    const lines = new LineIndex(f.after.text);
    const place = (range: { start: number; end: number }) => {
      const s = lines.positionAt(range.start);
      const e = lines.positionAt(range.end);
      return {
        path: f.path,
        line: s.line + 1,
        column: s.character + 1,
        endLine: e.line + 1,
        endColumn: e.character + 1,
      };
    };
    for (const c of f.appeared)
      results.push({
        code: c.finding.code,
        severity: c.finding.severity,
        message: c.finding.message,
        ...place(c.finding.range),
      });
    for (const w of f.workloads) {
      if (w.deltaMicros <= 0 || !w.after || w.notPriced) continue;
      const what = describeFields(w, '->', 60);
      const parts = describeParts(w);
      const limit = overLimit ? ` The total rises over the limit of ${run.gate.increase!.limit}.` : '';
      const message = `${label(w)}: ${sideMoney(w, 'before')} -> ${sideMoney(w, 'after')} against ${baseName(run)}, ${formatDelta(w.deltaMicros, w.deltaPercent)}; ${what || describeStatus(w)}${parts ? `; cost parts: ${parts}` : ''}.${limit}`;
      results.push({
        code: COST_INCREASE_RULE,
        severity: overLimit ? 'error' : 'info',
        message,
        ...place(w.changedRange ?? w.after.workload.ranges.item),
      });
    }
  }
  // A use the code gained that no workload declares: a warning at its call.
  for (const u of run.uses ?? []) if (u.finding) results.push(u.finding);
  return sarifLog(results, version, root, [COST_INCREASE_RULE]);
}
