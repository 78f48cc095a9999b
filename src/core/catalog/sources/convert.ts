/**
 * The converters of the maintained sources' raw data into offers (LiteLLM, genai-prices, SkyPilot with csv-parse):
 * needed only when data is converted (at build, at an update, or for a cache another version wrote). In the bundles
 * they are a file of their own, dist/sources.js, loaded on first use (src/node/sourcesModule.ts).
 */
export { sourceLayer } from './assemble';
export { genaiOffers } from './genaiPrices';
export { litellmOffers, pruneLitellm } from './litellm';
export { skypilotOffers } from './skypilot';
