import { builtinCatalog } from '../src/core/catalog/builtin';
import { TRAFFIC_PATTERNS } from '../src/core/catalog/types';
import { analyzeText, defaultSettings } from '../src/core/engine/analyze';

/** A deterministic generator so every run prices the same files. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * An inference.yaml with n varied workloads (image and text) over every model of the catalog, each on an offer that
 * can run it, as in a file a team works with (a provider that cannot run its model is cheap to price: no break-even).
 */
export function generateFile(workloads: number, seed = 42): string {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const models = [...builtinCatalog().models.values()];
  const firstOffer = builtinCatalog().offers.keys().next().value!;
  const specs = Array.from({ length: workloads }, (_, i) => {
    const model = pick(models);
    const size =
      model.kind === 'text'
        ? [
            `    requests: ${Math.round(10 ** (3 + rand() * 5))}`,
            `    input_tokens: ${pick([200, 800, 3000])}`,
            `    output_tokens: ${pick([100, 200, 500])}`,
          ]
        : [`    volume: ${Math.round(10 ** (2 + rand() * 5))}`, `    batch_size: ${pick([1, 1, 2, 4, 8])}`];
    const rest = [
      `    traffic: ${pick(TRAFFIC_PATTERNS)}`,
      `    utilization: ${(0.5 + rand() * 0.4).toFixed(2)}`,
      ...(rand() < 0.3 ? [`    latency_slo_seconds: ${pick([5, 15, 30, 60])}`] : []),
    ];
    return { head: [`  - name: workload-${i}`, `    model: ${model.id}`, ...size], rest, providerDraw: rand() };
  });
  const render = (providers: readonly string[]) =>
    [
      'version: 1',
      'workloads:',
      ...specs.flatMap((s, i) => [...s.head, `    provider: ${providers[i]}`, ...s.rest]),
      '',
    ].join('\n');
  // Which offers can run each workload (the engine prices every offer for every workload), then one of those.
  const probe = analyzeText(render(specs.map(() => firstOffer)), defaultSettings('2026-11-23'));
  const providers = probe.workloads.map((w, i) => {
    const runnable = w.options.filter((o) => o.priced).map((o) => o.offer.id);
    return runnable[Math.floor(specs[i]!.providerDraw * runnable.length)] ?? firstOffer;
  });
  return render(providers);
}
