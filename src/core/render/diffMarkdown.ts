import type { FileDiff, WorkloadChange } from '../diff/diff';
import { placedAppeared, placedResolved, type PlacedChange } from '../diff/place';
import { formatMonthly } from '../money';
import { escapeMarkdown } from './markdown';
import {
  baseName,
  countStatuses,
  describeFields,
  describeParts,
  describeStatus,
  fileChanged,
  fileHeadline,
  headlineDelta,
  leftOut,
  nothingChanged,
  sideMoney,
  totals,
  workloadDelta,
  appearedUseLines,
  type DiffRun,
} from './diffWords';

/** GitHub refuses a comment longer than this many characters. */
export const COMMENT_LIMIT = 65_536;
/** The hidden line a comment is known by: the Action edits the comment that has it rather than add another. */
export const COMMENT_MARKER = '<!-- inference-cost diff -->';
/** Files shown open; the rest are folded under one summary, largest change first. */
const OPEN_FILES = 10;
/** New findings listed per file; the rest are counted. */
const FINDINGS_PER_FILE = 20;
const SEVERITY_ICON = { error: '🔴', warning: '🟠', info: '🔵' } as const;

/**
 * A pull-request comment read in ten seconds: the change and the gate first, what cannot be priced, then each file
 * that changed (largest first) with its subtotal, per workload what changed and the cost parts that moved, and its
 * new findings with severity and file:line. Files past the tenth are folded; past `limit` characters whole files
 * are left out, and a note says how many.
 */
export function diffMarkdown(run: DiffRun, limit = COMMENT_LIMIT): string {
  const head = [...headSection(run), ...usesSection(run)];
  if (nothingChanged(run)) return head.join('\n');
  const changed = run.files
    .filter(fileChanged)
    .sort((a, b) => Math.abs(b.deltaMicros) - Math.abs(a.deltaMicros) || (a.path < b.path ? -1 : 1));
  const sections = changed.map(fileSection);
  const resolved = resolvedSection(run.files.flatMap(placedResolved));
  const quiet = quietSection(run.files.filter((f) => !fileChanged(f)));
  return fit(head.join('\n'), sections, [...resolved, ...quiet].join('\n'), limit);
}

/** The model uses the code gained since the base, each declared or not (drift). */
function usesSection(run: DiffRun): string[] {
  const uses = run.uses ?? [];
  if (uses.length === 0) return [];
  const lines = appearedUseLines(uses);
  return [
    `**Model uses the code gained** (${uses.filter((u) => u.finding).length} not declared):`,
    '',
    ...uses.map((u, i) => `- ${u.finding ? SEVERITY_ICON.warning : '✅'} ${escapeMarkdown(lines[i]!)}`),
    '',
  ];
}

function headSection(run: DiffRun): string[] {
  const t = totals(run);
  const appeared = run.files.flatMap((f) => f.appeared);
  const errors = appeared.filter((c) => c.finding.severity === 'error').length;
  const resolved = run.files.reduce((n, f) => n + f.resolved.length, 0);
  const base = `\`${escapeMarkdown(baseName(run))}\``;
  if (nothingChanged(run))
    return [
      COMMENT_MARKER,
      `## Inference cost: no change against ${base}`,
      '',
      `${formatMonthly(t.after)} across ${run.files.length} file${run.files.length === 1 ? '' : 's'}; no workload or finding changed.`,
      '',
    ];
  const out = [
    COMMENT_MARKER,
    `## Inference cost: ${headlineDelta(run)} against ${base}${notPricedTitle(run)}`,
    '',
    `**${headlineDelta(run) === 'not computed' ? 'cost not computed' : `${formatMonthly(t.before)} → ${formatMonthly(t.after)}`}** · ${countStatuses(run)} · ${appeared.length} new finding${appeared.length === 1 ? '' : 's'}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}, ${resolved} resolved`,
    '',
  ];
  if (!run.gate.passed) {
    out.push('**Gate failed**:', '', ...run.gate.reasons.map((r) => `- ${escapeMarkdown(r)}`), '');
  } else if (run.gate.increase) {
    out.push(`Gate passed: the rise is within ${escapeMarkdown(run.gate.increase.limit)}.`, '');
  }
  const left = leftOut(run.gate, false);
  if (left.length)
    out.push(
      '**Not priced** (left out of the change, never counted as $0):',
      '',
      ...left.map((l) => `- ${escapeMarkdown(l)}`),
      '',
    );
  return out;
}

/** " · not priced: `thumbs`": named in the title (counted past three), so a typo cannot read as a saving. */
function notPricedTitle(run: DiffRun): string {
  const names = [...run.gate.unparsable.map((u) => u.path), ...run.gate.notPriced.map((n) => n.workload)];
  if (names.length === 0) return '';
  if (names.length > 3) return ` · ${names.length} not priced`;
  return ` · not priced: ${names.map((n) => `\`${escapeMarkdown(n)}\``).join(', ')}`;
}

/** One file: its subtotal, the workloads that changed, its new findings. */
function fileSection(f: FileDiff): string {
  const out = [`### ${escapeMarkdown(fileHeadline(f, '→'))}`, ''];
  const rows = f.unparsable.after ? [] : f.workloads.filter((w) => w.status !== 'unchanged');
  if (rows.length) {
    out.push(
      '| Workload | What changed | Cost parts that moved | Before | After | Δ |',
      '|---|---|---|---:|---:|---:|',
    );
    for (const w of rows) out.push(workloadRow(w));
    out.push('');
  }
  const unchanged = f.workloads.length - rows.length;
  if (unchanged && rows.length) out.push(`${unchanged} other workload${unchanged === 1 ? '' : 's'} unchanged.`, '');
  if (!f.unparsable.after) out.push(...findingLines(placedAppeared(f)));
  return out.join('\n');
}

function workloadRow(w: WorkloadChange): string {
  const name = escapeMarkdown(w.previousName ? `${w.previousName} → ${w.name}` : w.name);
  const fields = describeFields(w, '→', 40);
  const what = w.notPriced || !fields ? describeStatus(w) : w.status === 'renamed' ? `renamed; ${fields}` : fields;
  return `| ${name} | ${escapeMarkdown(what)} | ${escapeMarkdown(describeParts(w))} | ${sideMoney(w, 'before')} | ${sideMoney(w, 'after')} | ${workloadDelta(w)} |`;
}

function findingLines(found: PlacedChange[]): string[] {
  if (found.length === 0) return [];
  const shown = found
    .slice(0, FINDINGS_PER_FILE)
    .map(
      (c) =>
        `- ${SEVERITY_ICON[c.finding.severity]} **${c.finding.severity}** \`${c.finding.code}\` \`${escapeMarkdown(c.path)}:${c.line}\`: ${escapeMarkdown(c.finding.message)}`,
    );
  const more = found.length - shown.length;
  return [
    '**New findings**',
    '',
    ...shown,
    ...(more ? [`- and ${more} more (\`inference-cost diff\` lists them all)`] : []),
    '',
  ];
}

function resolvedSection(resolved: PlacedChange[]): string[] {
  if (resolved.length === 0) return [];
  return [
    `<details><summary>Resolved findings (${resolved.length})</summary>`,
    '',
    ...resolved.map(
      (c) => `- \`${c.finding.code}\` \`${escapeMarkdown(c.path)}\`: ${escapeMarkdown(c.finding.message)}`,
    ),
    '',
    '</details>',
    '',
  ];
}

function quietSection(quiet: FileDiff[]): string[] {
  if (quiet.length === 0) return [];
  return [
    `<details><summary>Unchanged files (${quiet.length})</summary>`,
    '',
    ...quiet.map((f) => `- \`${escapeMarkdown(f.path)}\`: ${formatMonthly(f.afterMicros)}`),
    '',
    '</details>',
    '',
  ];
}

/**
 * The comment within `limit` characters: the head, the first files open, the rest folded, then the tail (resolved
 * findings, unchanged files). Over the limit the tail goes first, then files from the last, each counted in a note;
 * a single file too large for the comment is cut at a line.
 */
export function fit(head: string, sections: string[], tail: string, limit: number): string {
  const compose = (n: number, withTail: boolean): string => {
    const open = sections.slice(0, Math.min(n, OPEN_FILES));
    const folded = sections.slice(OPEN_FILES, n);
    const left = sections.length - n;
    return [
      head,
      ...open,
      ...(folded.length
        ? [
            `<details><summary>${folded.length} more file${folded.length === 1 ? '' : 's'} changed</summary>`,
            '',
            ...folded,
            '</details>',
            '',
          ]
        : []),
      ...(left ? [leftOutNote(left)] : []),
      ...(withTail ? [tail] : []),
    ].join('\n');
  };
  const whole = compose(sections.length, true);
  if (whole.length <= limit) return whole;
  // The most files that fit: the length grows with each file kept, so a binary search finds it.
  let [lo, hi] = [0, sections.length];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (compose(mid, false).length <= limit) lo = mid;
    else hi = mid - 1;
  }
  if (lo >= 1) return compose(lo, false);
  // Even one file is too much: its first lines, cut where a line ends.
  const note = `\n\n${leftOutNote(sections.length, true)}`;
  const cut = compose(1, false).slice(0, limit - note.length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf('\n'), 0))}${note}`;
}

function leftOutNote(files: number, cut = false): string {
  const what = cut
    ? 'The rest of this comment is cut'
    : `${files} more changed file${files === 1 ? ' is' : 's are'} left out`;
  return `_${what}: a comment holds ${COMMENT_LIMIT.toLocaleString('en-US')} characters. The job summary and \`inference-cost diff\` show everything._\n`;
}
