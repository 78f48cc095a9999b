// Playwright UI tests: the packaged VSIX installed into a private code-server, driven from headless Chromium.
// Screenshots go to test-results/ui; on failure code-server's log is kept there as well.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRunDir, startCodeServer } from './codeServer.mjs';
import { ARTIFACTS, ROOT, runAsMain } from './env.mjs';
import { installVsix } from './install.mjs';
import { packageVsix } from './package.mjs';
import { setup } from './setup.mjs';
import { copyFixtureWorkspaceWithGitBase } from './workspace.mjs';

export async function runUiTests() {
  setup();
  const vsix = packageVsix();
  console.log(`[ui] packaged ${vsix.path.slice(ROOT.length + 1)} (${(vsix.bytes / 1024).toFixed(1)} KB)`);
  const run = makeRunDir('ui');
  const workspace = copyFixtureWorkspaceWithGitBase(run.dir);
  let server;
  try {
    installVsix(run.dir, vsix.path);
    // Git on: the UI tests check the cost change against main (the host suite runs without Git).
    server = await startCodeServer({
      runDir: run.dir,
      settings: {
        'git.enabled': true,
        'git.autoRepositoryDetection': true,
        'git.openRepositoryInParentFolders': 'never',
      },
    });
    console.log(`[ui] code-server ${server.url}, workspace ${workspace}`);
    mkdirSync(join(ARTIFACTS, 'ui'), { recursive: true });
    const tests = readdirSync(join(ROOT, 'out', 'ui'))
      .filter((f) => f.endsWith('.test.mjs'))
      .map((f) => join(ROOT, 'out', 'ui', f));
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...tests], {
        cwd: ROOT,
        stdio: 'inherit',
        env: {
          ...process.env,
          ICR_URL: server.url,
          ICR_WORKSPACE: workspace,
          ICR_ARTIFACTS: ARTIFACTS,
          ICR_RUN_DIR: run.dir,
        },
      });
      child.on('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0) {
      // Keep what explains a failure: code-server's output and the workbench and extension-host logs.
      writeFileSync(join(ARTIFACTS, 'ui', 'code-server.log'), server.output.join('\n'));
      cpSync(join(run.dir, 'user-data', 'logs'), join(ARTIFACTS, 'ui', 'logs'), { recursive: true });
    }
    return code;
  } finally {
    await server?.stop();
    run.dispose();
  }
}

runAsMain(import.meta.url, 'ui', () => runUiTests());
