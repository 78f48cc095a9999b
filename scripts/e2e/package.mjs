// npm run package: the VSIX with @vscode/vsce, only what .vscodeignore allows, and its size.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './env.mjs';

const require = createRequire(import.meta.url);
const pkg = require(join(ROOT, 'package.json'));
export const VSIX = join(ROOT, 'dist-vsix', `${pkg.name}-${pkg.version}.vsix`);

export function packageVsix() {
  mkdirSync(join(ROOT, 'dist-vsix'), { recursive: true });
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--out', VSIX], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { path: VSIX, bytes: statSync(VSIX).size };
}

export function listVsix() {
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  return execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' })
    .trim()
    .split('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { path, bytes } = packageVsix();
  console.log(`${path.slice(ROOT.length + 1)}: ${(bytes / 1024).toFixed(1)} KB`);
  for (const f of listVsix()) console.log(`  ${f}`);
}
