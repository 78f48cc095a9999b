import type { Catalog, Model, Offer, SourceSummary } from '../types';
import aliasData from '../data/modelAliases.json';
import imageAliasData from '../data/imageModelAliases.json';
import modelsData from '../data/models.json';
import correctionData from '../data/priceCorrections.json';
import supplementData from '../data/imageTierSupplements.json';
import retirementData from '../data/imageRetirements.json';
import termsData from '../data/tokenTerms.json';

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
  return JSON.stringify([aliasData, termsData, correctionData, supplementData, retirementData, imageAliasData, models]);
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
