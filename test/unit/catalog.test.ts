import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog, PROVIDER_FILES, RAW_TABLES } from '../../src/core/catalog/builtin';
import { missingPriceField } from '../../src/core/catalog/offers';
import { BILLING_MODELS } from '../../src/core/catalog/types';
import { fileJsonSchema } from '../../src/core/format/jsonSchema';
import { isRealDate, offerSchema } from '../../src/core/format/schema';
import { CATALOG } from './helpers';
import { formatReference } from '../../scripts/formatReference';

const catalog = builtinCatalog();

describe('built-in catalog', () => {
  it('every provider file offer passes the same schema users write offers in', () => {
    for (const file of PROVIDER_FILES) {
      for (const raw of file.offers) {
        const parsed = offerSchema.safeParse(raw);
        expect(parsed.success, `${raw.id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        expect(raw.id.startsWith(`${file.provider}/`), raw.id).toBe(true);
      }
    }
  });

  it('notes keep their dollar amounts (a shell once ate "$0.008" into "bash.008")', () => {
    for (const offer of catalog.offers.values()) expect(offer.note ?? '', offer.id).not.toMatch(/\b(bash|sh)\.\d/);
    expect(catalog.offers.get('segmind/api')!.note).toContain('$0.008');
  });

  it('every offer has a price, a source and a verified date (or is marked an estimate)', () => {
    for (const offer of CATALOG.offers.values()) {
      expect(missingPriceField(offer), offer.id).toBeUndefined();
      expect(offer.source.length, offer.id).toBeGreaterThan(10);
      expect(offer.verified === null ? offer.estimate : isRealDate(offer.verified), offer.id).toBe(true);
    }
  });

  it('covers every billing model, from hand-kept providers and the three maintained sources', () => {
    const billings = new Set([...CATALOG.offers.values()].map((o) => o.billing));
    expect([...billings].sort()).toEqual([...BILLING_MODELS].sort());
    expect([...catalog.providers.keys()].sort()).toEqual([
      'bedrock',
      'bfl',
      'byteplus',
      'coreweave',
      'fal',
      'google',
      'huggingface',
      'ideogram',
      'modal',
      'openai',
      'replicate',
      'runflow',
      'runpod',
      'runware',
      'segmind',
      'vast',
    ]);
    const feeds = new Set([...CATALOG.offers.values()].map((o) => o.feed ?? 'hand-kept'));
    expect([...feeds].sort()).toEqual(['genai-prices', 'hand-kept', 'litellm', 'skypilot']);
  });

  it('GPU offers name known GPUs; per-call offers price known models', () => {
    for (const offer of catalog.offers.values()) {
      if (offer.billing === 'per_call') {
        const models = [offer.usd_per_image, offer.usd_per_megapixel, offer.usd_per_image_by_quality].flatMap((p) =>
          typeof p === 'object' ? Object.keys(p) : (offer.models ?? []),
        );
        for (const m of models) expect(catalog.models.has(m), `${offer.id} prices ${m}`).toBe(true);
      } else if (offer.billing === 'per_token') {
        expect(offer.models?.length, offer.id).toBeGreaterThan(0);
        for (const m of offer.models ?? []) expect(catalog.models.get(m)?.kind, `${offer.id} serves ${m}`).toBe('text');
      } else {
        expect(catalog.gpus.has(offer.gpu ?? ''), `${offer.id} gpu ${offer.gpu}`).toBe(true);
      }
    }
  });

  it('has at least sd15, sdxl, flux-schnell and flux-dev, with memory needs and sources', () => {
    for (const id of ['sd15', 'sdxl', 'flux-schnell', 'flux-dev']) {
      const m = catalog.models.get(id);
      expect(m, id).toBeDefined();
      expect(m!.kind !== 'text' && m!.weights_gb).toBeGreaterThan(0);
      expect(m!.source.length).toBeGreaterThan(10);
    }
  });

  it('speed entries name known models and GPUs, with sources', () => {
    for (const s of RAW_TABLES.speedsData.entries) {
      expect(catalog.models.has(s.model) && catalog.gpus.has(s.gpu), `${s.model}@${s.gpu}`).toBe(true);
      expect(s.source.length).toBeGreaterThan(10);
    }
  });
});

describe('JSON schema', () => {
  it('schemas/inference.schema.json is the one generated from the zod schema (run npm run build)', () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, '../../schemas/inference.schema.json'), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(fileJsonSchema(CATALOG));
  });

  it('docs/format.md is the one generated from the zod schema and the catalog (run npm run build)', () => {
    const committed = readFileSync(join(__dirname, '../../docs/format.md'), 'utf8');
    expect(committed).toBe(formatReference(CATALOG));
  });

  it('describes every workload field for hovers and completion', () => {
    const schema = fileJsonSchema() as {
      properties: { workloads: { items: { properties: Record<string, { description?: string }> } } };
    };
    for (const [field, prop] of Object.entries(schema.properties.workloads.items.properties)) {
      expect(prop.description, field).toBeTruthy();
    }
  });
});
