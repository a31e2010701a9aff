/**
 * Charts of query results (issue #9): a Vega-Lite spec chosen from a result's shape, its
 * server-side SVG, and the routes that serve both.
 */
export { type ChartKind, type ChartSpec, chartKinds, VEGA_LITE_SCHEMA } from './chart.js';
export { renderSvg } from './render.js';
export { type ChartRouteOptions, chartRoutes } from './routes.js';
export { type ChartOptions, chartSpecOf, chooseChart } from './spec.js';
