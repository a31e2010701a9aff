import type { CellValue, Grain, QueryResult, ResultColumn } from '../query/schema.js';

/**
 * How a chart shows numbers, dates and titles: d3 format strings chosen from a column's `format`
 * (the catalog's display format), titles with units, and labels of each time grain.
 */

/**
 * The d3-format string of a metric: percent `.1%`, currency `,.0f`, integer `,d`, decimal
 * `,.2f`. Money whose values are all below 100 (a cost per kg) keeps its cents: `,.2f`.
 */
export function numberFormat(column: ResultColumn, rows: readonly Record<string, CellValue>[] = []): string {
  switch (column.format) {
    case 'percent':
      return '.1%';
    case 'currency':
      return rows.some((r) => typeof r[column.name] === 'number') &&
        rows.every((r) => typeof r[column.name] !== 'number' || Math.abs(r[column.name] as number) < 100)
        ? ',.2f'
        : ',.0f';
    case 'integer':
      return ',d';
    default:
      return ',.2f';
  }
}

/** A change in percent (the compare columns' `…ChangePct`), signed. */
export const changeFormat = '+.1%';

// Units that say nothing a reader needs (the format already shows a ratio as a percent).
const silentUnits = new Set(['ratio', 'share', 'percent']);

/**
 * A metric's title with its unit: "Freight cost (USD)", "On-time rate (%)", "Weight (kg)";
 * the unit is left out when the label already says it ("Shipments", "Average transit days").
 */
export function titleWithUnit(column: ResultColumn): string {
  if (column.format === 'percent') return `${column.label} (%)`;
  const unit = column.unit;
  if (!unit || silentUnits.has(unit)) return column.label;
  const label = column.label.toLowerCase();
  const stem = unit.toLowerCase().replace(/s$/, '');
  if (column.format !== 'currency' && label.includes(stem)) return column.label;
  return `${column.label} (${unit})`;
}

interface GrainStyle {
  /** Vega-Lite time unit (UTC: period values are calendar days, not instants in the server's zone). */
  readonly timeUnit: 'utcyearmonthdate' | 'utcyearmonth' | 'utcyearquarter' | 'utcyear';
  /** Axis labels. */
  readonly axis: string;
  /** Tooltips. */
  readonly tooltip: string;
  /** The word in a title: "Shipments by week". */
  readonly noun: string;
}

// A week is labelled by its ISO week (weeks start on Monday, ISO 8601): vega's own week unit
// starts on Sunday, so periods are bucketed by day and only labelled as weeks.
const grainStyles: Record<Grain, GrainStyle> = {
  day: { timeUnit: 'utcyearmonthdate', axis: '%-d %b %Y', tooltip: '%a %-d %b %Y', noun: 'day' },
  week: { timeUnit: 'utcyearmonthdate', axis: '%G-W%V', tooltip: 'week of %-d %b %Y (%G-W%V)', noun: 'week' },
  month: { timeUnit: 'utcyearmonth', axis: '%b %Y', tooltip: '%B %Y', noun: 'month' },
  quarter: { timeUnit: 'utcyearquarter', axis: 'Q%q %Y', tooltip: 'Q%q %Y', noun: 'quarter' },
  year: { timeUnit: 'utcyear', axis: '%Y', tooltip: '%Y', noun: 'year' },
};

export const grainStyle = (grain: Grain): GrainStyle => grainStyles[grain];

/** Milliseconds since the epoch of a `YYYY-MM-DD` period (UTC midnight), or null. */
export function periodTime(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const ms = Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** "a, b and c". */
export function listOf(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** A label inside a sentence: "Late shipments" → "late shipments", but "OTIF" stays. */
const inSentence = (label: string): string =>
  /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;

/** The labels of several metrics as a phrase: "Shipments and late shipments". */
export const labelsOf = (metrics: readonly ResultColumn[]): string =>
  listOf(metrics.map((m, i) => (i === 0 ? m.label : inSentence(m.label))));

/** "On-time rate by carrier and month" from the metric and dimension labels. */
export function defaultTitle(
  metrics: readonly ResultColumn[],
  by: readonly ResultColumn[],
  grain: Grain | null,
): string {
  const what = labelsOf(metrics);
  const words = by.map((d) => inSentence(d.label));
  if (grain) words.push(grainStyle(grain).noun);
  const sentence = words.length > 0 ? `${what} by ${listOf(words)}` : what;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

const relativeWords: Record<string, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  this_week: 'This week',
  last_week: 'Last week',
  this_month: 'This month',
  last_month: 'Last month',
  this_quarter: 'This quarter',
  last_quarter: 'Last quarter',
  this_year: 'This year',
  last_year: 'Last year',
  year_to_date: 'Year to date',
};

/** The period a result covers, for the subtitle: "Last month: 2026-10-01 to 2026-10-31", "All data". */
export function rangeOf(result: QueryResult): string {
  const { timeRange, requestedTimeRange, compare } = result.query;
  let text = 'All data';
  if (timeRange) {
    const days = timeRange.from === timeRange.to ? timeRange.from : `${timeRange.from} to ${timeRange.to}`;
    let name: string | undefined;
    if (requestedTimeRange && 'relative' in requestedTimeRange)
      name = relativeWords[requestedTimeRange.relative];
    if (requestedTimeRange && 'last' in requestedTimeRange) {
      const unit = requestedTimeRange.unit.replace(/s$/, '');
      name = `Last ${requestedTimeRange.last} ${requestedTimeRange.last === 1 ? unit : requestedTimeRange.unit}`;
    }
    text = name ? `${name}: ${days}` : days;
  }
  if (compare === 'previous_period') text += ', compared with the previous period';
  if (compare === 'same_period_last_year') text += ', compared with the same period last year';
  return text;
}
