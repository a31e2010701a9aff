import type { ResultColumn } from '../query/schema.js';
import type { ChartBody } from './chart.js';
import {
  BAR_STEP,
  type ChartInput,
  dimensionDef,
  firstRows,
  metricPosition,
  tooltipColumns,
  tooltipOf,
  validOnly,
} from './encoding.js';
import { numberFormat, titleWithUnit } from './format.js';

/** Bars are horizontal: category labels stay readable however long they are. */

/** The most bars a ranking draws; the rest are left out and the description says so. */
export const MAX_BARS = 50;

const stepHeight = (input: ChartInput, step = BAR_STEP) => input.height ?? { step };

/** The query's own order on the metric, when it has one; a ranking is highest first otherwise. */
function orderOf(input: ChartInput, metric: ResultColumn): 'ascending' | 'descending' {
  const own = input.result.query.orderBy?.find((o) => o.field === metric.name);
  return own?.direction === 'asc' ? 'ascending' : 'descending';
}

/** One categorical dimension and one metric: a ranking, bars sorted by value, values at their ends. */
export function rankingChart(input: ChartInput): ChartBody {
  const dimension = input.shape.dimensions[0] as ResultColumn;
  const metric = input.shape.metrics[0] as ResultColumn;
  const order = orderOf(input, metric);
  const drawn = input.result.rows.filter((r) => typeof r[metric.name] === 'number').length;
  const capped = drawn > MAX_BARS;
  return {
    kind: 'bar',
    spec: {
      width: input.width,
      height: stepHeight(input),
      transform: [validOnly(metric.name), ...(capped ? firstRows(MAX_BARS, metric.name, order) : [])],
      encoding: {
        // Sorted by the field rather than by "-x": the text layer's x would be a second sort.
        y: { ...dimensionDef(dimension), sort: { field: metric.name, op: 'sum', order } },
        x: metricPosition(input, metric),
        tooltip: tooltipOf(input, tooltipColumns(input)),
      },
      layer: [
        { mark: { type: 'bar' } },
        {
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: 10 },
          encoding: {
            text: {
              field: metric.name,
              type: 'quantitative',
              format: numberFormat(metric, input.result.rows),
            },
          },
        },
      ],
    },
    notes: capped
      ? [
          `Only the ${order === 'ascending' ? 'lowest' : 'highest'} ${MAX_BARS} of ${drawn} ${dimension.label.toLowerCase()} values are drawn.`,
        ]
      : [],
  };
}

/** One dimension and a share that adds up to one: a single bar split into its parts. */
export function shareBarChart(input: ChartInput): ChartBody {
  const dimension = input.shape.dimensions[0] as ResultColumn;
  const metric = input.shape.metrics[0] as ResultColumn;
  return {
    kind: 'stacked-bar',
    spec: {
      width: input.width,
      height: input.height ?? 80,
      transform: [validOnly(metric.name)],
      mark: { type: 'bar' },
      encoding: {
        x: metricPosition(input, metric, {
          stack: 'normalize',
          axis: { format: '.0%' },
        }),
        color: { ...dimensionDef(dimension), sort: { field: metric.name, op: 'sum', order: 'descending' } },
        order: { field: metric.name, type: 'quantitative', sort: 'descending' },
        tooltip: tooltipOf(input, tooltipColumns(input)),
      },
    },
  };
}

/**
 * Two dimensions and one metric that adds up (a count, or a share of each group's total): bars
 * of the first dimension split by the second; normalised to 100 % when the metric is a share.
 */
export function stackedChart(input: ChartInput, normalize: boolean): ChartBody {
  const [outer, inner] = input.shape.dimensions as [ResultColumn, ResultColumn];
  const metric = input.shape.metrics[0] as ResultColumn;
  const x = normalize
    ? metricPosition(input, metric, { stack: 'normalize', axis: { format: '.0%' } })
    : metricPosition(input, metric, { stack: 'zero' });
  return {
    kind: 'stacked-bar',
    spec: {
      width: input.width,
      height: stepHeight(input),
      transform: [validOnly(metric.name)],
      mark: { type: 'bar' },
      encoding: {
        y: { ...dimensionDef(outer), sort: normalize ? 'ascending' : '-x' },
        x,
        color: dimensionDef(inner),
        tooltip: tooltipOf(input, tooltipColumns(input)),
      },
    },
  };
}

/**
 * Bars side by side: two dimensions and a metric that does not add up (a rate, an average), or
 * one dimension and several metrics of one unit (folded, one bar per metric).
 */
export function groupedChart(input: ChartInput): ChartBody {
  const { dimensions, metrics } = input.shape;
  const outer = dimensions[0] as ResultColumn;
  const tooltip = tooltipOf(input, tooltipColumns(input));
  const height = input.height ?? { step: 12, for: 'offset' as const };
  if (dimensions.length === 2) {
    const inner = dimensions[1] as ResultColumn;
    const metric = metrics[0] as ResultColumn;
    return {
      kind: 'grouped-bar',
      spec: {
        width: input.width,
        height,
        transform: [validOnly(metric.name)],
        mark: { type: 'bar' },
        encoding: {
          y: dimensionDef(outer),
          yOffset: { field: inner.name, type: 'nominal' },
          x: metricPosition(input, metric),
          color: dimensionDef(inner),
          tooltip,
        },
      },
    };
  }
  const first = metrics[0] as ResultColumn;
  const labels = metrics.map((m) => m.label);
  return {
    kind: 'grouped-bar',
    spec: {
      width: input.width,
      height,
      transform: [
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
      mark: { type: 'bar' },
      encoding: {
        y: dimensionDef(outer),
        yOffset: { field: '_label', type: 'nominal', sort: labels },
        x: {
          field: '_value',
          type: 'quantitative',
          title: titleWithUnit({ ...first, label: 'Value' }),
          axis: { format: numberFormat(first, input.result.rows) },
        },
        color: { field: '_label', type: 'nominal', title: 'Metric', sort: labels },
        tooltip,
      },
    },
  };
}
