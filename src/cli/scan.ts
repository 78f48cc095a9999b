import { statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadScanner } from '../node/scanModule';
import type { ScanArgs } from './args';
import { InputError } from './files';
import { cliCatalog, type PriceIo } from './prices';

interface ScanIo extends PriceIo {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * `scan`: the model uses under a folder as a draft inference.yaml, printed, or with --write written where none is.
 * Returns 0; what cannot go on is an InputError (exit 2).
 */
export async function scan(args: ScanArgs, io: ScanIo): Promise<number> {
  const folder = resolve(io.cwd, args.folder);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new InputError(`no such folder: ${args.folder}`);
  }
  if (!isFolder) throw new InputError(`${args.folder} is not a folder: scan reads a folder`);
  const target = join(folder, 'inference.yaml');
  const shown = relative(io.cwd, target) || target;
  if (args.write && exists(target)) throw new InputError(`${shown} already exists; scan --write never overwrites it.`);
  const scanner = await loadScanner();
  const result = scanner.scanTree(folder);
  const draft = scanner.draftInference(result.uses, cliCatalog(args.offline, io));
  const skipped = result.skipped.oversized.length + result.skipped.binary.length;
  const tests = result.skipped.tests ? ` (test code left out: ${result.skipped.tests} folders and files)` : '';
  const summary = `inference-cost scan: ${result.uses.length} model use${result.uses.length === 1 ? '' : 's'} in ${result.filesRead} files read${skipped ? ` (${skipped} skipped: over 1 MB or binary)` : ''}${tests}.`;
  for (const note of result.notes) io.err(`inference-cost scan: ${note.file}: ${note.message}`);
  if (result.uses.length === 0) {
    io.err(`${summary} Nothing to draft: no model calls or GPU deployments found under ${args.folder}.`);
    return 0;
  }
  if (!args.write) {
    io.out(draft);
    io.err(`${summary} Run again with --write to create ${shown}.`);
    return 0;
  }
  try {
    // 'wx' fails where the file exists: no window between the check above and the write.
    writeFileSync(target, draft, { flag: 'wx' });
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new InputError(
      code === 'EEXIST'
        ? `${shown} already exists; scan --write never overwrites it.`
        : `cannot write ${shown} (${code ?? String(e)}).`,
    );
  }
  io.out(
    `Wrote ${shown}: ${result.uses.length} workloads. Set the placeholder volumes, then run \`inference-cost check\`.`,
  );
  io.err(summary);
  return 0;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
