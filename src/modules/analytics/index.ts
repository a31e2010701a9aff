export { dashboardRoutes } from './dashboard/routes.js';
export { type RunOptions, runQuery } from './query/run.js';
export * from './query/schema.js';
export {
  afterShipmentChange,
  beforeShipmentChange,
  rebuildRollups,
  sweepEmptyRollupRows,
} from './rollups/maintain.js';
export { bumpDataVersion, dataVersionOf, SHIPMENT_FACTS_VERSION } from './versions.js';
