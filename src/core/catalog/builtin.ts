import gpusData from './data/gpus.json';
import modelsData from './data/models.json';
import speedsData from './data/speeds.json';
import textSpeedsData from './data/textSpeeds.json';
import assumptionsData from './data/assumptions.json';
import offerAliasData from './data/offerAliases.json';
import bedrock from './data/providers/bedrock.json';
import bfl from './data/providers/bfl.json';
import byteplus from './data/providers/byteplus.json';
import coreweave from './data/providers/coreweave.json';
import fal from './data/providers/fal.json';
import google from './data/providers/google.json';
import huggingface from './data/providers/huggingface.json';
import ideogram from './data/providers/ideogram.json';
import modal from './data/providers/modal.json';
import openai from './data/providers/openai.json';
import replicate from './data/providers/replicate.json';
import runflow from './data/providers/runflow.json';
import runpod from './data/providers/runpod.json';
import runware from './data/providers/runware.json';
import segmind from './data/providers/segmind.json';
import vast from './data/providers/vast.json';
import type { Assumptions, Catalog, Gpu, Model, Offer, ProviderInfo, SourceSummary, SpeedEntry } from './types';
import { explicitAliases } from './sources/modelIds';
import { speedKey } from './types';
import { normalizeOffer, type RawOffer } from './offers';

/** The raw provider files, in one list so the integrity test and the loader read the same data. */
export const PROVIDER_FILES: readonly { provider: string; name: string; url: string; offers: RawOffer[] }[] = [
  bedrock,
  bfl,
  byteplus,
  coreweave,
  fal,
  google,
  huggingface,
  ideogram,
  modal,
  openai,
  replicate,
  runflow,
  runpod,
  runware,
  segmind,
  vast,
] as never;

export const RAW_TABLES = { gpusData, modelsData, speedsData, textSpeedsData, assumptionsData };

let cached: Catalog | undefined;

/** The built-in catalog; built on first use (not at import time) and shared after. */
export function builtinCatalog(): Catalog {
  cached ??= buildCatalog();
  return cached;
}

function buildCatalog(): Catalog {
  const offers = new Map<string, Offer>();
  const providers = new Map<string, ProviderInfo>();
  for (const file of PROVIDER_FILES) {
    providers.set(file.provider, { provider: file.provider, name: file.name, url: file.url });
    for (const raw of file.offers) offers.set(raw.id, normalizeOffer(raw, 'catalog'));
  }
  return {
    gpus: new Map((gpusData.gpus as Gpu[]).map((g) => [g.id, g])),
    models: new Map((modelsData.models as unknown as Model[]).map((m) => [m.id, m])),
    speeds: new Map((speedsData.entries as SpeedEntry[]).map((s) => [speedKey(s.model, s.gpu), s])),
    textSpeeds: textSpeedsData.entries,
    offers,
    providers,
    assumptions: assumptionsData as unknown as Assumptions,
    referenceGpu: gpusData.reference_gpu,
    sources: [handKeptSummary(offers)],
    modelAliases: new Map(explicitAliases()),
    offerAliases: new Map(Object.entries(offerAliasData.aliases)),
  };
}

/** The offers nobody maintains a feed of, kept by hand from providers' pages. */
function handKeptSummary(offers: ReadonlyMap<string, Offer>): SourceSummary {
  const dates = [...offers.values()].map((o) => o.verified).filter((d): d is string => d !== null);
  return {
    id: 'hand-kept',
    name: "Hand-kept offers (providers' pricing pages)",
    origin: 'package',
    // The oldest check among them: every hand-kept price is at least this fresh (undated ones are marked estimates).
    date: dates.sort()[0] ?? null,
    from: 'src/core/catalog/data/providers/*.json',
    offers: offers.size,
    skipped: {},
  };
}
