import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { parseIncreaseLimit } from '../../src/core/diff/diff';
import { TODAY } from './helpers';
import { git } from './scriptedRepo';

const FIXTURES = join(__dirname, '../fixtures/diff');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const BASE = `version: 1
workloads:
  - { name: shots, model: flux-dev, volume: 100000, provider: replicate/a40 }
  - { name: thumbs, model: sdxl, volume: 20000, provider: segmind/api }
  - { name: legacy, model: sd15, volume: 5000, provider: segmind/api }
`;
const CHANGED = `version: 1
workloads:
  - { name: shots, model: flux-dev, volume: 300000, provider: replicate/a40 }
  - { name: thumbnails, model: sdxl, volume: 20000, provider: segmind/api }
  - { name: avatars, model: sdxl, volume: 1000, provider: vast/rtx3090 }
`;

/** A repository whose main branch has the given files committed; the working tree is then changed by the test. */
function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'icr-git-'));
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  for (const [path, text] of Object.entries(files)) write(dir, path, text);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  return dir;
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function diff(dir: string, ...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(['diff', '--today', TODAY, ...args], {
    cwd: dir,
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    today: () => TODAY,
    env: { INFERENCE_COST_OFFLINE: '1' },
  });
  return { code, out, err };
}

interface DiffJson {
  base: string;
  delta_usd: number;
  files: Array<{
    path: string;
    status: string;
    before_usd: number;
    after_usd: number;
    workloads: Array<Record<string, unknown>>;
    appeared: Array<{ code: string }>;
    resolved: Array<{ code: string }>;
  }>;
}

describe('inference-cost diff against real git repositories', () => {
  it('reports changed, renamed, added and removed workloads, and findings that appeared or went away', () => {
    const dir = repoWith({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', CHANGED);
    git(dir, 'commit', '-q', '-am', 'change');
    const json = JSON.parse(diff(dir, '--base', 'main', '--format', 'json').out) as DiffJson;
    expect(json.base).toBe('main');
    const byName = new Map(json.files[0]!.workloads.map((w) => [w.name, w]));
    expect(byName.get('shots')).toMatchObject({
      status: 'changed',
      chosen_before: 'replicate/a40',
      chosen_after: 'replicate/a40',
    });
    expect((byName.get('shots')!.delta_usd as number) > 0).toBe(true);
    expect(byName.get('thumbnails')).toMatchObject({ status: 'renamed', previous_name: 'thumbs', delta_usd: 0 });
    expect(byName.get('avatars')).toMatchObject({ status: 'added', before_usd: null });
    expect(byName.get('legacy')).toMatchObject({ status: 'removed', after_usd: null });
    expect(json.files[0]!.appeared.map((f) => f.code)).toContain('low-utilization');
    expect(json.files[0]!.resolved.length).toBeGreaterThan(0);
  });

  it('prices a text workload beside image ones: more requests cost more; renamed with other tokens, it is one workload', () => {
    const chat = (requests: number, output: number, name = 'chat') =>
      `  - { name: ${name}, model: llama-3.1-8b, requests: ${requests}, input_tokens: 800, output_tokens: ${output}, provider: together/llama-3.1-8b }\n`;
    const dir = repoWith({ 'inference.yaml': BASE + chat(1_000_000, 200) + chat(500_000, 100, 'old-chat') });
    write(dir, 'inference.yaml', BASE + chat(3_000_000, 200) + chat(500_000, 300, 'new-chat'));
    const json = JSON.parse(diff(dir, '--base', 'main', '--format', 'json').out) as DiffJson;
    const byName = new Map(json.files[0]!.workloads.map((w) => [w.name, w]));
    // 2M more requests × 1,000 tokens × $0.18 per million.
    expect(byName.get('chat')).toMatchObject({ status: 'changed', delta_usd: 360 });
    expect(byName.get('new-chat')).toMatchObject({
      status: 'renamed',
      previous_name: 'old-chat',
      changes: [{ field: 'output_tokens', before: '100', after: '300' }],
    });
    expect(byName.has('old-chat')).toBe(false);
    expect(diff(dir, '--base', 'main').out).toContain('chat');
  });

  it('defaults the base to the upstream, else main', () => {
    const dir = repoWith({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', CHANGED);
    expect((JSON.parse(diff(dir, '--format', 'json').out) as DiffJson).base).toBe('main');
  });

  it('treats a file the base does not have as new', () => {
    const dir = repoWith({ 'README.md': 'x' });
    write(dir, 'svc/inference.yaml', CHANGED);
    const json = JSON.parse(diff(dir, '--format', 'json').out) as DiffJson;
    expect(json.files[0]).toMatchObject({ path: 'svc/inference.yaml', status: 'added', before_usd: 0 });
    expect(json.files[0]!.workloads.every((w) => w.status === 'added')).toBe(true);
  });

  it('reports a file the working tree deleted, everything in it removed', () => {
    const dir = repoWith({ 'svc/inference.yaml': BASE });
    unlinkSync(join(dir, 'svc/inference.yaml'));
    const json = JSON.parse(diff(dir, '--format', 'json').out) as DiffJson;
    expect(json.files[0]).toMatchObject({ path: 'svc/inference.yaml', status: 'removed', after_usd: 0 });
    expect(json.delta_usd).toBeLessThan(0);
    expect(diff(dir, 'svc/inference.yaml', '--format', 'json').code).toBe(0);
  });

  it('--fail-on-increase fails above a percent or a dollar amount, and passes below', () => {
    const dir = repoWith({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', CHANGED);
    expect(diff(dir, '--fail-on-increase', '10%').code).toBe(1);
    expect(diff(dir, '--fail-on-increase', '100000%').code).toBe(0);
    expect(diff(dir, '--fail-on-increase', '$1').code).toBe(1);
    expect(diff(dir, '--fail-on-increase', '1000000').code).toBe(0);
    expect(diff(dir).code).toBe(0);
  });

  it('--fail-on gates on new findings only', () => {
    const dir = repoWith({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', CHANGED);
    expect(diff(dir, '--fail-on', 'warning').code).toBe(1);
    write(dir, 'inference.yaml', BASE);
    expect(diff(dir, '--fail-on', 'warning').code).toBe(0);
  });

  it('exits 2 for a working-tree file that is not UTF-8, as check reports it', () => {
    const dir = repoWith({ 'inference.yaml': BASE });
    writeFileSync(join(dir, 'inference.yaml'), Buffer.from([...Buffer.from('version: 1\n# caf'), 0xe9, 0x0a]));
    const r = diff(dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('inference.yaml: The file is not valid UTF-8');
  });

  it('exits 2 with a message outside a repository, for an unknown base, or a bad limit', () => {
    const plain = mkdtempSync(join(tmpdir(), 'icr-nogit-'));
    dirs.push(plain);
    const dir = repoWith({ 'inference.yaml': BASE });
    for (const [cwd, args, message] of [
      [plain, [], 'not inside a git repository'],
      [dir, ['--base', 'no-such-ref'], 'is not a commit'],
      [dir, ['--fail-on-increase', 'lots'], 'takes a percent'],
    ] as const) {
      const r = diff(cwd, ...args);
      expect(r.code).toBe(2);
      expect(r.err).toContain(message);
    }
  });

  it('Markdown and SARIF match the golden fixtures', () => {
    const dir = repoWith({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', CHANGED);
    const md = diff(dir, '--format', 'markdown').out;
    // The repository root is a new temporary folder each run: the fixture names it %REPO%.
    const sarif = diff(dir, '--format', 'sarif')
      .out.split(pathToFileURL(`${dir}/`).href)
      .join('file:///%REPO%/');
    if (process.env.UPDATE_GOLDEN) {
      writeFileSync(join(FIXTURES, 'expected.md'), md);
      writeFileSync(join(FIXTURES, 'expected.sarif.json'), sarif);
    }
    expect(md).toBe(readFileSync(join(FIXTURES, 'expected.md'), 'utf8'));
    expect(sarif).toBe(readFileSync(join(FIXTURES, 'expected.sarif.json'), 'utf8'));
  });

  it('SARIF from diff and from check validates against the SARIF 2.1.0 schema', () => {
    const schema = JSON.parse(
      readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    ) as Record<string, unknown>;
    // The schema's language-tag pattern is not valid under the u flag.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const dir = repoWith({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', CHANGED);
    for (const out of [diff(dir, '--format', 'sarif').out, runCheck(dir)]) {
      const ok = validate(JSON.parse(out));
      expect(ok, JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
  });
});

function runCheck(dir: string): string {
  let out = '';
  run(['check', '--format', 'sarif', '--today', TODAY], {
    cwd: dir,
    out: (t) => (out += t),
    err: () => {},
    today: () => TODAY,
  });
  return out;
}

describe('parseIncreaseLimit', () => {
  it('reads percents and dollars, refuses the rest', () => {
    expect(parseIncreaseLimit('10%')).toEqual({ kind: 'percent', value: 10 });
    expect(parseIncreaseLimit('$500')).toEqual({ kind: 'usd', value: 500 });
    expect(parseIncreaseLimit('250.5')).toEqual({ kind: 'usd', value: 250.5 });
    for (const bad of ['', 'ten', '$5%', '-5', '5%%']) expect(parseIncreaseLimit(bad)).toBeUndefined();
  });
});
