// Headless Debian Chromium driven by playwright-core: no browser download, a fresh profile per run.
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './env.mjs';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(runDir) {
  const profile = join(runDir, 'browser');
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
    env: {
      ...process.env,
      HOME: profile,
      XDG_CONFIG_HOME: join(profile, 'config'),
      XDG_CACHE_HOME: join(profile, 'cache'),
      TMPDIR: join(runDir, 'tmp'),
    },
  });
}
