import type { NonNormalizedSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { ResultColumn } from '../query/schema.js';
import type { ChartBody } from './chart.js';
import {
  type ChartInput,
  DEFAULT_HEIGHT,
  dimensionDef,
  metricPosition,
  type Tooltip,
  timePosition,
  tooltipColumns,
  tooltipOf,
  validOnly,
} from './encoding.js';
import { labelsOf, numberFormat, titleWithUnit } from './format.js';
import { shareAnAxis } from './shape.js';

const mark = { type: 'line', point: true, strokeWidth: 2 } as const;

/**
 * A time series: one line per value of the series dimension (colour legend), or one line per
 * metric when several share a unit (folded into one axis); metrics of different units get one
 * panel each, stacked on the same time axis, rather than two scales on one axis.
 */
export function lineChart(input: ChartInput): ChartBody {
  const { shape } = input;
  const time = shape.time as ResultColumn;
  const series = shape.dimensions[0] ?? null;
  const { metrics } = shape;
  const tooltip = tooltipOf(input, tooltipColumns(input));
  const height = input.height ?? DEFAULT_HEIGHT;
  const [first] = metrics;
  if (!first) throw new Error('a line chart needs a metric');

  if (series === null && metrics.length > 1 && shareAnAxis(metrics)) {
    return { kind: 'line', spec: folded(input, metrics, height) };
  }
  const panel = (metric: ResultColumn, panelHeight: number): NonNormalizedSpec => ({
    width: input.width,
    height: panelHeight,
    transform: [validOnly(time.name), validOnly(metric.name)],
    mark,
    encoding: {
      x: timePosition(input),
      y: metricPosition(input, metric),
      ...(series ? { color: { ...dimensionDef(series), legend: { title: series.label } } } : {}),
      tooltip,
    },
  });
  if (metrics.length === 1) return { kind: 'line', spec: panel(first, height) };
  const each = Math.max(120, Math.round(height / metrics.length));
  return { kind: 'line', spec: { vconcat: metrics.map((m) => panel(m, each)) } };
}

/** Several metrics of one unit, one line each: the fold turns columns into series. */
function folded(input: ChartInput, metrics: readonly ResultColumn[], height: number): NonNormalizedSpec {
  const time = input.shape.time as ResultColumn;
  const first = metrics[0] as ResultColumn;
  const labels = metrics.map((m) => m.label);
  const format = numberFormat(first, input.result.rows);
  const tooltip: Tooltip = [
    ...tooltipOf(input, [time]),
    { field: '_label', type: 'nominal', title: 'Metric' },
    { field: '_value', type: 'quantitative', format, title: titleWithUnit({ ...first, label: 'Value' }) },
  ];
  return {
    width: input.width,
    height,
    transform: [
      validOnly(time.name),
      { fold: metrics.map((m) => m.name), as: ['_metric', '_value'] },
      validOnly('_value'),
      {
        lookup: '_metric',
        from: {
          data: { values: metrics.map((m) => ({ _metric: m.name, _label: m.label })) },
          key: '_metric',
          fields: ['_label'],
        },
      },
    ],
    mark,
    encoding: {
      x: timePosition(input),
      y: {
        field: '_value',
        type: 'quantitative',
        title: titleWithUnit({ ...first, label: labelsOf(metrics) }),
        axis: { format },
      },
      color: { field: '_label', type: 'nominal', title: 'Metric', sort: labels },
      tooltip,
    },
  };
}
