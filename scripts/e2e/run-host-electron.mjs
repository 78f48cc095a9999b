// The same extension-host suite on desktop VS Code via @vscode/test-electron, for machines that can download it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './env.mjs';
import { copyFixtureWorkspace } from './workspace.mjs';

const dir = mkdtempSync(join(tmpdir(), 'icr-electron-'));
try {
  const workspace = copyFixtureWorkspace(dir);
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'test', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`test-electron: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
