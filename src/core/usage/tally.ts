import { HOURS_PER_WEEK } from '../engine/traffic';
import { LogHistogram } from './histogram';
import type { RequestRecord, UsageBucket } from './records';
import type { WeekClock } from './weekClock';

/** A row that could not be read: where it is in the file, and why. */
export interface BadRow {
  line: number;
  reason: string;
}

const BAD_ROWS_SHOWN = 5;
/** A log of many models is refused with their names: past this many, the rest are only counted. */
const MODELS_KEPT = 1000;
/** Batch sizes whose run times are kept a GPU; calls of other sizes still count, without their run times. */
const BATCH_SIZES_KEPT = 64;

/**
 * Everything an import needs from a log, summed row by row: the memory is the same for ten rows and for a billion.
 * Requests of other models than the one asked for are counted, not tallied.
 */
export class UsageTally {
  /** Requests and images that succeeded, by hour of the week (Monday 00:00 first) in the clock's zone. */
  readonly requestsByHour = new Float64Array(HOURS_PER_WEEK);
  readonly imagesByHour = new Float64Array(HOURS_PER_WEEK);
  requests = 0;
  images = 0;
  failed = 0;
  /** Rows whose time had no zone: read as UTC. */
  naive = 0;
  otherModels = 0;
  badRows = 0;
  readonly badExamples: BadRow[] = [];
  /** What a bad row's number counts: a line of a CSV or JSON Lines file, an item of a JSON document's list. */
  rowLabel: 'line' | 'item' = 'line';
  /** Requests by the model the log names. */
  readonly models = new Map<string, number>();
  modelsUnlisted = 0;
  /** Run times of one-image requests that succeeded, by the GPU the log names ('' where it names none). */
  readonly runTimes = new Map<string, LogHistogram>();
  /** Run times of calls of several images that succeeded, by the GPU the log names, then by the images a call made. */
  readonly batchRunTimes = new Map<string, Map<number, LogHistogram>>();
  /** Token sums over the requests that report them. */
  readonly tokens = { requests: 0, input: 0, cached: 0, output: 0 };
  first = Infinity;
  last = -Infinity;
  /** Usage exports: totals by time bucket, no arrivals. */
  readonly buckets = { count: 0, start: Infinity, end: -Infinity, requests: 0, images: 0, requestsKnown: true };

  constructor(
    private readonly clock: WeekClock,
    private readonly model?: string,
  ) {}

  get rows(): number {
    return this.requests + this.failed + this.otherModels + this.badRows;
  }

  addBad(line: number, reason: string): void {
    this.badRows++;
    if (this.badExamples.length < BAD_ROWS_SHOWN) this.badExamples.push({ line, reason });
  }

  addRequest(record: RequestRecord): void {
    if (!this.isOurs(record.model)) return;
    if (record.failed) {
      this.failed++;
      return;
    }
    if (record.naive) this.naive++;
    const hour = this.clock.hourOfWeek(record.at);
    this.requests++;
    this.images += record.images;
    this.requestsByHour[hour]! += 1;
    this.imagesByHour[hour]! += record.images;
    this.first = Math.min(this.first, record.at);
    this.last = Math.max(this.last, record.at);
    if (record.runSeconds !== undefined && record.images === 1)
      this.histogramOf(record.gpu ?? '').add(record.runSeconds);
    if (record.runSeconds !== undefined && record.images > 1)
      this.batchHistogramOf(record.gpu ?? '', record.images)?.add(record.runSeconds);
    if (record.inputTokens !== undefined || record.outputTokens !== undefined) {
      this.tokens.requests++;
      this.tokens.input += record.inputTokens ?? 0;
      this.tokens.cached += record.cachedTokens ?? 0;
      this.tokens.output += record.outputTokens ?? 0;
    }
  }

  addBucket(bucket: UsageBucket): void {
    if (!this.isOurs(bucket.model)) return;
    this.buckets.count++;
    this.buckets.start = Math.min(this.buckets.start, bucket.start);
    this.buckets.end = Math.max(this.buckets.end, bucket.end);
    if (bucket.requests === undefined) this.buckets.requestsKnown = false;
    this.buckets.requests += bucket.requests ?? 0;
    this.buckets.images += bucket.images ?? 0;
    this.tokens.input += bucket.inputTokens;
    this.tokens.cached += bucket.cachedTokens;
    this.tokens.output += bucket.outputTokens;
    this.tokens.requests += bucket.requests ?? 0;
  }

  /** Counts the model, and says whether the row is of the model asked for (any, when none was). */
  private isOurs(model: string | undefined): boolean {
    if (model !== undefined) {
      if (this.models.has(model) || this.models.size < MODELS_KEPT)
        this.models.set(model, (this.models.get(model) ?? 0) + 1);
      else this.modelsUnlisted++;
    }
    if (this.model === undefined || model === this.model) return true;
    this.otherModels++;
    return false;
  }

  /** Undefined past BATCH_SIZES_KEPT sizes on one GPU: a log's odd sizes may not grow the memory. */
  private batchHistogramOf(gpu: string, images: number): LogHistogram | undefined {
    let bySize = this.batchRunTimes.get(gpu);
    if (!bySize) this.batchRunTimes.set(gpu, (bySize = new Map<number, LogHistogram>()));
    let histogram = bySize.get(images);
    if (!histogram && bySize.size < BATCH_SIZES_KEPT) bySize.set(images, (histogram = new LogHistogram()));
    return histogram;
  }

  private histogramOf(gpu: string): LogHistogram {
    let histogram = this.runTimes.get(gpu);
    if (!histogram) this.runTimes.set(gpu, (histogram = new LogHistogram()));
    return histogram;
  }
}
