import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import type { ModelUse, ScanInput } from '../../src/core/scan/types';

export const SCAN_FIXTURES = join(__dirname, '../fixtures/scan');

/** Every file of a fixture folder as scanner input (no walker: the core scanner alone). */
export function fixtureInputs(folder: string): ScanInput[] {
  const root = join(SCAN_FIXTURES, folder);
  const inputs: ScanInput[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else inputs.push({ path: relative(root, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(root);
  return inputs;
}

/** The 1-based line of the first occurrence of `needle` in a fixture file. */
export function lineOf(folder: string, file: string, needle: string): number {
  const text = readFileSync(join(SCAN_FIXTURES, folder, file), 'utf8');
  const at = text.indexOf(needle);
  expect(at, `${needle} in ${file}`).toBeGreaterThanOrEqual(0);
  return text.slice(0, at).split('\n').length;
}

/** The one use at a file and line. */
export function useAt(uses: readonly ModelUse[], file: string, line: number): ModelUse {
  const found = uses.filter((u) => u.file === file && u.line === line);
  expect(found, `${file}:${line} among ${uses.map((u) => `${u.file}:${u.line}`).join(', ')}`).toHaveLength(1);
  return found[0]!;
}
