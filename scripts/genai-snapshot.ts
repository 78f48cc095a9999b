// Writes data/prices/genai-prices.json: the providers the catalog reads, from the installed @pydantic/genai-prices.
// Usage: node dist/genai-snapshot.js [--check]  (--check exits 1 where the shipped copy differs from the package)
import { findProvider } from '@pydantic/genai-prices';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENAI_PROVIDERS } from '../src/core/catalog/sources/genaiPrices';

const out = join('data', 'prices', 'genai-prices.json');

export function snapshotText(): string {
  const providers = Object.keys(GENAI_PROVIDERS).map((id) => {
    const p = findProvider({ providerId: id });
    if (!p) throw new Error(`@pydantic/genai-prices has no provider ${id}`);
    return {
      id: p.id,
      name: p.name,
      pricing_urls: p.pricing_urls,
      models: p.models.map((m) => ({
        id: m.id,
        name: m.name,
        deprecated: m.deprecated,
        context_window: m.context_window,
        prices: m.prices,
      })),
    };
  });
  return `${JSON.stringify(providers)}\n`;
}

if (require.main === module) {
  const text = snapshotText();
  if (process.argv.includes('--check')) {
    const same = readFileSync(out, 'utf8') === text;
    if (!same) console.error(`${out} differs from the installed @pydantic/genai-prices: run npm run build`);
    process.exitCode = same ? 0 : 1;
  } else writeFileSync(out, text);
}
