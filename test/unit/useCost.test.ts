import { describe, expect, it } from 'vitest';
import { comparedAt, hostComparison, unitPrice, useCostLabel } from '../../src/core/render/useCost';
import { analyze, oneWorkload, option, workload } from './helpers';

const image = workload(
  analyze(
    oneWorkload({
      model: 'gpt-image-1',
      volume: 1000,
      provider: 'openai/gpt-image-1',
      quality: 'high',
      resolution: '1024x1024',
    }),
  ),
);
const text = workload(
  analyze(
    oneWorkload({
      model: 'claude-sonnet-4.5',
      requests: 10000,
      input_tokens: 1000,
      output_tokens: 500,
      provider: 'anthropic/claude-sonnet-4.5',
    }),
  ),
);
const flux = workload(analyze(oneWorkload({ model: 'flux-schnell', volume: 50000, provider: 'fal/flux-schnell' })));

describe('what the editor says at a model call', () => {
  it('unit price: per image at the settings, per million tokens in and out for a per-token offer', () => {
    const anthropic = option(text, 'anthropic/claude-sonnet-4.5').offer;
    expect(unitPrice(text.chosen)).toBe(
      `$${anthropic.usd_per_million_input_tokens}/$${anthropic.usd_per_million_output_tokens} per MTok`,
    );
    expect(unitPrice(text.chosen)).toBe('$3/$15 per MTok');
    expect(unitPrice(image.chosen)).toMatch(/^\$0\.\d+\/image$/);
    // High quality costs more than the low tier of the same table.
    const low = workload(
      analyze(
        oneWorkload({
          model: 'gpt-image-1',
          volume: 1000,
          provider: 'openai/gpt-image-1',
          quality: 'low',
          resolution: '1024x1024',
        }),
      ),
    );
    expect(low.chosen.details.rate.usd).toBeLessThan(image.chosen.details.rate.usd);
  });

  it('hosts: only per-call and per-token offers that can serve the model, cheapest first, each with origin and date', () => {
    const rows = hostComparison(flux);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.map((r) => r.offer)).toContain('fal/flux-schnell');
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.totalMicros).toBeGreaterThanOrEqual(rows[i - 1]!.totalMicros);
    const billing = new Map(flux.options.map((o) => [o.offer.id, o.offer.billing]));
    for (const row of rows) {
      expect(['per_call', 'per_token']).toContain(billing.get(row.offer));
      expect(row.date).toMatch(/^\d{4}-\d{2}-\d{2}$|^undated$/);
      expect(row.source.length).toBeGreaterThan(0);
    }
    // GPU rentals and serverless GPUs can run flux-schnell too, but are no host that sells it per call.
    expect(flux.options.some((o) => o.offer.billing === 'per_hour' && o.priced)).toBe(true);
    const textRows = hostComparison(text);
    expect(textRows.map((r) => r.offer)).toContain('anthropic/claude-sonnet-4.5');
    expect(textRows[0]!.perRequest).toMatch(/\/1k requests$/);
  });

  it('the lens: price and host, then the declaring workload’s month, or that no workload declares it', () => {
    expect(useCostLabel({ kind: 'declared', workload: text })).toMatch(
      /^\$3\/\$15 per MTok on anthropic · ≈ \$[\d,]+\/mo \(w\)$/,
    );
    expect(useCostLabel({ kind: 'undeclared', workload: image, hostOffer: true })).toMatch(
      /^\$0\.\d+\/image on openai · not in inference\.yaml$/,
    );
    const cheapest = hostComparison(flux)[0]!;
    expect(useCostLabel({ kind: 'undeclared', workload: flux, hostOffer: false })).toBe(
      `from ${cheapest.price} on ${cheapest.offer.split('/')[0]} · not in inference.yaml`,
    );
    expect(useCostLabel({ kind: 'unpriced', reason: 'model picked at run time (name): not priced' })).toBe(
      'model picked at run time (name): not priced',
    );
  });

  it('says what the hosts are compared at', () => {
    expect(comparedAt(text)).toBe('1,000 tokens in / 500 out a request');
    expect(comparedAt(image)).toBe('quality high, 1024x1024');
    expect(comparedAt(flux)).toBe('the model’s reference settings');
  });
});
