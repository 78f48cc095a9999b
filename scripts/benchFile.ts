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

/** An inference.yaml with n varied workloads over every model and offer of the catalog. */
export function generateFile(workloads: number, seed = 42): string {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const offers = [...builtinCatalog().offers.keys()];
  const models = [...builtinCatalog().models.keys()];
  const lines = ['version: 1', 'workloads:'];
  for (let i = 0; i < workloads; i++) {
    lines.push(
      `  - name: workload-${i}`,
      `    model: ${pick(models)}`,
      `    volume: ${Math.round(10 ** (2 + rand() * 5))}`,
      `    provider: ${pick(offers)}`,
      `    traffic: ${pick(TRAFFIC_PATTERNS)}`,
      `    batch_size: ${pick([1, 1, 2, 4, 8])}`,
      `    utilization: ${(0.5 + rand() * 0.4).toFixed(2)}`,
      ...(rand() < 0.3 ? [`    latency_slo_seconds: ${pick([5, 15, 30, 60])}`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}
