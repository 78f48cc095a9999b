// Fails on any import circle among src/ modules, type imports included (they count: a type circle is still one
// module needing the other to be read). Reads esbuild's import graph of every entry point.
import * as esbuild from 'esbuild';

const entryPoints = [
  'src/cli/main.ts',
  'src/cli/launch.ts',
  'src/action/main.ts',
  'src/extension/extension.ts',
  'src/webview/main.ts',
];
// Type imports are erased by esbuild: keep them as side-effect imports so the graph sees them.
const keepTypeImports = {
  name: 'keep-type-imports',
  setup(build) {
    build.onLoad({ filter: /src\/.*\.ts$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      // Only our own modules: a package's types (sarif, vscode) are no part of a circle here.
      const local = (m) => (m[1].startsWith('.') ? [`import '${m[1]}';`] : []);
      const extra = [...text.matchAll(/^import\s+type\s[^;]*?from\s+'([^']+)';/gms)].flatMap(local);
      const inline = [...text.matchAll(/^import\s+\{[^}]*\btype\s[^}]*\}\s+from\s+'([^']+)';/gms)].flatMap(local);
      return { contents: `${text}\n${[...extra, ...inline].join('\n')}`, loader: 'ts' };
    });
  },
};
const result = await esbuild.build({
  entryPoints,
  bundle: true,
  write: false,
  metafile: true,
  platform: 'node',
  format: 'esm',
  outdir: 'out/check-imports',
  external: ['vscode'],
  logLevel: 'error',
  plugins: [keepTypeImports],
});
const graph = new Map();
for (const [file, info] of Object.entries(result.metafile.inputs)) {
  if (!file.startsWith('src/')) continue;
  graph.set(
    file,
    info.imports.map((i) => i.path).filter((p) => p.startsWith('src/')),
  );
}
// Depth-first search for a back edge: each one is a circle.
const state = new Map();
const circles = [];
function visit(file, path) {
  state.set(file, 'open');
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'open') circles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
    else if (!state.has(next)) visit(next, [...path, next]);
  }
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
if (circles.length) {
  console.error(`Import circles in src/ (${circles.length}):\n${circles.join('\n')}`);
  process.exit(1);
}
console.log(`No import circles among ${graph.size} modules of src/.`);
