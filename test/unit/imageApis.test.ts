import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../src/core/findings/types';
import { allFindings } from '../../src/core/report';
import { analyze, CATALOG } from './helpers';

/**
 * Issue 31's bar for the shipped catalog: dated per-call image offers from the maintained source and hand-kept
 * pages, every current image model priced at its maker's list price, and the common ones on several hosts.
 */
const FILE = readFileSync(join(__dirname, '../fixtures/image-apis/inference.yaml'), 'utf8');

/** Each workload's expected price per image: the `# $0.20` comment on its line. */
function listPrices(): Map<string, number> {
  const prices = new Map<string, number>();
  for (const line of FILE.split('\n')) {
    const m = /name: ([\w.-]+),.*# .*\$(\d+\.\d+)/.exec(line);
    if (m) prices.set(m[1]!, Number(m[2]));
  }
  return prices;
}

const perCallImage = [...CATALOG.offers.values()].filter(
  (o) => o.billing === 'per_call' && !o.retired && !o.quote_required,
);

/** The providers whose per-call offers price a model: a workload on it, on one of them, lists the others as options. */
function hostsOf(model: string, provider: string): string[] {
  const report = analyze(
    `version: 1\nworkloads:\n  - { name: w, model: ${model}, volume: 1000, provider: ${provider} }\n`,
  );
  const options = report.workloads[0]!.options.filter((o) => o.offer.billing === 'per_call' && o.priced);
  return [...new Set(options.map((o) => o.offer.provider))];
}

describe('image APIs in the shipped catalog', () => {
  it('has at least 40 per-call image offers, every one dated', () => {
    expect(perCallImage.length).toBeGreaterThanOrEqual(40);
    expect(perCallImage.filter((o) => o.verified === null).map((o) => o.id)).toEqual([]);
    expect(perCallImage.filter((o) => o.feed === 'litellm').length).toBeGreaterThanOrEqual(40);
  });

  it('prices one workload per image model at its maker’s list price, with no error', () => {
    const report = analyze(FILE);
    const expected = listPrices();
    expect(expected.size).toBe(report.workloads.length);
    expect(report.workloads.length).toBeGreaterThanOrEqual(17);
    for (const w of report.workloads) {
      const chosen = w.chosen;
      expect(
        chosen.priced && chosen.reasons.length === 0,
        `${w.workload.name}: ${chosen.reasons.map((r) => r.text).join('; ')}`,
      ).toBe(true);
      expect(chosen.offer.billing, w.workload.name).toBe('per_call');
      expect(chosen.details.rate.usd, w.workload.name).toBeCloseTo(expected.get(w.workload.name)!, 10);
    }
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('Imagen 4: its list prices on Google, Vertex, fal and Runflow, every offer withdrawn and pointing to its replacement', () => {
    const report = analyze(
      'version: 1\nworkloads:\n  - { name: w, model: imagen-4, volume: 10000, provider: google/imagen-4 }\n',
    );
    const w = report.workloads[0]!;
    expect(w.chosen.offer.usd_per_image).toEqual({ 'imagen-4': 0.04 });
    expect(w.chosen.reasons.map((r) => r.kind)).toEqual(['retired']);
    const imagen = w.options.filter((o) => o.offer.billing === 'per_call');
    expect(new Set(imagen.map((o) => o.offer.provider))).toEqual(new Set(['google', 'vertex', 'fal', 'runflow']));
    expect(imagen.filter((o) => o.eligible).map((o) => o.offer.id)).toEqual([]);
    expect(w.chosen.reasons[0]!.text).toMatch(/2026-08-17; use gemini-2\.5-flash-image/);
    // The retirement is the finding; the age of a price nobody can pay is not another one.
    const codes = allFindings(report).map((f) => f.code);
    expect(codes).toContain(FINDING_CODES.retiredOffer);
    expect(codes).not.toContain(FINDING_CODES.stalePrice);
  });

  it('FLUX1.1 [pro], SD3.5 Large and Recraft V3 each have at least two hosts', () => {
    const cases = [
      ['flux-1.1-pro', 'bfl/flux-1.1-pro'],
      ['sd3.5-large', 'stability/sd3.5-large'],
      ['recraft-v3', 'recraft/recraft-v3'],
    ] as const;
    for (const [model, provider] of cases) {
      const hosts = hostsOf(model, provider);
      expect(hosts.length, `${model}: ${hosts.join(', ')}`).toBeGreaterThanOrEqual(2);
    }
    expect(hostsOf('flux-1.1-pro', 'bfl/flux-1.1-pro')).toEqual(
      expect.arrayContaining(['bfl', 'fal', 'replicate', 'azure', 'aiml']),
    );
  });
});
