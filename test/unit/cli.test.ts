import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_HELP, USAGE } from '../../src/cli/args';
import { run } from '../../src/cli/main';
import { BREAKDOWN_PARTS } from '../../src/core/report';
import { TODAY } from './helpers';

const EXAMPLES = join(__dirname, '../../examples');
const HOSTILE = join(__dirname, '../fixtures/hostile');

function cli(args: string[], cwd = EXAMPLES): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(args, {
    cwd,
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    today: () => TODAY,
    env: { INFERENCE_COST_OFFLINE: '1' },
  });
  return { code, out, err };
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'icr-cli-'));
  tempDirs.push(dir);
  return dir;
}

function tempDirWith(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('inference-cost check', () => {
  it('finds every inference.yaml under the folder and exits 1 on warnings', () => {
    const r = cli(['check']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('inference.yaml');
    expect(r.out).toContain('above-break-even');
    expect(r.err).toBe('');
  });

  it('--fail-on error exits 0 when there are only warnings; never always exits 0', () => {
    expect(cli(['check', '--fail-on', 'error']).code).toBe(0);
    expect(cli(['check', '--fail-on=never']).code).toBe(0);
  });

  it('--format json is compact where a program reads it (a line a workload) and indented on a terminal, the same', () => {
    const piped = cli(['check', '--format', 'json']).out;
    let onTerminal = '';
    run(['check', '--format', 'json'], {
      cwd: EXAMPLES,
      terminal: true,
      out: (t) => (onTerminal += `${t}\n`),
      err: () => undefined,
      today: () => TODAY,
    });
    expect(onTerminal).toContain('\n  "json_version": ');
    const json = JSON.parse(piped) as { workloads: unknown[] };
    expect(json).toEqual(JSON.parse(onTerminal));
    // The summary, each workload on a line of its own (a comma between), the file-level findings.
    const lines = piped.trim().split('\n');
    expect(lines).toHaveLength(json.workloads.length + 2);
    expect(json.workloads.length).toBeGreaterThan(1);
    json.workloads.forEach((w, i) => expect(JSON.parse(lines[i + 1]!.replace(/,$/, ''))).toEqual(w));
  });

  it('--format json is whole JSON for several files, and for a file with no workload to price', () => {
    const dir = tempDirWith({ 'inference.yaml': 'version: 1\nworkloads: []\n' });
    const empty = cli(['check', '--format', 'json'], dir);
    expect(JSON.parse(empty.out)).toMatchObject({ workloads: [], files: [{ path: 'inference.yaml' }] });
    copyFileSync(join(EXAMPLES, 'inference.yaml'), join(dir, 'second.yaml'));
    const two = cli(['check', 'inference.yaml', 'second.yaml', '--format', 'json'], dir);
    const json = JSON.parse(two.out) as { files: unknown[]; workloads: { file: string }[] };
    expect(json.files).toHaveLength(2);
    expect(json.workloads.every((w) => w.file === 'second.yaml')).toBe(true);
  });

  it('--format json prints one object with workloads, options, break-even and 1-based findings', () => {
    const r = cli(['check', '--format', 'json']);
    const json = JSON.parse(r.out) as { workloads: Array<Record<string, unknown>>; findings: unknown[] };
    expect((json as unknown as { json_version: number }).json_version).toBe(6);
    const w = json.workloads[0]!;
    expect(w).toMatchObject({ name: 'product-shots', volume: 100000, chosen: 'replicate/a40' });
    const options = w.options as Array<Record<string, unknown>>;
    expect(Object.keys(options[0]!)).toEqual(
      expect.arrayContaining([
        'offer',
        'billing',
        'monthly_usd',
        'compute_usd',
        'overhead_usd',
        'usd_per_image',
        'eligible',
        'price_source',
        'price_date',
        'price_origin',
      ]),
    );
    // The sources the prices came from, each with its date and origin, at the top.
    const catalog = (json as unknown as { catalog: { sources: Record<string, unknown>[] } }).catalog;
    expect(catalog.sources.map((x) => x.id)).toEqual(expect.arrayContaining(['hand-kept', 'genai-prices', 'skypilot']));
    expect(catalog.sources.find((x) => x.id === 'genai-prices')).toMatchObject({
      origin: 'package',
      date: '2026-09-23',
    });
    const a40 = options.find((o) => o.offer === 'runpod/pod-a40')!;
    expect(a40).toMatchObject({ price_origin: 'skypilot', price_date: '2026-12-02' });
    expect((w.break_even as Array<Record<string, unknown>>)[0]).toHaveProperty('volume');
    const finding = (w.findings as Array<Record<string, unknown>>).find((f) => f.code === 'above-break-even');
    expect(finding).toMatchObject({ code: 'above-break-even', severity: 'warning', line: 22, column: 15 });
    // Every part of the breakdown, in the engine's order, and they add up to the option's total.
    const parts = options[0]!.breakdown_usd as Record<string, number>;
    expect(Object.keys(parts)).toEqual(['busy', 'idle', 'cold_starts', 'warm', 'unused', 'startup', 'overhead']);
    expect(Object.keys(parts)).toHaveLength(BREAKDOWN_PARTS.length);
    expect(Object.values(parts).reduce((a, b) => a + b, 0)).toBeCloseTo(options[0]!.monthly_usd as number, 1);
    expect(Array.isArray(json.findings)).toBe(true);
  });

  it('--format json lists a few options a workload; --all-options every one priced', () => {
    type Out = { options_listed: string; workloads: { options: unknown[]; options_priced: number }[] };
    const lean = JSON.parse(cli(['check', '--format', 'json']).out) as Out;
    const all = JSON.parse(cli(['check', '--format', 'json', '--all-options']).out) as Out;
    expect([lean.options_listed, all.options_listed]).toEqual(['lean', 'all']);
    lean.workloads.forEach((w, i) => {
      expect(all.workloads[i]!.options).toHaveLength(w.options_priced);
      expect(w.options.length).toBeLessThan(w.options_priced);
    });
  });

  it('--format markdown fits a pull-request comment', () => {
    const r = cli(['check', '--format', 'markdown']);
    expect(r.out.startsWith('## Inference cost review')).toBe(true);
    expect(r.out).toContain('<details>');
  });

  it('--format sarif prints SARIF 2.1.0 with one rule per code and 1-based regions', () => {
    const sarif = JSON.parse(cli(['check', '--format', 'sarif']).out) as {
      version: string;
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string }> } };
        results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: Record<string, number> } }> }>;
      }>;
    };
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'above-break-even')!;
    expect(result.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 22, startColumn: 15 });
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('above-break-even');
  });

  it('exits 2 with a clear message for bad arguments and missing files, never a stack trace', () => {
    for (const args of [
      ['check', '--format', 'xml'],
      ['frobnicate'],
      ['check', 'no-such-file.yaml'],
      ['check', '--today', 'soon'],
      ['check', '--all-options'],
      ['diff', '--all-options'],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^inference-cost: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 for a folder without inference.yaml', () => {
    const r = cli(['check'], tempDirWith({ 'other.yaml': 'a: 1' }));
    expect(r.code).toBe(2);
    expect(r.err).toContain('no inference.yaml found');
  });

  it('reports unusable files at their place and exits 2', () => {
    const dir = tempDirWith({ 'inference.yaml': 'version: 1\nworkloads: [\n' });
    const r = cli(['check', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.out) as { findings: Array<{ code: string }> }).findings[0]!.code).toBe('yaml-syntax');
  });

  it('reports invalid UTF-8 at the first bad byte', () => {
    const dir = tempDir();
    copyFileSync(join(HOSTILE, 'invalid-utf8.yaml'), join(dir, 'inference.yaml'));
    const r = cli(['check', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.out) as { findings: Array<Record<string, unknown>> }).findings[0]).toMatchObject({
      code: 'invalid-encoding',
      line: 3,
      column: 14,
    });
  });

  it('never writes the files it reads', () => {
    const dir = tempDirWith({ 'inference.yaml': readFileSync(join(EXAMPLES, 'inference.yaml')) });
    const before = statSync(join(dir, 'inference.yaml')).mtimeMs;
    cli(['check', '--format', 'markdown'], dir);
    expect(statSync(join(dir, 'inference.yaml')).mtimeMs).toBe(before);
    expect(readFileSync(join(dir, 'inference.yaml'), 'utf8')).toBe(
      readFileSync(join(EXAMPLES, 'inference.yaml'), 'utf8'),
    );
  });

  it('--pricing lays a user pricing file over the catalog', () => {
    const dir = tempDirWith({
      'prices.yaml': 'offers:\n  - { id: segmind/api, usd_per_image: 0.001, verified: 2026-11-20 }\n',
      'inference.yaml': 'version: 1\nworkloads:\n  - { name: a, model: sdxl, volume: 1000, provider: segmind/api }\n',
    });
    const json = JSON.parse(
      cli(['check', 'inference.yaml', '--pricing', 'prices.yaml', '--format', 'json'], dir).out,
    ) as { workloads: Array<{ monthly_usd: number }> };
    expect(json.workloads[0]!.monthly_usd).toBe(1);
  });
});

describe('the built command, dist/cli.js (npm run build)', () => {
  const built = join(__dirname, '../../dist/cli.js');
  const spawnCli = (args: string[]) =>
    spawnSync(process.execPath, [built, ...args], { cwd: join(__dirname, '../..'), encoding: 'utf8' });

  it("loads the bundle with the build's code cache and prints what run() prints, with its exit code", () => {
    expect(existsSync(built), 'run `npm run build` first').toBe(true);
    expect(existsSync(join(__dirname, '../../dist/cli-bundle.cache'))).toBe(true);
    const result = spawnCli(['check', 'examples', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const printed = JSON.parse(result.stdout) as { workloads: { name: string; monthly_usd: number }[] };
    const inProcess = JSON.parse(cli(['check', '--format', 'json']).out) as typeof printed;
    expect(printed.workloads.map((w) => w.name)).toEqual(inProcess.workloads.map((w) => w.name));
    expect(spawnCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(spawnCli(['bogus']).status).toBe(2);
  });
});

describe('inference-cost init and --help', () => {
  it('init writes a starter file that check prices with no error, and never overwrites one', () => {
    const dir = tempDir();
    const first = cli(['init'], dir);
    expect(first.code).toBe(0);
    expect(first.out).toContain('inference.yaml');
    const written = readFileSync(join(dir, 'inference.yaml'), 'utf8');
    const check = cli(['check', '--fail-on', 'error'], dir);
    expect(check.code).toBe(0);
    expect(check.out).toContain('3 workloads: 0 errors');
    writeFileSync(join(dir, 'inference.yaml'), 'version: 1 # mine\n');
    const again = cli(['init'], dir);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists; init never overwrites it');
    expect(readFileSync(join(dir, 'inference.yaml'), 'utf8')).toBe('version: 1 # mine\n');
    expect(written).toContain('# Every field: docs/format.md');
  });

  it('every command has its own --help, with its options and exit codes', () => {
    for (const command of ['check', 'diff', 'catalog', 'init']) {
      const r = cli([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.out, command).toMatch(new RegExp(`^inference-cost ${command}`));
      expect(r.out, command).toContain('Exit codes');
    }
    expect(cli(['check', '--help']).out).toContain('--offline');
  });

  it("the README's synopsis and the usage give each command the options its --help gives", () => {
    // A synopsis is a line starting `inference-cost <command>` and the indented lines that continue it.
    const synopses = (text: string): Map<string, Set<string>> => {
      const found = new Map<string, Set<string>>();
      let current: Set<string> | undefined;
      for (const line of text.split('\n')) {
        const start = /^\s*inference-cost ((?:catalog update)|[a-z]+)\b(.*)$/.exec(line);
        if (start) {
          current = found.get(start[1]!) ?? new Set();
          found.set(start[1]!, current);
        } else if (!/^\s{8,}\[/.test(line)) current = undefined;
        for (const flag of (start?.[2] ?? (current ? line : '')).match(/--[a-z-]+/g) ?? []) current?.add(flag);
      }
      return found;
    };
    const help = synopses(Object.values(COMMAND_HELP).join('\n'));
    const cliSection = readFileSync('README.md', 'utf8').split('## The CLI')[1]!.split('```')[1]!;
    const readme = synopses(cliSection);
    const usage = synopses(USAGE);
    expect([...help.keys()].sort()).toEqual(['catalog', 'catalog update', 'check', 'diff', 'init', 'scan', 'usage']);
    for (const [command, flags] of help) {
      expect([...(readme.get(command) ?? [])].sort(), `README: ${command}`).toEqual([...flags].sort());
      // The usage is the short form: --offline and --today are explained once below it.
      const short = [...flags].filter((f) => f !== '--offline' && f !== '--today').sort();
      expect([...(usage.get(command) ?? [])].filter((f) => f !== '--offline').sort(), `usage: ${command}`).toEqual(
        short,
      );
    }
  });
});

describe('inference-cost catalog', () => {
  it('lists offers with price, verified date and source', () => {
    const r = cli(['catalog']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/replicate\/a40\s+per_second\s+a40\s+\$0\.000725\/s\s+2026-12-02/);
    // The sources come first, each with its date and where its data came from (offline: the package).
    expect(r.out).toMatch(/^Price sources\n/);
    expect(r.out).toMatch(/Per-token prices \(@pydantic\/genai-prices\): \d+ offers, 2026-09-23 \(package\)/);
    expect(r.out).toMatch(
      /Hand-kept offers \(providers' pricing pages\): \d+ offers, oldest checked 2023-12-25 \(package\)/,
    );
    expect(r.out).toMatch(
      /GPU rentals \(SkyPilot catalog\), runpod: \d+ offers, 2026-12-02 \(package\); skipped 1 unknown GPU B300/,
    );
    const json = JSON.parse(cli(['catalog', '--format', 'json']).out) as { offers: unknown[] };
    expect(json.offers.length).toBeGreaterThan(30);
  });
});
