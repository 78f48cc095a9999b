import type { Catalog } from '../types';
import { errorLine } from '../../text/errorLine';
import { genaiOffers } from './genaiPrices';
import { litellmOffers } from './litellm';
import { skypilotOffers } from './skypilot';
import { SKYPILOT_CLOUDS, type SkypilotCloud } from './types';
import type { SourceLayer } from './layer';
import type { SourceData, SourceOffers } from './types';

const SOURCE_NAMES = {
  'genai-prices': 'Per-token prices (@pydantic/genai-prices)',
  skypilot: 'GPU rentals (SkyPilot catalog)',
  litellm: "Per-call image prices (LiteLLM's price map)",
};

/** The sources converted, in order: a later source's offer replaces an earlier one of the same id. */
export function sourceLayer(base: Catalog, sources: readonly SourceData[]): SourceLayer {
  const layer: SourceLayer = { offers: [], models: [], modelAliases: [], sources: [] };
  const known = new Set(base.models.keys());
  const imageModels = new Set([...base.models.values()].filter((m) => m.kind !== 'text').map((m) => m.id));
  for (const source of sources) {
    const { read, problem } = readSource(source, known, imageModels);
    layer.offers.push(...read.offers);
    for (const model of read.models) {
      if (known.has(model.id)) continue;
      known.add(model.id);
      layer.models.push(model);
    }
    layer.modelAliases.push(...read.modelAliases);
    layer.sources.push({
      id: source.id,
      name: SOURCE_NAMES[source.id],
      ...(source.id === 'skypilot' ? { part: [...source.files.keys()].join(', ') } : {}),
      origin: source.origin,
      date: source.date,
      from: source.from,
      offers: read.offers.length,
      skipped: read.skipped,
      ...(read.corrected ? { corrected: read.corrected } : {}),
      ...(problem || source.problem ? { problem: [source.problem, problem].filter(Boolean).join('; ') } : {}),
    });
  }
  return layer;
}

function readSource(
  source: SourceData,
  knownModels: ReadonlySet<string>,
  imageModels: ReadonlySet<string>,
): { read: SourceOffers; problem?: string } {
  const empty: SourceOffers = { offers: [], models: [], modelAliases: new Map(), skipped: {} };
  if (source.id === 'genai-prices') {
    try {
      const text = [...source.files.values()][0] ?? '';
      return { read: genaiOffers(JSON.parse(text), source.date, knownModels) };
    } catch (e) {
      return { read: empty, problem: `its data could not be read (${errorLine(e)})` };
    }
  }
  if (source.id === 'litellm') {
    try {
      const text = [...source.files.values()][0] ?? '';
      return { read: litellmOffers(JSON.parse(text), source.date, imageModels) };
    } catch (e) {
      return { read: empty, problem: `its data could not be read (${errorLine(e)})` };
    }
  }
  const merged: SourceOffers = { ...empty, skipped: {} };
  const problems: string[] = [];
  for (const [cloud, text] of source.files) {
    if (!(SKYPILOT_CLOUDS as readonly string[]).includes(cloud)) continue;
    try {
      const read = skypilotOffers(cloud as SkypilotCloud, text, source.date);
      merged.offers.push(...read.offers);
      for (const [reason, n] of Object.entries(read.skipped))
        merged.skipped[reason] = (merged.skipped[reason] ?? 0) + n;
    } catch (e) {
      problems.push(`${cloud}/vms.csv could not be read (${errorLine(e)})`);
    }
  }
  return { read: merged, ...(problems.length ? { problem: problems.join('; ') } : {}) };
}
