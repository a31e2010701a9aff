import type { PositionDef, StringFieldDef } from 'vega-lite/types_unstable/channeldef.js';
import type { Transform } from 'vega-lite/types_unstable/transform.js';
import type { QueryResult, ResultColumn } from '../query/schema.js';
import { changeFormat, grainStyle, numberFormat, periodTime, titleWithUnit } from './format.js';
import type { ResultShape } from './shape.js';

/** Encoding pieces every chart kind shares: the time axis, metric axes, dimensions and tooltips. */

export type Field = string;
export type Tooltip = StringFieldDef<Field>[];

/** What a chart builder gets: the result, its shape and the size asked for. */
export interface ChartInput {
  readonly result: QueryResult;
  readonly shape: ResultShape;
  readonly width: number;
  /** Height asked for; discrete axes size by step when there is none. */
  readonly height: number | undefined;
}

export const DEFAULT_HEIGHT = 360;
/** Pixels per bar on a discrete axis when no height is asked for. */
export const BAR_STEP = 22;

/** A metric on a position channel: its format, its title with the unit. */
export function metricPosition(
  input: ChartInput,
  metric: ResultColumn,
  extra: Partial<PositionDef<Field>> = {},
): PositionDef<Field> {
  return {
    field: metric.name,
    type: 'quantitative',
    // The title on the field (not only the axis) also names the value in tooltips and aria labels.
    title: titleWithUnit(metric),
    axis: { format: numberFormat(metric, input.result.rows) },
    ...extra,
  } as PositionDef<Field>;
}

/**
 * The period on x, labelled in the grain's words. Ticks are the periods themselves (every k-th
 * when there are many), so a weekly axis is labelled on Mondays and a monthly one on the 1st,
 * whatever tick rhythm vega would pick for the span.
 */
export function timePosition(input: ChartInput): PositionDef<Field> {
  const { shape, result, width } = input;
  const time = shape.time as ResultColumn;
  const style = grainStyle(shape.grain ?? 'day');
  const periods = [...new Set(result.rows.map((r) => periodTime(r[time.name])))]
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  const most = Math.max(2, Math.floor(width / 70));
  const every = Math.max(1, Math.ceil(periods.length / most));
  return {
    field: time.name,
    type: 'temporal',
    timeUnit: style.timeUnit,
    axis: {
      title: time.label,
      format: style.axis,
      labelOverlap: true,
      ...(periods.length > 0 ? { values: periods.filter((_, i) => i % every === 0) } : {}),
    },
  };
}

/** A categorical dimension (on y, colour, offset…). */
export function dimensionDef(dimension: ResultColumn) {
  return { field: dimension.name, type: 'nominal', title: dimension.label } as const;
}

/** One tooltip line per column: formatted like its axis, periods in the grain's words. */
export function tooltipOf(input: ChartInput, columns: readonly ResultColumn[]): Tooltip {
  return columns.map((column): StringFieldDef<Field> => {
    if (column.type === 'time') {
      const style = grainStyle(input.shape.grain ?? 'day');
      return {
        field: column.name,
        type: 'temporal',
        timeUnit: style.timeUnit,
        format: style.tooltip,
        title: column.label,
      };
    }
    if (column.role === 'dimension' || column.type !== 'number') {
      return { field: column.name, type: 'nominal', title: column.label };
    }
    const format = /ChangePct$/.test(column.name) ? changeFormat : numberFormat(column, input.result.rows);
    return { field: column.name, type: 'quantitative', format, title: titleWithUnit(column) };
  });
}

/** Every column worth a tooltip line: the charted ones, then the compare columns. */
export function tooltipColumns(input: ChartInput): ResultColumn[] {
  const { time, dimensions, metrics, extras } = input.shape;
  return [...(time ? [time] : []), ...dimensions, ...metrics, ...extras.filter((c) => c.role === 'metric')];
}

/**
 * Leaves out rows without a value of a numeric or time field: nulls are not drawn (see the
 * description). Vega-Lite's `valid` also refuses text, so it is only for numbers and days.
 */
export const validOnly = (field: string): Transform => ({ filter: { field, valid: true } });

/**
 * At most `most` rows, the first ones in the order given (the top of a ranking): a chart of a
 * thousand bars helps nobody; the description says how many were left out.
 */
export function firstRows(most: number, sortField: string, order: 'ascending' | 'descending'): Transform[] {
  return [
    { window: [{ op: 'row_number', as: '_rank' }], sort: [{ field: sortField, order }] },
    { filter: `datum._rank <= ${most}` },
  ];
}
