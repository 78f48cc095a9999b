/** Every command id in one place; package.json contributes the same ids. */
export const COMMANDS = {
  compare: 'inferenceCost.compare',
  createTemplate: 'inferenceCost.createTemplate',
  showCatalog: 'inferenceCost.showCatalog',
  refresh: 'inferenceCost.refresh',
  pickBase: 'inferenceCost.pickBase',
  updatePrices: 'inferenceCost.updatePrices',
} as const;

export const PANEL_VIEW_TYPE = 'inferenceCost.compare';
export const CATALOG_SCHEME = 'inference-cost-catalog';
