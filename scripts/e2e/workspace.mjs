// A throw-away copy of the fixture workspace, so tests can edit files without touching the repository.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './env.mjs';

export function copyFixtureWorkspace(runDir) {
  const target = join(runDir, 'workspace');
  cpSync(join(ROOT, 'test', 'fixtures', 'workspace'), target, { recursive: true });
  return target;
}

/**
 * The fixture workspace as a git repository whose main branch holds an older version (product-shots at
 * 50,000 images), with the fixture itself as uncommitted work: the editor then shows the cost change.
 * The README's example sits beside it in `example/`, committed unchanged, for the README's pictures.
 */
export function copyFixtureWorkspaceWithGitBase(runDir) {
  const target = copyFixtureWorkspace(runDir);
  cpSync(join(ROOT, 'examples'), join(target, 'example'), { recursive: true });
  const file = join(target, 'inference.yaml');
  const current = readFileSync(file, 'utf8');
  const git = (...args) =>
    execFileSync(
      'git',
      ['-c', 'user.name=UI test', '-c', 'user.email=ui@example.com', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: target,
        stdio: 'ignore',
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null' },
      },
    );
  git('init', '-q', '-b', 'main');
  writeFileSync(file, current.replace('volume: 100000 ', 'volume: 50000  '));
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  writeFileSync(file, current);
  return target;
}
