import { BEDROCK_REGION, canonicalModelId } from '../catalog/sources/modelIds';
import type { Catalog, Offer } from '../catalog/types';
import type { ModelUse, ScanHost } from './types';

/** What the catalog makes of one use: our model id, its kind, and the offer that prices it where one fits. */
export interface CatalogMatch {
  /** Our model id; undefined where the catalog does not know the model (or the code names none). */
  model?: string;
  /** Image or text: the catalog's, else what the call makes. */
  kind?: 'image' | 'text';
  /** The offer id (<provider>/<sku>) the use is priced on; undefined where none fits. */
  provider?: string;
  /** Why, in clauses the draft writes as comments. */
  notes: string[];
}

/** LiteLLM's provider prefixes -> our host. */
const LITELLM_PREFIXES: Record<string, ScanHost> = {
  openai: 'openai',
  azure: 'azure',
  anthropic: 'anthropic',
  bedrock: 'bedrock',
  vertex_ai: 'vertex',
  gemini: 'google',
  together_ai: 'together',
  groq: 'groq',
  fireworks_ai: 'fireworks',
  mistral: 'mistral',
  deepseek: 'deepseek',
  xai: 'x-ai',
  huggingface: 'huggingface',
  replicate: 'replicate',
  fal_ai: 'fal',
};

/** The catalog providers an API host's offers are under, in the order tried. */
const PROVIDERS_OF_HOST: Partial<Record<ScanHost, string[]>> = {
  azure: ['azure', 'openai'],
  vertex: ['vertex', 'google'],
  litellm: [],
};

/** A model's host where the code names none (LiteLLM without a prefix): by the vendor's naming. */
function hostOfModelName(model: string): ScanHost | undefined {
  if (/^(gpt-|o\d|chatgpt|dall-e|text-embedding|davinci|babbage)/.test(model)) return 'openai';
  if (/^claude/.test(model)) return 'anthropic';
  if (/^(gemini|imagen)/.test(model)) return 'google';
  return undefined;
}

/** The host and the model as that host spells it: LiteLLM's prefix read, Replicate's version taken off. */
export function hostAndModel(use: ModelUse): { host: ScanHost; raw?: string } {
  let host = use.host;
  let raw = use.model;
  if (raw && host === 'litellm') {
    const slash = raw.indexOf('/');
    const prefixed = slash > 0 ? LITELLM_PREFIXES[raw.slice(0, slash)] : undefined;
    if (prefixed) {
      host = prefixed;
      raw = raw.slice(slash + 1);
    } else host = hostOfModelName(raw) ?? host;
  }
  if (raw && host === 'replicate') raw = raw.replace(/:[0-9a-f]{16,}$/, '');
  return { host, raw };
}

/** Our id for a model as code spells it; undefined where the catalog does not know it. */
export function resolveModel(raw: string, catalog: Catalog, host?: ScanHost): string | undefined {
  for (const attempt of spellings(raw)) {
    if (catalog.models.has(attempt)) return attempt;
    const alias = catalog.modelAliases.get(attempt);
    if (alias && catalog.models.has(alias)) return alias;
    const canonical = canonicalModelId(attempt, host === 'bedrock' || BEDROCK_ID.test(attempt));
    if (canonical && catalog.models.has(canonical)) return canonical;
    // Bedrock's anthropic.claude-3-5-haiku-20241022-v1:0 is claude-3.5-haiku once its date is off.
    const undated = canonical?.replace(/-\d{8}$/, '');
    if (undated && catalog.models.has(undated)) return undated;
  }
  // The offer whose API spells the model so (Together's meta-llama/..., Bedrock's region prefixes).
  const lower = raw.toLowerCase();
  for (const offer of catalog.offers.values())
    if (offer.api_model_id?.toLowerCase() === lower && offer.models?.[0] && catalog.models.has(offer.models[0]))
      return offer.models[0];
  return undefined;
}

/** Bedrock's model ids: vendor.model, a version suffix (-v1:0); a cross-region prefix reads as one more dotted part. */
const BEDROCK_ID = /^[a-z0-9-]+\.[a-z0-9.-]+(-v\d+)?(:\d+)?$/;

/**
 * The spellings of a model id code uses, lower-cased, most literal first: as written; without a date suffix, Google's
 * `models/` or a Bedrock cross-region prefix; a Hugging Face repository's name without its organisation and release
 * suffix (`mistralai/Mistral-Small-3.2-24B-Instruct-2506` -> `mistral-small-3.2-24b-instruct`).
 */
function spellings(raw: string): string[] {
  const lower = raw.toLowerCase();
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  const undated = (id: string) => id.replace(/-\d{8}$|-\d{4}-\d{2}-\d{2}$|-\d{4}$/, '');
  const tries = [
    lower,
    undated(lower),
    lower.replace(/^models\//, ''),
    lower.replace(BEDROCK_REGION, ''),
    name,
    undated(name),
  ];
  return [...new Set(tries)];
}

export function offerServes(offer: Offer, model: string): boolean {
  if (offer.models?.includes(model)) return true;
  for (const table of [offer.usd_per_image, offer.usd_per_megapixel, offer.usd_per_step])
    if (typeof table === 'object' && table && model in table) return true;
  return offer.usd_per_image_by_quality !== undefined && model in offer.usd_per_image_by_quality;
}

function usable(offer: Offer): boolean {
  return !offer.retired && !offer.unlisted && !offer.quote_required;
}

/** Maps one use to the catalog: the model id, and the offer of its host (an API) or of its GPUs (a deployment). */
export function matchUse(use: ModelUse, catalog: Catalog): CatalogMatch {
  const notes: string[] = [];
  const { host, raw } = hostAndModel(use);
  const model = raw ? resolveModel(raw, catalog, host) : undefined;
  const known = model ? catalog.models.get(model) : undefined;
  const kind = known ? (known.kind === 'text' ? 'text' : 'image') : use.modality;
  const match: CatalogMatch = { notes };
  if (model) match.model = model;
  if (kind) match.kind = kind;
  if (raw && !model) {
    const id = draftModelId(raw);
    notes.push(
      `unknown model ${raw}: declare ${id === raw ? 'it' : `it as ${id}`} under models: (like: a built-in model) or name a built-in id`,
    );
  }
  if (!raw) notes.push(`the code picks the model at run time (${use.modelExpression ?? 'not stated'}): name it`);
  if (use.kind === 'deployment') {
    const offer = gpuOffer(use, catalog, notes);
    if (offer) match.provider = offer;
    return match;
  }
  if (!model) return match;
  const providers = PROVIDERS_OF_HOST[host] ?? [host];
  for (const provider of providers) {
    const offer = apiOffer(catalog, provider, model);
    if (offer) {
      match.provider = offer.id;
      return match;
    }
  }
  notes.push(`no offer of ${host} in the catalog serves ${model}: choose one (inference-cost catalog)`);
  return match;
}

function apiOffer(catalog: Catalog, provider: string, model: string): Offer | undefined {
  const direct = catalog.offers.get(`${provider}/${model}`);
  if (direct && usable(direct) && offerServes(direct, model)) return direct;
  let found: Offer | undefined;
  for (const offer of catalog.offers.values())
    if (offer.provider === provider && usable(offer) && offerServes(offer, model) && offer.billing !== 'per_hour') {
      // One model's own offer before a shared one.
      if (!found || (offer.models?.length ?? 99) < (found.models?.length ?? 99)) found = offer;
    }
  return found;
}

/**
 * A deployment's GPUs -> an offer: Modal's own per-second offer for the GPU; elsewhere the cheapest per-hour rental
 * of that GPU in the catalog with as many GPUs a replica, else one GPU (the count said in a comment).
 */
function gpuOffer(use: ModelUse, catalog: Catalog, notes: string[]): string | undefined {
  const { gpu, gpuKnown, gpuCount = 1 } = use.settings;
  if (!gpu || !gpuKnown) {
    notes.push(
      gpu
        ? `GPU ${gpu} is not one the catalog knows: choose an offer`
        : 'the manifest names no GPU type: choose an offer',
    );
    return undefined;
  }
  if (use.host === 'modal') {
    const offer = [...catalog.offers.values()].find((o) => o.provider === 'modal' && o.gpu === gpu && usable(o));
    if (offer) return offer.id;
  }
  const rentals = [...catalog.offers.values()].filter(
    (o) =>
      o.billing === 'per_hour' &&
      o.gpu === gpu &&
      usable(o) &&
      o.tier !== 'marketplace' &&
      o.usd_per_hour !== undefined,
  );
  const perGpu = (o: Offer) => o.usd_per_hour! / (o.gpus_per_replica ?? 1);
  const size = (o: Offer) => o.gpus_per_replica ?? 1;
  // As many GPUs a replica as the manifest asks, else the fewest above that (a model split over GPUs needs them
  // in one replica), the cheapest a GPU among those.
  const fitting = rentals.filter((o) => size(o) >= gpuCount);
  const fewest = Math.min(...fitting.map(size));
  const chosen = fitting
    .filter((o) => size(o) === fewest)
    .sort((a, b) => perGpu(a) - perGpu(b) || (a.id < b.id ? -1 : 1))[0];
  if (!chosen) {
    notes.push(`no per-hour rental of ${gpuCount > 1 ? `${gpuCount}x ` : ''}${gpu} in the catalog: choose an offer`);
    return undefined;
  }
  const where =
    use.host === 'modal' ? 'Modal has no offer of it' : 'your own cluster’s price may differ: add it under offers:';
  notes.push(
    `provider: the cheapest per-hour rental of ${fewest > 1 ? `${fewest}x ` : ''}${gpu} in the catalog (${where})`,
  );
  if (fewest > gpuCount)
    notes.push(
      `the manifest asks ${gpuCount} GPUs a replica; the catalog rents ${gpu} by ${fewest}: price your own offer`,
    );
  return chosen.id;
}

/**
 * Whether a workload declares a use: the same model (our id, or the code's spelling where the catalog does not know
 * it). A use whose model is only known at run time is declared by no workload. For drift (check/diff on a folder).
 */
export function declaringWorkload(
  use: ModelUse,
  workloads: readonly { model: string }[],
  catalog: Catalog,
): number | undefined {
  const { host, raw } = hostAndModel(use);
  if (!raw) return undefined;
  const model = resolveModel(raw, catalog, host) ?? draftModelId(raw);
  const index = workloads.findIndex((w) => (resolveModel(w.model, catalog) ?? w.model) === model);
  return index === -1 ? undefined : index;
}

/**
 * The id a draft gives a model the catalog does not know, one a file may declare under `models:` (lower case, letters,
 * digits, . _ -): `anthropic.claude-x-v1:0` -> `anthropic.claude-x-v1-0`. Drift matches a workload of that id.
 */
export function draftModelId(raw: string): string {
  return (
    raw
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+|-+$/g, '')
      .slice(0, 64) || 'set-me'
  );
}
