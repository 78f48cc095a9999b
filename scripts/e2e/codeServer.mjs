// Starts code-server on 127.0.0.1 with a private profile: a free port, no writes to $HOME or /tmp,
// its own process group (stopping it stops the extension host too), ready when /healthz answers.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CODE_SERVER_ENTRY, NODE24, RUNS } from './env.mjs';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A folder for one run: profile, extensions, sockets, browser profile. Removed by dispose(). */
export function makeRunDir(label) {
  mkdirSync(RUNS, { recursive: true });
  const dir = mkdtempSync(join(RUNS, `${label}-`));
  for (const sub of ['user-data', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'browser'])
    mkdirSync(join(dir, sub), { recursive: true });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'editor.hover.delay': 200,
  // A test's unsaved edit must stay unsaved: the next test starts from the file on disk.
  'files.autoSave': 'off',
  // No test, and no offline demo, reaches the internet for prices.
  'inferenceCost.catalog.autoUpdate': 'off',
  'editor.inlayHints.enabled': 'on',
  'git.enabled': false,
  'redhat.telemetry.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.agent.enabled': false,
};

export function processEnv(runDir) {
  return {
    ...process.env,
    HOME: join(runDir, 'xdg-data'),
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: join(runDir, 'xdg-cache'),
    TMPDIR: join(runDir, 'tmp'),
  };
}

/**
 * @param {{ runDir: string, extraArgs?: string[], settings?: Record<string, unknown>, log?: (line: string) => void, port?: number }} options
 */
export async function startCodeServer({ runDir, extraArgs = [], settings = {}, log = () => {}, port }) {
  const chosenPort = port ?? (await freePort());
  const userData = join(runDir, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  writeFileSync(join(runDir, 'config.yaml'), 'auth: none\n');
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr',
    `127.0.0.1:${chosenPort}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-file-downloads',
    '--ignore-last-opened',
    '--config',
    join(runDir, 'config.yaml'),
    '--user-data-dir',
    userData,
    '--extensions-dir',
    join(runDir, 'extensions'),
    ...extraArgs,
  ];
  // detached: a new process group, so stop() reaches the extension host and its helpers as well.
  const child = spawn(NODE24, args, {
    cwd: runDir,
    env: processEnv(runDir),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const collect = (chunk) => {
    for (const line of String(chunk).split('\n'))
      if (line.trim()) {
        output.push(line);
        log(line);
      }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // If this process ends first (an error, a signal turned into exit), the detached group must not outlive it.
  const killOnExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const url = `http://127.0.0.1:${chosenPort}`;
  try {
    await waitForHealth(url, exited, 60_000);
  } catch (e) {
    await stopGroup(child, exited);
    throw new Error(`${e.message}\n--- code-server output ---\n${output.slice(-40).join('\n')}`);
  }
  return { url, port: chosenPort, output, stop: () => stopGroup(child, exited) };
}

async function waitForHealth(url, exited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let stopped = false;
  void exited.then(() => (stopped = true));
  while (Date.now() < deadline) {
    if (stopped) throw new Error('code-server exited before it answered /healthz');
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

/** SIGTERM to the whole group, SIGKILL if it lingers: the processes started are the processes stopped. */
async function stopGroup(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), 5_000))]);
  if (timedOut) signal('SIGKILL');
  await exited;
  // The extension host may outlive the server for a moment; make sure the group is gone.
  signal('SIGKILL');
}
