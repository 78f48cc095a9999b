// Copies the UI tests' pictures of examples/inference.yaml, which the README shows, into docs/images (run `npm run test:ui` first).
// Usage: node scripts/update-screenshots.mjs
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';

const PICTURES = {
  '12-readme-editor.png': 'editor.png',
  '13-readme-panel.png': 'panel.png',
};
mkdirSync('docs/images', { recursive: true });
for (const [from, to] of Object.entries(PICTURES)) {
  const source = `test-results/ui/${from}`;
  if (!existsSync(source)) throw new Error(`${source} is missing: run npm run test:ui first`);
  copyFileSync(source, `docs/images/${to}`);
  console.log(`docs/images/${to} (${(statSync(source).size / 1024).toFixed(0)} KB)`);
}
