// Runs the extension-host mocha suite (out/test/index.js, the @vscode/test-electron run() contract)
// inside a real VS Code: code-server's extension host, driven from headless Chromium. Exit code = the suite's.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { makeRunDir, startCodeServer } from './codeServer.mjs';
import { ARTIFACTS, ROOT, runAsMain } from './env.mjs';
import { setup } from './setup.mjs';
import { copyFixtureWorkspace } from './workspace.mjs';

const SUITE_TIMEOUT_MS = 5 * 60_000;

/**
 * The workbench's own chatter is not the suite's output: built-in agents looking for a GitHub sign-in, and the
 * extension gallery lookups that fail offline (with their stack traces into the workbench bundle).
 */
function isWorkbenchNoise(text) {
  return (
    text.startsWith('[AgentHost]') || /ENOTFOUND open-vsx\.org/.test(text) || /^\s+at .*\/static\/out\/vs\//.test(text)
  );
}

/** @param {{ testsPath?: string, label?: string }} [options] the run() module to load in the extension host */
export async function runHostTests({ testsPath = join(ROOT, 'out', 'test', 'index.js'), label = 'host' } = {}) {
  setup();
  const run = makeRunDir(label);
  const workspace = copyFixtureWorkspace(run.dir);
  let server;
  let browser;
  try {
    server = await startCodeServer({ runDir: run.dir, extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
    browser = await launchBrowser(run.dir);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const result = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code))));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // Mocha's reporter logs printf-style ("%s passing"): format it as the console would.
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (isWorkbenchNoise(text)) return;
      if (type === 'error') process.stderr.write(`${text}\n`);
      else process.stdout.write(`${text}\n`);
    });
    const authority = `127.0.0.1:${server.port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${ROOT}`],
      ['extensionTestsPath', `vscode-remote://${authority}${testsPath}`],
    ];
    console.log(`[${label}] code-server ${server.url}, workspace ${workspace}`);
    await page.goto(
      `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS));
    const code = await Promise.race([result, timeout]);
    if (code === 'timeout') {
      mkdirSync(join(ARTIFACTS, 'host'), { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'host', 'timeout.png') }).catch(() => {});
      console.error(
        `[${label}] FAILED: the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s (screenshot in test-results/host)\n${server.output.slice(-30).join('\n')}`,
      );
      return 1;
    }
    console.log(`[${label}] extension-host suite exited with ${code}`);
    return code;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    run.dispose();
  }
}

runAsMain(import.meta.url, 'host', () => runHostTests());
