import { AppError } from '../../../lib/errors.js';
import { round } from '../query/merge.js';
import type { Filter, Grain, TimeRange } from '../query/schema.js';
import { daysBetween } from '../query/time.js';
import { dimensionsOfMetric, factsOfMetric, resolveMetric } from '../semantic/catalog.js';
import { factOf } from '../semantic/facts.js';
import type { MetricDefinition } from '../semantic/types.js';
import type { DashboardQuery } from './schema.js';

/**
 * What the three screens share: the request's range and filters as semantic query parts, the
 * grain rules, which filters apply to which metric, and the value of a metric over no rows.
 */
export const DEFAULT_DAYS = 30;
/** The longest range a screen covers (ten years, as the longest relative range of a query). */
export const MAX_DAYS = 3660;

export interface Scope {
  /** Explicit days, or the last 30 days ending with the reference day (pinned later). */
  readonly timeRange: TimeRange;
  /** Days in the range. */
  readonly days: number;
  readonly filters: readonly Filter[];
}

const filterFields = [
  'mode',
  'carrier',
  'originCountry',
  'originCity',
  'destinationCountry',
  'destinationCity',
] as const;

export function scopeOf(params: DashboardQuery): Scope {
  const { from, to } = params;
  if ((from === undefined) !== (to === undefined)) {
    throw new AppError(
      'REQUEST_INVALID',
      `from and to go together: give both days, or neither for the last ${DEFAULT_DAYS} days.`,
      { errors: [{ path: from === undefined ? 'from' : 'to', message: 'required with the other day' }] },
    );
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw new AppError('REQUEST_INVALID', `from (${from}) is after to (${to}).`, {
      errors: [{ path: 'from', message: 'after to' }],
    });
  }
  if (from !== undefined && to !== undefined && daysBetween(from, to) + 1 > MAX_DAYS) {
    throw new AppError('REQUEST_INVALID', `The range covers more than ${MAX_DAYS} days; narrow it.`, {
      errors: [{ path: 'from', message: `at most ${MAX_DAYS} days before to` }],
    });
  }
  const filters: Filter[] = [];
  for (const field of filterFields) {
    const raw = params[field];
    if (raw === undefined) continue;
    // A carrier is named by id when it is all digits; names and SCACs are matched by the query.
    const value = field === 'carrier' && /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : raw;
    filters.push({ field, op: 'eq', value });
  }
  return from !== undefined && to !== undefined
    ? { timeRange: { from, to }, days: daysBetween(from, to) + 1, filters }
    : { timeRange: { last: DEFAULT_DAYS, unit: 'days' }, days: DEFAULT_DAYS, filters };
}

/** The dashboard's trend grain: days up to 45 days, ISO weeks up to a year, months beyond. */
export function trendGrain(days: number): Grain {
  return days <= 45 ? 'day' : days <= 366 ? 'week' : 'month';
}

/** The grain of a carrier's on-time trend: weeks up to 92 days (a quarter), months beyond. */
export function scorecardGrain(days: number): Grain {
  return days <= 92 ? 'week' : 'month';
}

export function metricOf(name: string): MetricDefinition {
  return resolveMetric(name, 'metric');
}

/** The filters that apply to a metric, and the reasons the others do not. */
export function filtersFor(
  metric: MetricDefinition,
  filters: readonly Filter[],
): { applied: Filter[]; ignored: string[]; reasons: string[] } {
  const supported = new Set(dimensionsOfMetric(metric).map((d) => d.name));
  const applied = filters.filter((f) => supported.has(f.field));
  const ignored = filters.filter((f) => !supported.has(f.field)).map((f) => f.field);
  const reasons = ignored.map((field) => {
    const fact = factsOfMetric(metric)
      .map(factOf)
      .find((f) => !(field in f.dimensions));
    return fact?.unsupported?.[field] ?? `${fact?.name ?? 'its fact'} has no ${field}`;
  });
  return { applied, ignored, reasons };
}

/**
 * A metric's value over no rows, as a raw query answers it: counts and sums 0, ratios and
 * percentiles null (0 ÷ 0). Queries served from rollups answer no row at all in that case.
 */
export function emptyValue(metric: MetricDefinition, days: number): number | null {
  if (metric.percentile) return null;
  const value = metric.compute(
    metric.parts.map(() => 0),
    { days },
  );
  return value === null || !Number.isFinite(value) ? null : value;
}

/** Change and relative change, rounded as the query answer's comparison columns are. */
export function changeOf(
  metric: MetricDefinition,
  value: number | null,
  previous: number | null,
): { change: number | null; changePct: number | null } {
  if (value === null || previous === null) return { change: null, changePct: null };
  return {
    change: round(value - previous, metric.precision),
    changePct: previous === 0 ? null : round((value - previous) / Math.abs(previous), 4),
  };
}

/** Whether a change is good news, by the metric's direction. */
export function assessmentOf(
  metric: MetricDefinition,
  change: number | null,
): 'improved' | 'worsened' | 'unchanged' | null {
  if (change === null || metric.better === 'neither') return null;
  if (change === 0) return 'unchanged';
  return change > 0 === (metric.better === 'higher') ? 'improved' : 'worsened';
}
