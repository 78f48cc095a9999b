/**
 * The GitHub Action's entry (action.yml runs dist/action.js): the CLI of this checkout, in process, over the
 * workflow's checkout. See run.ts for what it does.
 */
import { execFileSync } from 'node:child_process';
import { run } from '../cli/main';
import { readContext } from './inputs';
import { runAction, type CliResult } from './run';

function cli(argv: string[], cwd: string): CliResult {
  let out = '';
  let err = '';
  const code = run(argv, {
    cwd,
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    today: () => new Date().toISOString().slice(0, 10),
  });
  return { code, out, err };
}

/** actions/checkout fetches one commit by default: the base is fetched when it is not there. */
function ensureBase(base: string, cwd: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    git('cat-file', '-e', `${base}^{commit}`);
  } catch {
    git('fetch', '--no-tags', '--depth=1', 'origin', base);
  }
}

void runAction(readContext(process.env), {
  cli,
  ensureBase,
  log: (line) => process.stdout.write(`${line}\n`),
})
  .then((result) => (process.exitCode = result.code))
  .catch((e: unknown) => {
    process.stdout.write(`::error title=inference-cost::${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  });
