import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { litellmOffers, parseKey, pruneLitellm } from '../../src/core/catalog/sources/litellm';
import type { Offer } from '../../src/core/catalog/types';
import { megapixelPrice } from '../../src/core/engine/billing/perCall';
import { analyze, CATALOG, oneWorkload, option, workload } from './helpers';

/**
 * LiteLLM's price map read into per-call offers: keys carry quality, size and steps; prices are per image, per pixel,
 * per image token or (Fireworks) per step in the token fields. Checked against makers' published lists.
 */
const SHIPPED = JSON.parse(readFileSync(join(__dirname, '../../data/prices/litellm.json'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
const IMAGE_MODELS = new Set([...builtinCatalog().models.values()].filter((m) => m.kind !== 'text').map((m) => m.id));
const DATE = '2026-07-24';

function read(data: unknown) {
  return litellmOffers(data, DATE, IMAGE_MODELS);
}

function offerIn(data: unknown, id: string): Offer {
  const offer = read(data).offers.find((o) => o.id === id);
  if (!offer) throw new Error(`no offer ${id}`);
  return offer;
}

/** The per-image price the engine gives a workload on one offer, or why it cannot. */
function perImage(offer: string, model: string, fields: Record<string, string | number> = {}) {
  const w = workload(analyze(oneWorkload({ model, volume: 1000, provider: offer, ...fields })));
  const o = option(w, offer);
  return o.priced && o.reasons.length === 0 ? o.details.rate.usd : o.reasons.map((r) => r.text).join('; ');
}

describe('reading the keys', () => {
  it('takes quality, size and steps from the key, and the host prefix off', () => {
    expect(parseKey('azure/high/1024-x-1536/gpt-image-1')).toEqual({
      quality: 'high',
      size: '1024x1536',
      apiId: 'gpt-image-1',
    });
    expect(parseKey('1024-x-1024/max-steps/stability.stable-diffusion-xl-v1')).toEqual({
      size: '1024x1024',
      quality: 'premium',
      apiId: 'stability.stable-diffusion-xl-v1',
    });
    expect(parseKey('fal_ai/fal-ai/flux-pro/v1.1')).toEqual({ apiId: 'fal-ai/flux-pro/v1.1' });
    expect(parseKey('fireworks_ai/accounts/fireworks/models/flux-1-dev-fp8').apiId).toBe(
      'accounts/fireworks/models/flux-1-dev-fp8',
    );
  });

  it('maps hosts and spellings to one id per model, and says what it skipped', () => {
    const read = litellmOffers(SHIPPED, DATE, IMAGE_MODELS);
    const ids = read.offers.map((o) => o.id);
    for (const id of ['fal/flux-1.1-pro', 'bfl/flux-1.1-pro', 'azure/flux-1.1-pro', 'aiml/flux-1.1-pro'])
      expect(ids).toContain(id);
    for (const id of ['google/imagen-4', 'vertex/imagen-4', 'fal/imagen-4', 'recraft/recraft-v3', 'fal/recraft-v3'])
      expect(ids).toContain(id);
    expect(ids).toContain('bedrock/sd3.5-large');
    expect(ids).toContain('stability/sd3.5-large');
    // OpenAI withdrew DALL-E: the hand-kept offer, with its retirement, is not replaced.
    expect(ids.some((id) => id.includes('dall-e'))).toBe(false);
    expect(read.skipped['a model its maker retired']).toBeGreaterThan(0);
    expect(read.skipped['a host we do not list']).toBe(4);
    expect(read.modelAliases.get('fal-ai/flux-pro/v1.1')).toBe('flux-1.1-pro');
    for (const o of read.offers) {
      expect(o.feed, o.id).toBe('litellm');
      expect(o.verified, o.id).toBe(DATE);
      expect(o.billing, o.id).toBe('per_call');
    }
  });

  it('keeps only image entries and their price fields when pruned; refuses what is not the map', () => {
    const full = {
      sample_spec: { mode: 'one of: chat, image_generation' },
      'gpt-4o': { mode: 'chat', input_cost_per_token: 2.5e-6 },
      'recraft/recraftv3': {
        mode: 'image_generation',
        litellm_provider: 'recraft',
        output_cost_per_image: 0.04,
        rpm: 1,
      },
    };
    expect(JSON.parse(pruneLitellm(JSON.stringify(full)))).toEqual({
      'recraft/recraftv3': { mode: 'image_generation', litellm_provider: 'recraft', output_cost_per_image: 0.04 },
    });
    expect(() => read([{ id: 'x' }])).toThrow(/not LiteLLM's price map/);
    expect(() => read('<html>')).toThrow(/not LiteLLM's price map/);
    // A figure no image costs is a broken record, not a price.
    const broken = { 'recraft/recraftv3': { ...full['recraft/recraftv3'], output_cost_per_image: 4000 } };
    expect(read(broken).offers).toHaveLength(0);
  });

  it('notes a deprecation date the map gives', () => {
    const data = {
      'recraft/recraftv3': {
        mode: 'image_generation',
        litellm_provider: 'recraft',
        output_cost_per_image: 0.04,
        deprecation_date: '2026-12-01',
      },
    };
    expect(offerIn(data, 'recraft/recraft-v3').note).toContain('deprecated from 2026-12-01');
  });
});

describe('units, checked against the makers’ lists', () => {
  it('per image as OpenAI lists it (under input_cost_per_image): gpt-image-1.5 high 1024x1536 is $0.20', () => {
    const table = offerIn(SHIPPED, 'openai/gpt-image-1.5').usd_per_image_by_quality!['gpt-image-1.5']!;
    expect(table.high!['1024x1536']).toBe(0.2);
    expect(Object.keys(table)).toEqual(['low', 'medium', 'high']);
    expect(perImage('openai/gpt-image-1.5', 'gpt-image-1.5', { quality: 'high', resolution: '1024x1536' })).toBe(0.2);
  });

  it('per pixel times the key’s pixels: Azure’s gpt-image-1 high 1024x1024 is $0.167', () => {
    const table = offerIn(SHIPPED, 'azure/gpt-image-1').usd_per_image_by_quality!['gpt-image-1']!;
    expect(table.high!['1024x1024']).toBeCloseTo(0.167, 6);
    expect(table.low!['1536x1024']).toBeCloseTo(0.016, 6);
  });

  it('per image token: the tokens OpenAI’s per-image list implies, at the host’s own token price', () => {
    const same = offerIn(SHIPPED, 'azure/gpt-image-1.5').usd_per_image_by_quality!['gpt-image-1.5']!;
    expect(same.high!['1024x1536']).toBe(0.2);
    // A host charging half OpenAI's token price charges half per image.
    const half = {
      ...SHIPPED,
      'azure/gpt-image-1.5': { ...SHIPPED['azure/gpt-image-1.5'], output_cost_per_image_token: 1.6e-5 },
    };
    expect(offerIn(half, 'azure/gpt-image-1.5').usd_per_image_by_quality!['gpt-image-1.5']!.high!['1024x1536']).toBe(
      0.1,
    );
    // With no per-image list anywhere, tokens per image are unknown: not priced rather than guessed.
    const alone = { 'azure/gpt-image-1.5': SHIPPED['azure/gpt-image-1.5'] };
    expect(read(alone).offers).toHaveLength(0);
    expect(read(alone).skipped['priced per image token, with no tokens per image known']).toBe(1);
  });

  it('a host billing image tokens whose own table counts another model’s tokens is priced by the maker’s list (issue 30: Azure’s gpt-image-1-mini)', () => {
    // LiteLLM's Azure per-pixel figures for mini are gpt-image-1's token counts at mini's token price: $0.00845 at
    // medium 1024x1024 against OpenAI's $0.011, a saving no bill shows. Same token price, same image, same price.
    const azure = offerIn(SHIPPED, 'azure/gpt-image-1-mini').usd_per_image_by_quality!['gpt-image-1-mini']!;
    const openai = offerIn(SHIPPED, 'openai/gpt-image-1-mini').usd_per_image_by_quality!['gpt-image-1-mini']!;
    expect(azure.medium!['1024x1024']).toBe(0.011);
    expect(azure).toEqual(openai);
    expect(perImage('azure/gpt-image-1-mini', 'gpt-image-1-mini', { quality: 'medium', resolution: '1024x1024' })).toBe(
      perImage('openai/gpt-image-1-mini', 'gpt-image-1-mini', { quality: 'medium', resolution: '1024x1024' }),
    );
  });

  it('a tier the map lacks is hand-kept with its page (gpt-image-1-mini high: $0.036, $0.052); the map’s own wins', () => {
    const offer = offerIn(SHIPPED, 'openai/gpt-image-1-mini');
    const table = offer.usd_per_image_by_quality!['gpt-image-1-mini']!;
    expect(table.high).toEqual({ '1024x1024': 0.036, '1024x1536': 0.052, '1536x1024': 0.052 });
    expect(offer.note).toMatch(/hand-kept from: OpenAI API pricing/);
    const listed = {
      ...SHIPPED,
      'high/1024-x-1024/gpt-image-1-mini': {
        ...SHIPPED['medium/1024-x-1024/gpt-image-1-mini'],
        input_cost_per_image: 0.04,
      },
    };
    expect(
      offerIn(listed, 'openai/gpt-image-1-mini').usd_per_image_by_quality!['gpt-image-1-mini']!.high!['1024x1024'],
    ).toBe(0.04);
  });

  it('Imagen 4 $0.04 (Gemini API and Vertex) as listed, and withdrawn; Recraft V3 $0.04, SD3.5 Large $0.065 at Stability', () => {
    const listed = (id: string, model: string) => {
      const table = offerIn(SHIPPED, id).usd_per_image;
      return typeof table === 'object' ? table[model] : table;
    };
    expect(listed('google/imagen-4', 'imagen-4')).toBe(0.04);
    expect(listed('vertex/imagen-4', 'imagen-4')).toBe(0.04);
    expect(listed('google/imagen-4-fast', 'imagen-4-fast')).toBe(0.02);
    expect(listed('google/imagen-4-ultra', 'imagen-4-ultra')).toBe(0.06);
    // Google discontinued the Imagen 4 endpoints (imageRetirements.json): every host's offer says so, none is advice.
    for (const id of ['google/imagen-4', 'vertex/imagen-4-ultra', 'fal/imagen-4-fast', 'aiml/imagen-4-ultra']) {
      expect(offerIn(SHIPPED, id).retired?.date).toBe('2026-08-17');
      expect(perImage(id, id.split('/')[1]!)).toMatch(
        /^was retired by its provider on 2026-08-17; use gemini-2.5-flash-image/,
      );
    }
    expect(perImage('recraft/recraft-v3', 'recraft-v3')).toBe(0.04);
    expect(perImage('stability/sd3.5-large', 'sd3.5-large')).toBe(0.065);
  });

  it('Fireworks: the per-token fields hold a millionth of the price a step (SDXL $0.00013) or, for Kontext, an image', () => {
    expect(offerIn(SHIPPED, 'fireworks/sdxl').usd_per_step).toEqual({ sdxl: 0.00013 });
    expect(offerIn(SHIPPED, 'fireworks/flux-kontext-pro').usd_per_image).toEqual({ 'flux-kontext-pro': 0.04 });
    // Fireworks' own example: a 30-step SDXL image is $0.0039; steps are the workload's.
    expect(perImage('fireworks/sdxl', 'sdxl')).toBeCloseTo(0.0039, 10);
    expect(perImage('fireworks/sdxl', 'sdxl', { steps: 50 })).toBeCloseTo(0.0065, 10);
    expect(perImage('fireworks/flux-schnell', 'flux-schnell')).toBeCloseTo(0.0014, 10);
  });

  it('a per-pixel price without a size is per exact megapixel (Nscale)', () => {
    expect(offerIn(SHIPPED, 'nscale/flux-schnell').usd_per_megapixel).toEqual({ 'flux-schnell': 0.0013 });
    expect(perImage('nscale/flux-schnell', 'flux-schnell')).toBeCloseTo(0.0013 * 1.048576, 10);
  });
});

describe('tiers', () => {
  it('fal’s Ideogram 3.0 by rendering speed, as Ideogram names the tiers: the map’s $0.06 is the default', () => {
    expect(perImage('fal/ideogram-v3', 'ideogram-v3')).toBe(0.06);
    expect(perImage('fal/ideogram-v3', 'ideogram-v3', { quality: 'turbo' })).toBe(0.03);
    expect(perImage('fal/ideogram-v3', 'ideogram-v3', { quality: 'quality' })).toBe(0.09);
    expect(perImage('fal/ideogram-v3', 'ideogram-v3', { quality: 'quality' })).toBe(
      perImage('ideogram/ideogram-v3', 'ideogram-v3', { quality: 'quality' }),
    );
  });
  it('Bedrock’s SDXL bills by steps: up to 50 standard ($0.04), more premium ($0.08), whatever quality is unstated', () => {
    expect(perImage('bedrock/sdxl', 'sdxl')).toBe(0.04);
    expect(perImage('bedrock/sdxl', 'sdxl', { steps: 50 })).toBe(0.04);
    expect(perImage('bedrock/sdxl', 'sdxl', { steps: 60 })).toBe(0.08);
    expect(perImage('bedrock/sdxl', 'sdxl', { steps: 60, quality: 'standard' })).toBe(0.08);
    expect(offerIn(SHIPPED, 'bedrock/sdxl').step_qualities).toEqual({
      up_to_steps: 50,
      within: 'standard',
      above: 'premium',
    });
  });

  it('a workload’s quality and size pick the tier; medium where none is named', () => {
    expect(perImage('openai/gpt-image-1.5', 'gpt-image-1.5')).toBe(0.034);
    expect(perImage('openai/gpt-image-1.5', 'gpt-image-1.5', { quality: 'low', resolution: '1536x1024' })).toBe(0.013);
  });

  it('a size or quality the host does not sell is a clear error naming what it sells', () => {
    expect(perImage('openai/gpt-image-1.5', 'gpt-image-1.5', { resolution: '2048x2048' })).toBe(
      'does not make 2048x2048 images of gpt-image-1.5 (it makes 1024x1024, 1024x1536, 1536x1024)',
    );
    expect(perImage('openai/gpt-image-1-mini', 'gpt-image-1-mini', { quality: 'hd' })).toBe(
      'does not offer quality "hd" for gpt-image-1-mini (it has low, medium, high)',
    );
  });

  it('where the host has no medium, a workload that names no quality gets its first tier', () => {
    // Bedrock's SDXL: standard up to 50 steps, premium above; LiteLLM's 50-steps and max-steps keys.
    expect(perImage('bedrock/sdxl', 'sdxl')).toBe(0.04);
    expect(perImage('bedrock/sdxl', 'sdxl', { quality: 'premium' })).toBe(0.08);
    // Ideogram prices by rendering speed at any size.
    expect(perImage('ideogram/ideogram-v3', 'ideogram-v3')).toBe(0.06);
    expect(perImage('ideogram/ideogram-v3', 'ideogram-v3', { quality: 'turbo', resolution: '1536x640' })).toBe(0.03);
  });
});

describe('megapixels as the host counts them', () => {
  const fal = { pixels: 1024 * 1024, round_up: true };

  it('fal: a megapixel is 1024x1024 and each image is rounded up (issue 30: $0.025 and $0.05, not $0.0262 and $0.039)', () => {
    expect(megapixelPrice(0.025, { width: 1024, height: 1024 }, fal)).toBe(0.025);
    expect(megapixelPrice(0.025, { width: 1024, height: 1536 }, fal)).toBe(0.05);
    expect(megapixelPrice(0.025, { width: 512, height: 512 }, fal)).toBe(0.025);
    expect(megapixelPrice(0.025, { width: 2048, height: 2048 }, fal)).toBe(0.1);
    // Without a rule: exact megapixels of a million pixels.
    expect(megapixelPrice(0.025, { width: 1024, height: 1024 })).toBeCloseTo(0.0262144, 10);
  });

  it('through the engine: fal’s FLUX.1 [dev] and FLUX.2 [pro] (its first megapixel at its own price)', () => {
    expect(perImage('fal/flux-dev', 'flux-dev')).toBe(0.025);
    expect(perImage('fal/flux-dev', 'flux-dev', { resolution: '1024x1536' })).toBe(0.05);
    expect(perImage('fal/flux-schnell', 'flux-schnell', { resolution: '1024x1536' })).toBe(0.006);
    expect(perImage('fal/flux-2-pro', 'flux-2-pro')).toBe(0.03);
    expect(perImage('fal/flux-2-pro', 'flux-2-pro', { resolution: '1024x1536' })).toBeCloseTo(0.045, 12);
    expect(perImage('fal/flux-2-dev', 'flux-2-dev', { resolution: '2048x2048' })).toBeCloseTo(0.048, 12);
  });

  it('the shipped catalog carries fal’s rule on every fal per-megapixel offer', () => {
    for (const o of CATALOG.offers.values())
      if (o.provider === 'fal' && o.usd_per_megapixel !== undefined)
        expect(o.megapixel_rule, o.id).toMatchObject({ pixels: 1048576, round_up: true });
  });
});
