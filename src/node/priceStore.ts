import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PriceSourceId, SourceOrigin } from '../core/catalog/types';
import { SKYPILOT_CLOUDS } from '../core/catalog/sources/types';
import type { SourceData } from '../core/catalog/sources/types';

/**
 * Price data on disk: the copy shipped in the package (data/prices) and the user's cache of refreshed data. A cache
 * is a folder per update and a pointer file naming the current one, replaced with one rename: a crash mid-update
 * leaves the pointer, and so the data, as it was.
 */

/** One file of a source: `genai-prices`, `litellm` or `skypilot/<cloud>`, with the day it was published or fetched. */
export interface StoredFile {
  /** `genai-prices`, `litellm` or `skypilot/<cloud>`. */
  key: string;
  date: string;
  from: string;
}

interface Manifest {
  files: StoredFile[];
}

export const SHIPPED_DIR = join('data', 'prices');
const POINTER = 'current.json';

/** Where a file of a source lives inside a data folder. */
export function fileOf(key: string): string {
  if (key === 'genai-prices' || key === 'litellm') return `${key}.json`;
  return join(key, 'vms.csv');
}

/** Every file key the catalog reads. */
export const FILE_KEYS = ['genai-prices', 'litellm', ...SKYPILOT_CLOUDS.map((c) => `skypilot/${c}`)] as const;

/** The package's root: the nearest folder up from this module holding the shipped price data. */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, SHIPPED_DIR, 'manifest.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/** INFERENCE_COST_CACHE_DIR, else the platform's user cache folder. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.INFERENCE_COST_CACHE_DIR) return env.INFERENCE_COST_CACHE_DIR;
  if (platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'inference-cost', 'Cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'inference-cost');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'inference-cost');
}

function readManifest(dir: string): Manifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    return Array.isArray(parsed.files) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The cache's current data folder, if an update ever completed. */
export function currentCacheDir(cacheDir: string): string | undefined {
  try {
    const { dir } = JSON.parse(readFileSync(join(cacheDir, POINTER), 'utf8')) as { dir?: unknown };
    if (typeof dir !== 'string' || dir.includes('/') || dir.includes('\\')) return undefined;
    const path = join(cacheDir, dir);
    return existsSync(join(path, 'manifest.json')) ? path : undefined;
  } catch {
    return undefined;
  }
}

export interface StoredSource {
  file: StoredFile;
  text: string;
  origin: SourceOrigin;
}

/** Each file from the cache where it has it, else from the package; --offline reads the package only. */
export function readStoredFiles(root: string, cacheDir: string | undefined): Map<string, StoredSource> {
  const found = new Map<string, StoredSource>();
  const layers: [string | undefined, SourceOrigin][] = [
    [join(root, SHIPPED_DIR), 'package'],
    [cacheDir && currentCacheDir(cacheDir), 'cache'],
  ];
  for (const [dir, origin] of layers) {
    const manifest = dir ? readManifest(dir) : undefined;
    for (const file of manifest?.files ?? []) {
      try {
        found.set(file.key, { file, text: readFileSync(join(dir!, fileOf(file.key)), 'utf8'), origin });
      } catch {
        // A file the manifest names but the folder lacks: the layer below keeps its copy.
      }
    }
  }
  return found;
}

/** Stored files as the catalog's sources: genai-prices and litellm as one each, each SkyPilot cloud as its own. */
export function sourcesOf(
  stored: ReadonlyMap<string, StoredSource>,
  problems = new Map<string, string>(),
): SourceData[] {
  return [...stored.values()].map(({ file, text, origin }) => {
    const id: PriceSourceId = file.key === 'genai-prices' || file.key === 'litellm' ? file.key : 'skypilot';
    const name = id === 'skypilot' ? file.key.slice('skypilot/'.length) : 'data';
    const problem = problems.get(file.key);
    return {
      id,
      origin,
      date: file.date,
      from: file.from,
      files: new Map([[name, text]]),
      ...(problem ? { problem } : {}),
    };
  });
}

/**
 * Writes a new cache folder holding `updated` and every other current file, then points the cache at it with one
 * rename, then removes older folders. Nothing the readers see changes until that rename.
 */
export function writeCache(
  cacheDir: string,
  updated: ReadonlyMap<string, { file: StoredFile; text: string }>,
  kept: ReadonlyMap<string, StoredSource>,
): void {
  mkdirSync(cacheDir, { recursive: true });
  const name = `prices-${Date.now()}-${process.pid}`;
  const dir = join(cacheDir, name);
  const files: StoredFile[] = [];
  for (const key of FILE_KEYS) {
    const entry = updated.get(key) ?? (kept.get(key)?.origin === 'cache' ? kept.get(key) : undefined);
    if (!entry) continue;
    const path = join(dir, fileOf(key));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.text);
    files.push(entry.file);
  }
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify({ files }, null, 2)}\n`);
  const pointer = join(cacheDir, `${POINTER}.${process.pid}.tmp`);
  writeFileSync(pointer, JSON.stringify({ dir: name }));
  renameSync(pointer, join(cacheDir, POINTER));
  for (const old of readdirSync(cacheDir)) {
    if (old.startsWith('prices-') && old !== name) rmSync(join(cacheDir, old), { recursive: true, force: true });
  }
}
