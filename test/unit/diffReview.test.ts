import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeText, defaultSettings } from '../../src/core/engine/analyze';
import { diffReports } from '../../src/core/diff/diff';
import { evaluateGate } from '../../src/core/diff/gate';
import { COMMENT_LIMIT, COMMENT_MARKER, diffMarkdown } from '../../src/core/render/diffMarkdown';
import { diffJson, diffSarif, diffTable } from '../../src/core/render/diff';
import { CATALOG, TODAY } from './helpers';
import { cli, ScriptedRepos, write } from './scriptedRepo';
import { formatMonthly } from '../../src/core/money';

/** Cases from issue 32, each on a scripted git repository: what a pull-request review must not get wrong. */
const repos = new ScriptedRepos();
afterAll(() => repos.removeAll());

// Block style: each field on its own line, so a finding's line says which field.
const BASE = `version: 1
workloads:
  - name: shots
    model: flux-dev
    volume: 100000
    provider: replicate/a40
  - name: thumbs
    model: sdxl
    volume: 20000
    provider: segmind/api
`;

/** The base file's month, as check prices it. */
const BASE_TOTAL = formatMonthly(analyzeText(BASE, { ...defaultSettings(TODAY), catalog: CATALOG }).totals.totalMicros);

interface Workload {
  name: string;
  status: string;
  previous_name?: string;
  before_usd: number | null;
  after_usd: number | null;
  delta_usd: number;
  volume_before: number | null;
  volume_after: number | null;
  changes: { field: string; before: string; after: string }[];
  cost_parts: { part: string; delta_usd: number }[];
  not_priced: { side: string; reason: string; line: number | null } | null;
}
interface Placed {
  code: string;
  severity: string;
  message: string;
  workload: string | null;
  file: string;
  line: number;
}
interface DiffJson {
  json_version: number;
  kind: string;
  base: string;
  base_commit: string | null;
  before_usd: number;
  after_usd: number;
  delta_usd: number;
  changed: boolean;
  gate: {
    passed: boolean;
    fail_on: string;
    fail_on_increase: {
      limit: string;
      allowed_usd: number | null;
      delta_usd: number;
      exceeded: boolean;
      drivers: { file: string; workload: string; delta_usd: number }[];
    } | null;
    findings: Placed[];
    unparsable: { file: string; line: number; message: string }[];
    not_priced: { file: string; workload: string; side: string; reason: string; line: number | null }[];
    reasons: string[];
  };
  files: {
    path: string;
    status: string;
    unparsable: { before: { line: number } | null; after: { line: number; message: string } | null };
    before_usd: number;
    after_usd: number;
    delta_usd: number;
    workloads: Workload[];
    appeared: Placed[];
    resolved: Placed[];
  }[];
}

function json(dir: string, ...args: string[]): DiffJson {
  return JSON.parse(cli(dir, 'diff', '--format', 'json', ...args).out) as DiffJson;
}

function byName(j: DiffJson): Map<string, Workload> {
  return new Map(j.files.flatMap((f) => f.workloads).map((w) => [w.name, w]));
}

describe('a gate that cannot be fooled', () => {
  it('a typo in provider: is "not priced", left out of the change and named, and fails the run by default', () => {
    const dir = repos.create({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', BASE.replace('segmind/api', 'segmind/apii'));
    const table = cli(dir, 'diff', '--fail-on-increase', '10%');
    // Before: "removed, -$200 (-5%)", exit 0 under the 10 % gate.
    expect(table.code).toBe(1);
    expect(table.out).toContain('not priced: thumbs (inference.yaml:10): Unknown offer `segmind/apii`.');
    expect(table.out).not.toContain('removed');
    const j = json(dir);
    expect(byName(j).get('thumbs')).toMatchObject({
      status: 'not-priced',
      before_usd: 200,
      after_usd: null,
      delta_usd: 0,
    });
    expect(j.delta_usd).toBe(0);
    expect(j.gate).toMatchObject({ passed: false, fail_on: 'error' });
    expect(j.gate.not_priced).toEqual([
      expect.objectContaining({ file: 'inference.yaml', workload: 'thumbs', side: 'after', line: 10 }),
    ]);
    expect(j.gate.findings.map((f) => [f.code, f.line])).toEqual([['unknown-offer', 10]]);
    // What thumbs had at the base is not "resolved": nothing is known of it now.
    expect(j.files[0]!.resolved.filter((f) => f.workload === 'thumbs')).toEqual([]);
    const md = cli(dir, 'diff', '--format', 'markdown').out;
    expect(md.split('\n')[1]).toBe('## Inference cost: no change against `main` · not priced: `thumbs`');
    // Asked not to gate on findings, it still is no saving.
    const lenient = cli(dir, 'diff', '--fail-on', 'never', '--fail-on-increase', '10%');
    expect(lenient.code).toBe(0);
    expect(lenient.out).toContain('no change');
  });

  it('a model typo and a negative volume are not priced either; `workloads: {}` is a file with no cost', () => {
    const dir = repos.create({ 'inference.yaml': BASE });
    for (const [broken, status] of [
      [BASE.replace('model: sdxl', 'model: sdxll'), 'not-priced'],
      [BASE.replace('volume: 20000', 'volume: -5'), 'not-priced'],
    ] as const) {
      write(dir, 'inference.yaml', broken);
      const r = cli(dir, 'diff');
      expect(r.code).toBe(1);
      expect(r.err).toContain('the gate failed');
      expect(byName(json(dir)).get('thumbs')).toMatchObject({ status, delta_usd: 0 });
    }
    write(dir, 'inference.yaml', 'version: 1\nworkloads: {}\n');
    const r = cli(dir, 'diff');
    expect(r.code).toBe(2);
    expect(r.out).toContain('inference.yaml:2: does not parse: cost not computed');
    expect(r.out).not.toContain('-100%');
    expect(json(dir).delta_usd).toBe(0);
  });

  it('a file that does not parse is one headline at its file:line, not -100 %', () => {
    const dir = repos.create({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', BASE.replace('volume: 100000', 'volume: [100000'));
    const r = cli(dir, 'diff');
    expect(r.code).toBe(2);
    // Line 5 is the unclosed bracket; the parser gives up on line 6 and cascades to line 9.
    expect(r.out).toContain(
      'inference.yaml:5: does not parse: cost not computed (YAML syntax: the `[` opened here is never closed)',
    );
    expect(r.out).not.toMatch(/-100%|\$0\.00\/mo|removed/);
    expect(r.out.match(/yaml-syntax|does not parse/g)).toHaveLength(3); // the headline, its not-priced line, the gate
    const j = json(dir);
    expect(j.files[0]!.unparsable.after).toMatchObject({ line: 5 });
    expect(j.files[0]!.appeared).toHaveLength(1);
    expect(j.files[0]!.resolved).toEqual([]);
    expect(j.delta_usd).toBe(0);
    const md = cli(dir, 'diff', '--format', 'markdown').out;
    expect(md).toContain('## Inference cost: not computed against `main` · not priced: `inference.yaml`');
    expect(md).toContain('### inference.yaml:5: does not parse: cost not computed');
    expect(md).not.toContain('-100%');
  });

  it('a path that exists neither now nor at the base is exit 2, as check says it', () => {
    const dir = repos.create({ 'inference.yaml': BASE });
    for (const path of ['svc/inference.yaml', 'nowhere']) {
      const r = cli(dir, 'diff', path);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`no such file or folder: ${path} (not in the working tree, nor at main)`);
    }
  });

  it('a file the repository ignores is not priced; one named on the command line is', () => {
    const dir = repos.create({ 'inference.yaml': BASE, '.gitignore': 'build/\n' });
    write(dir, 'build/inference.yaml', BASE.replace('volume: 100000', 'volume: 900000'));
    expect(json(dir).files.map((f) => f.path)).toEqual(['inference.yaml']);
    expect(json(dir).delta_usd).toBe(0);
    expect(json(dir, 'build/inference.yaml').files.map((f) => f.path)).toEqual(['build/inference.yaml']);
  });

  it('a rename with a volume change is one workload, renamed, with what changed', () => {
    const dir = repos.create({ 'inference.yaml': BASE });
    write(
      dir,
      'inference.yaml',
      BASE.replace('name: thumbs', 'name: thumbnails').replace('volume: 20000', 'volume: 40000'),
    );
    const j = json(dir);
    expect(j.files[0]!.workloads.map((w) => w.status).sort()).toEqual(['renamed', 'unchanged']);
    expect(byName(j).get('thumbnails')).toMatchObject({
      previous_name: 'thumbs',
      volume_before: 20000,
      volume_after: 40000,
      changes: [{ field: 'volume', before: '20,000', after: '40,000' }],
      delta_usd: 200,
    });
    // Its findings follow it: the same findings under the new name are not new.
    expect(j.files[0]!.appeared).toEqual([]);
  });

  it('a change that fixes a broken base is compared with nothing: not +100 %, not over a 10 % gate', () => {
    const dir = repos.create({ 'inference.yaml': BASE.replace('volume: 100000', 'volume: [100000') });
    write(dir, 'inference.yaml', BASE);
    const r = cli(dir, 'diff', '--fail-on-increase', '10%');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`inference.yaml (the base does not parse at line 5: not compared): now ${BASE_TOTAL}`);
    const j = json(dir, '--fail-on-increase', '10%');
    expect(j.files[0]!.unparsable.before).toMatchObject({ line: 5 });
    expect(j.files[0]!.workloads.map((w) => w.status)).toEqual(['was-not-priced', 'was-not-priced']);
    expect(j.delta_usd).toBe(0);
    expect(j.gate.passed).toBe(true);
  });
});

describe('the gate says why', () => {
  it('names the limit, the rise and the workloads that drove it, on stderr, in the output and in the JSON', () => {
    const dir = repos.create({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', BASE.replace('volume: 100000', 'volume: 300000'));
    const gated = cli(dir, 'diff', '--fail-on-increase', '10%');
    const plain = cli(dir, 'diff');
    expect(gated.code).toBe(1);
    expect(plain.code).toBe(0);
    for (const text of [gated.err, gated.out])
      expect(text).toMatch(
        /The monthly cost rises by \+\$[\d,.]+\/mo \(\+\d+%\), over the limit of 10%, at most \+\$[\d,.]+\/mo: shots \+\$[\d,.]+ \(inference\.yaml\)\./,
      );
    expect(gated.out).toContain('Gate failed:');
    expect(plain.out).not.toContain('Gate failed');
    expect(plain.err).toBe('');
    const j = json(dir, '--fail-on-increase', '10%');
    expect(j.gate.passed).toBe(false);
    expect(j.gate.fail_on_increase).toMatchObject({ limit: '10%', exceeded: true });
    expect(j.gate.fail_on_increase!.allowed_usd).toBeCloseTo(j.before_usd / 10, 1);
    expect(j.gate.fail_on_increase!.drivers).toEqual([
      { file: 'inference.yaml', workload: 'shots', delta_usd: j.delta_usd },
    ]);
    expect(j.gate.reasons).toHaveLength(1);
    expect(json(dir, '--fail-on-increase', '1000%').gate).toMatchObject({ passed: true, reasons: [] });
    expect(j).toMatchObject({ json_version: 5, kind: 'diff', base: 'main' });
    expect(j.base_commit).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('a comment a reviewer reads in ten seconds', () => {
  it('leads with the change, then per file its subtotal and per workload what changed and the cost parts that moved', () => {
    const dir = repos.create({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', BASE.replace('volume: 100000', 'volume: 300000'));
    const md = cli(dir, 'diff', '--format', 'markdown').out.split('\n');
    expect(md[0]).toBe(COMMENT_MARKER);
    expect(md[1]).toMatch(/^## Inference cost: \+\$[\d,.]+\/mo \(\+\d+%\) against `main`$/);
    const heading = md.find((l) => l.startsWith(`### inference.yaml: ${BASE_TOTAL} → $`));
    expect(heading).toMatch(/\/mo, \+\$[\d,.]+\/mo \(\+\d+%\)$/);
    const row = md.find((l) => l.startsWith('| shots |'))!;
    expect(row).toContain('| volume 100,000 → 300,000 |');
    expect(row).toMatch(/\| [^|]*busy \+\$[\d,]+[^|]*\|/);
    expect(md).toContain('1 other workload unchanged.');
    const j = json(dir);
    expect(
      byName(j)
        .get('shots')!
        .cost_parts.map((p) => p.part),
    ).toContain('busy');
  });

  it('50 files: each workload under its file with a subtotal, past ten folded, within 65,536 characters', () => {
    const files: Record<string, string> = {};
    const chat = (requests: number) =>
      `version: 1\nworkloads:\n  - { name: support-chat, model: llama-3.1-8b, requests: ${requests}, input_tokens: 800, output_tokens: 200, provider: together/llama-3.1-8b }\n`;
    for (let i = 1; i <= 50; i++) files[`svc${String(i).padStart(2, '0')}/inference.yaml`] = chat(100_000);
    const dir = repos.create(files);
    for (const path of Object.keys(files)) write(dir, path, chat(100_000 + Number(path.slice(3, 5)) * 1000));
    const md = cli(dir, 'diff', '--format', 'markdown').out;
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const headings = md.split('\n').filter((l) => l.startsWith('### '));
    expect(headings).toHaveLength(50);
    // Largest change first: svc50 rose most.
    expect(headings[0]).toMatch(/^### svc50\/inference\.yaml: /);
    expect(md).toContain('<details><summary>40 more files changed</summary>');
    expect(md.indexOf('### svc40/')).toBeGreaterThan(md.indexOf('40 more files changed'));
    expect(md.indexOf('### svc41/')).toBeLessThan(md.indexOf('40 more files changed'));
  });

  it('over the limit: files are left out from the last, with a note, and the comment stays within it', () => {
    const settings = { ...defaultSettings(TODAY), catalog: CATALOG };
    const text = (volume: number) =>
      `version: 1\nworkloads:\n  - { name: a-workload-with-a-long-name, model: sdxl, volume: ${volume}, provider: segmind/api }\n`;
    const files = Array.from({ length: 30 }, (_, i) =>
      diffReports(
        `services/team-${i}/inference.yaml`,
        analyzeText(text(1000), settings),
        analyzeText(text(2000 + i), settings),
      ),
    );
    const run = { base: 'main', files, gate: evaluateGate(files, { failOn: 'error' }) };
    const whole = diffMarkdown(run);
    expect(whole).not.toContain('left out');
    const cut = diffMarkdown(run, 6_000);
    expect(cut.length).toBeLessThanOrEqual(6_000);
    expect(cut).toMatch(/_\d+ more changed files are left out: a comment holds 65,536 characters/);
    expect(cut.startsWith(whole.slice(0, 500))).toBe(true);
    const tiny = diffMarkdown(run, 500);
    expect(tiny.length).toBeLessThanOrEqual(500);
    expect(tiny).toContain('The rest of this comment is cut');
  });

  it('nothing changed: one line, changed: false (the Action posts nothing)', () => {
    const dir = repos.create({ 'inference.yaml': BASE });
    const md = cli(dir, 'diff', '--format', 'markdown').out;
    expect(md).toContain('## Inference cost: no change against `main`');
    expect(md).not.toContain('|');
    expect(json(dir).changed).toBe(false);
  });
});

describe('honest inputs across a provider switch', () => {
  const MEASURED = `version: 1
workloads:
  - name: shots
    model: sdxl
    volume: 100000
    provider: replicate/a100-80gb
    seconds_per_image: 2.5
`;

  it('a seconds_per_image measured on one GPU and kept after a switch to another is a warning with the scaled figure', () => {
    const dir = repos.create({ 'inference.yaml': MEASURED });
    write(dir, 'inference.yaml', MEASURED.replace('replicate/a100-80gb', 'runpod/4090'));
    const found = json(dir).files[0]!.appeared.filter((f) => f.code === 'measurement-on-other-gpu');
    const a100 = CATALOG.gpus.get('a100-80gb')!.relative_speed;
    const rtx4090 = CATALOG.gpus.get('rtx4090')!.relative_speed;
    const scaled = Number(((2.5 * a100) / rtx4090).toPrecision(3));
    expect(found).toEqual([
      expect.objectContaining({ severity: 'warning', workload: 'shots', line: 7, file: 'inference.yaml' }),
    ]);
    expect(found[0]!.message).toContain(`measured on a100-80gb and is now applied unchanged to rtx4090`);
    expect(found[0]!.message).toContain(`it would be about ${scaled} s`);
    expect(cli(dir, 'diff', '--fail-on', 'warning').code).toBe(1);
    // A figure changed with the switch is a new measurement: nothing to say.
    write(dir, 'inference.yaml', MEASURED.replace('replicate/a100-80gb', 'runpod/4090').replace('2.5', '3.4'));
    expect(json(dir).files[0]!.appeared.map((f) => f.code)).not.toContain('measurement-on-other-gpu');
  });
});

describe('SARIF', () => {
  interface Sarif {
    runs: {
      tool: { driver: { rules: { id: string; help?: { text: string }; fullDescription?: { text: string } }[] } };
      results: {
        ruleId: string;
        level: string;
        locations: { physicalLocation: { region: { startLine: number } } }[];
      }[];
    }[];
  }
  const sarif = (dir: string, ...args: string[]) =>
    JSON.parse(cli(dir, 'diff', '--format', 'sarif', ...args).out) as Sarif;

  it('puts a cost rise on the line that changed, an error where it fails the gate, with help on every rule', () => {
    const dir = repos.create({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', BASE.replace('volume: 100000', 'volume: 300000'));
    const rise = (log: Sarif) => log.runs[0]!.results.filter((r) => r.ruleId === 'cost-increase');
    const plain = rise(sarif(dir));
    // volume: is line 5; provider: (unchanged, where it used to point) is line 6.
    expect(plain.map((r) => [r.level, r.locations[0]!.physicalLocation.region.startLine])).toEqual([['note', 5]]);
    expect(rise(sarif(dir, '--fail-on-increase', '10%')).map((r) => r.level)).toEqual(['error']);
    const rules = sarif(dir).runs[0]!.tool.driver.rules;
    expect(rules.length).toBeGreaterThan(30);
    for (const rule of rules) {
      expect(rule.help?.text, rule.id).toMatch(/\w{4,}.*\./);
      expect(rule.help?.text, rule.id).not.toContain('See the findings table');
      expect(rule.fullDescription?.text).toBe(rule.help?.text);
    }
  });
});

describe('any two sides', () => {
  it('a diff of any edit of a file (cut, doubled or typed over) renders every format, and never counts a side it cannot price', () => {
    const settings = { ...defaultSettings(TODAY), catalog: CATALOG };
    const edit = fc
      .tuple(fc.nat(BASE.length), fc.nat(40), fc.string({ maxLength: 12 }))
      .map(([at, cut, typed]) => BASE.slice(0, at) + typed + BASE.slice(Math.min(BASE.length, at + cut)));
    const root = { uri: 'file:///repo/', fromRoot: (p: string) => p, absolute: (p: string) => `file:///${p}` };
    fc.assert(
      fc.property(fc.oneof(edit, fc.constant(BASE)), edit, (before, after) => {
        const file = diffReports('inference.yaml', analyzeText(before, settings), analyzeText(after, settings));
        const run = { base: 'main', files: [file], gate: evaluateGate([file], { failOn: 'error' }) };
        expect(diffMarkdown(run).length).toBeLessThanOrEqual(COMMENT_LIMIT);
        diffTable(run);
        JSON.stringify(diffJson(run));
        diffSarif(run, '0.0.0', root);
        for (const w of file.workloads) if (w.notPriced) expect(w.deltaMicros).toBe(0);
        const compared = file.workloads.filter((w) => !w.notPriced);
        expect(file.afterMicros).toBe(compared.reduce((s, w) => s + (w.afterMicros ?? 0), 0));
        // A side that does not parse has no cost at all: nothing of it is in the change.
        if (file.unparsable.after) expect(file.deltaMicros).toBe(0);
      }),
      { numRuns: 80, interruptAfterTimeLimit: 15_000 },
    );
  });
});
