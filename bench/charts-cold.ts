/**
 * One cold chart in a fresh process, for bench/charts.ts: loads the chart code (vega and
 * vega-lite with it), builds one spec and renders it once, and prints the times as JSON.
 * Usage: node --import tsx bench/charts-cold.ts <line|ranking|kpi>
 */
import { type ChartCase, chartCases } from './chart-cases.js';

const which = process.argv[2] as ChartCase;
const chart = chartCases[which];
if (!chart) throw new Error(`unknown chart case ${String(which)}`);

const started = performance.now();
const { chartSpecOf } = await import('../src/modules/analytics/charts/spec.js');
const { renderSvg } = await import('../src/modules/analytics/charts/render.js');
const loaded = performance.now();
const spec = chartSpecOf(chart.result);
const specified = performance.now();
const svg = await renderSvg(spec);
const rendered = performance.now();
process.stdout.write(
  JSON.stringify({
    loadMs: loaded - started,
    specMs: specified - loaded,
    renderMs: rendered - specified,
    bytes: svg.length,
  }),
);
