import type { Catalog } from '../catalog/types';
import type { Workload } from '../format/model';
import { formatCount } from '../money';
import { HOURS_PER_WEEK } from '../engine/traffic';
import { gpuIdOf } from './gpuNames';
import { exposureByHour, measureShape, type MeasuredShape } from './shape';
import type { LogHistogram } from './histogram';
import type { UsageTally } from './tally';
import type { WeekClock } from './weekClock';

/** One field of the workload as the import would set it: the YAML text it writes. */
export interface FieldChange {
  key: string;
  yaml: string;
}

export interface UsageImport {
  /** What the log says, a line each: the counts, the period, the rate, the shape, the speeds. */
  found: string[];
  /** What a careful reader must know: short logs, thin data, rows left out, names not understood. */
  warnings: string[];
  changes: FieldChange[];
  /** Images or requests a month as the log has them, for the panel's what-if; absent where it gives no rate. */
  volumePerMonth?: number;
  /** The weekly shape measured, for the panel's what-if; absent where the log has no arrivals (usage exports). */
  shape?: { hours: number[]; weekdays: number[] };
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HOUR_MS = 3_600_000;

/** What a tallied log means for one workload of the file. */
export function deriveImport(
  tally: UsageTally,
  workload: Workload,
  catalog: Catalog,
  clock: WeekClock,
  gpu?: string,
): UsageImport | string {
  const out: UsageImport = { found: [], warnings: [], changes: [] };
  reportRows(tally, out);
  if (tally.buckets.count > 0) return fromBuckets(tally, workload, catalog, out);
  if (tally.requests < 2) return `${rowsLine(tally)}: a rate needs at least two requests that succeeded`;
  const spanHours = (tally.last - tally.first) / HOUR_MS;
  if (spanHours < 1) {
    out.warnings.push(
      `The log covers ${days(spanHours)}: too short to read a rate or a shape from (an hour at least), so volume and traffic stay as they are.`,
    );
    perRequest(tally, workload, catalog, out, gpu);
    return out;
  }
  const unit = workload.unit === 'image' ? 'images' : 'requests';
  const counts = workload.unit === 'image' ? tally.imagesByHour : tally.requestsByHour;
  const exposure = exposureByHour(tally.first, tally.last, clock);
  const shape = measureShape(counts, exposure, catalog.assumptions);
  const monthly = mean(shape.rates) * catalog.assumptions.hours_per_month;
  out.found.push(
    `${formatCount(workload.unit === 'image' ? tally.images : tally.requests)} ${unit} from ${isoMinute(tally.first)} to ${isoMinute(tally.last)} (${days(spanHours)}): ${formatCount(monthly)} ${unit} a month.`,
  );
  setVolume(out, workload.unit === 'image' ? 'volume' : 'requests', monthly);
  // A log a few minutes short of a week has seen every hour: only hours it never saw are worth a warning.
  if (shape.hoursSeen < HOURS_PER_WEEK)
    out.warnings.push(
      `The log covers ${days(spanHours)}, less than a week: ${HOURS_PER_WEEK - shape.hoursSeen} hours of the week it never saw are filled in from the fit, and a day it missed counts as its mean day.`,
    );
  describeShape(shape, clock.timeZone, out);
  out.warnings.push(...shape.warnings);
  if (workload.traffic.kind === 'batch')
    out.found.push('traffic: batch stays: batch work runs when the window allows, whatever hour it arrived.');
  else out.changes.push({ key: 'traffic', yaml: shape.builtIn ?? flowShape(shape) });
  out.shape = { hours: shape.hours, weekdays: shape.weekdays };
  perRequest(tally, workload, catalog, out, gpu);
  return out;
}

/** What each request took: the run time of an image, the tokens of a text request. */
function perRequest(tally: UsageTally, workload: Workload, catalog: Catalog, out: UsageImport, gpu?: string): void {
  if (workload.unit === 'image') {
    measuredSeconds(tally, workload, catalog, out, gpu);
    measuredBatches(tally, workload, catalog, out, gpu);
  } else tokenChanges(tally.tokens, tally.tokens.requests, out);
}

function reportRows(tally: UsageTally, out: UsageImport): void {
  out.found.push(rowsLine(tally) + '.');
  if (tally.badRows)
    out.warnings.push(
      `${formatCount(tally.badRows)} ${tally.badRows === 1 ? 'row could not be read and is' : 'rows could not be read and are'} left out: ${tally.badExamples.map((b) => `${tally.rowLabel} ${b.line}: ${b.reason}`).join('; ')}${tally.badRows > tally.badExamples.length ? '; …' : ''}.`,
    );
  if (tally.naive) out.warnings.push(`${formatCount(tally.naive)} timestamps name no time zone: they are read as UTC.`);
}

function rowsLine(tally: UsageTally): string {
  const parts = [`${formatCount(tally.rows)} rows`];
  if (tally.buckets.count) parts.push(`${formatCount(tally.buckets.count)} usage buckets`);
  else parts.push(`${formatCount(tally.requests)} requests that succeeded`);
  if (tally.failed) parts.push(`${formatCount(tally.failed)} failed (counted apart, not in the volume)`);
  if (tally.otherModels) parts.push(`${formatCount(tally.otherModels)} of other models`);
  if (tally.badRows) parts.push(`${formatCount(tally.badRows)} unreadable`);
  return parts.join(', ');
}

/** Usage exports count by day: the volume and the tokens, never the hours they came in. */
function fromBuckets(tally: UsageTally, workload: Workload, catalog: Catalog, out: UsageImport): UsageImport | string {
  const b = tally.buckets;
  const spanHours = (b.end - b.start) / HOUR_MS;
  const perMonth = catalog.assumptions.hours_per_month / spanHours;
  out.found.push(`Usage buckets from ${isoMinute(b.start)} to ${isoMinute(b.end)} (${days(spanHours)}).`);
  out.found.push(
    'A usage export counts by day: the shape of the week cannot be read from it, so traffic stays as it is.',
  );
  if (workload.unit === 'image') {
    if (b.images <= 0) return 'the export counts no images: it is not an image workload’s usage';
    out.found.push(`${formatCount(b.images)} images: ${formatCount(b.images * perMonth)} images a month.`);
    setVolume(out, 'volume', b.images * perMonth);
    return out;
  }
  if (b.requestsKnown) {
    if (b.requests <= 0) return 'the export counts no requests';
    out.found.push(`${formatCount(b.requests)} requests: ${formatCount(b.requests * perMonth)} requests a month.`);
    setVolume(out, 'requests', b.requests * perMonth);
    tokenChanges(tally.tokens, b.requests, out);
    return out;
  }
  // Anthropic's report has tokens and no request count: the file's requests a month divide the month's tokens.
  const monthRequests = workload.volume;
  if (!(monthRequests > 0))
    return 'the export counts tokens, not requests, and the workload has no requests a month to share them over';
  out.found.push(
    `The export counts tokens, not requests: the file's ${formatCount(monthRequests)} requests a month share the month's tokens.`,
  );
  const scaled = {
    input: tally.tokens.input * perMonth,
    cached: tally.tokens.cached * perMonth,
    output: tally.tokens.output * perMonth,
  };
  tokenChanges(scaled, monthRequests, out);
  return out;
}

/** The volume a month, to three significant figures: the file's change and the panel's what-if say the same. */
function setVolume(out: UsageImport, key: 'volume' | 'requests', perMonth: number): void {
  out.volumePerMonth = significant(perMonth, 3);
  out.changes.push({ key, yaml: String(out.volumePerMonth) });
}

function tokenChanges(
  tokens: { input: number; cached: number; output: number },
  requests: number,
  out: UsageImport,
): void {
  if (!(requests > 0) || tokens.input + tokens.output <= 0) return;
  const input = Math.round(tokens.input / requests);
  const output = Math.round(tokens.output / requests);
  const share = tokens.input > 0 ? Math.round((tokens.cached / tokens.input) * 100) / 100 : 0;
  out.found.push(
    `Per request: ${formatCount(input)} input tokens (${Math.round(share * 100)} % from a prompt cache), ${formatCount(output)} output tokens.`,
  );
  out.changes.push({ key: 'input_tokens', yaml: String(input) }, { key: 'output_tokens', yaml: String(output) });
  out.changes.push({ key: 'cached_input_share', yaml: String(share) });
}

function describeShape(shape: MeasuredShape, timeZone: string, out: UsageImport): void {
  const { hourOfWeek, factor } = shape.busiestHour;
  const hour = String(hourOfWeek % 24).padStart(2, '0');
  out.found.push(
    `Busiest hour: ${DAY_NAMES[Math.floor(hourOfWeek / 24)]} ${hour}:00-${hour}:59 ${timeZone}, at ${factor.toFixed(1)}x the week's mean (the shape written peaks at ${shape.fittedPeak.toFixed(1)}x); busiest day: ${DAY_NAMES[shape.busiestDay]}.`,
  );
  out.found.push(
    shape.builtIn
      ? `The week's shape is the built-in ${shape.builtIn} within the stated tolerance.`
      : "The week's shape matches no built-in shape: it is written as hours x weekdays.",
  );
}

function flowShape(shape: MeasuredShape): string {
  return `{hours: [${shape.hours.join(', ')}], weekdays: [${shape.weekdays.join(', ')}]}`;
}

/** Median run time of one-image requests, by the GPU the log names, else --gpu, else the chosen offer's GPU. */
function measuredSeconds(
  tally: UsageTally,
  workload: Workload,
  catalog: Catalog,
  out: UsageImport,
  gpu?: string,
): void {
  const chosenGpu = catalog.offers.get(workload.provider)?.gpu;
  const measured = new Map<string, { seconds: number; runs: number }>();
  for (const [name, histogram] of tally.runTimes) {
    const target = name === '' ? { id: gpu ?? chosenGpu } : gpuIdOf(name, catalog);
    if ('error' in target) {
      out.warnings.push(`Run times on ${target.error}: left out (name it with --gpu, or fix the log's GPU column).`);
      continue;
    }
    if (target.id === undefined) {
      out.warnings.push(
        `The log names no GPU and ${workload.provider} has none of its own: run times are left out (name the GPU with --gpu).`,
      );
      continue;
    }
    measured.set(target.id, { seconds: histogram.quantile(0.5)!, runs: histogram.count });
  }
  if (measured.size === 0) {
    if (tally.requests > 0 && tally.runTimes.size === 0)
      out.found.push('No run times of one-image requests in the log: seconds_per_image stays as it is.');
    return;
  }
  for (const [id, m] of measured)
    out.found.push(
      `Median run time on ${id}: ${significant(m.seconds, 3)} s over ${formatCount(m.runs)} one-image requests (queue and cold start not counted where the log tells them apart).`,
    );
  const only = measured.size === 1 ? [...measured][0]! : undefined;
  const existing = workload.secondsPerImage;
  if (only && only[0] === chosenGpu && typeof existing !== 'object') {
    out.changes.push({ key: 'seconds_per_image', yaml: String(significant(only[1].seconds, 3)) });
    return;
  }
  const map: Record<string, number> = typeof existing === 'object' ? { ...existing } : {};
  if (typeof existing === 'number' && chosenGpu) map[chosenGpu] = existing;
  for (const [id, m] of measured) map[id] = significant(m.seconds, 3);
  out.changes.push({
    key: 'seconds_per_image',
    yaml: `{${Object.entries(map)
      .map(([id, s]) => `${id}: ${s}`)
      .join(', ')}}`,
  });
}

/**
 * Median run time of calls of several images on the chosen offer's GPU (where `seconds_per_batch` is measured): of
 * the workload's batch size where the log has such calls, else of the size the log has most calls of.
 */
function measuredBatches(
  tally: UsageTally,
  workload: Workload,
  catalog: Catalog,
  out: UsageImport,
  gpu?: string,
): void {
  const chosenGpu = catalog.offers.get(workload.provider)?.gpu;
  const onChosen = new Map<number, LogHistogram>();
  for (const [name, bySize] of tally.batchRunTimes) {
    const target = name === '' ? { id: gpu ?? chosenGpu } : gpuIdOf(name, catalog);
    // Run times the one-image pass could not place are told there; here only the chosen GPU's are of use.
    if ('error' in target || target.id === undefined) continue;
    if (target.id !== chosenGpu) {
      out.warnings.push(
        `Calls of several images ran on ${target.id}, not on ${workload.provider}'s ${chosenGpu ?? 'GPU'}: seconds_per_batch is measured on the chosen offer's GPU, so they are left out.`,
      );
      continue;
    }
    for (const [size, histogram] of bySize) onChosen.set(size, histogram);
  }
  if (onChosen.size === 0) return;
  const size = onChosen.has(workload.batchSize)
    ? workload.batchSize
    : [...onChosen].sort((a, b) => b[1].count - a[1].count || a[0] - b[0])[0]![0];
  const histogram = onChosen.get(size)!;
  const seconds = significant(histogram.quantile(0.5)!, 3);
  out.found.push(
    `Median run time of a call of ${size} images on ${chosenGpu}: ${seconds} s over ${formatCount(histogram.count)} calls.`,
  );
  if (size !== workload.batchSize) out.changes.push({ key: 'batch_size', yaml: String(size) });
  out.changes.push({ key: 'seconds_per_batch', yaml: String(seconds) });
}

export function significant(n: number, digits: number): number {
  return n === 0 ? 0 : Number(n.toPrecision(digits));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function days(hours: number): string {
  if (hours >= 48) return `${(hours / 24).toFixed(1)} days`;
  if (hours >= 1) return `${hours.toFixed(1)} hours`;
  return hours * 60 >= 1 ? `${Math.round(hours * 60)} minutes` : `${Math.round(hours * 3600)} seconds`;
}

function isoMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}
