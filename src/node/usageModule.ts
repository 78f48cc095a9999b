/**
 * The usage import, loaded on first use: in the bundles it is a file of its own (dist/usage.js, with csv-parse and the
 * log readers: about 50 KB that activation and every other command never need). scripts/build.mjs points this import
 * at that file.
 */
export function loadUsageImport(): Promise<typeof import('./importUsage')> {
  return import('./importUsage');
}
