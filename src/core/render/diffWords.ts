import { combine, type Change, type FileDiff, type WorkloadChange } from '../diff/diff';
import type { Gate } from '../diff/gate';
import { formatMonthly, formatUsd, formatWholeUsd } from '../money';
import { BREAKDOWN_LABELS } from './words';
import type { PlacedFinding } from './fileReport';

/** One run of `diff`: the base as given and as a commit, each file's change, and the gate's verdict. */
export interface DiffRun {
  base: string;
  /** The commit the base resolved to, where known. */
  baseCommit?: string;
  files: FileDiff[];
  gate: Gate;
  /** Model uses the code under the named folders gained since the base (drift); undefined where it was not scanned. */
  uses?: AppearedUse[];
}

/** A model use in the code that the base did not have: a call or a deployment, at its place now. */
export interface AppearedUse {
  /** The code file, relative to the working folder; 1-based line and column of the call. */
  path: string;
  line: number;
  column: number;
  /** The call or platform (`client.images.generate (openai)`), and the model as the code spells it. */
  what: string;
  model: string;
  /** The inference.yaml whose folder it is in. */
  file: string;
  /** The warning where none of that file's workloads declares it. */
  finding?: PlacedFinding;
}

/** "+ app.py:12 client.images.generate (openai) gpt-image-1: declared" lines of the uses that appeared. */
export function appearedUseLines(uses: readonly AppearedUse[]): string[] {
  return uses.map(
    (u) =>
      `${u.path}:${u.line} ${u.what} \`${u.model}\`: ${u.finding ? `not declared in ${u.file}` : `declared in ${u.file}`}`,
  );
}

/** The base as a reader wants it: a full commit id shortened to seven characters, a branch as named. */
export function baseName(run: DiffRun): string {
  return /^[0-9a-f]{40}$/.test(run.base) ? run.base.slice(0, 7) : run.base;
}

export function totals(run: DiffRun): Change {
  return combine(run.files);
}

/** "+$120.00/mo (+12%)", "-$5.00/mo (-1%)", "no change"; whole dollars ("+$120/mo (+12%)") for inline figures. */
export function formatDelta(micros: number, percent: number | null, whole = false): string {
  if (Math.abs(micros) < (whole ? 500_000 : 5_000)) return 'no change';
  const sign = micros > 0 ? '+' : '-';
  const pct = percent === null ? 'new' : `${percent > 0 ? '+' : ''}${Math.round(percent)}%`;
  return `${sign}${whole ? formatWholeUsd(Math.abs(micros)) : formatUsd(Math.abs(micros))}/mo (${pct})`;
}

/** A workload's change in a cell: "not priced" where a side could not be priced (left out, not $0). */
export function workloadDelta(w: WorkloadChange): string {
  return w.notPriced ? 'left out' : formatDelta(w.deltaMicros, w.deltaPercent);
}

/** A side's cost: "—" where the side has no such workload, "not priced" where it has one it cannot price. */
export function sideMoney(w: WorkloadChange, side: 'before' | 'after'): string {
  const micros = side === 'before' ? w.beforeMicros : w.afterMicros;
  if (micros !== null) return formatMonthly(micros);
  const present = side === 'before' ? w.before || w.status === 'was-not-priced' : w.after || w.status === 'not-priced';
  return present ? 'not priced' : '—';
}

export function label(w: WorkloadChange): string {
  return w.previousName ? `${w.previousName} -> ${w.name}` : w.name;
}

/** "volume 100,000 -> 500,000; provider a -> b": what the change did to the workload's inputs. */
export function describeFields(w: WorkloadChange, arrow: string, clip = Infinity): string {
  return w.fields.map((c) => `${c.field} ${clipped(c.before, clip)} ${arrow} ${clipped(c.after, clip)}`).join('; ');
}

/** "busy +$1,740, idle keep-alive -$200": the parts of the monthly cost that moved, largest first. */
export function describeParts(w: WorkloadChange): string {
  return [...w.parts]
    .sort((a, b) => Math.abs(b.afterMicros - b.beforeMicros) - Math.abs(a.afterMicros - a.beforeMicros))
    .map((p) => {
      const d = p.afterMicros - p.beforeMicros;
      return `${BREAKDOWN_LABELS[p.part]} ${d > 0 ? '+' : '-'}${formatWholeUsd(Math.abs(d))}`;
    })
    .join(', ');
}

/** What a workload change is, in words: its status, and for added and removed ones what they run. */
export function describeStatus(w: WorkloadChange): string {
  if (w.notPriced) return `${statusWords(w)}: ${firstSentence(w.notPriced.reason)}`;
  const x = (w.after ?? w.before)?.workload;
  const runs = x ? `${x.model} on ${x.provider}` : '';
  if (w.status === 'added' || w.status === 'removed') return runs ? `${w.status} (${runs})` : w.status;
  return w.status;
}

/** A file's headline: "svc/inference.yaml: $1.00/mo -> $2.00/mo, +$1.00/mo (+100%)", or why it has no cost. */
export function fileHeadline(f: FileDiff, arrow: string, path = f.path): string {
  const broken = f.unparsable.after;
  if (broken) return `${path}:${broken.line}: does not parse: cost not computed (${broken.finding.message})`;
  const status = !f.before ? ' (new file)' : !f.after ? ' (deleted)' : '';
  if (f.unparsable.before)
    return `${path}${status} (the base does not parse at line ${f.unparsable.before.line}: not compared): now ${formatMonthly(f.after?.totals.totalMicros ?? 0)}`;
  return `${path}${status}: ${formatMonthly(f.beforeMicros)} ${arrow} ${formatMonthly(f.afterMicros)}, ${formatDelta(f.deltaMicros, f.deltaPercent)}`;
}

/** A file with something to say: a workload that changed, a finding that came or went, a side that does not parse. */
export function fileChanged(f: FileDiff): boolean {
  return (
    !f.before ||
    !f.after ||
    f.unparsable.before !== undefined ||
    f.unparsable.after !== undefined ||
    f.appeared.length > 0 ||
    f.resolved.length > 0 ||
    f.workloads.some((w) => w.status !== 'unchanged')
  );
}

/** Nothing to review: no file says anything (a comment is not posted for this). */
export function nothingChanged(run: DiffRun): boolean {
  return !run.files.some(fileChanged);
}

/** "2 changed, 1 added, 1 not priced": the workloads by what happened to them, unchanged left out. */
export function countStatuses(run: DiffRun): string {
  const counts = new Map<string, number>();
  for (const f of run.files)
    for (const w of f.workloads) if (w.status !== 'unchanged') counts.set(w.status, (counts.get(w.status) ?? 0) + 1);
  const total = [...counts.values()].reduce((s, n) => s + n, 0);
  if (total === 0) return 'no workload changed';
  const parts = [...counts].map(([status, n]) => `${n} ${status.replace(/-/g, ' ')}`);
  return `${total} workload${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function clipped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function money(micros: number | null): string {
  return micros === null ? '—' : formatMonthly(micros);
}

/**
 * What is left out of the change, a line each: files a side of which does not parse (the working tree's only where
 * the gate does not already say it), then workloads not priced, each with the first sentence of why.
 */
export function leftOut(gate: Gate, withGate = true): string[] {
  return [
    ...gate.unparsable
      .filter((u) => withGate || u.side === 'before')
      .map((u) => `${u.path}:${u.line}${u.side === 'before' ? ' at the base' : ''} ${u.message}`),
    ...gate.notPriced.map(
      (n) => `${n.workload} (${n.path}${n.line === null ? '' : `:${n.line}`}): ${firstSentence(n.reason)}`,
    ),
  ];
}

/** "Unknown offer `x`." of "Unknown offer `x`. Did you mean `y`? Declare it...": enough to know what to look at. */
export function firstSentence(text: string): string {
  const m = /^.*?[.?!](?=\s|$)/.exec(text);
  return m ? m[0] : text;
}

/** The headline's change: "not computed" where nothing could be priced on both sides, never "$0 -> $0". */
export function headlineDelta(run: DiffRun): string {
  const t = totals(run);
  const leftOutOnly = t.before === 0 && t.after === 0 && (run.gate.notPriced.length || run.gate.unparsable.length);
  return leftOutOnly ? 'not computed' : formatDelta(t.delta, t.percent);
}

/** A status as words: "not priced", "was not priced". */
export function statusWords(w: WorkloadChange): string {
  return w.status.replace(/-/g, ' ');
}
