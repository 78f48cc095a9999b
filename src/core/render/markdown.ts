import { formatCount, formatMonthly } from '../money';
import type { FilePlan, WorkloadReport } from '../report';
import { describeFolded, planTarget, reportRows } from './fold';
import { describeBreakdown, describeTokens, describeVersus, formatPerUnit, monthly, unitWords } from './words';
import { placedFindings, type FileReport } from './fileReport';

/**
 * Workspace text made inert in GitHub-flavoured Markdown, escaped only where it could act: backslashes and
 * backticks, pipes (table cells), HTML and entities, link and image brackets, autolinks (scheme colons, "www.",
 * "@") and emphasis markers at word edges. Line breaks become spaces. Everything else stays as written.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`|[\]*~]/g, '\\$&')
    .replace(/(^|[^A-Za-z0-9])_|_(?=[^A-Za-z0-9]|$)/g, (m) => m.replace('_', '\\_'))
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\b(https?|ftp|mailto|file|data|javascript|vscode|command)(?=:)/gi, '$1\\')
    .replace(/\bwww\./gi, 'www\\.')
    .replace(/@/g, '\\@')
    .replace(/\r?\n/g, ' ');
}

const SEVERITY_ICON = { error: '🔴', warning: '🟠', info: '🔵' } as const;

/** Fits a pull-request comment: a summary on top, details folded. */
export function toMarkdown(files: FileReport[]): string {
  const total = files.reduce((sum, f) => sum + f.report.totals.totalMicros, 0);
  const findings = files.flatMap(placedFindings);
  const out = [
    '## Inference cost review',
    '',
    `**${formatMonthly(total)}** across ${files.reduce((n, f) => n + f.report.workloads.length, 0)} workloads · ${findings.filter((f) => f.severity === 'error').length} errors · ${findings.filter((f) => f.severity === 'warning').length} warnings`,
    '',
    '| File | Workload | Chosen | $/mo | Cheapest eligible | $/mo |',
    '|---|---|---|---:|---|---:|',
  ];
  for (const file of files) {
    for (const w of file.report.workloads) out.push(workloadRow(file, w));
    if (file.report.fatal) out.push(`| ${escapeMarkdown(file.path)} | *not analysed* | | | | |`);
  }
  if (findings.length) {
    out.push('', '### Findings', '');
    for (const f of findings)
      out.push(
        `- ${SEVERITY_ICON[f.severity]} \`${f.code}\` ${escapeMarkdown(f.path)}:${f.line}:${f.column}: ${escapeMarkdown(f.message)}`,
      );
  }
  out.push('', '<details><summary>Details: the options, break-evens and what-ifs</summary>', '');
  for (const file of files) for (const w of file.report.workloads) out.push(...workloadDetails(w, file.report.plan));
  out.push('</details>', '');
  return out.join('\n');
}

function workloadRow(file: FileReport, w: WorkloadReport): string {
  const alt = w.cheapestAlternative;
  return `| ${escapeMarkdown(file.path)} | ${escapeMarkdown(w.workload.name)} | ${escapeMarkdown(w.chosen.offer.id)}${w.workload.providerUndeclared ? ' (no provider: the cheapest)' : ''} | ${formatMonthly(w.totalMicros)} | ${alt ? escapeMarkdown(alt.offer.id) : '-'} | ${alt ? formatMonthly(alt.totalMicros) : '-'} |`;
}

/** Rows of a workload's options in the details: a pull-request comment lists what matters, not hundreds. */
const MAX_ROWS = 12;

function workloadDetails(w: WorkloadReport, plan: FilePlan | undefined): string[] {
  const rows = reportRows(w, plan, MAX_ROWS);
  const folded = describeFolded(rows.more);
  // The offer the file's plan moves it to, where it does, as in the findings; else the cheapest alternative.
  const alt = planTarget(w, plan) ?? w.cheapestAlternative;
  const crossing = alt ? w.breakEvens.find((b) => b.offer === alt.offer.id) : undefined;
  const { unit } = w.workload;
  return [
    `#### ${escapeMarkdown(w.workload.name)} (${escapeMarkdown(w.workload.model)}, ${formatCount(w.workload.volume)} ${unitWords(unit).plural}/mo${describeTokens(w.workload)})`,
    '',
    alt ? `vs ${escapeMarkdown(alt.offer.id)}: ${escapeMarkdown(describeVersus(w.chosen, crossing, w.workload))}` : '',
    !w.chosen.priced
      ? ''
      : `What-if: ${(w.sensitivity ?? []).map((s) => `${s.factor}x → ${formatMonthly(s.chosenMicros)}${s.cheapest ? ` (cheapest ${escapeMarkdown(s.cheapest.offer)} ${formatMonthly(s.cheapest.micros)})` : ''}`).join(' · ')}`,
    '',
    `| Offer | Billing | $/mo | where it goes | $${unitWords(unit).perUnit} | Eligible |`,
    '|---|---|---:|---|---:|---|',
    ...rows.shown.map(
      (o) =>
        `| ${o === w.chosen ? '**' : ''}${escapeMarkdown(o.offer.id)}${o === w.chosen ? '** (chosen)' : ''} | ${o.offer.billing} | ${monthly(o)} | ${o.priced ? describeBreakdown(o) : '—'} | ` +
        `${o.priced && o.perImageMicros !== null ? formatPerUnit(o.perImageMicros, unit) : '—'} | ${o.eligible ? 'yes' : `no: ${escapeMarkdown(o.reasons.map((r) => r.text).join('; '))}`} |`,
    ),
    ...(folded ? ['', `${escapeMarkdown(folded)} (\`--format json --all-options\` lists them all)`] : []),
    '',
  ];
}
