import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../../src/cli/main';
import { TODAY } from './helpers';

/** Scripted git repositories in temporary folders: a base committed on main, then a change on a branch. */
export class ScriptedRepos {
  private readonly dirs: string[] = [];

  /** main has `files` committed; the test then changes the working tree of the branch "feature". */
  create(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'icr-review-'));
    this.dirs.push(dir);
    git(dir, 'init', '-q', '-b', 'main');
    for (const [path, text] of Object.entries(files)) write(dir, path, text);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'base');
    git(dir, 'checkout', '-q', '-b', 'feature');
    return dir;
  }

  removeAll(): void {
    this.dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  }
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null' },
    },
  );
}

export function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** The CLI as the other tests run it: in process, offline, on a fixed day. */
export function cli(cwd: string, ...args: string[]): CliRun {
  let out = '';
  let err = '';
  const code = run([...args.slice(0, 1), '--today', TODAY, ...args.slice(1)], {
    cwd,
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    today: () => TODAY,
    env: { INFERENCE_COST_OFFLINE: '1' },
  });
  return { code, out, err };
}
