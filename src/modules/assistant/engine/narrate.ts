import type { ResolvedQuery, ResultColumn } from '../../analytics/index.js';
import type { Shape } from './types.js';

/**
 * The answer's text, written from its data only: every number it shows is a cell of the
 * result, formatted as its column says (the numbers check holds by construction, and is still
 * run). Short: the headline, then what the table shows.
 */
type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;

export interface NarrationInput {
  readonly shape: Shape;
  readonly query: ResolvedQuery;
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Row[];
  /** How the filters read ("carrier Northline Freight, mode air"). */
  readonly scope: string;
}

export function formatValue(value: Cell, column: ResultColumn | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value !== 'number') return String(value);
  switch (column?.format) {
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'currency':
      return `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${column.unit ?? ''}`.trim();
    case 'integer':
      return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
    default: {
      const unit = column?.unit && !['ratio', 'share'].includes(column.unit) ? ` ${column.unit}` : '';
      return `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}${unit}`;
    }
  }
}

/** A change in a metric's own terms: points for rates, the unit otherwise. */
function formatChange(value: Cell, column: ResultColumn | undefined): string {
  if (typeof value !== 'number') return 'n/a';
  const direction = value > 0 ? 'up' : value < 0 ? 'down' : 'unchanged';
  if (value === 0) return direction;
  const magnitude = Math.abs(value);
  const shown =
    column?.format === 'percent' ? `${(magnitude * 100).toFixed(1)} points` : formatValue(magnitude, column);
  return `${direction} ${shown}`;
}

export function describePeriod(query: ResolvedQuery): string {
  const range = query.timeRange;
  if (!range) return 'over all the data';
  return range.from === range.to ? `on ${range.from}` : `from ${range.from} to ${range.to}`;
}

export function narrate(input: NarrationInput): string {
  const { shape, query, columns, rows } = input;
  const byName = new Map(columns.map((c) => [c.name, c]));
  const metricName = query.metrics[0] as string;
  const metric = byName.get(metricName);
  const label = metric?.label ?? metricName;
  // Ids stand beside the names they identify: the text says the names.
  const dimensionColumns = columns.filter(
    (c) => c.role === 'dimension' && c.name !== 'period' && c.type !== 'id',
  );
  const scope = input.scope ? ` for ${input.scope}` : '';
  const period = describePeriod(query);
  // A group's name: its dimension values, else its period (a ranking of months), else "all".
  const nameOf = (row: Row) =>
    dimensionColumns.map((c) => cellName(c, row[c.name] ?? null)).join(' / ') ||
    (row.period !== undefined && row.period !== null
      ? `the ${query.grain ?? 'period'} starting ${row.period}`
      : 'all');
  const value = (row: Row, name = metricName) => formatValue(row[name] ?? null, byName.get(name));

  if (rows.length === 0) return `No data${scope} ${period}: nothing matches.`;

  switch (shape) {
    case 'value': {
      const row = rows[0] as Row;
      const previous = byName.get(`${metricName}Previous`);
      const headline = `${label}${scope} ${period}: ${value(row)}.`;
      if (!previous) return headline;
      return `${headline} That is ${formatChange(row[`${metricName}Change`] ?? null, metric)} from ${value(row, previous.name)} in the period before.`;
    }
    case 'trend': {
      const series = rows.filter((r) => r[metricName] !== null);
      if (series.length === 0) return `${label}${scope} ${period}: no values.`;
      if (dimensionColumns.length > 0) {
        return `${label}${scope} by ${dimensionColumns.map((c) => c.label.toLowerCase()).join(' and ')} per ${query.grain}, ${period}: the table and the chart show each group's series.`;
      }
      const first = series[0] as Row;
      const last = series[series.length - 1] as Row;
      const peak = series.reduce((a, b) => ((b[metricName] as number) > (a[metricName] as number) ? b : a));
      return `${label}${scope} per ${query.grain}, ${period}: ${value(first)} in the period starting ${first.period} and ${value(last)} in the one starting ${last.period}; the highest was ${value(peak)} (period starting ${peak.period}).`;
    }
    case 'comparison': {
      const change = byName.get(`${metricName}Change`);
      if (change && dimensionColumns.length === 0) {
        const row = rows[0] as Row;
        return `${label}${scope} ${period}: ${value(row)}, ${formatChange(row[change.name] ?? null, metric)} from ${value(row, `${metricName}Previous`)} in the period compared.`;
      }
      const parts = rows.slice(0, 8).map((row) => {
        const name =
          row.period !== undefined && dimensionColumns.length === 0 ? String(row.period) : nameOf(row);
        const when = row.period !== undefined && dimensionColumns.length > 0 ? ` (${row.period})` : '';
        return `${name}${when} ${value(row)}`;
      });
      return `${label}${scope} ${period}: ${parts.join('; ')}.`;
    }
    case 'share': {
      const shareName = `${metricName}Share`;
      const parts = rows
        .slice(0, 6)
        .map(
          (row) =>
            `${nameOf(row)} ${formatValue(row[shareName] ?? null, byName.get(shareName))} (${value(row)})`,
        );
      return `Share of ${label.toLowerCase()}${scope} by ${dimensionColumns.map((c) => c.label.toLowerCase()).join(' and ')}, ${period}: ${parts.join('; ')}${rows.length > 6 ? '; the rest in the table' : ''}.`;
    }
    case 'why': {
      const changeName = `${metricName}Change`;
      const changed = rows.filter((r) => typeof r[changeName] === 'number');
      if (changed.length === 0)
        return `${label}${scope} ${period}: there is nothing to compare with in the period before.`;
      const sorted = [...changed].sort(
        (a, b) => Math.abs(b[changeName] as number) - Math.abs(a[changeName] as number),
      );
      const parts = sorted
        .slice(0, 3)
        .map(
          (row) =>
            `${nameOf(row)} ${formatChange(row[changeName] ?? null, metric)} (${value(row, `${metricName}Previous`)} → ${value(row)})`,
        );
      return `${label}${scope} ${period} against the period before, by ${dimensionColumns.map((c) => c.label.toLowerCase()).join(' and ')}: the largest changes were ${parts.join('; ')}.`;
    }
    case 'forecast': {
      const parts = rows.slice(0, 8).map((row) => `week of ${row.period} ${value(row)}`);
      return `${label}${scope} ${period}: ${parts.join('; ')}${rows.length > 8 ? '; the rest in the table' : ''}.`;
    }
    case 'ranking': {
      const limit = query.limit;
      const first = rows[0] as Row;
      const direction = query.orderBy[0]?.direction === 'asc' ? 'lowest' : 'highest';
      const dims =
        dimensionColumns.map((c) => c.label.toLowerCase()).join(' and ') || (query.grain ?? 'period');
      if (rows.length === 1 || limit === 1) {
        return `${capitalise(dims)} with the ${direction} ${label.toLowerCase()}${scope} ${period}: ${nameOf(first)} at ${value(first)}.`;
      }
      const parts = rows.slice(0, 10).map((row) => `${nameOf(row)} (${value(row)})`);
      return `${capitalise(dims)} by ${label.toLowerCase()}${scope} ${period}, ${direction} first: ${parts.join(', ')}.`;
    }
    default: {
      const parts = rows.slice(0, 5).map((row) => `${nameOf(row)} ${value(row)}`);
      const dims = dimensionColumns.map((c) => c.label.toLowerCase()).join(' and ');
      return `${label}${scope} by ${dims} ${period}: ${parts.join('; ')}${rows.length > 5 ? '; the rest in the table' : ''}.`;
    }
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A group's value as words: "(none)" for unknown, "on time"/"late" for on-time, yes/no for flags. */
function cellName(column: ResultColumn, value: Cell): string {
  if (value === null) return '(none)';
  if (typeof value === 'boolean' || column.type === 'boolean') {
    const yes = value === true || value === 1 || value === 'true';
    return column.name === 'onTime' ? (yes ? 'on time' : 'late') : yes ? 'yes' : 'no';
  }
  return String(value);
}
