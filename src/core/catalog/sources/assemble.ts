import type { Catalog, Model, Offer, SourceSummary } from '../types';
import aliasData from '../data/modelAliases.json';
import imageAliasData from '../data/imageModelAliases.json';
import modelsData from '../data/models.json';
import correctionData from '../data/priceCorrections.json';
import supplementData from '../data/imageTierSupplements.json';
import termsData from '../data/tokenTerms.json';
import { errorLine } from '../../text/errorLine';
import { genaiOffers } from './genaiPrices';
import { litellmOffers } from './litellm';
import { SKYPILOT_CLOUDS, skypilotOffers, type SkypilotCloud } from './skypilot';
import type { SourceData, SourceOffers } from './types';

const SOURCE_NAMES = {
  'genai-prices': 'Per-token prices (@pydantic/genai-prices)',
  skypilot: 'GPU rentals (SkyPilot catalog)',
  litellm: "Per-call image prices (LiteLLM's price map)",
};

/**
 * What the maintained sources add to the hand-kept catalog, as plain data: converted once when the data is built or
 * fetched and stored beside it (`assembled.json`), so a run reads it instead of converting every source again.
 */
export interface SourceLayer {
  offers: Offer[];
  models: Model[];
  modelAliases: [string, string][];
  sources: SourceSummary[];
}

/** The hand-kept data a conversion reads beside the sources (aliases, per-token terms, corrections): part of its identity. */
export function conversionData(): string {
  // The image models and their spellings decide which of LiteLLM's entries become offers.
  const models = modelsData.models.map((m) => m.id);
  return JSON.stringify([aliasData, termsData, correctionData, supplementData, imageAliasData, models]);
}

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

/**
 * The hand-kept catalog with the maintained sources laid over it: a source's offer replaces a hand-kept one of the
 * same id (the source is maintained), and the user's own offers are laid over all of it later (validate).
 * A source whose data cannot be read adds nothing and says why; it never stops the others.
 */
export function withSourceLayer(base: Catalog, layer: SourceLayer): Catalog {
  const offers = new Map(base.offers);
  for (const offer of layer.offers) offers.set(offer.id, offer);
  const models = new Map(base.models);
  for (const model of layer.models) if (!models.has(model.id)) models.set(model.id, model);
  const modelAliases = new Map(base.modelAliases);
  for (const [alias, id] of layer.modelAliases) if (!models.has(alias)) modelAliases.set(alias, id);
  return { ...base, offers, models, modelAliases, sources: [...base.sources, ...layer.sources] };
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
