import { type Grain, grains, type QueryResult, type ResultColumn } from '../query/schema.js';

/**
 * What a query result looks like to the chart chooser: its time column (the `period` of a grain),
 * its categorical dimensions and its metrics, each in the order the query asked for them.
 */
export interface ResultShape {
  /** The `period` column of a query with a grain. */
  readonly time: ResultColumn | null;
  readonly grain: Grain | null;
  /** Dimensions other than time, in query order. */
  readonly dimensions: readonly ResultColumn[];
  /** The metrics the query asked for, in query order. */
  readonly metrics: readonly ResultColumn[];
  /** Columns shown in tooltips only: the compare columns (`…Previous`, `…Change`, `…ChangePct`). */
  readonly extras: readonly ResultColumn[];
}

const isGrain = (format: string): format is Grain => (grains as readonly string[]).includes(format);

/**
 * Sorts a result's columns by role. Metrics are the ones named in `query.metrics` (the compare
 * columns the compiler adds next to them are extras), dimensions the ones named in
 * `query.dimensions`; a column the query did not name (a helper such as an id next to a name)
 * is an extra. If the names do not match at all, every column of the role counts, so a result
 * built by hand still gets a chart.
 */
export function shapeOf(result: QueryResult): ResultShape {
  const { columns, query } = result;
  const time =
    columns.find((c) => c.role === 'dimension' && c.type === 'time' && c.name === 'period') ??
    columns.find((c) => c.role === 'dimension' && c.type === 'time') ??
    null;
  const others = columns.filter((c) => c.role === 'dimension' && c !== time);
  const dimensions = pick(others, query.dimensions ?? []);
  const allMetrics = columns.filter((c) => c.role === 'metric');
  const metrics = pick(allMetrics, query.metrics ?? []);
  const charted = new Set<ResultColumn>([...dimensions, ...metrics]);
  if (time) charted.add(time);
  return {
    time,
    grain: time && isGrain(time.format) ? time.format : time ? 'day' : null,
    dimensions,
    metrics,
    extras: columns.filter((c) => !charted.has(c)),
  };
}

/** The columns named by `names`, in that order; all of them when none is named. */
function pick(columns: readonly ResultColumn[], names: readonly string[]): ResultColumn[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const named = names.flatMap((n) => byName.get(n) ?? []);
  return named.length > 0 ? named : [...columns];
}

/** A share of a total as the catalog marks it: a percent whose unit is `share`. */
export const isShare = (metric: ResultColumn): boolean =>
  metric.format === 'percent' && metric.unit === 'share';

/**
 * A count (shipments, orders, units): stacking counts gives a meaningful total. Averages,
 * percentiles and rates do not add up, so they are grouped side by side instead.
 */
export const isCount = (metric: ResultColumn): boolean =>
  metric.format === 'integer' && metric.unit !== 'days' && metric.unit !== 'hours';

/**
 * Whether the metric's values add up to one within each group of `by` (all rows when `by` is
 * null): only then is a share shown as parts of a whole. A "share" per row that is not part of a
 * total (freight cost as a share of goods value, per carrier) is ranked instead.
 */
export function sumsToOne(result: QueryResult, metric: ResultColumn, by: ResultColumn | null): boolean {
  const totals = new Map<string, number>();
  for (const row of result.rows) {
    const value = row[metric.name];
    if (typeof value !== 'number') continue;
    const key = by ? String(row[by.name]) : '';
    totals.set(key, (totals.get(key) ?? 0) + value);
  }
  if (totals.size === 0) return false;
  return [...totals.values()].every((total) => Math.abs(total - 1) <= 0.02);
}

/** How many rows have no value (null) in the column. */
export function nullCount(result: QueryResult, column: ResultColumn): number {
  return result.rows.filter((row) => row[column.name] === null || row[column.name] === undefined).length;
}

/** Same unit and display format: several metrics can then share one axis. */
export function shareAnAxis(metrics: readonly ResultColumn[]): boolean {
  const [first, ...rest] = metrics;
  return first !== undefined && rest.every((m) => m.unit === first.unit && m.format === first.format);
}
