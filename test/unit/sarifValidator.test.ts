import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { TODAY } from './helpers';

/** The official SARIF validator (a registry package that ships its binary). */
const MULTITOOL: string = createRequire(__filename)('@microsoft/sarif-multitool') as string;
const EXAMPLE = readFileSync(join(__dirname, '../../examples/inference.yaml'), 'utf8');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]): void {
  execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd,
      stdio: 'ignore',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null' },
    },
  );
}

/** A repository with the example under sub/ on main, then a changed volume in the working tree. */
function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'icr-sarif-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'inference.yaml'), EXAMPLE);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  writeFileSync(join(dir, 'sub', 'inference.yaml'), EXAMPLE.replace('volume: 100000', 'volume: 300000'));
  return dir;
}

function sarif(cwd: string, args: string[]): string {
  let out = '';
  run([...args, '--format', 'sarif', '--today', TODAY], {
    cwd,
    out: (t) => (out += t),
    err: () => undefined,
    today: () => TODAY,
  });
  return out;
}

/** Runs the validator over the files and returns its results: one per problem it found. */
function validate(files: string[], dir: string): { ruleId: string; level?: string }[] {
  const output = join(dir, 'validation.sarif');
  execFileSync(MULTITOOL, ['validate', ...files, '--output', output, '--log', 'ForceOverwrite'], { stdio: 'ignore' });
  const log = JSON.parse(readFileSync(output, 'utf8')) as {
    runs: { results?: { ruleId: string; level?: string }[] }[];
  };
  return log.runs.flatMap((r) => r.results ?? []);
}

describe('SARIF that the official validator accepts', () => {
  it('check and diff, from the repository root, a subfolder and an absolute path: no errors', () => {
    const dir = repository();
    const sub = join(dir, 'sub');
    const runs: Record<string, string> = {
      'check-root': sarif(dir, ['check', 'sub']),
      'check-subfolder': sarif(sub, ['check', '.']),
      'check-absolute': sarif(dir, ['check', join(dir, 'sub', 'inference.yaml')]),
      'diff-root': sarif(dir, ['diff', '--base', 'main', 'sub']),
      'diff-subfolder': sarif(sub, ['diff', '--base', 'main', '.']),
      'diff-absolute': sarif(dir, ['diff', '--base', 'main', join(dir, 'sub')]),
    };
    const files = Object.entries(runs).map(([name, text]) => {
      const file = join(dir, `${name}.sarif`);
      writeFileSync(file, text);
      expect(text, name).toContain('"uri": "sub/inference.yaml"');
      return file;
    });
    const problems = validate(files, dir).filter((r) => r.level === 'error');
    expect(problems).toEqual([]);
  }, 60_000);

  it('the validator does report what this project used to write: an absolute path as a relative reference', () => {
    const dir = repository();
    const text = sarif(dir, ['check', 'sub'])
      .split('"uri": "sub/inference.yaml"')
      .join(`"uri": "${join(dir, 'sub', 'inference.yaml')}"`);
    const file = join(dir, 'absolute.sarif');
    writeFileSync(file, text);
    expect(validate([file], dir).map((r) => r.ruleId)).toContain('SARIF1004');
  }, 60_000);
});
