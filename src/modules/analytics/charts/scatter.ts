import type { ResultColumn } from '../query/schema.js';
import type { ChartBody } from './chart.js';
import {
  type ChartInput,
  DEFAULT_HEIGHT,
  metricPosition,
  tooltipColumns,
  tooltipOf,
  validOnly,
} from './encoding.js';

/** Points are named on the chart itself up to this many; beyond it only tooltips name them. */
export const MAX_POINT_LABELS = 20;

/** One dimension and two metrics: one point per dimension value, the first metric across, the second up. */
export function scatterChart(input: ChartInput): ChartBody {
  const dimension = input.shape.dimensions[0] as ResultColumn;
  const [across, up] = input.shape.metrics as [ResultColumn, ResultColumn];
  const x = metricPosition(input, across, { scale: { zero: false, nice: true } });
  const y = metricPosition(input, up, { scale: { zero: false, nice: true } });
  const points = input.result.rows.filter(
    (r) => typeof r[across.name] === 'number' && typeof r[up.name] === 'number',
  ).length;
  return {
    kind: 'scatter',
    spec: {
      width: input.width,
      height: input.height ?? DEFAULT_HEIGHT,
      transform: [validOnly(across.name), validOnly(up.name)],
      encoding: { x, y, tooltip: tooltipOf(input, tooltipColumns(input)) },
      layer: [
        { mark: { type: 'point', filled: true, size: 70 } },
        ...(points <= MAX_POINT_LABELS
          ? [
              {
                mark: { type: 'text' as const, align: 'left' as const, dx: 6, fontSize: 10 },
                encoding: { text: { field: dimension.name, type: 'nominal' as const } },
              },
            ]
          : []),
      ],
    },
  };
}
