// One bundler for everything: the CLI, the extension, the webview script, the extension-host tests and the bench.
// Usage: node scripts/build.mjs [--watch] [--dev] [--schema-only]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev');
const schemaOnly = process.argv.includes('--schema-only');

/**
 * Provenance the engine never reads (how each GPU's speed was derived, the measurements a curve was fitted to) stays in
 * the catalog files, the docs and the tests that check it, and out of the bundles.
 */
const PROVENANCE_ONLY = new Set(['speed_from', 'speed_source', 'spec_source', 'measurements']);
const withoutProvenance = {
  name: 'without-provenance',
  setup(build) {
    build.onLoad({ filter: /src[\\/]core[\\/]catalog[\\/]data[\\/][^\\/]+\.json$/ }, (args) => {
      const data = JSON.parse(readFileSync(args.path, 'utf8'));
      const text = JSON.stringify(data, (key, value) => (PROVENANCE_ONLY.has(key) ? undefined : value));
      return { contents: text, loader: 'json' };
    });
  },
};

/** The usage import is a bundle of its own (dist/usage.js), loaded on first use: src/node/usageModule.ts. */
const usageApart = {
  name: 'usage-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/importUsage$/ }, (args) =>
      /usageModule\.ts$/.test(args.importer) ? { path: './usage.js', external: true } : undefined,
    );
  },
};

/** So is the scanner with its parsers (dist/scan.js): src/node/scanModule.ts. */
const scanApart = {
  name: 'scan-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/scanTree$/ }, (args) =>
      /scanModule\.ts$/.test(args.importer) ? { path: './scan.js', external: true } : undefined,
    );
  },
};

/**
 * And the source converters with csv-parse (dist/sources.js), needed only when raw price data is converted: in the
 * bundles src/node/sourcesModule.ts requires that file on first call instead of importing the converters.
 */
const sourcesApart = {
  name: 'sources-apart',
  setup(build) {
    build.onLoad({ filter: /src[\\/]node[\\/]sourcesModule\.ts$/ }, () => ({
      contents: "export function sources() { return require('./sources.js'); }",
      loader: 'ts',
    }));
    build.onResolve({ filter: /^\.\/sources\.js$/ }, (args) =>
      /sourcesModule\.ts$/.test(args.importer) ? { path: './sources.js', external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  plugins: [withoutProvenance, usageApart, scanApart, sourcesApart],
  // import() becomes require(): the CLI's launcher runs its bundle through the compile cache, where import() has no host.
  supported: { 'dynamic-import': false },
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  logLevel: 'warning',
  legalComments: 'none',
  target: 'node20',
};

const node = (entry, outfile, extra = {}) => ({
  ...common,
  // Test bundles (out/) import the converters directly: dist/sources.js is not beside them.
  ...(outfile.startsWith('out/') ? { plugins: [withoutProvenance, usageApart, scanApart] } : {}),
  platform: 'node',
  format: 'cjs',
  entryPoints: [entry],
  outfile,
  ...extra,
});

const uiTests = readdirSync('test/ui')
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/ui/${f}`);
const hostTests = readdirSync('test/host')
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/host/${f}`);

const builds = schemaOnly
  ? [node('scripts/gen-schema.ts', 'dist/gen-schema.js')]
  : [
      node('src/cli/main.ts', 'dist/cli-bundle.js'),
      node('src/node/importUsage.ts', 'dist/usage.js'),
      node('src/node/scanTree.ts', 'dist/scan.js'),
      node('src/core/catalog/sources/convert.ts', 'dist/sources.js'),
      node('src/cli/launch.ts', 'dist/cli.js'),
      // The GitHub Action's script (action.yml builds only this one).
      node('src/action/main.ts', 'dist/action.js'),
      node('src/extension/extension.ts', 'dist/extension.js', { external: ['vscode'] }),
      {
        ...common,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        entryPoints: ['src/webview/main.ts'],
        outfile: 'dist/webview.js',
      },
      node('scripts/gen-schema.ts', 'dist/gen-schema.js'),
      node('scripts/genai-snapshot.ts', 'dist/genai-snapshot.js'),
      node('scripts/gen-docs.ts', 'dist/gen-docs.js'),
      node('scripts/gen-assembled.ts', 'dist/gen-assembled.js'),
      node('scripts/bench.ts', 'dist/bench.js'),
      node('test/bench/index.ts', 'out/bench/index.js', { external: ['vscode'], minify: false }),
      node('test/host/index.ts', 'out/test/index.js', {
        external: ['vscode', 'mocha'],
        minify: false,
        sourcemap: 'inline',
      }),
      // ESM, so the harness modules it imports keep their import.meta.url.
      ...uiTests.map((t) => ({
        ...node(t, t.replace(/^test\/ui\//, 'out/ui/').replace(/\.ts$/, '.mjs'), {
          external: ['playwright-core', 'yaml', 'zod'],
          minify: false,
        }),
        format: 'esm',
      })),
      ...hostTests.map((t) =>
        node(t, t.replace(/^test\/host\//, 'out/test/').replace(/\.ts$/, '.js'), {
          external: ['vscode', 'mocha'],
          minify: false,
          sourcemap: 'inline',
        }),
      ),
    ];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('watching for changes...');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // The shipped per-token prices are the installed @pydantic/genai-prices' data, written on every build, and the
  // shipped sources converted once (data/prices/assembled.json).
  execFileSync(process.execPath, ['dist/genai-snapshot.js'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/gen-assembled.js'], { stdio: 'inherit' });
  // The committed JSON schema is generated from the zod schema on every build.
  execFileSync(process.execPath, ['dist/gen-schema.js', 'schemas/inference.schema.json'], { stdio: 'inherit' });
  // So is the inference.yaml reference, docs/format.md.
  execFileSync(process.execPath, ['dist/gen-docs.js'], { stdio: 'inherit' });
  // The CLI's code cache, from a run on the example (src/cli/launch.ts).
  execFileSync(
    process.execPath,
    [
      '-e',
      "require('./dist/cli.js').writeCodeCache([['check', 'examples'], ['check', 'examples', '--format', 'json']], process.cwd())",
    ],
    { stdio: 'inherit' },
  );
}
