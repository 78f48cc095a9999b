import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { version } from '../../package.json';
import { builtinCatalog } from '../core/catalog/builtin';
import { conversionData, withSourceLayer, type SourceLayer } from '../core/catalog/sources/layer';
import { sources } from './sourcesModule';
import type { Catalog } from '../core/catalog/types';
import {
  currentCacheDir,
  defaultCacheDir,
  packageRoot,
  readStoredFiles,
  SHIPPED_DIR,
  sourcesOf,
  type StoredSource,
} from './priceStore';

export interface CatalogOptions {
  /** Only the prices shipped in the package (--offline, INFERENCE_COST_OFFLINE=1). */
  offline?: boolean;
  cacheDir?: string;
  /** The package root holding data/prices (found from this module by default). */
  root?: string;
}

/** The sources converted, stored beside their data: a run reads this instead of converting them again. */
export const ASSEMBLED = 'assembled.json';

let last: { key: string; catalog: Catalog } | undefined;

/** The hand-kept offers with the maintained sources over them: the cache's copy where there is one, else the package's. */
export function loadCatalog(options: CatalogOptions = {}): Catalog {
  const root = options.root ?? packageRoot();
  const cacheDir = options.offline ? undefined : (options.cacheDir ?? defaultCacheDir());
  const current = cacheDir ? currentCacheDir(cacheDir) : undefined;
  // The cache's current folder is part of the key: an update in another process shows on the next load.
  const key = `${root}\n${current ?? ''}`;
  if (last?.key !== key) {
    const stored = readStoredFiles(root, cacheDir);
    const layer = readLayer(current ?? join(root, SHIPPED_DIR), fingerprint(stored)) ?? convert(stored);
    last = { key, catalog: withSourceLayer(builtinCatalog(), layer) };
  }
  return last.catalog;
}

/** The stored files' identity: their keys, dates, origins and text, and the version and data that convert them. */
export function fingerprint(stored: ReadonlyMap<string, StoredSource>): string {
  const hash = createHash('sha256').update(version).update(conversionData());
  for (const [key, s] of [...stored].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    hash.update(`\0${key}\0${s.file.date}\0${s.file.from}\0${s.origin}\0`).update(s.text);
  return hash.digest('hex');
}

function convert(stored: ReadonlyMap<string, StoredSource>): SourceLayer {
  return sources().sourceLayer(builtinCatalog(), sourcesOf(stored));
}

/** The converted layer of these very files, if one was written beside them; anything else is converted again. */
function readLayer(dir: string, print: string): SourceLayer | undefined {
  try {
    const saved = JSON.parse(readFileSync(join(dir, ASSEMBLED), 'utf8')) as {
      fingerprint?: string;
      layer?: SourceLayer;
    };
    return saved.fingerprint === print && saved.layer ? saved.layer : undefined;
  } catch {
    return undefined;
  }
}

/** Converts the files `dir` holds (over the package's) once, and stores the result beside them. */
export function writeLayer(dir: string, stored: ReadonlyMap<string, StoredSource>): void {
  const temp = join(dir, `${ASSEMBLED}.${process.pid}.tmp`);
  writeFileSync(temp, JSON.stringify({ fingerprint: fingerprint(stored), layer: convert(stored) }));
  renameSync(temp, join(dir, ASSEMBLED));
}

/** INFERENCE_COST_OFFLINE=1 (or true) means --offline. */
export function offlineFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.INFERENCE_COST_OFFLINE === '1' || env.INFERENCE_COST_OFFLINE?.toLowerCase() === 'true';
}
