import { builtinCatalog } from '../src/core/catalog/builtin';
import { TRAFFIC_PATTERNS } from '../src/core/catalog/types';

/** A deterministic generator so every run prices the same files. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** An inference.yaml with n varied workloads (image and text) over every model and offer of the catalog. */
export function generateFile(workloads: number, seed = 42): string {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const offers = [...builtinCatalog().offers.keys()];
  const models = [...builtinCatalog().models.values()];
  const lines = ['version: 1', 'workloads:'];
  for (let i = 0; i < workloads; i++) {
    const model = pick(models);
    const size =
      model.kind === 'text'
        ? [
            `    requests: ${Math.round(10 ** (3 + rand() * 5))}`,
            `    input_tokens: ${pick([200, 800, 3000])}`,
            `    output_tokens: ${pick([100, 200, 500])}`,
          ]
        : [`    volume: ${Math.round(10 ** (2 + rand() * 5))}`, `    batch_size: ${pick([1, 1, 2, 4, 8])}`];
    lines.push(
      `  - name: workload-${i}`,
      `    model: ${model.id}`,
      ...size,
      `    provider: ${pick(offers)}`,
      `    traffic: ${pick(TRAFFIC_PATTERNS)}`,
      `    utilization: ${(0.5 + rand() * 0.4).toFixed(2)}`,
      ...(rand() < 0.3 ? [`    latency_slo_seconds: ${pick([5, 15, 30, 60])}`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}
