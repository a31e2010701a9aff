export { resultToCsv } from './query/csv.js';
export { type RunOptions, runQuery } from './query/run.js';
export * from './query/schema.js';
export { rebuildRollupsJob, sweepRollupRowsJob } from './rollups/jobs.js';
export {
  afterShipmentChange,
  beforeShipmentChange,
  rebuildRollups,
  sweepEmptyRollupRows,
} from './rollups/maintain.js';
export { type AnalyticsRouteOptions, analyticsRoutes } from './routes.js';
export { dimensionNamed } from './semantic/dimensions.js';
export { bumpDataVersion, dataVersionOf, SHIPMENT_FACTS_VERSION } from './versions.js';
