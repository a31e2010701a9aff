import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.js';
import type { Caller } from '../../auth/index.js';
import type { RunOptions } from '../query/run.js';
import type { CellValue, Filter, QueryResult, SemanticQuery } from '../query/schema.js';
import { bucketsOf, comparisonRange, type DayRange, daysBetween, daysOfBucketIn } from '../query/time.js';
import type { MetricDefinition } from '../semantic/types.js';
import type { Dashboard, DashboardQuery, Kpi } from './schema.js';
import {
  assessmentOf,
  changeOf,
  emptyValue,
  filtersFor,
  metricOf,
  type Scope,
  scopeOf,
  trendGrain,
} from './scope.js';
import { openSession, type Session } from './session.js';

/** The headline KPIs, in the order the dashboard shows them (each one also has a trend). */
export const KPI_METRICS = [
  'shipments',
  'deliveredShipments',
  'onTimeRate',
  'lateShipments',
  'avgTransitDays',
  'costPerKg',
  'freightCost',
  'exceptions',
  'otifRate',
] as const;

/**
 * Metrics that take the same filters share one query (and so one statement per fact). A filter
 * that does not apply to a metric (order metrics have no carrier, mode or places) leaves that
 * metric unfiltered rather than out: the KPI says which filters it ignores, and a note says why.
 */
interface Group {
  readonly metrics: MetricDefinition[];
  readonly filters: Filter[];
  readonly ignored: string[];
}

function groupsOf(scope: Scope, session: Session): Group[] {
  const groups = new Map<string, Group>();
  for (const name of KPI_METRICS) {
    const metric = metricOf(name);
    const { applied, ignored, reasons } = filtersFor(metric, scope.filters);
    if (ignored.length > 0) {
      session.note(
        `${metric.label} (${metric.name}) is not filtered by ${ignored.join(', ')}: ${reasons.join('; ')}. It is shown for the whole organization.`,
      );
    }
    const key = ignored.join(',');
    const group = groups.get(key) ?? { metrics: [], filters: applied, ignored };
    group.metrics.push(metric);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export async function dashboardOf(
  db: Kysely<DB>,
  caller: Caller,
  params: DashboardQuery,
  options: RunOptions = {},
): Promise<Dashboard> {
  const started = performance.now();
  const scope = scopeOf(params);
  const session = openSession(db, caller, scope, options);
  const grain = trendGrain(scope.days);
  const kpis = new Map<string, Kpi>();
  const trends = new Map<string, Dashboard['trends'][number]>();

  for (const group of groupsOf(scope, session)) {
    const metrics = group.metrics.map((m) => m.name);
    const current = await session.ask({ metrics, filters: group.filters, compare: 'previous_period' });
    const range = session.range();
    const previousRange = comparisonRange(range, 'previous_period');
    const row = current.result.rows[0];
    // Over no rows a rollup query answers no row, and with it no previous values: ask for them.
    const previousRow = row
      ? undefined
      : (await session.ask({ metrics, filters: group.filters }, previousRange)).result.rows[0];
    for (const metric of group.metrics) {
      const value = cell(row?.[metric.name]) ?? emptyValue(metric, days(range));
      const previous =
        cell(row ? row[`${metric.name}Previous`] : previousRow?.[metric.name]) ??
        emptyValue(metric, days(previousRange));
      const { change, changePct } = changeOf(metric, value, previous);
      kpis.set(metric.name, {
        metric: metric.name,
        ...display(current.result, metric),
        value,
        previous,
        change,
        changePct,
        better: metric.better,
        assessment: assessmentOf(metric, change),
        ignoredFilters: group.ignored,
        query: { ...current.query, metrics: [metric.name] },
      });
    }

    const series = await session.ask({ metrics, filters: group.filters, grain });
    const byPeriod = new Map(series.result.rows.map((r) => [String(r.period), r]));
    for (const metric of group.metrics) {
      trends.set(metric.name, {
        metric: metric.name,
        ...display(series.result, metric),
        grain,
        points: bucketsOf(range, grain).map((period) => ({
          period,
          value:
            cell(byPeriod.get(period)?.[metric.name]) ??
            emptyValue(metric, daysOfBucketIn(period, grain, range)),
        })),
        ignoredFilters: group.ignored,
        query: { ...series.query, metrics: [metric.name] } satisfies SemanticQuery,
      });
    }
  }

  const range = session.range();
  const dataVersion = session.dataVersion();
  return {
    range,
    previousRange: comparisonRange(range, 'previous_period'),
    filters: [...scope.filters],
    kpis: KPI_METRICS.flatMap((name) => kpis.get(name) ?? []),
    trends: KPI_METRICS.flatMap((name) => trends.get(name) ?? []),
    notes: session.notes,
    dataVersion,
    elapsedMs: Math.round((performance.now() - started) * 100) / 100,
  };
}

const days = (range: DayRange) => daysBetween(range.from, range.to) + 1;

function cell(value: CellValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** Label, unit and format of a metric as the query answer gave them (money in the reporting currency). */
export function display(result: QueryResult, metric: MetricDefinition) {
  const column = result.columns.find((c) => c.name === metric.name);
  return {
    label: column?.label ?? metric.label,
    unit: column?.unit ?? null,
    format: column?.format ?? metric.format,
  };
}
