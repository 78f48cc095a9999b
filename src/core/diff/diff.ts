import { allFindings, type Report, type WorkloadReport } from '../report';
import type { Finding } from '../findings/types';

export type ChangeStatus = 'added' | 'removed' | 'renamed' | 'changed' | 'unchanged';

export interface WorkloadChange {
  name: string;
  /** The name at the base, where it differs (a rename). */
  previousName?: string;
  status: ChangeStatus;
  beforeMicros: number | null;
  afterMicros: number | null;
  deltaMicros: number;
  /** null where there was nothing before. */
  deltaPercent: number | null;
  chosenBefore: string | null;
  chosenAfter: string | null;
  /** Where the workload stands in the working tree, for SARIF and the editor. */
  after?: WorkloadReport;
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
  workloads: WorkloadChange[];
  beforeMicros: number;
  afterMicros: number;
  deltaMicros: number;
  deltaPercent: number | null;
  appeared: FindingChange[];
  resolved: FindingChange[];
}

/** Prices are compared per workload, matched by name; a workload whose name changed but nothing else is a rename. */
export function diffReports(path: string, before: Report | undefined, after: Report | undefined): FileDiff {
  const was = new Map((before?.workloads ?? []).map((w) => [w.workload.name, w]));
  const now = new Map((after?.workloads ?? []).map((w) => [w.workload.name, w]));
  const renames = matchRenames(
    [...was.values()].filter((w) => !now.has(w.workload.name)),
    [...now.values()].filter((w) => !was.has(w.workload.name)),
  );
  const changes: WorkloadChange[] = [];
  for (const w of now.values()) {
    const previous = was.get(w.workload.name) ?? renames.get(w);
    changes.push(
      change(w.workload.name, previous, w, previous && !was.has(w.workload.name) ? previous.workload.name : undefined),
    );
  }
  const renamedFrom = new Set([...renames.values()]);
  for (const w of was.values())
    if (!now.has(w.workload.name) && !renamedFrom.has(w)) changes.push(change(w.workload.name, w, undefined));
  const beforeMicros = before?.totals.totalMicros ?? 0;
  const afterMicros = after?.totals.totalMicros ?? 0;
  const baseName = new Map([...renames].map(([now, was]) => [now.workload.name, was.workload.name]));
  const { appeared, resolved } = findingChanges(before, after, baseName);
  return {
    path,
    before,
    after,
    workloads: changes,
    beforeMicros,
    afterMicros,
    deltaMicros: afterMicros - beforeMicros,
    deltaPercent: percent(beforeMicros, afterMicros),
    appeared,
    resolved,
  };
}

function change(
  name: string,
  before: WorkloadReport | undefined,
  after: WorkloadReport | undefined,
  previousName?: string,
): WorkloadChange {
  const beforeMicros = before?.totalMicros ?? null;
  const afterMicros = after?.totalMicros ?? null;
  const status: ChangeStatus = !before
    ? 'added'
    : !after
      ? 'removed'
      : previousName
        ? 'renamed'
        : beforeMicros === afterMicros && before.chosen.offer.id === after.chosen.offer.id
          ? 'unchanged'
          : 'changed';
  return {
    name,
    ...(previousName ? { previousName } : {}),
    status,
    beforeMicros,
    afterMicros,
    deltaMicros: (afterMicros ?? 0) - (beforeMicros ?? 0),
    deltaPercent: percent(beforeMicros ?? 0, afterMicros ?? 0),
    chosenBefore: before?.chosen.offer.id ?? null,
    chosenAfter: after?.chosen.offer.id ?? null,
    ...(after ? { after } : {}),
  };
}

/** A removed and an added workload with the same model, volume (and tokens), offer and traffic are one workload renamed. */
function matchRenames(removed: WorkloadReport[], added: WorkloadReport[]): Map<WorkloadReport, WorkloadReport> {
  const renames = new Map<WorkloadReport, WorkloadReport>();
  const free = [...removed];
  for (const a of added) {
    const i = free.findIndex((r) => sameExceptName(r, a));
    if (i >= 0) renames.set(a, free.splice(i, 1)[0]!);
  }
  return renames;
}

function sameExceptName(a: WorkloadReport, b: WorkloadReport): boolean {
  const x = a.workload;
  const y = b.workload;
  return (
    x.model === y.model &&
    x.volume === y.volume &&
    x.provider === y.provider &&
    JSON.stringify(x.traffic) === JSON.stringify(y.traffic) &&
    x.batchSize === y.batchSize &&
    JSON.stringify(x.text) === JSON.stringify(y.text)
  );
}

function percent(before: number, after: number): number | null {
  return before === 0 ? null : ((after - before) / before) * 100;
}

/**
 * A finding is the same finding when its code and workload agree (following renames), whatever its message:
 * "above break-even at 100,000" and "at 300,000" are one finding that changed, not one resolved and one new.
 */
function findingChanges(
  before: Report | undefined,
  after: Report | undefined,
  baseName: Map<string, string>,
): { appeared: FindingChange[]; resolved: FindingChange[] } {
  const keyed = (r: Report | undefined, identity: (name: string) => string) => {
    const out = new Map<string, FindingChange>();
    for (const f of r ? allFindings(r) : []) {
      const workload = workloadName(r!, f);
      const stem = `${f.code}\u0000${workload === null ? '' : identity(workload)}`;
      let n = 0;
      while (out.has(`${stem}\u0000${n}`)) n++;
      out.set(`${stem}\u0000${n}`, { finding: f, workload });
    }
    return out;
  };
  const was = keyed(before, (name) => name);
  const now = keyed(after, (name) => baseName.get(name) ?? name);
  return {
    appeared: [...now].filter(([k]) => !was.has(k)).map(([, v]) => v),
    resolved: [...was].filter(([k]) => !now.has(k)).map(([, v]) => v),
  };
}

function workloadName(report: Report, f: Finding): string | null {
  return f.workload === undefined
    ? null
    : (report.workloads.find((w) => w.workload.index === f.workload)?.workload.name ?? null);
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
