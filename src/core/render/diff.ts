import { catalogJson, JSON_VERSION } from './json';
import { fileReport } from './fileReport';
import { combine, type Change, type FileDiff, type FindingChange, type WorkloadChange } from '../diff/diff';
import { formatMonthly, formatUsd, formatWholeUsd, microsToCentsUsd } from '../money';
import { LineIndex } from '../text/lineIndex';
import type { Report } from '../report';
import { escapeMarkdown } from './markdown';
import type { Log } from 'sarif';
import { COST_INCREASE_RULE, sarifLog, type SarifInput, type SarifRoot } from './sarif';

export interface DiffRun {
  base: string;
  files: FileDiff[];
}

function totals(run: DiffRun): Change {
  return combine(run.files);
}

/** "+$120.00/mo (+12%)", "-$5.00/mo (-1%)", "no change"; whole dollars ("+$120/mo (+12%)") for inline figures. */
export function formatDelta(micros: number, percent: number | null, whole = false): string {
  if (Math.abs(micros) < (whole ? 500_000 : 5_000)) return 'no change';
  const sign = micros > 0 ? '+' : '-';
  const pct = percent === null ? 'new' : `${percent > 0 ? '+' : ''}${Math.round(percent)}%`;
  return `${sign}${whole ? formatWholeUsd(Math.abs(micros)) : formatUsd(Math.abs(micros))}/mo (${pct})`;
}

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

function money(micros: number | null): string {
  return micros === null ? '—' : formatMonthly(micros);
}

function fileStatus(f: FileDiff): string {
  return !f.before ? 'new file' : !f.after ? 'deleted' : '';
}

export function diffTable(run: DiffRun): string {
  const t = totals(run);
  const out = [
    `Inference cost change against ${run.base}: ${formatMonthly(t.before)} -> ${formatMonthly(t.after)}, ${formatDelta(t.delta, t.percent)}`,
    '',
  ];
  for (const f of run.files) {
    out.push(
      `${f.path}${fileStatus(f) ? ` (${fileStatus(f)})` : ''}: ${formatMonthly(f.beforeMicros)} -> ${formatMonthly(f.afterMicros)}, ${formatDelta(f.deltaMicros, f.deltaPercent)}`,
    );
    for (const w of f.workloads)
      out.push(
        `  ${w.status.padEnd(9)} ${label(w).padEnd(32)} ${money(w.beforeMicros).padStart(14)} -> ${money(w.afterMicros).padStart(14)}  ${formatDelta(w.deltaMicros, w.deltaPercent)}`,
      );
    for (const c of f.appeared) out.push(`  + ${c.finding.severity} ${c.finding.code}: ${c.finding.message}`);
    for (const c of f.resolved) out.push(`  - resolved ${c.finding.code}: ${c.finding.message}`);
    out.push('');
  }
  return out.join('\n');
}

function label(w: WorkloadChange): string {
  return w.previousName ? `${w.previousName} -> ${w.name}` : w.name;
}

export function diffJson(run: DiffRun): Record<string, unknown> {
  const t = totals(run);
  return {
    json_version: JSON_VERSION,
    catalog: catalogJson(
      run.files.flatMap((f) => ((f.after ?? f.before) ? [fileReport(f.path, (f.after ?? f.before)!)] : [])),
    ),
    base: run.base,
    ...changeJson(t.before, t.after, t.delta, t.percent),
    files: run.files.map((f) => ({
      path: f.path,
      status: !f.before ? 'added' : !f.after ? 'removed' : 'changed',
      ...changeJson(f.beforeMicros, f.afterMicros, f.deltaMicros, f.deltaPercent),
      workloads: f.workloads.map((w) => ({
        name: w.name,
        ...(w.previousName ? { previous_name: w.previousName } : {}),
        status: w.status,
        before_usd: w.beforeMicros === null ? null : microsToCentsUsd(w.beforeMicros),
        after_usd: w.afterMicros === null ? null : microsToCentsUsd(w.afterMicros),
        delta_usd: microsToCentsUsd(w.deltaMicros),
        delta_percent: w.deltaPercent === null ? null : Math.round(w.deltaPercent * 100) / 100,
        chosen_before: w.chosenBefore,
        chosen_after: w.chosenAfter,
      })),
      appeared: findingsJson(f.appeared, f.after),
      resolved: findingsJson(f.resolved, f.before),
    })),
  };
}

/** One line index per side of a file, not one per finding. */
function findingsJson(changes: FindingChange[], report: Report | undefined): Record<string, unknown>[] {
  const lines = report && changes.length ? new LineIndex(report.text) : undefined;
  return changes.map((c) => {
    const at = lines ? lines.positionAt(c.finding.range.start) : { line: 0, character: 0 };
    return {
      code: c.finding.code,
      severity: c.finding.severity,
      message: c.finding.message,
      workload: c.workload,
      line: at.line + 1,
      column: at.character + 1,
    };
  });
}

/** A pull-request comment: the change on top, what changed per workload, details folded. */
export function diffMarkdown(run: DiffRun): string {
  const t = totals(run);
  const changed = run.files.flatMap((f) => f.workloads.filter((w) => w.status !== 'unchanged').map((w) => ({ f, w })));
  const appeared = run.files.flatMap((f) => f.appeared);
  const resolved = run.files.flatMap((f) => f.resolved);
  const out = [
    `## Inference cost change against \`${escapeMarkdown(run.base)}\``,
    '',
    `**${formatMonthly(t.before)} → ${formatMonthly(t.after)}** · ${formatDelta(t.delta, t.percent)} · ${changed.length} workload${changed.length === 1 ? '' : 's'} changed · ${appeared.length} new finding${appeared.length === 1 ? '' : 's'}, ${resolved.length} resolved`,
    '',
  ];
  if (changed.length) {
    out.push('| Workload | Change | Before | After | Δ |', '|---|---|---:|---:|---:|');
    for (const { w } of changed)
      out.push(
        `| ${escapeMarkdown(label(w))} | ${w.status} | ${money(w.beforeMicros)} | ${money(w.afterMicros)} | ${formatDelta(w.deltaMicros, w.deltaPercent)} |`,
      );
    out.push('');
  }
  out.push(...findingList('**New findings**', appeared), ...findingList('**Resolved**', resolved));
  out.push('<details><summary>Every file and workload</summary>', '');
  for (const f of run.files) {
    out.push(
      `#### ${escapeMarkdown(f.path)}${fileStatus(f) ? ` (${fileStatus(f)})` : ''}: ${formatMonthly(f.beforeMicros)} → ${formatMonthly(f.afterMicros)}`,
      '',
      '| Workload | Offer | Before | After | Δ |',
      '|---|---|---:|---:|---:|',
    );
    for (const w of f.workloads)
      out.push(
        `| ${escapeMarkdown(label(w))} | ${escapeMarkdown(w.chosenBefore === w.chosenAfter ? (w.chosenAfter ?? '—') : `${w.chosenBefore ?? '—'} → ${w.chosenAfter ?? '—'}`)} | ${money(w.beforeMicros)} | ${money(w.afterMicros)} | ${formatDelta(w.deltaMicros, w.deltaPercent)} |`,
      );
    out.push('');
  }
  out.push('</details>', '');
  return out.join('\n');
}

/** A titled Markdown list of findings that appeared or went away; nothing when there are none. */
function findingList(title: string, changes: FindingChange[]): string[] {
  if (changes.length === 0) return [];
  return [title, '', ...changes.map((c) => `- \`${c.finding.code}\` ${escapeMarkdown(c.finding.message)}`), ''];
}

/** New findings, and one result per workload whose cost went up, each at its place in the working tree. */
export function diffSarif(run: DiffRun, version: string, root: SarifRoot): Log {
  const results: SarifInput[] = [];
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
      if (w.deltaMicros <= 0 || !w.after) continue;
      const message = `${label(w)}: ${money(w.beforeMicros)} -> ${money(w.afterMicros)} against ${run.base}, ${formatDelta(w.deltaMicros, w.deltaPercent)}`;
      results.push({
        code: COST_INCREASE_RULE,
        severity: 'info',
        message,
        ...place(w.after.workload.ranges.provider ?? w.after.workload.ranges.item),
      });
    }
  }
  return sarifLog(results, version, root, [COST_INCREASE_RULE]);
}
