import { parseInstant } from './timestamps';

/** What one request of a log says, once its columns are read. */
/** The log formats a usage import reads. */
export const LOG_FORMATS = ['csv', 'jsonl', 'replicate', 'openai', 'anthropic'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface RequestRecord {
  /** When the request arrived, ms since the epoch. */
  at: number;
  naive: boolean;
  /** Time on the GPU, queue and cold start excluded where the log tells them apart. */
  runSeconds?: number;
  model?: string;
  gpu?: string;
  inputTokens?: number;
  /** Input tokens read from a prompt cache: counted within inputTokens. */
  cachedTokens?: number;
  outputTokens?: number;
  /** Images the request made (default 1). */
  images: number;
  failed: boolean;
}

/** A usage export's time bucket (a day, an hour): totals only, no arrivals. */
export interface UsageBucket {
  start: number;
  end: number;
  /** Requests in the bucket; absent where the export does not count them (Anthropic's). */
  requests?: number;
  images?: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  model?: string;
}

export const USAGE_FIELDS = [
  'timestamp',
  'start',
  'end',
  'duration',
  'model',
  'gpu',
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'images',
  'status',
] as const;
export type UsageField = (typeof USAGE_FIELDS)[number];

/** Which column (a CSV header, or a dotted path into a JSON object) each field is read from. */
export type ColumnMap = Partial<Record<UsageField, string>>;

/** The header names each field is found under when no --column names it, in order of preference, lower case. */
const HEADER_NAMES: Record<UsageField, readonly string[]> = {
  timestamp: ['timestamp', 'time', 'ts', 'created_at', 'created', 'request_time', 'received_at', 'datetime', 'date'],
  start: ['started_at', 'start', 'start_time', 'started'],
  end: ['completed_at', 'end', 'end_time', 'finished_at', 'ended_at', 'completed'],
  duration: [
    'duration',
    'duration_s',
    'duration_seconds',
    'run_seconds',
    'run_time',
    'predict_time',
    'duration_ms',
    'run_time_ms',
    'latency',
    'latency_s',
    'latency_ms',
  ],
  model: ['model', 'model_id', 'model_name'],
  gpu: ['gpu', 'hardware', 'accelerator', 'gpu_type'],
  input_tokens: ['input_tokens', 'prompt_tokens', 'tokens_in', 'input'],
  output_tokens: ['output_tokens', 'completion_tokens', 'tokens_out', 'output'],
  cached_tokens: ['cached_tokens', 'cached_input_tokens', 'cache_read_input_tokens', 'input_cached_tokens'],
  images: ['images', 'num_outputs', 'num_images', 'n'],
  status: ['status', 'state', 'outcome', 'status_code', 'http_status'],
};

/** Replicate's predictions list (GET /v1/predictions): the API's own field names. */
export const REPLICATE_COLUMNS: ColumnMap = {
  timestamp: 'created_at',
  start: 'started_at',
  end: 'completed_at',
  duration: 'metrics.predict_time',
  model: 'model',
  status: 'status',
  images: 'input.num_outputs',
};

/** The columns of a header: each field the --column flags name, else the first header name it is known by. */
export function columnsOf(header: readonly string[], given: ColumnMap): ColumnMap {
  const lower = new Map(header.map((name) => [name.trim().toLowerCase(), name]));
  const columns: ColumnMap = {};
  for (const field of USAGE_FIELDS) {
    const name = given[field] ?? HEADER_NAMES[field].map((n) => lower.get(n)).find((n) => n !== undefined);
    if (name !== undefined) columns[field] = name;
  }
  return columns;
}

/** A value at a dotted path of a JSON object ("metrics.predict_time"), or a CSV row's column. */
export function valueAt(row: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(row, path)) return row[path];
  let value: unknown = row;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const FAILED = new Set(['failed', 'failure', 'error', 'errored', 'canceled', 'cancelled', 'timeout', 'timed_out']);

/** One row as a request, or the reason it cannot be read. */
export function readRequest(row: Record<string, unknown>, columns: ColumnMap): RequestRecord | string {
  const field = (name: UsageField) => (columns[name] === undefined ? undefined : valueAt(row, columns[name]));
  const blank = (v: unknown) => v === undefined || v === null || v === '';
  const stamp = field('timestamp') ?? field('start');
  if (blank(stamp)) return 'no timestamp';
  const at = parseInstant(stamp);
  if (!at) return `timestamp ${show(stamp)} is not a date and time`;
  const record: RequestRecord = { at: at.ms, naive: at.naive, images: 1, failed: isFailed(field('status')) };
  const run = runSeconds(field('duration'), columns.duration, field('start'), field('end'));
  if (typeof run === 'string') return run;
  if (run !== undefined) record.runSeconds = run;
  for (const [name, key] of [
    ['input_tokens', 'inputTokens'],
    ['output_tokens', 'outputTokens'],
    ['cached_tokens', 'cachedTokens'],
    ['images', 'images'],
  ] as const) {
    const raw = field(name);
    if (blank(raw)) continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) return `${name} ${show(raw)} is not a count`;
    record[key] = n;
  }
  if (record.images < 1 || !Number.isInteger(record.images)) return `images ${record.images} is not a whole count`;
  for (const name of ['model', 'gpu'] as const) {
    const raw = field(name);
    if ((typeof raw === 'string' && raw !== '') || typeof raw === 'number') record[name] = String(raw).slice(0, 200);
  }
  return record;
}

/** Run time from a duration column (seconds, or ms where the column's name ends in ms), else end minus start. */
function runSeconds(
  duration: unknown,
  durationColumn: string | undefined,
  start: unknown,
  end: unknown,
): number | string | undefined {
  if (duration !== undefined && duration !== null && duration !== '') {
    const n = Number(duration);
    if (!Number.isFinite(n) || n < 0) return `duration ${show(duration)} is not a number of seconds`;
    return /ms$/i.test(durationColumn ?? '') ? n / 1000 : n;
  }
  if (start === undefined || start === null || start === '' || end === undefined || end === null || end === '')
    return undefined;
  const from = parseInstant(start);
  const to = parseInstant(end);
  if (!from || !to) return `start or end ${show(from ? end : start)} is not a date and time`;
  if (to.ms < from.ms) return 'ends before it starts';
  return (to.ms - from.ms) / 1000;
}

function isFailed(status: unknown): boolean {
  if (typeof status !== 'string' && typeof status !== 'number') return false;
  const text = String(status).trim().toLowerCase();
  if (/^\d{3}$/.test(text)) return Number(text) >= 400;
  return FAILED.has(text);
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** OpenAI's usage API page (organization/usage/completions or images): daily or hourly buckets of totals. */
export function openAiBuckets(page: unknown): UsageBucket[] | string {
  const data = bucketList(page);
  if (!data) return 'no data: [...] of buckets';
  const out: UsageBucket[] = [];
  for (const bucket of data) {
    const start = Number(bucket.start_time);
    const end = Number(bucket.end_time);
    if (!(start > 0 && end > start)) return 'a bucket without start_time and end_time';
    for (const r of resultsOf(bucket)) {
      out.push({
        start: start * 1000,
        end: end * 1000,
        requests: count(r.num_model_requests),
        ...(r.images !== undefined ? { images: count(r.images) } : {}),
        inputTokens: count(r.input_tokens),
        cachedTokens: count(r.input_cached_tokens),
        outputTokens: count(r.output_tokens),
        ...(typeof r.model === 'string' ? { model: r.model } : {}),
      });
    }
  }
  return out;
}

/** Anthropic's usage report (organizations/usage_report/messages): tokens by bucket, no request counts. */
export function anthropicBuckets(report: unknown): UsageBucket[] | string {
  const data = bucketList(report);
  if (!data) return 'no data: [...] of buckets';
  const out: UsageBucket[] = [];
  for (const bucket of data) {
    const start = parseInstant(bucket.starting_at);
    const end = parseInstant(bucket.ending_at);
    if (!start || !end || end.ms <= start.ms) return 'a bucket without starting_at and ending_at';
    for (const r of resultsOf(bucket)) {
      const creation = (r.cache_creation ?? {}) as Record<string, unknown>;
      // Cache writes are input too: billed as input, not read from the cache.
      const written =
        count(r.cache_creation_5m_input_tokens ?? creation.ephemeral_5m_input_tokens) +
        count(r.cache_creation_1h_input_tokens ?? creation.ephemeral_1h_input_tokens);
      const read = count(r.cache_read_input_tokens);
      out.push({
        start: start.ms,
        end: end.ms,
        inputTokens: count(r.uncached_input_tokens) + read + written,
        cachedTokens: read,
        outputTokens: count(r.output_tokens),
        ...(typeof r.model === 'string' ? { model: r.model } : {}),
      });
    }
  }
  return out;
}

function bucketList(page: unknown): Record<string, unknown>[] | undefined {
  const data = (page as { data?: unknown } | null)?.data;
  return Array.isArray(data)
    ? data.filter((b): b is Record<string, unknown> => typeof b === 'object' && !!b)
    : undefined;
}

function resultsOf(bucket: Record<string, unknown>): Record<string, unknown>[] {
  const results = bucket.results ?? bucket.result;
  return Array.isArray(results)
    ? results.filter((r): r is Record<string, unknown> => typeof r === 'object' && !!r)
    : [];
}

function count(value: unknown): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
}
