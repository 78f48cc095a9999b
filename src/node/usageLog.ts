import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import {
  anthropicBuckets,
  columnsOf,
  openAiBuckets,
  readRequest,
  REPLICATE_COLUMNS,
  type ColumnMap,
  type LogFormat,
  type UsageBucket,
} from '../core/usage/records';
import type { UsageTally } from '../core/usage/tally';

export type { LogFormat };

/** A log that cannot be read at all: a message for the person who named it. */
export class UsageLogError extends Error {}

/** A JSON document (an API's page) is read whole: past this size it is a log, and logs are CSV or JSON Lines. */
const MAX_JSON_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** Reads a request log or usage export into the tally, a row at a time where the format allows. */
export async function readUsageLog(
  path: string,
  tally: UsageTally,
  options: { format?: LogFormat; columns: ColumnMap },
): Promise<LogFormat> {
  const format = options.format ?? detectFormat(path);
  if (format === 'csv') await readCsv(path, tally, options.columns);
  else if (format === 'jsonl') await readJsonLines(path, tally, options.columns);
  else readJsonDocument(path, format, tally, options.columns);
  return format;
}

/** By the file's extension, else by its first character: JSON documents and JSON Lines start with a brace. */
function detectFormat(path: string): LogFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  const head = readHead(path);
  if (ext === '.json' || /^\s*[[{]/.test(head)) return jsonKind(head);
  return 'csv';
}

/** A JSON file's kind from its first kilobytes: an API page names its own fields early. */
function jsonKind(head: string): LogFormat {
  if (/"starting_at"/.test(head)) return 'anthropic';
  if (/"start_time"/.test(head) && /"bucket"|"results"/.test(head)) return 'openai';
  if (/^\s*\{\s*"(previous|next|results)"/.test(head) || /"predict_time"/.test(head)) return 'replicate';
  // One object on each line is JSON Lines; a document spreads over lines or is one array.
  return /^\s*\{[^\n]*\}\s*\n\s*\{/.test(head) ? 'jsonl' : 'replicate';
}

function readHead(path: string): string {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(8192);
      return head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new UsageLogError(`cannot read ${path} (${(e as { code?: string }).code ?? String(e)})`);
  }
}

async function readCsv(path: string, tally: UsageTally, given: ColumnMap): Promise<void> {
  let columns: ColumnMap | undefined;
  const parser = parse({
    columns: (header: string[]) => {
      columns = columnsOf(header, given);
      if (columns.timestamp === undefined && columns.start === undefined)
        throw new UsageLogError(
          `no timestamp column in the header (${header.slice(0, 12).join(', ')}): name it with --column timestamp=<name>`,
        );
      return header;
    },
    bom: true,
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  parser.on('skip', (error: Error & { lines?: number }) =>
    tally.addBad(error.lines ?? 0, error.message.replace(/ on line \d+$/, '').toLowerCase()),
  );
  const input = createReadStream(path);
  input.on('error', (e) => parser.destroy(new UsageLogError(`cannot read ${path} (${(e as { code?: string }).code})`)));
  input.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const read = readRequest(record, columns!);
      if (typeof read === 'string') tally.addBad(info.lines, read);
      else tally.addRequest(read);
    }
  } catch (e) {
    if (e instanceof UsageLogError) throw e;
    throw new UsageLogError(`${path} is not CSV: ${(e as Error).message}`);
  }
}

async function readJsonLines(path: string, tally: UsageTally, given: ColumnMap): Promise<void> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const failure = new Promise<never>((_, reject) =>
    input.on('error', (e) => reject(new UsageLogError(`cannot read ${path} (${(e as { code?: string }).code})`))),
  );
  failure.catch(() => undefined);
  let line = 0;
  let columns: ColumnMap | undefined;
  const lines = createInterface({ input, crlfDelay: Infinity });
  const each = (async () => {
    for await (const text of lines) {
      line++;
      if (!text.trim()) continue;
      let row: unknown;
      try {
        row = JSON.parse(text);
      } catch {
        tally.addBad(line, 'not a JSON object');
        continue;
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        tally.addBad(line, 'not a JSON object');
        continue;
      }
      columns ??= columnsOf(Object.keys(row), given);
      const read = readRequest(row as Record<string, unknown>, columns);
      if (typeof read === 'string') tally.addBad(line, read);
      else tally.addRequest(read);
    }
  })();
  await Promise.race([each, failure]);
}

/** An API's JSON page: Replicate's predictions list, OpenAI's or Anthropic's usage buckets. */
function readJsonDocument(path: string, format: LogFormat, tally: UsageTally, given: ColumnMap): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new UsageLogError(`cannot read ${path} (${(e as { code?: string }).code ?? String(e)})`);
  }
  if (size > MAX_JSON_DOCUMENT_BYTES)
    throw new UsageLogError(`${path} is a JSON document over 256 MB: write it as JSON Lines (one request a line)`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageLogError(`${path} is not JSON: ${(e as Error).message}`);
  }
  if (format === 'openai' || format === 'anthropic') {
    const buckets: UsageBucket[] | string = format === 'openai' ? openAiBuckets(doc) : anthropicBuckets(doc);
    if (typeof buckets === 'string') throw new UsageLogError(`${path} is not ${format}'s usage export: ${buckets}`);
    for (const bucket of buckets) tally.addBucket(bucket);
    return;
  }
  const rows = Array.isArray(doc) ? doc : (doc as { results?: unknown } | null)?.results;
  if (!Array.isArray(rows)) throw new UsageLogError(`${path} has no list of predictions (results: [...]) or requests`);
  const first: unknown = rows[0];
  const keys = typeof first === 'object' && first !== null ? Object.keys(first) : [];
  const replicate = !Array.isArray(doc) || (keys.includes('created_at') && keys.includes('metrics'));
  const columns = replicate ? { ...REPLICATE_COLUMNS, ...given } : columnsOf(keys, given);
  // A document has no lines of its own: a row is named by its place in the list, from 1.
  tally.rowLabel = 'item';
  rows.forEach((row: unknown, i) => {
    if (typeof row !== 'object' || row === null) return tally.addBad(i + 1, 'not a JSON object');
    const read = readRequest(row as Record<string, unknown>, columns);
    if (typeof read === 'string') tally.addBad(i + 1, read);
    else tally.addRequest(read);
  });
}
