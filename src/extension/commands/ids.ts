/** Every command id in one place; package.json contributes the same ids. */
export const COMMANDS = {
  compare: 'inferenceCost.compare',
  createTemplate: 'inferenceCost.createTemplate',
  showCatalog: 'inferenceCost.showCatalog',
  refresh: 'inferenceCost.refresh',
  pickBase: 'inferenceCost.pickBase',
  updatePrices: 'inferenceCost.updatePrices',
  importUsage: 'inferenceCost.importUsage',
} as const;

export const PANEL_VIEW_TYPE = 'inferenceCost.compare';
export const CATALOG_SCHEME = 'inference-cost-catalog';
/** The right side of an import's diff: the file as the import would leave it. */
export const IMPORT_PREVIEW_SCHEME = 'inference-cost-import';
