export * from './admin.js';
// Charts of query results: the spec chosen from a result's shape and its SVG.
export { type ChartKind, type ChartOptions, type ChartSpec, chartSpecOf, renderSvg } from './charts/index.js';
export { vegaLiteSpec } from './charts/schema.js';
export { dashboardRoutes } from './dashboard/routes.js';
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
export { catalogView, dimensionsOfMetric } from './semantic/catalog.js';
export { dimensionNamed, dimensions as dimensionDefinitions } from './semantic/dimensions.js';
export { metricNamed, metrics as metricDefinitions } from './semantic/metrics.js';
export type { DimensionDefinition, MetricDefinition } from './semantic/types.js';
export { bumpDataVersion, dataVersionOf, SHIPMENT_FACTS_VERSION } from './versions.js';
