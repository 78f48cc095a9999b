/**
 * The scanner, loaded on first use: in the bundles it is a file of its own (dist/scan.js, with the Python and
 * JavaScript parsers) that activation and every other command never load. scripts/build.mjs points this import at it.
 */
export function loadScanner(): Promise<typeof import('./scanTree')> {
  return import('./scanTree');
}

/**
 * The same, synchronously: `check` and `diff` run in one synchronous pass (the Action calls them in process). In the
 * bundles this is require('./scan.js'), beside the bundle; run from the sources (tests) it throws, and callers pass
 * the module in (src/cli/drift.ts).
 */
export function requireScanner(): typeof import('./scanTree') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only where there is code to scan
  return require('./scanTree') as typeof import('./scanTree');
}
