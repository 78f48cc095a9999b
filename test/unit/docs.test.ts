import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { PROVIDER_FILES } from '../../src/core/catalog/builtin';
import { TODAY } from './helpers';

const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The fenced blocks of a README section, in order. */
function blocksOf(heading: string): string[] {
  const section = README.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** `inference-cost check` on a file, in a folder of its own, offline at the tests' date. */
function check(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'icr-readme-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'inference.yaml'), yaml);
  let out = '';
  run(['check', 'inference.yaml'], {
    cwd: dir,
    out: (t) => (out += `${t}\n`),
    err: () => {},
    today: () => TODAY,
    env: { INFERENCE_COST_OFFLINE: '1' },
  });
  return out;
}

const squeeze = (line: string) => line.trim().replace(/\s+/g, ' ');

describe('README', () => {
  it('reads in five minutes: at most 200 lines, and no history (that is the CHANGELOG)', () => {
    expect(README.trimEnd().split('\n').length).toBeLessThanOrEqual(200);
    expect(README).not.toMatch(/^#+ .*(history|what was tried|what changed)/im);
  });

  it("the example's output is the engine's: every line shown is a line check prints (shortened with …)", () => {
    const [yaml, shown] = blocksOf('An example');
    expect(yaml).toMatch(/^version: 1\n/);
    const printed = check(yaml!).split('\n').map(squeeze);
    const lines = shown!.split('\n').map(squeeze).filter(Boolean);
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) {
      // "…" stands for words left out: the parts around it are printed in order on one line.
      const parts = line.split('…').map((p) => p.trim().replace(/,$/, ''));
      const shown = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      const shape = new RegExp(`^${shown}${line.endsWith('…') ? '' : '$'}`);
      expect(
        printed.some((p) => shape.test(p)),
        `README line not printed by check: ${line}\ncheck prints:\n${printed.join('\n')}`,
      ).toBe(true);
    }
  });
});

describe('docs/catalog.md and docs/recipes.md', () => {
  const doc = (path: string) => readFileSync(join(__dirname, '../..', path), 'utf8');

  it("docs/catalog.md's hand-kept row names every provider file", () => {
    const row = doc('docs/catalog.md')
      .split('\n')
      .find((l) => l.startsWith('| hand-kept |'));
    expect(row).toBeDefined();
    for (const file of PROVIDER_FILES) expect(row, file.provider).toContain(`\`${file.provider}\``);
  });

  // Spelled in two pieces so that this file does not count as one that reads the switch.
  const READS_GOLDEN_SWITCH = 'env.' + 'UPDATE_GOLDEN';

  it('docs/recipes.md names every golden-file test and how it is refreshed', () => {
    const recipes = doc('docs/recipes.md');
    const golden = readdirSync(__dirname).filter((f) =>
      readFileSync(join(__dirname, f), 'utf8').includes(READS_GOLDEN_SWITCH),
    );
    expect(golden.length).toBeGreaterThan(0);
    for (const file of golden) {
      expect(recipes, file).toContain(`UPDATE_GOLDEN=1 npx vitest run test/unit/${file}`);
    }
  });
});
