/**
 * npm run bench: prints the figures the README quotes. Figures, not assertions: the targets are shown beside them.
 *   engine time per file size (1 to 10,000 workloads against the whole catalog) and its growth,
 *   the CLI's whole-process time against a bare `node -e ""`, memory, and bundle sizes.
 * Editor figures (activation, edit-to-diagnostics in code-server, VSIX size) come from `npm run bench:editor`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { builtinCatalog } from '../src/core/catalog/builtin';
import { analyzeText, defaultSettings } from '../src/core/engine/analyze';
import { TRAFFIC_PATTERNS } from '../src/core/catalog/types';

const ROOT = join(__dirname, '..');
const SIZES = [1, 100, 1_000, 10_000];

/** A deterministic generator so every run prices the same files. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeEngine(text: string, runs: number): number {
  const settings = defaultSettings('2026-11-23');
  analyzeText(text, settings); // warm-up: JIT and the catalog
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    analyzeText(text, settings);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function timeProcess(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    times.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  }
  return median(times);
}

function kb(path: string): string {
  return existsSync(path) ? `${(statSync(path).size / 1024).toFixed(1)} KB` : 'not built';
}

function main(): void {
  console.log(`Inference Cost Review benchmarks · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
  console.log('Engine: parse, validate, price every workload against the whole catalog, break-evens and findings');
  console.log(`  catalog: ${builtinCatalog().offers.size} offers`);
  let previous: { n: number; ms: number } | undefined;
  for (const n of SIZES) {
    const text = generateFile(n);
    const ms = timeEngine(text, n >= 10_000 ? 3 : n >= 1_000 ? 7 : 21);
    const growth = previous ? `  ×${(ms / previous.ms).toFixed(1)} for ×${n / previous.n} workloads` : '';
    const target = n === 1_000 ? '  (target < 50 ms)' : '';
    console.log(`  ${String(n).padStart(6)} workloads: ${ms.toFixed(2).padStart(9)} ms  ${((ms / n) * 1000).toFixed(1).padStart(7)} µs/workload${growth}${target}`);
    previous = { n, ms };
  }
  const before = process.memoryUsage().heapUsed;
  const report = analyzeText(generateFile(10_000), defaultSettings('2026-11-23'));
  console.log(`  heap held by a 10,000-workload report: ${((process.memoryUsage().heapUsed - before) / 1024 / 1024).toFixed(0)} MB (${report.workloads.length} workloads)`);

  console.log('\nCLI whole process (median of 15)');
  const bare = timeProcess(['-e', ''], 15);
  const cli = timeProcess(['dist/cli.js', 'check', 'examples', '--format', 'json'], 15);
  console.log(`  node -e "":                                   ${bare.toFixed(1)} ms`);
  console.log(`  inference-cost check examples --format json:  ${cli.toFixed(1)} ms  (${(cli / bare).toFixed(2)}x a bare node; target within 2x)`);

  console.log('\nBundles (target < 500 KB each)');
  for (const f of ['dist/extension.js', 'dist/cli.js', 'dist/webview.js']) console.log(`  ${f.padEnd(20)} ${kb(join(ROOT, f))}`);
}

main();
