import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/extension/commands/ids';

const ROOT = join(__dirname, '..', '..');
const manifestText = readFileSync(join(ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as {
  contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string }[]> };
};
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

describe('the extension manifest', () => {
  it('contributes exactly the commands the code registers, each with a title', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    expect(contributed).toEqual(Object.values(COMMANDS).sort());
    for (const menu of Object.values(manifest.contributes.menus))
      for (const item of menu) expect(contributed).toContain(item.command);
  });

  it('every %key% it names has its text in package.nls.json', () => {
    const keys = [...manifestText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k) => !(k in nls))).toEqual([]);
  });
});
