import { type Kysely, sql } from 'kysely';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { DB } from '../src/db/types.js';
import type { Dialect } from '../src/db/url.js';
// The dashboard's composition (what GET /analytics/dashboard answers, without the HTTP around it).
import { dashboardOf, KPI_METRICS } from '../src/modules/analytics/dashboard/service.js';
import {
  afterShipmentChange,
  rebuildRollups,
  runQuery,
  type SemanticQueryInput,
} from '../src/modules/analytics/index.js';
// The dialect's time buckets, for the baseline's own weekly trend (bench code may use the file).
import { bucketOf } from '../src/modules/analytics/query/dialect.js';
import { comparisonRange } from '../src/modules/analytics/query/time.js';
import { systemCaller } from '../src/modules/auth/index.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import { createBenchOrg, END, writeBenchShipments } from './analytics-data.js';
import { figure, ratio, section } from './report.js';

/**
 * The analytics engine at scale (issue #9): on a database of LANEWISE_BENCH_ANALYTICS_SHIPMENTS
 * shipments (default 1,000,000) per dialect,
 * - the rollup rebuild time and how many rollup rows the shipments fold into;
 * - the dashboard screen (its shipment KPIs with the previous period, and the weekly trends of
 *   shipments and on-time rate over 90 days) against the same figures computed by direct
 *   aggregation over the raw shipments (what a generic BI tool runs), with a check that the
 *   numbers are identical (the screen's OTIF needs orders, which this data set has none of);
 * - on SQLite, a fixed mix of 20 semantic queries: p50/p95 latency of those the rollups serve and
 *   of those that need the raw rows.
 */
const SHIPMENTS = Number(process.env.LANEWISE_BENCH_ANALYTICS_SHIPMENTS ?? 1_000_000);
const WRITES = Number(process.env.LANEWISE_BENCH_ANALYTICS_WRITES ?? 100_000);
const REPEAT = 5;

const day = (offset: number) => new Date(END.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
const range = { from: day(89), to: day(0) };
// The dashboard's own rule for the period before (query/time.ts).
const previous = comparisonRange(range, 'previous_period');
const rollback = new Error('rolled back on purpose');
// The dashboard's headline figures but OTIF, which needs orders (this data set has none).
const kpiMetrics = KPI_METRICS.filter((m) => m !== 'otifRate');

/** The dashboard screen itself (GET /analytics/dashboard without HTTP), as figures by name. */
async function dashboard(db: Kysely<DB>, orgId: number) {
  const answer = await dashboardOf(db, systemCaller(orgId), { from: range.from, to: range.to });
  const kpis: Record<string, unknown> = {};
  for (const k of answer.kpis) {
    kpis[k.metric] = k.value;
    kpis[`${k.metric}Previous`] = k.previous;
  }
  const points = (metric: string) => answer.trends.find((t) => t.metric === metric)?.points ?? [];
  const onTime = new Map(points('onTimeRate').map((p) => [p.period, p.value]));
  const trend = points('shipments').map((p) => ({
    period: p.period,
    shipments: p.value,
    onTimeRate: onTime.get(p.period) ?? null,
  }));
  return { kpis, trend, grain: answer.trends[0]?.grain };
}

/** The same figures straight from the shipments, as a BI tool over the raw table would compute them. */
async function baseline(db: Kysely<DB>, dialect: Dialect, orgId: number) {
  const period = async (r: { from: string; to: string }) => {
    const shipped = await sql<Record<string, number>>`
      select count(*) as shipments,
        sum(case when s.status = 'exception' then 1 else 0 end) as exceptions,
        sum(case when s.currency = 'USD' then s.freight_cost else s.freight_cost * x.rate end) as freight,
        sum(case when s.weight_kg is not null then (case when s.currency = 'USD' then s.freight_cost else s.freight_cost * x.rate end) end) as freight_with_weight,
        sum(case when s.freight_cost is not null then s.weight_kg end) as weight_with_freight
      from shipments as s
      left join exchange_rates as x on x.org_id = s.org_id and x.currency = s.currency and x.quote_currency = 'USD' and x.day = s.ship_day
      where s.org_id = ${orgId} and s.archived_at is null and s.ship_day >= ${r.from} and s.ship_day <= ${r.to}`.execute(
      db,
    );
    const delivered = await sql<Record<string, number>>`
      select count(*) as delivered, sum(s.on_time) as on_time, count(s.on_time) as on_time_known,
        sum(s.transit_days) as transit, count(s.transit_days) as transit_known
      from shipments as s
      where s.org_id = ${orgId} and s.archived_at is null and s.delivery_day >= ${r.from} and s.delivery_day <= ${r.to}`.execute(
      db,
    );
    const a = shipped.rows[0] ?? {};
    const b = delivered.rows[0] ?? {};
    const n = (v: unknown) => Number(v ?? 0);
    return {
      shipments: n(a.shipments),
      deliveredShipments: n(b.delivered),
      onTimeRate: round(n(b.on_time) / n(b.on_time_known), 4),
      lateShipments: n(b.on_time_known) - n(b.on_time),
      avgTransitDays: round(n(b.transit) / n(b.transit_known), 2),
      costPerKg: round(n(a.freight_with_weight) / n(a.weight_with_freight), 4),
      freightCost: round(n(a.freight), 2),
      exceptions: n(a.exceptions),
    };
  };
  const now = await period(range);
  const before = await period(previous);
  const week = (column: string) => bucketOf(dialect, 'week', sql.ref(column));
  const shippedWeeks = await sql<{ period: string; n: number }>`
    select ${week('s.ship_day')} as period, count(*) as n from shipments as s
    where s.org_id = ${orgId} and s.archived_at is null and s.ship_day >= ${range.from} and s.ship_day <= ${range.to}
    group by ${week('s.ship_day')}`.execute(db);
  const deliveredWeeks = await sql<{ period: string; on_time: number; known: number }>`
    select ${week('s.delivery_day')} as period, sum(s.on_time) as on_time, count(s.on_time) as known from shipments as s
    where s.org_id = ${orgId} and s.archived_at is null and s.delivery_day >= ${range.from} and s.delivery_day <= ${range.to}
    group by ${week('s.delivery_day')}`.execute(db);
  return { now, before, weeks: { shipped: shippedWeeks.rows, delivered: deliveredWeeks.rows } };
}

function round(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f * (1 + 4 * Number.EPSILON)) / f;
}

/** Whether the semantic layer's dashboard shows exactly the baseline's numbers. */
function sameNumbers(
  ours: Awaited<ReturnType<typeof dashboard>>,
  theirs: Awaited<ReturnType<typeof baseline>>,
): string[] {
  const differences: string[] = [];
  for (const metric of kpiMetrics) {
    const a = ours.kpis[metric];
    const b = theirs.now[metric as keyof typeof theirs.now];
    if (a !== b) differences.push(`${metric}: ${a} vs ${b}`);
    const p = ours.kpis[`${metric}Previous`];
    const q = theirs.before[metric as keyof typeof theirs.before];
    if (p !== q) differences.push(`${metric} (previous): ${p} vs ${q}`);
  }
  const shipped = new Map(theirs.weeks.shipped.map((w) => [String(w.period), Number(w.n)]));
  const onTime = new Map(
    theirs.weeks.delivered.map((w) => [String(w.period), round(Number(w.on_time) / Number(w.known), 4)]),
  );
  for (const row of ours.trend) {
    const period = String(row.period);
    if ((shipped.get(period) ?? 0) !== row.shipments) differences.push(`week ${period} shipments`);
    if ((onTime.get(period) ?? null) !== row.onTimeRate) differences.push(`week ${period} on-time`);
  }
  return differences;
}

async function median(body: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  await body(); // warm
  for (let i = 0; i < REPEAT; i++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

const mix: SemanticQueryInput[] = [
  { metrics: ['shipments'] },
  { metrics: ['onTimeRate'], timeRange: { last: 30, unit: 'days', asOf: day(0) } },
  {
    metrics: ['shipments', 'onTimeRate'],
    dimensions: ['carrier'],
    timeRange: { relative: 'last_month', asOf: day(0) },
  },
  {
    metrics: ['costPerKg', 'freightCost'],
    dimensions: ['mode'],
    timeRange: { relative: 'year_to_date', asOf: day(0) },
  },
  { metrics: ['shipments'], grain: 'month' },
  {
    metrics: ['onTimeRate', 'avgTransitDays'],
    grain: 'week',
    timeRange: { last: 26, unit: 'weeks', asOf: day(0) },
  },
  {
    metrics: ['lateShipments'],
    dimensions: ['lane'],
    limit: 10,
    orderBy: [{ field: 'lateShipments', direction: 'desc' }],
  },
  { metrics: ['freightCost'], dimensions: ['originCountry', 'destinationCountry'] },
  {
    metrics: ['onTimeRate'],
    dimensions: ['carrier'],
    grain: 'month',
    timeRange: { relative: 'this_year', asOf: day(0) },
  },
  { metrics: ['shipments'], filters: [{ field: 'mode', op: 'eq', value: 'air' }], grain: 'quarter' },
  {
    metrics: ['costPerShipment'],
    dimensions: ['destinationCity'],
    timeRange: { last: 90, unit: 'days', asOf: day(0) },
  },
  { metrics: ['shipments', 'weight'], dimensions: ['customer'], limit: 20 },
  {
    metrics: ['freightCost'],
    compare: 'same_period_last_year',
    timeRange: { relative: 'last_quarter', asOf: day(0) },
  },
  {
    metrics: ['onTimeRate'],
    dimensions: ['lane'],
    having: [{ metric: 'deliveredShipments', op: 'gte', value: 100 }],
  },
  { metrics: ['inTransitShipments', 'exceptions'], dimensions: ['carrier'] },
  // Served from the raw rows: percentiles, filters on row fields, dimensions no single rollup has.
  { metrics: ['transitDaysP90'], dimensions: ['mode'], timeRange: { last: 90, unit: 'days', asOf: day(0) } },
  { metrics: ['transitDaysP50'], timeRange: { relative: 'last_month', asOf: day(0) } },
  {
    metrics: ['shipments'],
    filters: [{ field: 'weightKg', op: 'gt', value: 5000 }],
    timeRange: { last: 30, unit: 'days', asOf: day(0) },
  },
  {
    metrics: ['deliveredShipments'],
    dimensions: ['carrier'],
    filters: [{ field: 'onTime', op: 'eq', value: false }],
    timeRange: { last: 30, unit: 'days', asOf: day(0) },
  },
  {
    metrics: ['freightCost'],
    dimensions: ['customer', 'lane'],
    timeRange: { last: 7, unit: 'days', asOf: day(0) },
    limit: 50,
  },
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

export const benchmark = {
  name: 'analytics',
  run: async () => {
    for (const dialect of testDialects) {
      section(`analytics on ${dialect} (${SHIPMENTS.toLocaleString('en-US')} shipments)`);
      const test = await createTestDatabase(dialect);
      const database = connect(test.target);
      try {
        const db = database.db;
        await migrateToLatest(db);
        const org = await createBenchOrg(db, 'bench');
        const written = performance.now();
        await writeBenchShipments(db, org, SHIPMENTS);
        figure(
          `${dialect} write ${SHIPMENTS.toLocaleString('en-US')} shipments (write path, rollups kept)`,
          (performance.now() - written) / 1000,
          's',
        );
        const rebuilt = performance.now();
        const { rows } = await rebuildRollups(db, org.orgId);
        figure(`${dialect} full rollup rebuild`, (performance.now() - rebuilt) / 1000, 's');
        figure(`${dialect} rollup rows (all three rollups, both anchors)`, rows, 'rows');
        for (const table of [
          'analytics_shipment_daily',
          'analytics_shipment_lanes',
          'analytics_shipment_parties',
        ] as const) {
          const counted = await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('org_id', '=', org.orgId)
            .executeTakeFirstOrThrow();
          figure(
            `${dialect}   ${table}: shipments per row (per anchor)`,
            (2 * SHIPMENTS) / Number(counted.n),
            'x',
          );
        }

        const ours = await dashboard(db, org.orgId);
        const theirs = await baseline(db, dialect, org.orgId);
        const differences = sameNumbers(ours, theirs);
        process.stdout.write(
          differences.length === 0
            ? `${dialect} dashboard numbers: identical to the direct aggregation (${kpiMetrics.length} KPIs × 2 periods, ${ours.trend.length} ${ours.grain} trend points)\n`
            : `${dialect} dashboard numbers DIFFER: ${differences.join('; ')}\n`,
        );
        const oursMs = await median(() => dashboard(db, org.orgId));
        const rawMs = await median(() => baseline(db, dialect, org.orgId));
        figure(`${dialect} dashboard via the semantic layer (median)`, oursMs, 'ms');
        figure(`${dialect} dashboard by direct aggregation (median)`, rawMs, 'ms');
        // As throughputs, so the ratio is how many times faster ours is.
        ratio(`${dialect} dashboards per second`, 1000 / oursMs, 1000 / rawMs, 'dashboards/s', 10);

        // The write path's cost of keeping rollups: a batched insert of WRITES shipments (batches
        // of 5,000, rollups kept in each batch's transaction), then the rollup statements of the
        // same batches alone (run again in transactions that are rolled back). Without them the
        // insert would take the difference.
        const second = await createBenchOrg(db, 'bench-writes');
        const on = performance.now();
        await writeBenchShipments(db, second, WRITES, { seed: 9 });
        const withRollups = performance.now() - on;
        const ids = (
          await db
            .selectFrom('shipments')
            .select('id')
            .where('org_id', '=', second.orgId)
            .orderBy('id')
            .execute()
        ).map((r) => r.id);
        let rollupsOnly = 0;
        for (let start = 0; start < ids.length; start += 5_000) {
          const chunk = ids.slice(start, start + 5_000);
          await db
            .transaction()
            .execute(async (trx) => {
              const t = performance.now();
              await afterShipmentChange(trx, second.orgId, chunk);
              rollupsOnly += performance.now() - t;
              throw rollback;
            })
            .catch((error) => {
              if (error !== rollback) throw error;
            });
        }
        figure(
          `${dialect} batched insert of ${WRITES.toLocaleString('en-US')} shipments, rollups kept`,
          withRollups / 1000,
          's',
        );
        figure(`${dialect}   of which rollup maintenance`, rollupsOnly / 1000, 's');
        ratio(
          `${dialect} write throughput, rollups on vs off`,
          WRITES / (withRollups / 1000),
          WRITES / ((withRollups - rollupsOnly) / 1000),
          'shipments/s',
          0.8,
        );

        if (dialect === 'sqlite') {
          const served: Record<'rollup' | 'raw', number[]> = { rollup: [], raw: [] };
          for (const query of mix) {
            const first = await runQuery(db, systemCaller(org.orgId), query);
            for (let i = 0; i < REPEAT; i++) {
              const start = performance.now();
              await runQuery(db, systemCaller(org.orgId), query);
              served[first.servedFrom].push(performance.now() - start);
            }
          }
          for (const source of ['rollup', 'raw'] as const) {
            const sorted = [...served[source]].sort((a, b) => a - b);
            figure(
              `sqlite 20-query mix, ${source}-served (${sorted.length / REPEAT} queries): p50`,
              percentile(sorted, 0.5),
              'ms',
            );
            figure(`sqlite 20-query mix, ${source}-served: p95`, percentile(sorted, 0.95), 'ms');
          }
        }
      } finally {
        await database.close();
        await test.drop();
      }
    }
  },
};
