// Charts of query results: the spec chosen from a result's shape, its SVG, and their routes.
export {
  type ChartKind,
  type ChartOptions,
  type ChartSpec,
  chartRoutes,
  chartSpecOf,
  renderSvg,
} from './charts/index.js';
export { type RunOptions, runQuery } from './query/run.js';
export * from './query/schema.js';
export {
  afterShipmentChange,
  beforeShipmentChange,
  rebuildRollups,
  sweepEmptyRollupRows,
} from './rollups/maintain.js';
export { bumpDataVersion, dataVersionOf, SHIPMENT_FACTS_VERSION } from './versions.js';
