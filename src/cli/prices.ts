import type { Catalog } from '../core/catalog/types';
import { loadCatalog, offlineFromEnv } from '../node/catalog';
import { defaultCacheDir, packageRoot } from '../node/priceStore';
import { DEFAULT_LOCATIONS, updatePrices, type FileOutcome } from '../node/updatePrices';
import type { UpdateArgs } from './args';

/** What the CLI reads prices with: the environment it runs in, and a fetch the tests can point at a local server. */
export interface PriceIo {
  env?: NodeJS.ProcessEnv;
  today: () => string;
  fetch?: typeof fetch;
}

/** The catalog `check`, `diff` and `catalog` price against: the cache over the package, or the package alone offline. */
export function cliCatalog(offline: boolean, io: PriceIo): Catalog {
  const env = io.env ?? process.env;
  return loadCatalog({ offline: offline || offlineFromEnv(env), cacheDir: defaultCacheDir(env) });
}

/** `catalog update`: every source fetched, its last good data kept where it fails; one line a file. */
export async function catalogUpdate(
  args: UpdateArgs,
  io: PriceIo & { out: (text: string) => void; err: (text: string) => void },
): Promise<FileOutcome[]> {
  const env = io.env ?? process.env;
  const cacheDir = defaultCacheDir(env);
  const outcomes = await updatePrices({
    root: packageRoot(),
    cacheDir,
    locations: { ...DEFAULT_LOCATIONS, ...args.sources },
    today: io.today(),
    timeoutMs: args.timeoutSeconds * 1000,
    fetch: io.fetch,
  });
  for (const o of outcomes) (o.ok ? io.out : io.err)(`${o.ok ? 'updated' : 'failed '} ${o.message}`);
  const updated = outcomes.filter((o) => o.ok).length;
  io.out(`${updated} of ${outcomes.length} price files updated; cache: ${cacheDir}`);
  return outcomes;
}
