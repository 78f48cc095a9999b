import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const FILE_NAME = 'inference.yaml';
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.cache']);

export class InputError extends Error {}

/** Files named on the command line, and every inference.yaml under named folders. */
export function findFiles(paths: readonly string[], cwd: string): string[] {
  const roots = paths.length ? paths : ['.'];
  const found: string[] = [];
  for (const root of roots) {
    const abs = resolve(cwd, root);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      throw new InputError(`no such file or folder: ${root}`);
    }
    if (stat.isDirectory()) found.push(...inferenceFilesUnder(abs));
    else found.push(abs);
  }
  if (found.length === 0) throw new InputError(`no ${FILE_NAME} found under ${roots.join(', ')}`);
  return [...new Set(found)].map((f) => displayPath(f, cwd));
}

/** Paths under the working folder are shown relative to it, others as given. */
function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel === '' || rel.startsWith('..') ? abs : rel;
}

/** Every inference.yaml under a folder, as absolute paths, skipping dependency and build folders. */
export function inferenceFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) stack.push(join(current, entry.name));
      else if (entry.isFile() && entry.name === FILE_NAME) out.push(join(current, entry.name));
    }
  }
  return out.sort();
}

/** A file's bytes; a file that cannot be read at all is unusable input (exit 2). */
export function readBytes(path: string, cwd: string): Uint8Array {
  try {
    return readFileSync(resolve(cwd, path));
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
