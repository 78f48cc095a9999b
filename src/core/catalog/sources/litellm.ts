import type { MegapixelRule, Offer } from '../types';
import { explicitAliases } from './modelIds';
import { countSkip, MANAGED_API, type SourceOffers } from './types';
import supplementData from '../data/imageTierSupplements.json';
import retirementData from '../data/imageRetirements.json';

/**
 * Per-call image prices from LiteLLM's price map (BerriAI/litellm, MIT): its `image_generation` entries. Quality, size
 * and steps live in an entry's key (`high/1024-x-1536/gpt-image-1.5`, `1024-x-1024/50-steps/stability...`); the price
 * is per image, per pixel, per image token or, at Fireworks, per step written in the per-token fields. Each becomes
 * the unit its host bills in: `<host>/<canonical model>`.
 */

/**
 * The hosts that sell images, LiteLLM's provider id -> ours. Azure OpenAI and Azure AI Foundry bill on one Azure
 * account; Vertex's two groups are one Vertex AI. Left out: Runway (no model of ours), DashScope (no prices).
 */
export const LITELLM_HOSTS: Readonly<Record<string, string>> = {
  openai: 'openai',
  azure: 'azure',
  azure_ai: 'azure',
  bedrock: 'bedrock',
  fal_ai: 'fal',
  gemini: 'google',
  'vertex_ai-image-models': 'vertex',
  'vertex_ai-language-models': 'vertex',
  stability: 'stability',
  black_forest_labs: 'bfl',
  recraft: 'recraft',
  fireworks_ai: 'fireworks',
  aiml: 'aiml',
  nscale: 'nscale',
};

/** Providers' prefixes as LiteLLM writes them at the start of a key. */
const KEY_PREFIXES = new Set([...Object.keys(LITELLM_HOSTS), 'vertex_ai', 'runwayml', 'dashscope']);

/** fal counts a megapixel as 1024x1024 and rounds each image up to whole ones (fal's pricing notes). */
export const FAL_MEGAPIXEL: MegapixelRule = { pixels: 1024 * 1024, round_up: true };

/** fal endpoints billed per megapixel, whose price LiteLLM records as per image (the price of one megapixel). */
const FAL_PER_MEGAPIXEL = new Set(['fal-ai/flux/schnell', 'fal-ai/flux/dev']);

/** Models their makers withdrew (OpenAI's DALL-E, 2026-05-12): the hand-kept offer says when, and what replaced it. */
const RETIRED = new Set(['dall-e-2', 'dall-e-3']);

/** Models withdrawn after the map priced them (imageRetirements.json): every host's offer says so and is never advice. */
const WITHDRAWN = new Map(retirementData.retirements.flatMap((r) => r.models.map((model) => [model, r] as const)));

/** Table order: a workload that names no quality gets medium where it is sold, else the first of these. */
const QUALITIES = ['standard', 'low', 'medium', 'high', 'premium', 'hd'];

/** Bedrock's SDXL tiers: standard quality is up to 50 steps, premium more (Bedrock's pricing page). */
const BEDROCK_STEP_QUALITIES = { up_to_steps: 50, within: 'standard', above: 'premium' } as const;
/** The map's keys for those tiers. */
const STEP_TIERS: Readonly<Record<string, string>> = {
  '50-steps': BEDROCK_STEP_QUALITIES.within,
  'max-steps': BEDROCK_STEP_QUALITIES.above,
};

/** Above these a figure is a broken record, not a price. */
const MAX_USD = { image: 10, megapixel: 10, step: 0.1, image_token: 0.001 } as const;

/** The fields the shipped and cached copies keep: what the conversion reads, and where LiteLLM read the price. */
const KEPT_FIELD = /_cost_per_|^litellm_provider$|^mode$|^source$|^deprecation_date$/;

type Unit = keyof typeof MAX_USD;

interface Point {
  key: string;
  apiId: string;
  quality?: string;
  size?: string;
  unit: Unit;
  usd: number;
  /** Recorded per pixel: the per-image price is the key's pixels times it. */
  perPixel?: boolean;
  /** Not in the map: a hand-kept tier (imageTierSupplements.json), with its source. */
  supplement?: string;
  deprecation?: string;
}

interface Group {
  host: string;
  litellmHost: string;
  model: string;
  points: Point[];
}

type Entry = Record<string, unknown>;
type Table = Record<string, Record<string, number>>;

/** A host's token price for a model with the per-image table it implies (the maker's list), to price other hosts. */
interface TokenReference {
  host: string;
  table: Table;
  usdPerToken: number;
}

/** The `image_generation` entries of a price map, each keeping only the fields the conversion reads. */
export function imageEntries(data: unknown): Record<string, Entry> {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new Error("not LiteLLM's price map (expected an object of model entries)");
  const kept: Record<string, Entry> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null || (value as Entry).mode !== 'image_generation') continue;
    kept[key] = Object.fromEntries(Object.entries(value as Entry).filter(([field]) => KEPT_FIELD.test(field)));
  }
  return kept;
}

/** The map pruned to its image entries, as stored in the package and the cache (a few KB of the 1.6 MB file). */
export function pruneLitellm(text: string): string {
  return `${JSON.stringify(imageEntries(JSON.parse(text)), null, 1)}\n`;
}

/**
 * Per-call offers from the map's image entries for the hosts above and the image models we describe (by their
 * canonical ids; a host's spelling through the alias table). Throws where the data is not the map's shape.
 */
export function litellmOffers(data: unknown, date: string, imageModels: ReadonlySet<string>): SourceOffers {
  const skipped: Record<string, number> = {};
  const modelAliases = new Map<string, string>();
  const groups = new Map<string, Group>();
  for (const [key, entry] of Object.entries(imageEntries(data))) {
    const read = readEntry(key, entry, imageModels, skipped);
    if (!read) continue;
    const id = `${read.host}/${read.model}`;
    const group = groups.get(id) ?? { host: read.host, litellmHost: read.litellmHost, model: read.model, points: [] };
    group.points.push(read.point);
    groups.set(id, group);
    if (read.point.apiId.toLowerCase() !== read.model) modelAliases.set(read.point.apiId.toLowerCase(), read.model);
  }
  for (const group of groups.values()) addSupplements(group);
  const references = tokenReferences(groups.values());
  const offers: Offer[] = [];
  for (const group of groups.values()) {
    const offer = offerOf(group, references, date, skipped);
    if (offer) offers.push(offer);
  }
  return { offers, models: [], modelAliases, skipped };
}

/** Hand-kept tiers the map lacks (imageTierSupplements.json), as points of their own: the map's price wins. */
function addSupplements(g: Group): void {
  // Each entry's sizes differ, so the JSON's inferred type is a union: read it as what it is.
  const supplements: readonly {
    host: string;
    model: string;
    quality: string;
    usd_per_image: Partial<Record<string, number>>;
    source: string;
    verified: string;
  }[] = supplementData.supplements;
  for (const t of supplements) {
    if (t.host !== g.host || t.model !== g.model) continue;
    for (const [size, price] of Object.entries(t.usd_per_image)) {
      if (price === undefined) continue;
      if (g.points.some((p) => p.quality === t.quality && p.size === size)) continue;
      const key = `hand-kept ${t.quality}/${size.replace('x', '-x-')} (${t.verified})`;
      g.points.push({
        key,
        apiId: g.points[0]!.apiId,
        quality: t.quality,
        size,
        unit: 'image',
        usd: price,
        supplement: t.source,
      });
    }
  }
}

function readEntry(
  key: string,
  entry: Entry,
  imageModels: ReadonlySet<string>,
  skipped: Record<string, number>,
): { host: string; litellmHost: string; model: string; point: Point } | undefined {
  const litellmHost = typeof entry.litellm_provider === 'string' ? entry.litellm_provider : '';
  const host = LITELLM_HOSTS[litellmHost];
  if (!host) return void countSkip(skipped, 'a host we do not list');
  const parts = parseKey(key);
  const model = canonicalImageModel(parts.apiId, imageModels);
  if (!model) return void countSkip(skipped, 'a model we do not describe');
  if (RETIRED.has(model)) return void countSkip(skipped, 'a model its maker retired');
  const price = priceOf(entry, host, parts);
  if (!price) return void countSkip(skipped, 'no price we can read');
  if (price.usd > MAX_USD[price.unit]) return void countSkip(skipped, 'a price out of range');
  const deprecation = typeof entry.deprecation_date === 'string' ? entry.deprecation_date : undefined;
  return { host, litellmHost, model, point: { key, ...parts, ...price, ...(deprecation ? { deprecation } : {}) } };
}

/** `azure/high/1024-x-1536/gpt-image-1` -> quality high, size 1024x1536, API id gpt-image-1. */
export function parseKey(key: string): { quality?: string; size?: string; apiId: string } {
  const parts = key.split('/');
  const read: { quality?: string; size?: string } = {};
  while (parts.length > 1) {
    const head = parts[0]!;
    const size = /^(\d{2,5})-x-(\d{2,5})$/.exec(head);
    if (size) read.size = `${size[1]}x${size[2]}`;
    else if (QUALITIES.includes(head)) read.quality = head;
    else if (STEP_TIERS[head]) read.quality = STEP_TIERS[head];
    else if (!KEY_PREFIXES.has(head)) break;
    parts.shift();
  }
  return { ...read, apiId: parts.join('/') };
}

/** Our id for a host's spelling: the alias table, else the id itself, for the whole id or its last path segment. */
function canonicalImageModel(apiId: string, imageModels: ReadonlySet<string>): string | undefined {
  const lower = apiId.toLowerCase();
  for (const spelling of [lower, lower.slice(lower.lastIndexOf('/') + 1)]) {
    const id = explicitAliases().get(spelling) ?? spelling;
    if (imageModels.has(id)) return id;
  }
  return undefined;
}

function positive(entry: Entry, field: string): number | undefined {
  const v = entry[field];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Rounded to a ten-millionth of a dollar: per-pixel figures times pixels carry float noise. */
function usd(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}

/**
 * The entry's price in its host's unit. Checked against makers' lists: OpenAI's per-image prices sit under
 * `input_cost_per_image`; a per-pixel price times the key's pixels is per image (Azure's gpt-image-1 high 1024x1024:
 * $0.167), without a size it is per megapixel (Nscale); Fireworks' per-token fields hold dollars a step (SDXL
 * 1.3e-10 is $0.00013 a step) or, for Kontext, an image ($0.04), times a million.
 */
function priceOf(
  entry: Entry,
  host: string,
  parts: { size?: string; apiId: string },
): { unit: Unit; usd: number; perPixel?: boolean } | undefined {
  if (host === 'fireworks') {
    const perToken = positive(entry, 'input_cost_per_token') ?? positive(entry, 'output_cost_per_token');
    if (perToken === undefined) return undefined;
    return { unit: /kontext/i.test(parts.apiId) ? 'image' : 'step', usd: usd(perToken * 1e6) };
  }
  const perImage = positive(entry, 'output_cost_per_image') ?? positive(entry, 'input_cost_per_image');
  if (perImage !== undefined) return { unit: 'image', usd: perImage };
  const perPixel = positive(entry, 'input_cost_per_pixel') ?? positive(entry, 'output_cost_per_pixel');
  if (perPixel !== undefined) {
    if (!parts.size) return { unit: 'megapixel', usd: usd(perPixel * 1e6) };
    const [w, h] = parts.size.split('x').map(Number);
    return { unit: 'image', usd: usd(perPixel * w! * h!), perPixel: true };
  }
  const perImageToken = positive(entry, 'output_cost_per_image_token');
  return perImageToken !== undefined ? { unit: 'image_token', usd: perImageToken } : undefined;
}

const tiered = (p: Point) => p.unit === 'image' && (p.quality !== undefined || p.size !== undefined);

/**
 * A quality-and-size table from a host's tiered points. An entry without a quality, or `standard` beside `low`, is
 * LiteLLM's alias of the low tier (gpt-image-1.5), not a tier of the host's; a size-less one is priced at any size.
 */
function tableOf(points: readonly Point[], skipped?: Record<string, number>): Table {
  const hasLow = points.some((p) => p.quality === 'low');
  const table: Table = {};
  for (const p of points) {
    const quality = p.quality ?? 'standard';
    if (quality === 'standard' && hasLow) {
      if (skipped) countSkip(skipped, "LiteLLM's alias of a quality tier");
      continue;
    }
    const sizes = (table[quality] ??= {});
    const size = p.size ?? 'any';
    sizes[size] = Math.min(sizes[size] ?? Infinity, p.usd);
  }
  return ordered(table);
}

function ordered(table: Table): Table {
  const pixels = (size: string) =>
    size === 'any'
      ? Infinity
      : size
          .split('x')
          .map(Number)
          .reduce((a, b) => a * b, 1);
  const rank = (q: string) => (QUALITIES.includes(q) ? QUALITIES.indexOf(q) : QUALITIES.length);
  return Object.fromEntries(
    Object.keys(table)
      .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))
      .map((q) => [
        q,
        Object.fromEntries(
          Object.entries(table[q]!).sort(([a], [b]) => pixels(a) - pixels(b) || (a < b ? -1 : a > b ? 1 : 0)),
        ),
      ]),
  );
}

/** For each model sold both per image token and by a per-image table on one host: that table and token price. */
function tokenReferences(groups: Iterable<Group>): Map<string, TokenReference> {
  const references = new Map<string, TokenReference>();
  for (const g of groups) {
    const token = g.points.find((p) => p.unit === 'image_token');
    const tiers = g.points.filter(tiered);
    if (!token || tiers.length === 0) continue;
    // The maker's own list wins where two hosts could serve as the reference.
    if (references.has(g.model) && g.host !== 'openai') continue;
    references.set(g.model, { host: g.host, table: tableOf(tiers), usdPerToken: token.usd });
  }
  return references;
}

function offerOf(
  g: Group,
  references: ReadonlyMap<string, TokenReference>,
  date: string,
  skipped: Record<string, number>,
): Offer | undefined {
  const tiers = g.points.filter(tiered);
  const token = g.points.find((p) => p.unit === 'image_token');
  const reference = references.get(g.model);
  if (tiers.length > 0 && token && reference && reference.host !== g.host)
    return tokenBilledTiers(g, tiers, token, reference, date, skipped);
  if (tiers.length > 0)
    return baseOffer(
      g,
      tiers,
      date,
      {
        usd_per_image_by_quality: { [g.model]: tableOf(tiers, skipped) },
        ...(billedBySteps(tiers) ? { step_qualities: BEDROCK_STEP_QUALITIES } : {}),
      },
      tierNote(g, tiers),
    );
  const flat = g.points.filter((p) => p.unit !== 'image_token');
  if (flat.length > 0) return flatOffer(g, flat, date, skipped);
  if (!token || !reference) return void countSkip(skipped, 'priced per image token, with no tokens per image known');
  const scale = token.usd / reference.usdPerToken;
  const table = Object.fromEntries(
    Object.entries(reference.table).map(([q, sizes]) => [
      q,
      Object.fromEntries(Object.entries(sizes).map(([size, price]) => [size, usd(price * scale)])),
    ]),
  );
  const note = `Billed per output image token ($${round(token.usd * 1e6)}/MTok); LiteLLM records only that price here, so each quality and size is priced by the image tokens ${reference.host}/${g.model}'s per-image list implies at that host's token price ($${round(reference.usdPerToken * 1e6)}/MTok). The prompt's text tokens are left out (a few hundred: about $0.001-0.002 an image).`;
  return baseOffer(g, [token], date, { usd_per_image_by_quality: { [g.model]: table } }, note);
}

/**
 * A host that bills a model per image token and whose per-image table LiteLLM derived itself (Azure's gpt-image-1-mini:
 * gpt-image-1's token counts at mini's token price, about half OpenAI's list): the tokens an image takes are the
 * model's, so each of the host's sizes is priced by the maker's list at the host's token price, where the list has it.
 */
function tokenBilledTiers(
  g: Group,
  tiers: readonly Point[],
  token: Point,
  reference: TokenReference,
  date: string,
  skipped: Record<string, number>,
): Offer {
  const scale = token.usd / reference.usdPerToken;
  const own = tableOf(tiers, skipped);
  const table = Object.fromEntries(
    Object.entries(own).map(([q, sizes]) => [
      q,
      Object.fromEntries(
        Object.entries(sizes).map(([size, price]) => {
          const listed = reference.table[q]?.[size];
          return [size, listed === undefined ? price : usd(listed * scale)];
        }),
      ),
    ]),
  );
  const note = `Billed per output image token ($${round(token.usd * 1e6)}/MTok). The tokens an image takes are the model's, so each quality and size is priced by ${reference.host}/${g.model}'s per-image list at this host's token price where that list has it (LiteLLM's own per-size figures here count another model's tokens). The prompt's text tokens are left out (about $0.001-0.002 an image).`;
  return baseOffer(g, [token, ...tiers], date, { usd_per_image_by_quality: { [g.model]: table } }, note);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Tiers keyed by steps (Bedrock's `50-steps/`, `max-steps/`). */
function billedBySteps(tiers: readonly Point[]): boolean {
  return tiers.some((p) => p.key.includes('-steps/'));
}

function tierNote(g: Group, tiers: readonly Point[]): string {
  const notes: string[] = [];
  if (billedBySteps(tiers))
    notes.push(
      "Bedrock bills up to 50 steps as standard quality and more as premium: the workload's steps pick the tier.",
    );
  if (tiers.some((p) => p.perPixel))
    notes.push("LiteLLM records these prices per pixel: times each size's pixels, they are per image.");
  if (g.points.some((p) => p.unit === 'image_token'))
    notes.push(
      "Billed as image tokens underneath; the per-image list is what the host publishes. The prompt's text tokens are left out (about $0.001-0.002 an image).",
    );
  return notes.join(' ');
}

/** One price for the model: per image, per megapixel (fal's rounding) or per step, the cheapest spelling's. */
function flatOffer(g: Group, flat: readonly Point[], date: string, skipped: Record<string, number>): Offer {
  const units: Unit[] = ['image', 'megapixel', 'step'];
  const unit = units.find((u) => flat.some((p) => p.unit === u))!;
  const candidates = flat.filter((p) => p.unit === unit).sort((a, b) => a.usd - b.usd);
  for (let i = 1; i < candidates.length; i++) countSkip(skipped, 'another spelling of a model already priced');
  const best = candidates[0]!;
  const perMegapixel = unit === 'megapixel' || (g.host === 'fal' && FAL_PER_MEGAPIXEL.has(best.apiId));
  if (perMegapixel) {
    const fal = g.host === 'fal';
    const note = fal
      ? 'fal bills per megapixel, a megapixel being 1024x1024 and each image rounded up to whole ones: 1024x1024 is 1 MP, 1024x1536 2 MP.'
      : 'LiteLLM records the price per pixel: billed by the exact megapixels of each image.';
    return baseOffer(
      g,
      [best],
      date,
      { usd_per_megapixel: { [g.model]: best.usd }, ...(fal ? { megapixel_rule: FAL_MEGAPIXEL } : {}) },
      note,
    );
  }
  if (unit === 'step')
    return baseOffer(
      g,
      [best],
      date,
      { usd_per_step: { [g.model]: best.usd } },
      "Fireworks bills image models per denoising step: the workload's steps (default: the model's) count. LiteLLM writes the step price in its per-token fields, a millionth of it.",
    );
  return baseOffer(g, [best], date, { usd_per_image: { [g.model]: best.usd } }, '');
}

function baseOffer(g: Group, points: readonly Point[], date: string, price: Partial<Offer>, note: string): Offer {
  const keys = [...new Set(points.map((p) => p.key))];
  const shown = keys.length > 3 ? `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more` : keys.join(', ');
  const deprecation = g.points.find((p) => p.deprecation)?.deprecation;
  const supplements = [...new Set(points.flatMap((p) => (p.supplement ? [p.supplement] : [])))];
  const withdrawn = WITHDRAWN.get(g.model);
  const notes = [
    withdrawn
      ? `Withdrawn by its maker on ${withdrawn.date}: ${withdrawn.source} (checked ${withdrawn.verified}).`
      : '',
    note,
    ...supplements.map((source) => `A tier LiteLLM's map lacks is hand-kept from: ${source}.`),
    deprecation ? `LiteLLM's map marks it deprecated from ${deprecation}: it may stop being served.` : '',
  ].filter(Boolean);
  return {
    id: `${g.host}/${g.model}`,
    provider: g.host,
    billing: 'per_call',
    ...price,
    ...MANAGED_API,
    ...(withdrawn ? { retired: { date: withdrawn.date, replacement: withdrawn.replacement } } : {}),
    source: `LiteLLM price map (${g.litellmHost}): ${shown}`,
    ...(notes.length ? { note: notes.join(' ') } : {}),
    verified: date,
    estimate: false,
    quote_required: false,
    origin: 'catalog',
    feed: 'litellm',
    api_model_id: points[0]!.apiId,
  };
}
