import { SEVERITY_RANK, type Severity } from '../findings/types';
import { formatMonthly, formatUsd } from '../money';
import { combine, doesNotParse, type FileDiff, type IncreaseLimit } from './diff';
import { lineOf, placedAppeared, type PlacedChange } from './place';

/** The level of new findings that fails a diff: error by default, so a typo that hides a workload cannot pass. */
export type GateLevel = Severity | 'never';

export interface GateOptions {
  failOn: Exclude<GateLevel, 'info'>;
  /** The --fail-on-increase limit, parsed, with the text it was given as. */
  limit?: { limit: IncreaseLimit; text: string };
  /** Model uses the code gained that no workload declares (drift): new warnings, at their calls. */
  undeclaredUses?: readonly { path: string; line: number; message: string }[];
}

/** A workload whose rise is part of the total's: file, name and the rise in micro-dollars. */
export interface Driver {
  path: string;
  workload: string;
  deltaMicros: number;
}

export interface Gate {
  passed: boolean;
  failOn: GateOptions['failOn'];
  increase?: {
    limit: string;
    /** The most the total may rise, in micro-dollars (a percent limit read against the base total). */
    allowedMicros: number | null;
    deltaMicros: number;
    percent: number | null;
    exceeded: boolean;
    /** The workloads that rose, most first (five at most). */
    drivers: Driver[];
  };
  /** New findings at or above the failing level. */
  findings: PlacedChange[];
  /** Files a side of which does not parse: no cost at all on that side (the working tree's: exit 2). */
  unparsable: { path: string; side: 'before' | 'after'; line: number; column: number; message: string }[];
  /** Workloads of files that parse, left out of the change because a side cannot price them. */
  notPriced: { path: string; workload: string; side: 'before' | 'after'; reason: string; line: number | null }[];
  /** Why the gate failed, a sentence a reason: for stderr, the comment and the JSON. */
  reasons: string[];
}

const MAX_DRIVERS = 5;

export function evaluateGate(files: readonly FileDiff[], options: GateOptions): Gate {
  const level = options.failOn;
  const findings =
    level === 'never'
      ? []
      : files
          .flatMap(placedAppeared)
          .filter((c) => SEVERITY_RANK[c.finding.severity] >= SEVERITY_RANK[level] && !isUnparsable(files, c));
  const unparsable = files.flatMap(({ path, unparsable }) =>
    (['before', 'after'] as const).flatMap((side) => {
      const u = unparsable[side];
      return u ? [{ path, side, line: u.line, column: u.column, message: doesNotParse(u) }] : [];
    }),
  );
  const increase = options.limit && increaseCheck(files, options.limit);
  const reasons = [
    ...unparsable.filter((u) => u.side === 'after').map((u) => `${u.path}:${u.line} ${u.message}.`),
    ...(increase?.exceeded ? [increaseReason(increase)] : []),
    ...(findings.length ? [findingsReason(findings, options.failOn)] : []),
    ...undeclaredReason(options),
  ];
  return {
    passed: reasons.length === 0,
    failOn: options.failOn,
    ...(increase ? { increase } : {}),
    findings,
    unparsable,
    notPriced: notPricedOf(files),
    reasons,
  };
}

/** New undeclared model uses fail the gate at --fail-on warning, as any new warning does. */
function undeclaredReason(options: GateOptions): string[] {
  const uses = options.undeclaredUses ?? [];
  if (uses.length === 0 || options.failOn !== 'warning') return [];
  const first = uses
    .slice(0, 3)
    .map((u) => `${u.path}:${u.line} ${u.message.replace(/, which no workload.*$/s, '')}`)
    .join('; ');
  const more = uses.length > 3 ? `; and ${uses.length - 3} more` : '';
  return [
    `${uses.length} model use${uses.length === 1 ? '' : 's'} the code gained ${uses.length === 1 ? 'is' : 'are'} not declared in inference.yaml (--fail-on warning): ${first}${more}.`,
  ];
}

/** A file that does not parse is its own reason: its one finding is not counted again as a new finding. */
function isUnparsable(files: readonly FileDiff[], c: PlacedChange): boolean {
  return files.some((f) => f.unparsable.after?.finding === c.finding);
}

function increaseCheck(
  files: readonly FileDiff[],
  given: NonNullable<GateOptions['limit']>,
): NonNullable<Gate['increase']> {
  const { before, delta, percent } = combine(files);
  const allowedMicros =
    given.limit.kind === 'usd' ? given.limit.value * 1e6 : before === 0 ? null : (before * given.limit.value) / 100;
  // A rise from nothing has no percent: any rise is over a percent limit.
  const exceeded = delta > 0 && (allowedMicros === null ? true : delta > allowedMicros);
  const drivers = files
    .flatMap((f) => f.workloads.map((w) => ({ path: f.path, workload: w.name, deltaMicros: w.deltaMicros })))
    .filter((d) => d.deltaMicros > 0)
    .sort((a, b) => b.deltaMicros - a.deltaMicros)
    .slice(0, MAX_DRIVERS);
  return { limit: given.text, allowedMicros, deltaMicros: delta, percent, exceeded, drivers };
}

function increaseReason(i: NonNullable<Gate['increase']>): string {
  const pct = i.percent === null ? 'from nothing' : `${i.percent > 0 ? '+' : ''}${Math.round(i.percent)}%`;
  const allowed = i.allowedMicros === null ? '' : `, at most +${formatMonthly(i.allowedMicros)}`;
  const drivers = i.drivers.map((d) => `${d.workload} +${formatUsd(d.deltaMicros)} (${d.path})`).join(', ');
  return `The monthly cost rises by +${formatMonthly(i.deltaMicros)} (${pct}), over the limit of ${i.limit}${allowed}${drivers ? `: ${drivers}` : ''}.`;
}

function findingsReason(findings: readonly PlacedChange[], level: GateOptions['failOn']): string {
  const first = findings
    .slice(0, 3)
    .map((c) => `${c.path}:${c.line} ${c.finding.severity} ${c.finding.code}: ${c.finding.message.replace(/\.$/, '')}`)
    .join('; ');
  const more = findings.length > 3 ? `; and ${findings.length - 3} more` : '';
  const levelText = level === 'error' ? 'error' : `${level} or error`;
  return `${findings.length} new finding${findings.length === 1 ? '' : 's'} at ${levelText} level (--fail-on ${level}): ${first}${more}.`;
}

/** A file that does not parse is named as such, once: its workloads are not listed one by one. */
function notPricedOf(files: readonly FileDiff[]): Gate['notPriced'] {
  return files.flatMap((f) =>
    f.workloads.flatMap((w) => {
      if (!w.notPriced || f.unparsable[w.notPriced.side]) return [];
      const text = w.notPriced.side === 'after' ? f.after?.text : f.before?.text;
      const line = text !== undefined && w.notPriced.range ? lineOf(text, w.notPriced.range.start) : null;
      return [{ path: f.path, workload: w.name, side: w.notPriced.side, reason: w.notPriced.reason, line }];
    }),
  );
}
