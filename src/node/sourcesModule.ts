import * as converters from '../core/catalog/sources/convert';

/**
 * The source converters (sources/convert.ts), needed only when raw price data is converted. Run from the sources
 * (tests, the Action's build) they are imported here; scripts/build.mjs replaces this file in the bundles with one
 * that requires dist/sources.js on first call, so activation and a `check` never load csv-parse or the converters.
 */
export function sources(): typeof converters {
  return converters;
}
