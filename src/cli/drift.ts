import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Catalog } from '../core/catalog/types';
import type { FileModel } from '../core/format/model';
import type { PlacedFinding } from '../core/render/fileReport';
import type { ModelUse } from '../core/scan/types';
import { languageOf } from '../core/scan/languages';
import { requireScanner } from '../node/scanModule';
import { SKIPPED_FOLDERS } from '../node/skippedFolders';
import { FILE_NAME } from './files';

/**
 * Drift (issue 33): `check` and `diff` on a folder scan the code under each inference.yaml's folder and warn at every
 * model use none of its workloads declares. The scanner (dist/scan.js, with its parsers) is loaded only where a
 * folder has a file it reads, so `check` on a folder of inference.yaml files alone stays as fast as before.
 */

export type Scanner = typeof import('../node/scanTree');

export interface DriftIo {
  /** The scanner module, where the caller has it (tests run the sources, where it cannot be required). */
  scanner?: Scanner;
  err: (text: string) => void;
}

/** An inference.yaml whose folder is scanned, with what drift reads of its report. */
export interface DriftFile {
  /** Absolute path of the inference.yaml. */
  abs: string;
  model: FileModel | undefined;
  catalog: Catalog;
}

/** A use in the code, placed for the reader (path relative to the working folder). */
export interface PlacedUse {
  use: ModelUse;
  path: string;
  /** The warning where no workload declares it. */
  finding?: PlacedFinding;
}

/** The folders among the paths given (none given: the working folder): drift scans only where a folder was named. */
export function namedFolders(paths: readonly string[], cwd: string): string[] {
  return (paths.length ? paths : ['.'])
    .map((p) => resolve(cwd, p))
    .filter((abs) => {
      try {
        return statSync(abs).isDirectory();
      } catch {
        return false;
      }
    });
}

/** The inference.yaml files under the named folders whose `scan:` does not turn drift off. */
export function driftFiles(files: readonly DriftFile[], folders: readonly string[]): DriftFile[] {
  return files.filter(
    (f) => f.model?.scan?.enabled !== false && folders.some((d) => f.abs === d || f.abs.startsWith(d + sep)),
  );
}

/**
 * Each file's uses in the code under its folder, with the warning at each undeclared one. The folder of another
 * inference.yaml below it (`all`, absolute paths) is that file's. Undefined where nothing was scanned: no file to
 * read, or no scanner to read it with.
 */
export function scanUses(
  files: readonly DriftFile[],
  all: readonly string[],
  cwd: string,
  io: DriftIo,
): Map<DriftFile, PlacedUse[]> | undefined {
  const folders = files.map((f) => dirname(f.abs));
  if (!folders.some(hasScannableFile)) return undefined;
  const scanner = loadScanner(io);
  if (!scanner) return undefined;
  const others = all.map((f) => dirname(f));
  const out = new Map<DriftFile, PlacedUse[]>();
  files.forEach((file, i) => {
    const folder = folders[i]!;
    const nested = others.filter((o) => o !== folder && o.startsWith(folder + sep));
    const uses = scanner
      .scanTree(folder)
      .uses.filter((u) => !nested.some((n) => resolve(folder, u.file).startsWith(n + sep)));
    const undeclared = new Set(
      scanner.undeclaredUses(uses, {
        workloads: file.model?.workloads ?? [],
        catalog: file.catalog,
        ...(file.model?.scan ? { scan: file.model.scan } : {}),
      }),
    );
    out.set(
      file,
      uses.map((use) => {
        const path = relative(cwd, join(folder, use.file)) || use.file;
        if (!undeclared.has(use)) return { use, path };
        const finding = scanner.undeclaredUseFinding(use, relative(cwd, file.abs) || basename(file.abs));
        return { use, path, finding: placeAtUse(finding, use, path) };
      }),
    );
  });
  return out;
}

/** A finding at a use's call: the whole call in code, a manifest's first line from its column. */
function placeAtUse(
  finding: Omit<PlacedFinding, 'range' | 'path' | 'line' | 'column' | 'endLine' | 'endColumn'>,
  use: ModelUse,
  path: string,
): PlacedFinding {
  const firstLine = use.evidence.split('\n')[0] ?? '';
  return {
    ...finding,
    // The finding stands in another file than the report's text: it has no range there, only its place.
    range: { start: 0, end: 0 },
    path,
    line: use.line,
    column: use.column,
    endLine: use.end?.line ?? use.line,
    endColumn: use.end?.column ?? use.column + Math.max(1, firstLine.length),
  };
}

export function loadScanner(io: DriftIo): Scanner | undefined {
  if (io.scanner) return io.scanner;
  try {
    return requireScanner();
  } catch (e) {
    io.err(`inference-cost: the code was not scanned for model uses (the scanner did not load: ${String(e)})`);
    return undefined;
  }
}

/** Any file the scanner reads under a folder, other than inference.yaml files: a walk that stops at the first. */
export function hasScannableFile(dir: string): boolean {
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) stack.push(join(current, entry.name));
      } else if (entry.isFile() && entry.name !== FILE_NAME && languageOf(entry.name)) return true;
    }
  }
  return false;
}
