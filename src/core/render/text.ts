import { formatCount, formatMonthly } from '../money';
import type { FilePlan, WorkloadReport } from '../report';
import {
  describeBreakdown,
  describeVersus,
  describeTokens,
  describeTraffic,
  formatPerUnit,
  estimateNote,
  priceFootnote,
  unitWords,
} from './words';
import { describeFolded, planTarget, reportRows } from './fold';
import { placedFindings, type FileReport } from './fileReport';

const MAX_ROWS = 6;

/** A plain-text report for terminals: each workload's chosen offer, its best alternatives, then findings. */
export function toTable(files: FileReport[]): string {
  const out: string[] = [];
  for (const file of files) {
    out.push(
      `${file.path}${file.report.fatal ? '  (not analysed)' : `  ${formatMonthly(file.report.totals.totalMicros)}${leftOut(file)}`}`,
    );
    for (const w of file.report.workloads) out.push(...workloadTable(w, file.report.plan));
    for (const line of file.report.totals.overhead) {
      out.push(
        `  engineering, ${line.provider} (${line.operating}${line.model ? `, ${line.model}` : ''}): ${formatMonthly(line.micros)}, shared by GPU-hours: ${line.shares.map((s) => `${s.name} ${formatMonthly(s.micros)}`).join(', ')}`,
      );
    }
    if (file.report.workloads.length > 0)
      out.push(
        `  ${priceFootnote(
          file.report.workloads.flatMap((w) => reportRows(w, file.report.plan, MAX_ROWS).shown),
          file.report.catalog,
        )}`,
      );
    const findings = placedFindings(file);
    if (findings.length)
      out.push(
        '',
        ...findings.map((f) => `  ${f.path}:${f.line}:${f.column}  ${f.severity.padEnd(7)} ${f.code}  ${f.message}`),
      );
    out.push('');
  }
  const total = files.reduce((sum, f) => sum + f.report.totals.totalMicros, 0);
  if (files.length > 1) out.push(`Total: ${formatMonthly(total)}`);
  out.push(summaryLine(files));
  return out.join('\n');
}

function workloadTable(w: WorkloadReport, plan: FilePlan | undefined): string[] {
  const { unit } = w.workload;
  const head = `  ${w.workload.name} · ${w.workload.model} · ${formatCount(w.workload.volume)} ${unitWords(unit).plural}/mo${describeTokens(w.workload)}, ${describeTraffic(w.workload.traffic)} · ${chosenWords(w)}`;
  const target = planTarget(w, plan);
  const { shown: rows, more } = reportRows(w, plan, MAX_ROWS);
  const lines = rows.map((o) => {
    const mark = o === w.chosen ? '*' : ' ';
    const perImage = !o.priced || o.perImageMicros === null ? '-' : formatPerUnit(o.perImageMicros, unit);
    const estimate = estimateNote(o);
    const why = `${estimate ? `  ${estimate}` : ''}${o.eligible ? '' : `  not eligible: ${o.reasons.map((r) => r.text).join('; ')}`}`;
    return `   ${mark} ${o.offer.id.padEnd(28)} ${o.offer.billing.padEnd(10)} ${(o.priced ? formatMonthly(o.totalMicros) : 'not priced').padStart(14)}  ${perImage.padStart(20)}  = ${describeBreakdown(o)}${why}`;
  });
  const alt = target ?? w.cheapestAlternative;
  const crossing = alt ? w.breakEvens.find((b) => b.offer === alt.offer.id) : undefined;
  const note = alt ? [`     vs ${alt.offer.id}: ${describeVersus(w.chosen, crossing, w.workload)}`] : [];
  const sensitivity = `     what-if: ${(w.sensitivity ?? []).map((s) => `${s.factor}x ${formatMonthly(s.chosenMicros)}`).join(' · ')}`;
  // An offer that cannot run the workload has no cost to vary.
  const folded = describeFolded(more);
  return [
    head,
    ...lines,
    ...(folded ? [`     ${folded} (--format json --all-options lists them all)`] : []),
    ...note,
    ...(w.chosen.priced ? [sensitivity] : []),
  ];
}

export function summaryLine(files: FileReport[]): string {
  const all = files.flatMap(placedFindings);
  const count = (s: string) => all.filter((f) => f.severity === s).length;
  const workloads = files.reduce((n, f) => n + f.report.workloads.length, 0);
  return `${counted(files.length, 'file')}, ${counted(workloads, 'workload')}: ${counted(count('error'), 'error')}, ${counted(count('warning'), 'warning')}, ${counted(count('info'), 'note')}.`;
}

/** "1 file", "2 files". */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "chosen x", or for a workload without `provider:` the offer it is priced on, said as assumed. */
function chosenWords(w: WorkloadReport): string {
  return w.workload.providerUndeclared
    ? `no provider: priced on ${w.chosen.eligible ? 'the cheapest eligible' : 'the cheapest that runs it'}, ${w.chosen.offer.id}`
    : `chosen ${w.chosen.offer.id}`;
}

/**
 * The total leaves out workloads whose chosen offer cannot run them, and counts those without `provider:` on their
 * cheapest eligible offer: said next to it, never silently.
 */
function leftOut(file: FileReport): string {
  const n = file.report.totals.unpriced.length;
  const assumed = file.report.totals.assumed.length;
  return (
    (n === 0
      ? ''
      : `  (not counting ${n} workload${n === 1 ? '' : 's'} whose offer cannot run ${n === 1 ? 'it' : 'them'})`) +
    (assumed === 0
      ? ''
      : `  (assumes the cheapest eligible offer for ${assumed} workload${assumed === 1 ? '' : 's'} without provider:)`)
  );
}
