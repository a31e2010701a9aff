import type { NonNormalizedSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { ResultColumn } from '../query/schema.js';
import type { ChartBody } from './chart.js';
import type { ChartInput } from './encoding.js';
import { changeFormat, numberFormat, titleWithUnit } from './format.js';

/** Tiles per row of a KPI chart with many metrics. */
const TILES_PER_ROW = 4;

/**
 * No dimension, one row: each metric is a tile with its value (formatted as the catalog says),
 * its label and unit, and its change when the query compared periods. A metric with no value
 * says "No data" instead of a number.
 */
export function kpiChart(input: ChartInput): ChartBody {
  const { metrics, extras } = input.shape;
  const perRow = Math.min(TILES_PER_ROW, Math.max(1, metrics.length));
  const width = Math.max(120, Math.floor(input.width / perRow) - 10);
  const height = input.height ?? 130;
  const against =
    input.result.query.compare === 'same_period_last_year'
      ? 'vs same period last year'
      : 'vs previous period';
  const tile = (metric: ResultColumn): NonNormalizedSpec => {
    const change = extras.find((c) => c.name === `${metric.name}ChangePct`);
    const x = Math.round(width / 2);
    const y = Math.round(height / 2) - 12;
    return {
      width,
      height,
      layer: [
        {
          transform: [{ filter: { field: metric.name, valid: true } }],
          mark: { type: 'text', fontSize: 34, fontWeight: 'bold', x, y },
          encoding: {
            text: {
              field: metric.name,
              type: 'quantitative',
              format: numberFormat(metric, input.result.rows),
            },
          },
        },
        {
          // An empty result has no row to filter: the notice then has a row of its own.
          ...(input.result.rows.length === 0
            ? { data: { values: [{}] } }
            : { transform: [{ filter: { not: { field: metric.name, valid: true } } }] }),
          mark: { type: 'text', fontSize: 22, color: '#888', x, y },
          encoding: { text: { value: 'No data' } },
        },
        {
          mark: { type: 'text', fontSize: 13, color: '#444', x, y: y + 32 },
          encoding: { text: { value: titleWithUnit(metric) } },
        },
        ...(change
          ? [
              {
                transform: [
                  { filter: { field: change.name, valid: true } },
                  {
                    // The field name comes from the catalog ([A-Za-z0-9_]); JSON quotes it anyway.
                    calculate: `format(datum[${JSON.stringify(change.name)}], '${changeFormat}') + ${JSON.stringify(` ${against}`)}`,
                    as: '_change',
                  },
                ],
                mark: { type: 'text' as const, fontSize: 12, color: '#666', x, y: y + 52 },
                encoding: { text: { field: '_change', type: 'nominal' as const } },
              },
            ]
          : []),
      ],
    };
  };
  if (metrics.length === 1) return { kind: 'kpi', spec: tile(metrics[0] as ResultColumn) };
  return { kind: 'kpi', spec: { concat: metrics.map(tile), columns: perRow } };
}
