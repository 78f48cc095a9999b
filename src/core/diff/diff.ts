import { allFindings, type Report, type WorkloadReport } from '../report';
import { FINDING_CODES, type Finding } from '../findings/types';
import { changeFindings } from '../findings/rules';
import { LineIndex, type SourceRange } from '../text/lineIndex';
import { changedFieldRange, fieldChanges, partChanges, type FieldChange, type PartChange } from './fields';
import { firstErrorIn, itemLabel, writtenItems, type WrittenItem } from './items';
import { unparsable, type Unparsable } from './unparsable';

/**
 * not-priced: the working tree has the workload but cannot price it (a typo in `provider:`, a file that does not
 * parse); was-not-priced: the base could not. Either way it is left out of the change, never counted as $0.
 */
export type ChangeStatus = 'added' | 'removed' | 'renamed' | 'changed' | 'unchanged' | 'not-priced' | 'was-not-priced';

/** Why a side of a workload has no cost, and where the reason stands in that side's text. */
export interface NotPriced {
  side: 'before' | 'after';
  reason: string;
  range?: SourceRange;
}

export interface WorkloadChange {
  name: string;
  /** The name at the base, where it differs (a rename). */
  previousName?: string;
  status: ChangeStatus;
  beforeMicros: number | null;
  afterMicros: number | null;
  /** 0 where a side is not priced: it is left out of the change. */
  deltaMicros: number;
  /** null where there was nothing before, or a side is not priced. */
  deltaPercent: number | null;
  chosenBefore: string | null;
  chosenAfter: string | null;
  /** What the change did to the workload's inputs, field by field. */
  fields: FieldChange[];
  /** The parts of its monthly cost that moved. */
  parts: PartChange[];
  notPriced?: NotPriced;
  before?: WorkloadReport;
  /** Where the workload stands in the working tree, for SARIF and the editor. */
  after?: WorkloadReport;
  /** Where the change is best shown in the working tree: the first changed field, else the name. */
  changedRange?: SourceRange;
}

export interface FindingChange {
  finding: Finding;
  /** The workload it belongs to, by name, or null for the file. */
  workload: string | null;
}

export interface FileDiff {
  path: string;
  /** What the file is at each side: missing where the base had no such file or the working tree deleted it. */
  before: Report | undefined;
  after: Report | undefined;
  /** A side that does not parse (or cannot be read as a file of this version): it has no cost at all. */
  unparsable: { before?: Unparsable; after?: Unparsable };
  workloads: WorkloadChange[];
  /** The totals of what both sides could price: workloads not priced on either side are left out of both. */
  beforeMicros: number;
  afterMicros: number;
  deltaMicros: number;
  deltaPercent: number | null;
  appeared: FindingChange[];
  resolved: FindingChange[];
}

/** What one side of a file holds: its priced workloads by name, and the items written but not priced. */
interface Side {
  report: Report | undefined;
  broken: Unparsable | undefined;
  byName: Map<string, WorkloadReport>;
  unpriced: Map<string, { item: WrittenItem; why: NotPricedWhy }>;
}

type NotPricedWhy = Omit<NotPriced, 'side'>;

/**
 * Prices are compared per workload, matched by name; a workload whose name changed is matched to the one it was when
 * enough else agrees (a rename). A workload either side cannot price is named, never read as added or removed.
 */
export function diffReports(path: string, before: Report | undefined, after: Report | undefined): FileDiff {
  const was = side(before);
  const now = side(after);
  const removed = [...was.byName.values()].filter((w) => !now.byName.has(w.workload.name));
  const added = [...now.byName.values()].filter((w) => !was.byName.has(w.workload.name));
  const renames = matchRenames(
    removed.filter((w) => !now.unpriced.has(w.workload.name) && !now.broken),
    added.filter((w) => !was.unpriced.has(w.workload.name) && !was.broken),
  );
  const changes: WorkloadChange[] = [];
  for (const w of now.byName.values()) {
    const renamedFrom = renames.get(w);
    const previous = was.byName.get(w.workload.name) ?? renamedFrom;
    const notPriced = whyNotPriced(w, 'after') ?? wasNotPriced(w.workload.name, previous, was);
    changes.push(change(w.workload.name, previous, w, notPriced, renamedFrom?.workload.name));
  }
  for (const [name, { why }] of now.unpriced)
    changes.push(change(name, was.byName.get(name), undefined, { side: 'after', ...why }));
  const matched = new Set([...renames.values()]);
  for (const w of was.byName.values()) {
    if (now.byName.has(w.workload.name) || now.unpriced.has(w.workload.name) || matched.has(w)) continue;
    const broken = now.broken && { side: 'after' as const, reason: doesNotParse(now.broken), range: undefined };
    changes.push(change(w.workload.name, w, undefined, broken || undefined));
  }
  const compared = changes.filter((c) => !c.notPriced);
  const beforeMicros = compared.reduce((sum, c) => sum + (c.beforeMicros ?? 0), 0);
  const afterMicros = compared.reduce((sum, c) => sum + (c.afterMicros ?? 0), 0);
  return {
    path,
    before,
    after,
    unparsable: { ...(was.broken ? { before: was.broken } : {}), ...(now.broken ? { after: now.broken } : {}) },
    workloads: changes,
    beforeMicros,
    afterMicros,
    deltaMicros: afterMicros - beforeMicros,
    deltaPercent: percent(beforeMicros, afterMicros),
    ...findingChanges(was, now, renames, changes),
  };
}

/** "does not parse: cost not computed (line 5: `[` is never closed)". */
export function doesNotParse(broken: Unparsable): string {
  return `does not parse: cost not computed (${broken.finding.message.replace(/\.$/, '')})`;
}

function side(report: Report | undefined): Side {
  const items = report ? writtenItems(report) : [];
  const broken =
    report && (unparsable(report) ?? (Array.isArray(items) ? undefined : notAList(report, items.notAList)));
  const byName = new Map<string, WorkloadReport>();
  for (const w of report?.workloads ?? []) if (!byName.has(w.workload.name)) byName.set(w.workload.name, w);
  const unpriced = new Map<string, { item: WrittenItem; why: NotPricedWhy }>();
  if (report && !broken && Array.isArray(items)) {
    const priced = new Set(report.workloads.map((w) => w.workload.index));
    const findings = allFindings(report);
    for (const item of items) {
      const label = itemLabel(item);
      if (priced.has(item.index) || byName.has(label) || unpriced.has(label)) continue;
      const error = firstErrorIn(findings, item.range);
      const why = { reason: error?.message ?? 'it could not be read as a workload', range: error?.range ?? item.range };
      unpriced.set(label, { item, why });
    }
  }
  return { report, broken, byName, unpriced };
}

/** `workloads:` that is no list: the file has no workloads to price, which is no saving. Said as its error. */
function notAList(report: Report, range: SourceRange): Unparsable {
  const finding = firstErrorIn(allFindings(report), range) ?? {
    code: FINDING_CODES.invalidValue,
    severity: 'error' as const,
    message: '`workloads` must be a list.',
    range,
  };
  const at = new LineIndex(report.text).positionAt(finding.range.start);
  return { finding, line: at.line + 1, column: at.character + 1 };
}

/** A workload in the report whose chosen offer cannot run it at all has no cost: why, from its first error. */
function whyNotPriced(w: WorkloadReport, at: NotPriced['side']): NotPriced | undefined {
  if (w.chosen.priced) return undefined;
  const error = w.findings.find((f) => f.severity === 'error');
  const reason = error?.message ?? `\`${w.chosen.offer.id}\` cannot run it: ${w.chosen.reasons[0]?.text ?? 'no price'}`;
  return { side: at, reason, range: error?.range ?? w.workload.ranges.provider ?? w.workload.ranges.item };
}

/** The base could not price the workload: its file did not parse, its item did not validate, or its offer could not run it. */
function wasNotPriced(name: string, previous: WorkloadReport | undefined, was: Side): NotPriced | undefined {
  if (was.broken) return { side: 'before', reason: `the base ${doesNotParse(was.broken)}` };
  const item = was.unpriced.get(name);
  if (!previous && item) return { side: 'before', ...item.why, reason: `at the base: ${item.why.reason}` };
  const why = previous && whyNotPriced(previous, 'before');
  return why && { ...why, reason: `at the base: ${why.reason}` };
}

function change(
  name: string,
  before: WorkloadReport | undefined,
  after: WorkloadReport | undefined,
  notPriced?: NotPriced,
  previousName?: string,
): WorkloadChange {
  const beforeMicros = before && before.chosen.priced ? before.totalMicros : null;
  const afterMicros = after && after.chosen.priced ? after.totalMicros : null;
  const fields = before && after ? fieldChanges(before.workload, after.workload) : [];
  const status: ChangeStatus = notPriced
    ? notPriced.side === 'after'
      ? 'not-priced'
      : 'was-not-priced'
    : !before
      ? 'added'
      : !after
        ? 'removed'
        : previousName
          ? 'renamed'
          : beforeMicros === afterMicros && before.chosen.offer.id === after.chosen.offer.id && fields.length === 0
            ? 'unchanged'
            : 'changed';
  const compared = !notPriced;
  const deltaMicros = compared ? (afterMicros ?? 0) - (beforeMicros ?? 0) : 0;
  return {
    name,
    ...(previousName ? { previousName } : {}),
    status,
    beforeMicros,
    afterMicros,
    deltaMicros,
    deltaPercent: compared ? percent(beforeMicros ?? 0, afterMicros ?? 0) : null,
    chosenBefore: before?.chosen.offer.id ?? null,
    chosenAfter: after?.chosen.offer.id ?? null,
    fields,
    parts: before && after && compared ? partChanges(before, after) : [],
    ...(notPriced ? { notPriced } : {}),
    ...(before ? { before } : {}),
    ...(after ? { after, changedRange: changedFieldRange(after.workload, fields) } : {}),
  };
}

/**
 * A removed and an added workload are one workload renamed when they run the same model and enough else agrees: all
 * of it (a plain rename), or the offer and the volume or the place in the list (a rename with other changes).
 */
function matchRenames(removed: WorkloadReport[], added: WorkloadReport[]): Map<WorkloadReport, WorkloadReport> {
  const pairs = removed
    .flatMap((r) => added.map((a) => ({ r, a, score: likeness(r, a) })))
    .filter((p) => p.score >= RENAME_LIKENESS)
    .sort((x, y) => y.score - x.score);
  const renames = new Map<WorkloadReport, WorkloadReport>();
  const taken = new Set<WorkloadReport>();
  for (const { r, a } of pairs) {
    if (taken.has(r) || renames.has(a)) continue;
    renames.set(a, r);
    taken.add(r);
  }
  return renames;
}

const RENAME_LIKENESS = 3;

/** How alike two workloads are, other than by name: 0 for another model; 100 for nothing else changed. */
function likeness(a: WorkloadReport, b: WorkloadReport): number {
  const x = a.workload;
  const y = b.workload;
  if (x.model !== y.model) return 0;
  if (fieldChanges(x, y).length === 0) return 100;
  return (
    (x.provider === y.provider ? 2 : 0) +
    (x.volume === y.volume ? 1 : 0) +
    (x.index === y.index ? 1 : 0) +
    (JSON.stringify(x.traffic) === JSON.stringify(y.traffic) ? 0.5 : 0)
  );
}

function percent(before: number, after: number): number | null {
  return before === 0 ? null : ((after - before) / before) * 100;
}

/**
 * A finding is the same finding when its code and workload agree (following renames), whatever its message:
 * "above break-even at 100,000" and "at 300,000" are one finding that changed, not one resolved and one new.
 * A side that does not parse is one finding, its first error: the cascade after it says nothing more.
 */
function findingChanges(
  was: Side,
  now: Side,
  renames: Map<WorkloadReport, WorkloadReport>,
  changes: readonly WorkloadChange[],
): { appeared: FindingChange[]; resolved: FindingChange[] } {
  if (was.broken || now.broken) {
    const one = (broken: Unparsable | undefined): FindingChange[] =>
      broken ? [{ finding: broken.finding, workload: null }] : [];
    if (was.broken && now.broken) return { appeared: [], resolved: [] };
    // Nothing at the base can be compared with: what the working tree has is all new.
    if (was.broken) return { appeared: keyedFindings(now, (n) => n).map(([, v]) => v), resolved: one(was.broken) };
    return { appeared: one(now.broken), resolved: [] };
  }
  const baseName = new Map([...renames].map(([n, w]) => [n.workload.name, w.workload.name]));
  const wasKeyed = new Map(keyedFindings(was, (name) => name));
  const nowKeyed = new Map(keyedFindings(now, (name) => baseName.get(name) ?? name));
  const appeared = [...nowKeyed].filter(([k]) => !wasKeyed.has(k)).map(([, v]) => v);
  for (const c of changes) {
    if (!c.before || !c.after || c.notPriced) continue;
    const found = changeFindings(c.before, c.after, now.report!.catalog);
    appeared.push(...found.map((finding) => ({ finding, workload: c.name })));
  }
  // What the working tree cannot price says nothing of its findings: they are not "resolved", nor the file's own
  // cost findings, worked out now without it.
  const unknown = new Set(changes.filter((c) => c.notPriced?.side === 'after').map((c) => c.name));
  const resolved = [...wasKeyed]
    .filter(([k]) => !nowKeyed.has(k))
    .map(([, v]) => v)
    .filter((c) =>
      c.workload === null ? !(unknown.size && WHOLE_FILE_CODES.has(c.finding.code)) : !unknown.has(c.workload),
    );
  return { appeared, resolved };
}

/** File-level findings worked out from every workload's cost: incomplete where one is not priced. */
const WHOLE_FILE_CODES = new Set<string>([FINDING_CODES.filePlan, FINDING_CODES.overBudget]);

/** Each finding of a side under a key of its code and workload (by identity, following renames), numbered where repeated. */
function keyedFindings(s: Side, identity: (name: string) => string): [string, FindingChange][] {
  if (!s.report) return [];
  const out = new Map<string, FindingChange>();
  for (const f of allFindings(s.report)) {
    const workload = ownerOf(s, f);
    const stem = `${f.code}\u0000${workload === null ? '' : identity(workload)}`;
    let n = 0;
    while (out.has(`${stem}\u0000${n}`)) n++;
    out.set(`${stem}\u0000${n}`, { finding: f, workload });
  }
  return [...out];
}

/** The workload a finding belongs to: a priced one by index, an item that could not be priced by where it stands. */
function ownerOf(s: Side, f: Finding): string | null {
  if (f.workload !== undefined)
    return s.report!.workloads.find((w) => w.workload.index === f.workload)?.workload.name ?? null;
  for (const [name, { item }] of s.unpriced)
    if (f.range.start >= item.range.start && f.range.start < item.range.end) return name;
  return null;
}

/** "10%" is a share of the base total, "$500" or "500" dollars a month. */
export type IncreaseLimit = { kind: 'percent'; value: number } | { kind: 'usd'; value: number };

export function parseIncreaseLimit(text: string): IncreaseLimit | undefined {
  const m = /^\s*(\$)?\s*(\d+(?:\.\d+)?)\s*(%)?\s*$/.exec(text);
  if (!m || (m[1] && m[3])) return undefined;
  const value = Number(m[2]);
  return m[3] ? { kind: 'percent', value } : { kind: 'usd', value };
}

export interface Change {
  before: number;
  after: number;
  delta: number;
  /** null where there was nothing before. */
  percent: number | null;
}

/** The combined change of several files, in micro-dollars. */
export function combine(diffs: readonly { beforeMicros: number; afterMicros: number }[]): Change {
  const before = diffs.reduce((s, d) => s + d.beforeMicros, 0);
  const after = diffs.reduce((s, d) => s + d.afterMicros, 0);
  return { before, after, delta: after - before, percent: percent(before, after) };
}

export function exceedsLimit(diffs: FileDiff[], limit: IncreaseLimit): boolean {
  const { before, delta } = combine(diffs);
  if (delta <= 0) return false;
  if (limit.kind === 'usd') return delta > limit.value * 1e6;
  return before === 0 ? true : (delta / before) * 100 > limit.value;
}
