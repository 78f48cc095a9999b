import { array, boolean, number, object, string, unknown, type infer as Infer } from 'zod';
import type { Offer, TextModel, TokenTier } from '../types';
import { canonicalModelId } from './modelIds';
import { correctionFor, CORRECTIONS, tokenTermsFor, type Corrected, type Correction } from './tokenTerms';
import { countSkip, MANAGED_API, type SourceOffers } from './types';

/** The providers read from @pydantic/genai-prices, by its id -> ours (its `aws` is Bedrock). */
export const GENAI_PROVIDERS: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  together: 'together',
  fireworks: 'fireworks',
  groq: 'groq',
  cerebras: 'cerebras',
  aws: 'bedrock',
  azure: 'azure',
  mistral: 'mistral',
  deepseek: 'deepseek',
  'x-ai': 'x-ai',
  novita: 'novita',
};

/** Image, speech, search and embedding models bill tokens too, but are not text workloads (images are priced per image). */
const NOT_TEXT_GENERATION = /image|tts|transcribe|audio|realtime|embedding|moderation|whisper|search|computer-use/i;

/**
 * Models a provider's entry lists that its own API does not sell: OpenAI releases gpt-oss as open weights for other
 * hosts to serve, and the price genai-prices files under openai ($0.039 / $0.18 per MTok) is what model routers list
 * (router catalogues seen 2026-12-06), not an OpenAI API offer. An offer there would be advice nobody can take.
 */
const NOT_SERVED_BY: Readonly<Record<string, RegExp>> = { openai: /^gpt-oss/i };

/** The request an offer is compared by when a host spells one model several ways: 800 tokens in, 200 out. */
const REFERENCE = { input: 800, output: 200 };

const modelSchema = object({
  id: string(),
  name: string().optional(),
  deprecated: boolean().optional(),
  context_window: number().optional(),
  prices: unknown(),
});
const providerSchema = object({
  id: string(),
  name: string().optional(),
  pricing_urls: array(string()).optional(),
  models: array(modelSchema),
});
export const genaiDataSchema = array(providerSchema);
type GenaiModel = Infer<typeof modelSchema>;

interface Price {
  base: number;
  tiers: { start: number; price: number }[];
}

/** No language model costs more than this per million tokens: a larger figure is a broken record, not a price. */
const MAX_USD_PER_MTOK = 10_000;

function isPrice(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= MAX_USD_PER_MTOK;
}

/** A flat price or {base, tiers}; undefined for anything else (a broken record prices nothing, never $0). */
function priceOf(value: unknown): Price | undefined {
  if (isPrice(value)) return { base: value, tiers: [] };
  if (typeof value !== 'object' || value === null) return undefined;
  const { base, tiers } = value as { base?: unknown; tiers?: unknown };
  if (!isPrice(base) || !Array.isArray(tiers)) return undefined;
  const valid = (tiers as unknown[]).filter(
    (t): t is { start: number; price: number } =>
      typeof t === 'object' &&
      t !== null &&
      typeof (t as { start?: unknown }).start === 'number' &&
      isPrice((t as { price?: unknown }).price),
  );
  return { base, tiers: valid.sort((a, b) => a.start - b.start) };
}

/**
 * The prices in force today. A list holds prices with constraints: a start date (the latest one begun wins) or a
 * time of day (the price that holds for most hours of the day wins: traffic is taken as spread over the day).
 */
export function currentPrices(prices: unknown, today: string): Record<string, unknown> | undefined {
  if (!Array.isArray(prices)) return typeof prices === 'object' && prices !== null ? (prices as never) : undefined;
  let chosen: Record<string, unknown> | undefined;
  let chosenHours = 0;
  for (const entry of prices as { constraint?: Record<string, string>; prices?: Record<string, unknown> }[]) {
    const c = entry.constraint;
    if (!entry.prices) continue;
    if (!c) chosen ??= entry.prices;
    else if (c.type === 'start_date' && c.start_date! <= today) chosen = entry.prices;
    else if (c.type === 'time_of_date') {
      const hours = hoursBetween(c.start_time!, c.end_time!);
      if (hours > 12 && hours > chosenHours) {
        chosen = entry.prices;
        chosenHours = hours;
      }
    }
  }
  return chosen;
}

function hoursBetween(start: string, end: string): number {
  const h = (t: string) => Number(t.slice(0, 2)) + Number(t.slice(3, 5)) / 60;
  return (h(end) - h(start) + 24) % 24;
}

/** A token price: $/MTok below the first tier, and the tiers priced by the request's input tokens. */
function tokenOffer(
  provider: string,
  model: string,
  apiId: string,
  prices: Record<string, unknown>,
  date: string,
  deprecated: boolean,
): Offer | undefined {
  const input = priceOf(prices.input_mtok);
  const output = priceOf(prices.output_mtok);
  if (!input || !output) return undefined;
  const cached = priceOf(prices.cache_read_mtok);
  // The 5-minute cache's write price (Anthropic's 1.25x input); the 1-hour cache is a choice a file does not state.
  const written = priceOf(prices.cache_write_mtok);
  const starts = [...new Set([...input.tiers, ...output.tiers].map((t) => t.start))].sort((a, b) => a - b);
  const at = (p: Price | undefined, start: number) => p && [...p.tiers].reverse().find((t) => t.start <= start)?.price;
  const tiers: TokenTier[] = starts.map((start) => ({
    above_input_tokens: start,
    input: at(input, start) ?? input.base,
    output: at(output, start) ?? output.base,
    ...(cached ? { cached_input: at(cached, start) ?? cached.base } : {}),
    ...(written ? { cache_write: at(written, start) ?? written.base } : {}),
  }));
  return {
    id: `${provider}/${model}`,
    provider,
    billing: 'per_token',
    models: [model],
    usd_per_million_input_tokens: input.base,
    usd_per_million_output_tokens: output.base,
    usd_per_million_cached_input_tokens: cached?.base,
    ...(written ? { usd_per_million_cache_write_tokens: written.base } : {}),
    ...tokenTermsFor(provider, model),
    ...(tiers.length > 0 ? { token_tiers: tiers } : {}),
    ...MANAGED_API,
    source: `@pydantic/genai-prices: ${provider} ${apiId}`,
    ...(deprecated ? { note: 'Marked deprecated by its provider: it may stop being served.' } : {}),
    verified: date,
    estimate: false,
    quote_required: false,
    origin: 'catalog',
    feed: 'genai-prices',
    api_model_id: apiId,
  };
}

function referencePrice(offer: Offer): number {
  return (
    (offer.usd_per_million_input_tokens ?? 0) * REFERENCE.input +
    (offer.usd_per_million_output_tokens ?? 0) * REFERENCE.output
  );
}

/**
 * Per-token offers from genai-prices' provider data: `<provider>/<canonical model id>` for every current text model
 * (an input and an output price) of the providers above. A model that no built-in model describes becomes a model
 * served only through APIs. Throws where the data is not genai-prices' shape.
 */
export function genaiOffers(
  data: unknown,
  date: string,
  knownModels: ReadonlySet<string>,
  corrections: readonly Correction[] = CORRECTIONS,
): SourceOffers {
  const providers = genaiDataSchema.parse(data);
  const skipped: Record<string, number> = {};
  const offers = new Map<string, Offer>();
  const models = new Map<string, TextModel>();
  const modelAliases = new Map<string, string>();
  for (const p of providers) {
    const ours = GENAI_PROVIDERS[p.id];
    if (!ours) continue;
    for (const m of p.models) {
      const offer = offerOf(p.id, ours, m, { date, corrections }, skipped);
      if (!offer) continue;
      const model = offer.models![0]!;
      if (m.id.toLowerCase() !== model) modelAliases.set(m.id.toLowerCase(), model);
      const earlier = offers.get(offer.id);
      if (earlier && referencePrice(earlier) <= referencePrice(offer)) {
        countSkip(skipped, 'a dearer spelling of a model already priced');
        continue;
      }
      offers.set(offer.id, offer);
      if (!knownModels.has(model) && !models.has(model))
        models.set(model, apiModel(model, m.name ?? m.id, p.name ?? p.id));
    }
  }
  const corrected = [...offers.values()].filter((o) => o.correction).map((o) => o.id);
  return {
    offers: [...offers.values()],
    models: [...models.values()],
    modelAliases,
    skipped,
    ...(corrected.length ? { corrected } : {}),
  };
}

function offerOf(
  genaiProvider: string,
  provider: string,
  m: GenaiModel,
  { date, corrections }: { date: string; corrections: readonly Correction[] },
  skipped: Record<string, number>,
): Offer | undefined {
  if (NOT_TEXT_GENERATION.test(m.id)) return void countSkip(skipped, 'not a text-generation model');
  if (NOT_SERVED_BY[genaiProvider]?.test(m.id))
    return void countSkip(skipped, "a model the provider's API does not serve");
  const model = canonicalModelId(m.id, genaiProvider === 'aws');
  if (!model) return void countSkip(skipped, 'an id we cannot write');
  const prices = currentPrices(m.prices, date);
  const corrected = prices && correctionFor(genaiProvider, m.id, prices, date, corrections);
  const offer = prices && tokenOffer(provider, model, m.id, corrected?.prices ?? prices, date, m.deprecated === true);
  if (!offer) return void countSkip(skipped, 'not priced per input and output token');
  return corrected ? withCorrection(offer, corrected, date) : offer;
}

/** An offer priced by a dated correction: its source and date are the correction's, and it says what it replaced. */
function withCorrection(offer: Offer, { note, retired }: Corrected, date: string): Offer {
  return {
    ...offer,
    source: `${note.source}; checked ${note.verified}: a dated correction over ${offer.source}, whose data (${date}) still has the earlier ${note.replaced}, until a refresh brings its own`,
    verified: note.verified,
    correction: note,
    ...(retired ? { retired } : {}),
  };
}

function apiModel(id: string, name: string, vendor: string): TextModel {
  return {
    id,
    kind: 'text',
    name,
    estimate: false,
    hosted_only: true,
    source: `@pydantic/genai-prices (${vendor}): served through APIs; no architecture is known to self-host it`,
  };
}
