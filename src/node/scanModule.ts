/**
 * The scanner, loaded on first use: in the bundles it is a file of its own (dist/scan.js, with the Python and
 * JavaScript parsers) that activation and every other command never load. scripts/build.mjs points this import at it.
 */
export function loadScanner(): Promise<typeof import('./scanTree')> {
  return import('./scanTree');
}
