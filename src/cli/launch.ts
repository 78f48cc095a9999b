#!/usr/bin/env node
/**
 * The `inference-cost` command. It loads the CLI (dist/cli-bundle.js) with the code cache V8 wrote at build time
 * from a run on the example (dist/cli-bundle.cache), so a run does not compile again the code it needs: about a
 * third of the start-up. A cache V8 rejects (another Node version) only costs that time back.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type * as Cli from './main';

const BUNDLE = join(__dirname, 'cli-bundle.js');
const CACHE = join(__dirname, 'cli-bundle.cache');

function load(cachedData?: Buffer): { cli: typeof Cli; script: Script } {
  const source = readFileSync(BUNDLE, 'utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, BUNDLE, __dirname);
  return { cli: module.exports as typeof Cli, script };
}

/** Build step: runs the CLI once per argument list with its output dropped, then keeps the code V8 compiled. */
export function writeCodeCache(runs: string[][], cwd: string): void {
  const { cli, script } = load();
  for (const args of runs) cli.run(args, { cwd, out: () => undefined, err: () => undefined, today: todayUtc });
  writeFileSync(CACHE, script.createCachedData());
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

if (require.main === module) {
  // A reader that goes away (| head) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const { cli } = load(existsSync(CACHE) ? readFileSync(CACHE) : undefined);
  void cli
    .main(process.argv.slice(2), {
      cwd: process.cwd(),
      terminal: process.stdout.isTTY === true,
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      today: todayUtc,
    })
    .then((code) => (process.exitCode = code));
}
