import { builtinCatalog } from '../src/core/catalog/builtin';
import { BILLING_MODELS, TRAFFIC_PATTERNS, type Catalog } from '../src/core/catalog/types';
import { loadCatalog } from '../src/node/catalog';
import { join } from 'node:path';
import { analyzeText, defaultSettings } from '../src/core/engine/analyze';

/** A deterministic generator so every run prices the same files. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The catalog a newcomer prices with: the hand-kept offers and the sources shipped in the package. */
export function benchCatalog(): Catalog {
  return loadCatalog({ offline: true, root: join(__dirname, '..') });
}

/**
 * An inference.yaml with n varied workloads (image and text) over every built-in model, each on an offer that can
 * run it, as in a file a team works with (a provider that cannot run its model is cheap to price: no break-even).
 * Billing models take turns, and every fifth workload has a high volume (500,000 to 5,000,000 a month), so every
 * billing model is priced at high volume too.
 */
export function generateFile(workloads: number, seed = 42): string {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const catalog = benchCatalog();
  const models = [...builtinCatalog().models.values()].filter((m) => !offerRetiredFor(catalog, m.id));
  const firstOffer = builtinCatalog().offers.keys().next().value!;
  const specs = Array.from({ length: workloads }, (_, i) => {
    const model = pick(models);
    const high = i % 5 === 4;
    const amount = (low: number, span: number) => Math.round(high ? 5e5 * 10 ** rand() : 10 ** (low + rand() * span));
    const size =
      model.kind === 'text'
        ? [
            `    requests: ${amount(3, 5)}`,
            `    input_tokens: ${pick([200, 800, 3000])}`,
            `    output_tokens: ${pick([100, 200, 500])}`,
          ]
        : [`    volume: ${amount(2, 5)}`, `    batch_size: ${pick([1, 1, 2, 4, 8])}`];
    const rest = [
      `    traffic: ${pick(TRAFFIC_PATTERNS)}`,
      `    utilization: ${(0.5 + rand() * 0.4).toFixed(2)}`,
      ...(rand() < 0.3 ? [`    latency_slo_seconds: ${pick([5, 15, 30, 60])}`] : []),
    ];
    const billing = BILLING_MODELS[i % BILLING_MODELS.length]!;
    return { head: [`  - name: workload-${i}`, `    model: ${model.id}`, ...size], rest, billing, draw: rand() };
  });
  const render = (providers: readonly string[]) =>
    [
      'version: 1',
      'workloads:',
      ...specs.flatMap((s, i) => [...s.head, `    provider: ${providers[i]}`, ...s.rest]),
      '',
    ].join('\n');
  // Which offers can run each workload, then one of those: of the workload's billing model where one can.
  const probe = analyzeText(render(specs.map(() => firstOffer)), { ...defaultSettings('2026-12-02'), catalog });
  const providers = probe.workloads.map((w, i) => {
    const runnable = w.options.filter((o) => o.priced);
    const preferred = runnable.filter((o) => o.offer.billing === specs[i]!.billing);
    const from = preferred.length ? preferred : runnable;
    return from[Math.floor(specs[i]!.draw * from.length)]?.offer.id ?? firstOffer;
  });
  return render(providers);
}

/** A model whose only offers are retired (DALL-E 3) is left out: no team ships a file of it. */
function offerRetiredFor(catalog: Catalog, model: string): boolean {
  const serving = [...catalog.offers.values()].filter(
    (o) => o.models?.includes(model) || (typeof o.usd_per_image === 'object' && model in o.usd_per_image),
  );
  return serving.length > 0 && serving.every((o) => o.retired);
}
