/**
 * npm run bench: prints the figures the README quotes. Figures, not assertions: the targets are shown beside them.
 *   engine time per file size (1 to 10,000 workloads against the whole catalog) and its growth,
 *   the CLI's whole-process time against a bare `node -e ""`, memory, bundle sizes, and `usage import` of a
 *   100,000- and a 1,000,000-row request log (time, peak heap and RSS: bounded memory shows as the same peak).
 * Editor figures (activation, edit-to-diagnostics in code-server, VSIX size) come from `npm run bench:editor`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeText, defaultSettings, JSON_SCOPE } from '../src/core/engine/analyze';
import { parseInferenceYaml } from '../src/core/format/parse';
import { benchCatalog, generateFile } from './benchFile';
import { importUsage } from '../src/node/importUsage';
import { loadCatalog } from '../src/node/catalog';
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { benchScan } from '../test/bench/scan';

const ROOT = join(__dirname, '..');
const SIZES = [1, 20, 50, 200, 1_000];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Unmeasured calls first, for at least this long: V8 optimizes the pricing code only after many calls. */
const WARM_UP_MS = 1000;

/**
 * Median time of one call, once warm, as in a long-running extension host (the CLI's cold start is measured
 * whole-process below). Each stage is sampled in a loop of its own, after a full collection (`--expose-gc`), so no
 * stage is charged for the garbage of the one before. No forced GC between samples: a full collection shrinks V8's young generation and the next sample would pay
 * to grow it again, which a long-running extension host never does.
 */
function timed(runs: number, f: () => unknown): number {
  (globalThis as { gc?: () => void }).gc?.();
  const warmUntil = performance.now() + WARM_UP_MS;
  for (let i = 0; i < 3 || performance.now() < warmUntil; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Median times of the stages: parsing, the editor's analysis (one break-even a workload), and every break-even. */
function timeEngine(text: string, runs: number): { parse: number; analyze: number; full: number; workloads: number } {
  const settings = { ...defaultSettings('2026-12-02'), catalog: benchCatalog() };
  const warm = analyzeText(text, settings);
  return {
    parse: timed(runs, () => parseInferenceYaml(text)),
    analyze: timed(runs, () => analyzeText(text, settings)),
    full: timed(runs, () => analyzeText(text, settings, JSON_SCOPE)),
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
  console.log(
    `Inference Cost Review benchmarks · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`,
  );
  console.log(`Engine, every workload against the shipped catalog (${benchCatalog().offers.size} offers); medians, ms`);
  console.log(
    '  editor = parse + validate + price + findings + one break-even a workload (what-if points on hover); json = the break-even with the cheapest offer of each provider and billing model, and the what-if points (the JSON)',
  );
  console.log(
    `  ${'workloads'.padStart(9)} ${'file KB'.padStart(8)} ${'parse'.padStart(9)} ${'editor'.padStart(9)} ${'json'.padStart(9)} ${'µs/workload (json)'.padStart(18)}  growth of json`,
  );
  let previous: { n: number; ms: number } | undefined;
  for (const n of SIZES) {
    const text = generateFile(n);
    const t = timeEngine(text, n >= 1_000 ? 7 : 21);
    if (t.workloads !== n) throw new Error(`only ${t.workloads} of ${n} workloads were analysed`);
    const growth = previous ? `×${(t.full / previous.ms).toFixed(1)} for ×${n / previous.n}` : '';
    const target = '';
    console.log(
      `  ${String(n).padStart(9)} ${(text.length / 1024).toFixed(0).padStart(8)} ${t.parse.toFixed(1).padStart(9)} ${t.analyze.toFixed(1).padStart(9)} ${t.full.toFixed(1).padStart(9)} ${((t.full / n) * 1000).toFixed(0).padStart(18)}  ${growth}${target}`,
    );
    previous = { n, ms: t.full };
  }

  console.log('\nCLI whole process (medians of 11, run in turns with a bare node)');
  const dir = mkdtempSync(join(tmpdir(), 'icr-bench-'));
  const big = join(dir, 'inference.yaml');
  writeFileSync(big, generateFile(1_000));
  try {
    const commands = [
      ['-e', ''],
      ['dist/cli.js', 'check', 'examples'],
      ['dist/cli.js', 'check', 'examples', '--format', 'json'],
      ...['table', 'json', 'markdown', 'sarif'].map((f) => ['dist/cli.js', 'check', big, '--format', f]),
    ];
    const [bare, ...cli] = timeProcesses(commands, 11) as [number, ...number[]];
    console.log(`  node -e "":                                   ${bare.toFixed(1)} ms`);
    console.log(
      `  check examples (table):                       ${cli[0]!.toFixed(1)} ms  (${(cli[0]! / bare).toFixed(2)}x a bare node; target within 2.5x)`,
    );
    console.log(
      `  check examples --format json:                 ${cli[1]!.toFixed(1)} ms  (${(cli[1]! / bare).toFixed(2)}x)`,
    );
    ['table', 'json', 'markdown', 'sarif'].forEach((f, i) =>
      console.log(
        `  1,000 workloads --format ${f.padEnd(9)}           ${cli[2 + i]!.toFixed(0)} ms  (target under 3,000 ms)`,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  growth();

  console.log('\nBundles (target < 500 KB each)');
  for (const f of ['dist/extension.js', 'dist/cli-bundle.js', 'dist/webview.js'])
    console.log(`  ${f.padEnd(20)} ${kb(join(ROOT, f))}`);
}

/** A whole `check` process: its time and peak resident memory (scripts/peak-rss.mjs writes it as the child exits). */
function processRun(args: string[]): { ms: number; peakMb: number } {
  const peakFile = join(tmpdir(), `icr-peak-${process.pid}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', './scripts/peak-rss.mjs', ...args], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, PEAK_RSS_FILE: peakFile },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  const peakMb = Number(readFileSync(peakFile, 'utf8')) / 1024;
  rmSync(peakFile, { force: true });
  return { ms, peakMb };
}

/** 1,000 and 10,000 workloads, whole process: time and peak memory per format, and how they grow (#34's targets). */
function growth(): void {
  console.log('\nGrowth, whole process (median time and highest peak RSS of 3 runs at 1,000, 2 at 10,000)');
  const dir = mkdtempSync(join(tmpdir(), 'icr-bench-growth-'));
  try {
    const sizes = [1_000, 10_000] as const;
    const files = new Map(sizes.map((n) => [n, join(dir, `w${n}.yaml`)]));
    for (const n of sizes) writeFileSync(files.get(n)!, generateFile(n));
    const targets: Record<string, string> = { json: 'under 1 GB', table: 'under 600 MB' };
    for (const format of ['json', 'table', 'markdown', 'sarif']) {
      const at = sizes.map((n) => {
        const runs = Array.from({ length: n === 1_000 ? 3 : 2 }, () =>
          processRun(['dist/cli.js', 'check', files.get(n)!, '--format', format, '--offline']),
        );
        return { ms: median(runs.map((r) => r.ms)), peakMb: Math.max(...runs.map((r) => r.peakMb)) };
      });
      const [k1, k10] = at as [(typeof at)[0], (typeof at)[0]];
      console.log(
        `  ${format.padEnd(8)} 1,000: ${k1.ms.toFixed(0).padStart(6)} ms ${k1.peakMb.toFixed(0).padStart(5)} MB · 10,000: ${k10.ms.toFixed(0).padStart(6)} ms ${k10.peakMb.toFixed(0).padStart(5)} MB · ×${(k10.ms / k1.ms).toFixed(1)} time for ×10 (target within ×12)${targets[format] ? `, peak ${targets[format]} at 10,000` : ''}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A request log of n rows over four weeks, written as a stream (a million rows is about 70 MB). */
async function writeLog(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('timestamp,gpu,duration_ms,status\n');
  const start = Date.UTC(2026, 10, 2);
  const step = (28 * 86_400_000) / rows;
  for (let i = 0; i < rows; i++) {
    const line = `${new Date(start + i * step).toISOString()},NVIDIA GeForce RTX 3090,${2800 + (i % 700)},200\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** usage import in this process: its time, and the peak heap and RSS sampled while it reads. */
async function timeImport(path: string): Promise<{ ms: number; heapMb: number; rssMb: number }> {
  const catalog = loadCatalog({ offline: true, root: ROOT });
  const text = readFileSync(join(ROOT, 'examples', 'inference.yaml'), 'utf8');
  (globalThis as { gc?: () => void }).gc?.();
  let heap = 0;
  let rss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed);
    rss = Math.max(rss, m.rss);
  };
  const timer = setInterval(sample, 20);
  const t = performance.now();
  const outcome = await importUsage({
    text,
    logPath: path,
    workload: 'thumbnails',
    settings: { ...defaultSettings('2026-12-04'), catalog },
    timeZone: 'America/New_York',
  });
  const ms = performance.now() - t;
  clearInterval(timer);
  sample();
  if (!outcome.ok) throw new Error(outcome.message);
  return { ms, heapMb: heap / 2 ** 20, rssMb: rss / 2 ** 20 };
}

async function benchImport(): Promise<void> {
  console.log('\nusage import of a CSV request log, read as a stream (peak heap and RSS sampled every 20 ms)');
  const dir = mkdtempSync(join(tmpdir(), 'icr-bench-log-'));
  try {
    for (const rows of [100_000, 1_000_000]) {
      const path = join(dir, `log-${rows}.csv`);
      await writeLog(path, rows);
      const r = await timeImport(path);
      console.log(
        `  ${rows.toLocaleString('en-US').padStart(9)} rows (${kb(path)}): ${r.ms.toFixed(0)} ms, ${((rows / r.ms) * 1000).toFixed(0)} rows/s, peak heap ${r.heapMb.toFixed(0)} MB, peak RSS ${r.rssMb.toFixed(0)} MB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
benchScan();
void benchImport();
