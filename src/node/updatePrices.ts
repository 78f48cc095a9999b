import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENAI_PRICES_URL, LITELLM_URL, SKYPILOT_BASE_URL, type SkypilotCloud } from '../core/catalog/sources/types';
import { sources } from './sourcesModule';
import { builtinCatalog } from '../core/catalog/builtin';
import { errorLine } from '../core/text/errorLine';
import { writeLayer } from './catalog';
import {
  currentCacheDir,
  FILE_KEYS,
  readStoredFiles,
  writeCache,
  type StoredFile,
  type StoredSource,
} from './priceStore';

/** Where each source is fetched from: a URL (http, https) or a local file or folder (a mirror, an air-gapped copy). */
export interface SourceLocations {
  /** The folder or base URL holding `<cloud>/vms.csv`. */
  skypilot: string;
  /** The genai-prices data file (JSON) or its URL. */
  'genai-prices': string;
  /** LiteLLM's price map (model_prices_and_context_window.json) or its URL. */
  litellm: string;
}

export const DEFAULT_LOCATIONS: SourceLocations = {
  skypilot: SKYPILOT_BASE_URL,
  'genai-prices': GENAI_PRICES_URL,
  litellm: LITELLM_URL,
};

export interface UpdateOptions {
  root: string;
  cacheDir: string;
  locations: SourceLocations;
  today: string;
  /** Per file: a source that has not answered by then has failed. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** One line per file: updated with its offer count, or failed with why (the last good data stays in use). */
export interface FileOutcome {
  key: string;
  ok: boolean;
  offers: number;
  message: string;
}

/** Refreshes every source, keeps the last good data of any that fails, and writes the cache in one step. */
export async function updatePrices(options: UpdateOptions): Promise<FileOutcome[]> {
  const before = readStoredFiles(options.root, options.cacheDir);
  const outcomes = await Promise.all(FILE_KEYS.map((key) => refreshFile(key, options, before.get(key))));
  const updated = new Map<string, { file: StoredFile; text: string }>();
  for (const o of outcomes) if (o.fresh) updated.set(o.outcome.key, o.fresh);
  if (updated.size > 0) {
    writeCache(options.cacheDir, updated, before);
    // Converted once now, so every run after reads the offers instead of converting the sources again.
    const current = currentCacheDir(options.cacheDir);
    if (current) writeLayer(current, readStoredFiles(options.root, options.cacheDir));
  }
  return outcomes.map((o) => o.outcome);
}

async function refreshFile(
  key: string,
  options: UpdateOptions,
  previous: StoredSource | undefined,
): Promise<{ outcome: FileOutcome; fresh?: { file: StoredFile; text: string } }> {
  const where = locationOf(key, options.locations);
  const failed = (why: string) => ({
    outcome: {
      key,
      ok: false,
      offers: 0,
      message: `${key}: ${why}; keeping the ${previous ? `${previous.origin === 'cache' ? 'cached' : 'shipped'} data of ${previous.file.date}` : 'prices shipped in the package'}`,
    },
  });
  let text: string;
  try {
    text = await readLocation(where, options);
  } catch (e) {
    return failed(`${where} ${reason(e)}`);
  }
  let count: number;
  try {
    // LiteLLM's map is 1.6 MB of which the image entries are a few KB: only those are stored.
    if (key === 'litellm') text = sources().pruneLitellm(text);
    count = offersIn(key, text, options.today);
  } catch (e) {
    return failed(`${where} is not usable (${reason(e)})`);
  }
  const was = previous ? safeCount(key, previous.text, options.today) : 0;
  if (count === 0) return failed(`${where} holds no offer we can read`);
  if (count < was / 2)
    return failed(`${where} has ${count} offers where the data in use has ${was} (shrank by more than half)`);
  return {
    outcome: { key, ok: true, offers: count, message: `${key}: ${count} offers from ${where}` },
    fresh: { file: { key, date: options.today, from: where }, text },
  };
}

function locationOf(key: string, locations: SourceLocations): string {
  if (key === 'genai-prices' || key === 'litellm') return locations[key];
  const cloud = key.slice('skypilot/'.length);
  const base = locations.skypilot.replace(/\/+$/, '');
  return isUrl(base) ? `${base}/${cloud}/vms.csv` : join(base, cloud, 'vms.csv');
}

function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

async function readLocation(where: string, options: UpdateOptions): Promise<string> {
  if (!isUrl(where)) return readFileSync(where.startsWith('file:') ? fileURLToPath(where) : where, 'utf8');
  const response = await (options.fetch ?? fetch)(where, { signal: AbortSignal.timeout(options.timeoutMs) });
  if (!response.ok) throw new Error(`answered HTTP ${response.status}`);
  return await response.text();
}

/** Offers a file yields; throws where it is not the source's format. */
function offersIn(key: string, text: string, today: string): number {
  if (key === 'genai-prices') {
    const known = new Set(builtinCatalog().models.keys());
    return sources().genaiOffers(JSON.parse(text), today, known).offers.length;
  }
  if (key === 'litellm') {
    const images = [...builtinCatalog().models.values()].filter((m) => m.kind !== 'text').map((m) => m.id);
    return sources().litellmOffers(JSON.parse(text), today, new Set(images)).offers.length;
  }
  return sources().skypilotOffers(key.slice('skypilot/'.length) as SkypilotCloud, text, today).offers.length;
}

function safeCount(key: string, text: string, today: string): number {
  try {
    return offersIn(key, text, today);
  } catch {
    return 0;
  }
}

function reason(e: unknown): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return 'did not answer in time';
  const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code) return `could not be reached (${code})`;
  return errorLine(e);
}
