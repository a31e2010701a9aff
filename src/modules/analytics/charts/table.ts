import type { NonNormalizedSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { ResultColumn } from '../query/schema.js';
import type { ChartBody } from './chart.js';
import { type ChartInput, tooltipColumns, tooltipOf, validOnly } from './encoding.js';
import { titleWithUnit } from './format.js';

/** Rows a table chart shows; the description says how many more the result has. */
export const MAX_TABLE_ROWS = 50;
const ROW_HEIGHT = 18;

/**
 * The fallback for shapes no chart reads well (three dimensions, a time series by two
 * dimensions, metrics of several units by one dimension…): the result as a table drawn with
 * text marks, one column per result column in query order, numbers formatted and right-aligned.
 * A cell without a value stays empty.
 */
export function tableChart(input: ChartInput): ChartBody {
  const columns = tooltipColumns(input);
  const cells = tooltipOf(input, columns);
  const total = input.result.rows.length;
  const width = Math.max(60, Math.floor(input.width / Math.max(1, columns.length)) - 8);
  const column = (c: ResultColumn, i: number): NonNormalizedSpec => {
    const numeric = c.role === 'metric' && c.type === 'number';
    const text = cells[i] as NonNullable<(typeof cells)[number]>;
    return {
      width,
      height: { step: ROW_HEIGHT },
      title: {
        text: c.role === 'metric' ? titleWithUnit(c) : c.label,
        anchor: numeric ? 'end' : 'start',
        fontSize: 11,
      },
      // Dimension values are never null here (chartSpecOf names them); numbers and days may be.
      ...(c.role === 'metric' || c.type === 'time' ? { transform: [validOnly(c.name)] } : {}),
      mark: { type: 'text', align: numeric ? 'right' : 'left', baseline: 'middle', x: numeric ? width : 0 },
      encoding: {
        y: { field: '_row', type: 'ordinal', axis: null },
        text: { ...text, title: null },
      },
    };
  };
  return {
    kind: 'table',
    spec: {
      transform: [
        { window: [{ op: 'row_number', as: '_row' }] },
        { filter: `datum._row <= ${MAX_TABLE_ROWS}` },
      ],
      hconcat: columns.map(column),
      spacing: 8,
      // One row number, one line across every column, even where a column has no value.
      resolve: { scale: { y: 'shared' } },
    },
    notes: total > MAX_TABLE_ROWS ? [`The first ${MAX_TABLE_ROWS} of ${total} rows are shown.`] : [],
  };
}
