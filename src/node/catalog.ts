import { builtinCatalog } from '../core/catalog/builtin';
import { catalogWithSources } from '../core/catalog/sources/assemble';
import type { Catalog } from '../core/catalog/types';
import { currentCacheDir, defaultCacheDir, packageRoot, readStoredFiles, sourcesOf } from './priceStore';

export interface CatalogOptions {
  /** Only the prices shipped in the package (--offline, INFERENCE_COST_OFFLINE=1). */
  offline?: boolean;
  cacheDir?: string;
  /** The package root holding data/prices (found from this module by default). */
  root?: string;
}

let last: { key: string; catalog: Catalog } | undefined;

/** The hand-kept offers with the maintained sources over them: the cache's copy where there is one, else the package's. */
export function loadCatalog(options: CatalogOptions = {}): Catalog {
  const root = options.root ?? packageRoot();
  const cacheDir = options.offline ? undefined : (options.cacheDir ?? defaultCacheDir());
  // The cache's current folder is part of the key: an update in another process shows on the next load.
  const key = `${root}\n${cacheDir ?? ''}\n${cacheDir ? (currentCacheDir(cacheDir) ?? '') : ''}`;
  if (last?.key !== key) {
    const sources = sourcesOf(readStoredFiles(root, cacheDir));
    last = { key, catalog: catalogWithSources(builtinCatalog(), sources) };
  }
  return last.catalog;
}

/** INFERENCE_COST_OFFLINE=1 (or true) means --offline. */
export function offlineFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.INFERENCE_COST_OFFLINE === '1' || env.INFERENCE_COST_OFFLINE?.toLowerCase() === 'true';
}
