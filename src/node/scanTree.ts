/**
 * The scanner's file-system shell: walks a folder and hands the files worth reading to the pure scanner
 * (src/core/scan). A bundle of its own (dist/scan.js, with the parsers), loaded on first use: src/node/scanModule.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseGitignore, type IgnoreRules } from '../core/scan/gitignore';
import { languageOf, scanFiles } from '../core/scan/scan';
import type { ScanInput, ScanResult } from '../core/scan/types';
import { isTestCode, SKIPPED_FOLDERS } from './skippedFolders';

export { draftInference, draftWorkloads, PLACEHOLDER, PLACEHOLDER_COMMENT } from '../core/scan/draft';
export { declaringWorkload, matchUse } from '../core/scan/catalogMatch';
export { scanFiles } from '../core/scan/scan';
export { appearedUses, undeclaredUseFinding, undeclaredUses } from '../core/scan/drift';

/** A file over this is data or generated code, not something a person calls a model from. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface ScanTreeOptions {
  /** Files over this many bytes are skipped (default 1 MB). */
  maxFileBytes?: number;
}

export interface ScanTreeResult extends ScanResult {
  /** Files read and handed to the scanner. */
  filesRead: number;
  /** Files of a scanned kind left out: over the size limit, binary, or ignored by .gitignore; test folders and files. */
  skipped: { oversized: string[]; binary: string[]; ignored: number; tests: number };
}

/** Every model use under `root`; paths in the result are relative to it, with forward slashes. */
export function scanTree(root: string, options: ScanTreeOptions = {}): ScanTreeResult {
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const inputs: ScanInput[] = [];
  const skipped: ScanTreeResult['skipped'] = { oversized: [], binary: [], ignored: 0, tests: 0 };
  const walk = (dir: string, relative: string, rules: readonly IgnoreRules[]) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const here = readIgnore(dir, relative);
    const active = here ? [...rules, here] : rules;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || isVirtualEnv(full)) continue;
        if (isTestCode(entry.name, true)) {
          skipped.tests++;
          continue;
        }
        if (isIgnored(active, path, true)) {
          skipped.ignored++;
          continue;
        }
        walk(full, path, active);
      } else if (entry.isFile() && languageOf(entry.name)) {
        if (isTestCode(entry.name, false)) {
          skipped.tests++;
          continue;
        }
        if (isIgnored(active, path, false)) {
          skipped.ignored++;
          continue;
        }
        const input = readInput(full, path, maxBytes, skipped);
        if (input) inputs.push(input);
      }
    }
  };
  walk(root, '', []);
  return { ...scanFiles(inputs), filesRead: inputs.length, skipped };
}

function readIgnore(dir: string, relative: string): IgnoreRules | undefined {
  try {
    return parseGitignore(readFileSync(join(dir, '.gitignore'), 'utf8'), relative);
  } catch {
    return undefined;
  }
}

/** The deepest .gitignore that speaks of the path decides. */
function isIgnored(rules: readonly IgnoreRules[], path: string, isDirectory: boolean): boolean {
  for (let i = rules.length - 1; i >= 0; i--) {
    const verdict = rules[i]!.ignores(path, isDirectory);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

/** A Python virtual environment under any name (env, .env-3.12): it has a pyvenv.cfg. */
function isVirtualEnv(dir: string): boolean {
  try {
    return statSync(join(dir, 'pyvenv.cfg')).isFile();
  } catch {
    return false;
  }
}

function readInput(
  full: string,
  path: string,
  maxBytes: number,
  skipped: ScanTreeResult['skipped'],
): ScanInput | undefined {
  let size;
  try {
    size = statSync(full).size;
  } catch {
    return undefined;
  }
  if (size > maxBytes) {
    skipped.oversized.push(path);
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(full);
  } catch {
    return undefined;
  }
  // A NUL byte in the first 8 KB means binary, as git decides.
  if (bytes.subarray(0, 8192).includes(0)) {
    skipped.binary.push(path);
    return undefined;
  }
  return { path, text: bytes.toString('utf8') };
}
