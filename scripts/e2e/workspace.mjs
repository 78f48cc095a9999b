// A throw-away copy of the fixture workspace, so tests can edit files without touching the repository.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './env.mjs';

export function copyFixtureWorkspace(runDir) {
  const target = join(runDir, 'workspace');
  cpSync(join(ROOT, 'test', 'fixtures', 'workspace'), target, { recursive: true });
  return target;
}
