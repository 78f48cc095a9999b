import type { Workload, WorkloadField } from '../format/model';
import { formatCount } from '../money';
import { BREAKDOWN_PARTS, type Breakdown, type WorkloadReport } from '../report';

/** One input of a workload, before and after, as the file spells it ("volume: 100,000 -> 500,000"). */
export interface FieldChange {
  /** The key in inference.yaml. */
  field: string;
  before: string;
  after: string;
}

/** One part of a workload's monthly cost that moved, in micro-dollars. */
export interface PartChange {
  part: keyof Breakdown;
  beforeMicros: number;
  afterMicros: number;
}

type Shown = string | undefined;

/** Each input a reviewer may change, as the file names it, shown as written; absent where it is not set. */
const FIELDS: [WorkloadField | 'batch_time_factor' | 'cold_starts_per_month', (w: Workload) => Shown][] = [
  ['model', (w) => w.model],
  ['provider', (w) => w.provider],
  ['volume', (w) => (w.unit === 'image' ? formatCount(w.volume) : undefined)],
  ['requests', (w) => (w.unit === 'request' ? formatCount(w.volume) : undefined)],
  ['input_tokens', (w) => count(w.text?.inputTokens)],
  ['output_tokens', (w) => count(w.text?.outputTokens)],
  ['cached_input_share', (w) => plain(w.text?.cachedInputShare)],
  ['ttft_seconds', (w) => plain(w.text?.ttftSeconds)],
  ['output_tokens_per_second', (w) => plain(w.text?.outputTokensPerSecond)],
  ['tokens_per_second', (w) => plain(w.text?.measuredTokensPerSecond)],
  ['traffic', (w) => trafficText(w)],
  ['seconds_per_image', (w) => plain(w.secondsPerImage)],
  ['steps', (w) => plain(w.image?.steps)],
  ['resolution', (w) => (w.image?.width ? `${w.image.width}x${w.image.height}` : undefined)],
  ['quality', (w) => w.image?.quality],
  ['batch_size', (w) => String(w.batchSize)],
  ['batch_time_factor', (w) => plain(w.batchTimeFactor)],
  ['utilization', (w) => plain(w.utilization)],
  ['scaling', (w) => w.scaling],
  ['spot', (w) => String(w.spot)],
  ['cold_starts_per_month', (w) => count(w.coldStartsPerMonth)],
  ['cold_start_seconds', (w) => plain(w.coldStartSeconds)],
  ['latency_slo_seconds', (w) => plain(w.latencySloSeconds)],
  ['budget_usd_per_month', (w) => count(w.budgetUsdPerMonth)],
  ['serving', (w) => w.serving],
  ['allow_marketplace', (w) => String(w.allowMarketplace)],
  ['min_workers', (w) => plain(w.minWorkers)],
  ['min_replicas', (w) => plain(w.minReplicas)],
];

/** What a reviewer changed in a workload, field by field, in the file's order of importance; the name apart. */
export function fieldChanges(before: Workload, after: Workload): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, show] of FIELDS) {
    const was = show(before);
    const now = show(after);
    if (was !== now) out.push({ field, before: was ?? 'not set', after: now ?? 'not set' });
  }
  return out;
}

/** The parts of the monthly cost that moved by a cent or more: the chosen offer's parts, engineering as the share paid. */
export function partChanges(before: WorkloadReport, after: WorkloadReport): PartChange[] {
  const parts = (w: WorkloadReport): Breakdown => ({ ...w.chosen.breakdown, overhead: w.overheadShareMicros });
  const was = parts(before);
  const now = parts(after);
  const priced = before.chosen.priced && after.chosen.priced;
  return BREAKDOWN_PARTS.filter((part) => priced && Math.abs(now[part] - was[part]) >= 10_000).map((part) => ({
    part,
    beforeMicros: was[part],
    afterMicros: now[part],
  }));
}

/** Where a change is best shown: the first changed field's value in the working tree, else the workload's name. */
export function changedFieldRange(w: Workload, changes: readonly FieldChange[]): Workload['ranges'][WorkloadField] {
  for (const c of changes) {
    const range = w.ranges[c.field as WorkloadField];
    if (range) return range;
  }
  return w.ranges.name ?? w.ranges.item;
}

function plain(value: number | string | Record<string, number> | undefined): Shown {
  if (value === undefined) return undefined;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}}`;
  return String(value);
}

function count(value: number | undefined): Shown {
  return value === undefined ? undefined : formatCount(value);
}

/** A built-in shape by name; a batch window with its wait; a custom shape by its figures, so an edit to one shows. */
function trafficText(w: Workload): string {
  const t = w.traffic;
  if (t.kind === 'batch') return `batch (max_wait_hours ${t.maxWaitHours})`;
  if (t.kind === 'custom') return `custom {hours: [${t.hours.join(', ')}], weekdays: [${t.weekdays.join(', ')}]}`;
  return t.kind;
}
