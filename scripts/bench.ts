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
import { parseInferenceYaml } from '../src/core/format/parse';
import { generateFile } from './benchFile';

const ROOT = join(__dirname, '..');
const SIZES = [1, 100, 1_000, 10_000];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median time of one call, after a few unmeasured ones. Each stage is sampled in a loop of its own, so the
 * analysis is not charged for the garbage of the much larger full runs. No forced GC between samples: a full
 * collection shrinks V8's young generation and the next sample would pay to grow it again, which a long-running
 * extension host never does.
 */
function timed(runs: number, f: () => unknown): number {
  for (let i = 0; i < 3; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Median times of the stages: parsing, the whole analysis, and the analysis with every break-even. */
function timeEngine(text: string, runs: number): { parse: number; analyze: number; full: number; workloads: number } {
  const settings = defaultSettings('2026-11-23');
  const warm = analyzeText(text, settings);
  return {
    parse: timed(runs, () => parseInferenceYaml(text)),
    analyze: timed(runs, () => analyzeText(text, settings)),
    full: timed(runs, () => {
      analyzeText(text, settings, 'all');
    }),
    workloads: warm.workloads.length,
  };
}

function spawnMs(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

/** Medians of whole processes, run in turns: a busy spell on the machine then slows both, not just one. */
function timeProcesses(commands: string[][], runs: number): number[] {
  const times = commands.map((): number[] => []);
  for (let i = 0; i < runs; i++) commands.forEach((args, c) => times[c]!.push(spawnMs(args)));
  return times.map(median);
}

function kb(path: string): string {
  return existsSync(path) ? `${(statSync(path).size / 1024).toFixed(1)} KB` : 'not built';
}

function main(): void {
  console.log(`Inference Cost Review benchmarks · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
  console.log(`Engine, every workload against the whole catalog (${builtinCatalog().offers.size} offers); medians, ms`);
  console.log('  analysis = parse + validate + price + findings (what diagnostics need); full = analysis + every break-even (JSON)');
  console.log(`  ${'workloads'.padStart(9)} ${'file KB'.padStart(8)} ${'parse'.padStart(9)} ${'analysis'.padStart(9)} ${'full'.padStart(9)} ${'µs/workload'.padStart(12)}  growth of analysis`);
  let previous: { n: number; ms: number } | undefined;
  for (const n of SIZES) {
    const text = generateFile(n);
    const t = timeEngine(text, n >= 10_000 ? 9 : 31);
    if (t.workloads !== n) throw new Error(`only ${t.workloads} of ${n} workloads were analysed`);
    const growth = previous ? `×${(t.analyze / previous.ms).toFixed(1)} for ×${n / previous.n}` : '';
    const target = n === 1_000 ? '  (target: 1,000 under 50 ms)' : '';
    console.log(`  ${String(n).padStart(9)} ${(text.length / 1024).toFixed(0).padStart(8)} ${t.parse.toFixed(1).padStart(9)} ${t.analyze.toFixed(1).padStart(9)} ${t.full.toFixed(1).padStart(9)} ${((t.analyze / n) * 1000).toFixed(0).padStart(12)}  ${growth}${target}`);
    previous = { n, ms: t.analyze };
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  const text10k = generateFile(10_000);
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const report = analyzeText(text10k, defaultSettings('2026-11-23'));
  gc?.();
  const held = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  console.log(`  heap held by a 10,000-workload report: ${held.toFixed(0)} MB, ${((held * 1024) / report.workloads.length).toFixed(1)} KB a workload${gc ? '' : ' (run with --expose-gc for an exact figure)'}`);

  console.log('\nCLI whole process (medians of 21, the two run in turns)');
  const [bare, cli] = timeProcesses([['-e', ''], ['dist/cli.js', 'check', 'examples', '--format', 'json']], 21) as [number, number];
  console.log(`  node -e "":                                   ${bare.toFixed(1)} ms`);
  console.log(`  inference-cost check examples --format json:  ${cli.toFixed(1)} ms  (${(cli / bare).toFixed(2)}x a bare node; target within 2x)`);

  console.log('\nBundles (target < 500 KB each)');
  for (const f of ['dist/extension.js', 'dist/cli.js', 'dist/webview.js']) console.log(`  ${f.padEnd(20)} ${kb(join(ROOT, f))}`);
}

main();
