import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOne } from '../../src/db/bulk.js';
import type { DB, NewRow } from '../../src/db/types.js';
import type { Dashboard, Kpi } from '../../src/modules/analytics/dashboard/schema.js';
import { dashboardOf } from '../../src/modules/analytics/dashboard/service.js';
import {
  rebuildRollups,
  runQuery,
  type SemanticQueryInput,
  SHIPMENT_FACTS_VERSION,
} from '../../src/modules/analytics/index.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * The dashboard, the carrier scorecard and the lane analysis on an organization built by hand
 * below: every expected figure is worked out in the comments from the rows, and every figure is
 * also checked against the semantic query it says computes it. A twin organization holds the
 * same rows, so any figure that leaked across tenants would double.
 *
 * The period is Mon 2026-03-02 – Sun 2026-03-15 (14 days: trends by day, scorecard by ISO week);
 * the previous period is 2026-02-16 – 2026-03-01. Every shipment weighs 100 kg, costs USD.
 * Lanes: L1 Chicago, US → Dallas, US (road), L2 Hamburg, DE → Paris, FR (air), L3 Lyon, FR →
 * Milan, IT (road).
 */
type Carrier = 'alpha' | 'bravo' | 'charlie' | 'delta';
type Lane = 'L1' | 'L2' | 'L3';
// reference, carrier, lane, status, ship day, delivery day, on time, transit days, freight cost
type Spec = [
  string,
  Carrier | null,
  Lane,
  string,
  string,
  string | null,
  0 | 1 | null,
  number | null,
  number | null,
];
const shipments: Spec[] = [
  ['A1', 'alpha', 'L1', 'delivered', '2026-03-02', '2026-03-04', 1, 2, 300],
  ['A2', 'alpha', 'L1', 'delivered', '2026-03-03', '2026-03-07', 0, 4, 300],
  ['A3', 'alpha', 'L1', 'in_transit', '2026-03-12', null, null, null, 300],
  ['B1', 'bravo', 'L1', 'delivered', '2026-03-02', '2026-03-04', 1, 2, 250],
  ['B2', 'bravo', 'L1', 'delivered', '2026-03-09', '2026-03-11', 1, 2, 250],
  ['C1', 'charlie', 'L1', 'delivered', '2026-03-03', '2026-03-05', 1, 2, 100],
  ['X1', null, 'L1', 'exception', '2026-03-04', null, null, null, null], // no carrier, cost or weight
  ['A4', 'alpha', 'L2', 'delivered', '2026-03-09', '2026-03-11', 1, 2, 200],
  ['A5', 'alpha', 'L2', 'delivered', '2026-03-10', '2026-03-12', 1, 2, 200],
  ['C2', 'charlie', 'L2', 'delivered', '2026-03-04', '2026-03-06', 1, 2, 150],
  ['C3', 'charlie', 'L2', 'delivered', '2026-03-10', '2026-03-12', 1, 2, 150],
  ['B3', 'bravo', 'L3', 'delivered', '2026-03-05', '2026-03-07', 1, 2, 100],
  ['B4', 'bravo', 'L3', 'delivered', '2026-03-10', '2026-03-13', 0, 3, 100],
  ['D1', 'delta', 'L3', 'delivered', '2026-03-05', '2026-03-07', 1, 2, 100],
  ['D2', 'delta', 'L3', 'delivered', '2026-03-11', '2026-03-14', 0, 3, 100],
  ['D3', 'delta', 'L3', 'in_transit', '2026-03-13', null, null, null, 100],
  // The previous period.
  ['P1', 'alpha', 'L1', 'delivered', '2026-02-20', '2026-02-22', 1, 2, 300],
  ['P2', 'bravo', 'L1', 'delivered', '2026-02-24', '2026-02-27', 0, 3, 200],
];
const lanes = {
  L1: { mode: 'road', from: ['Chicago', 'US'], to: ['Dallas', 'US'] },
  L2: { mode: 'air', from: ['Hamburg', 'DE'], to: ['Paris', 'FR'] },
  L3: { mode: 'road', from: ['Lyon', 'FR'], to: ['Milan', 'IT'] },
} as const;
const laneName = (l: Lane) => `${lanes[l].from.join(', ')} → ${lanes[l].to.join(', ')}`;

interface Org {
  readonly orgId: number;
  readonly token: string;
  readonly carriers: Readonly<Record<Carrier, number>>;
}

async function buildOrg(ctx: TestContext, slug: string): Promise<Org> {
  const db: Kysely<DB> = ctx.database.db;
  const { orgId, users } = await createOrgWithUsers(db, { slug });
  const carriers = {} as Record<Carrier, number>;
  for (const key of ['alpha', 'bravo', 'charlie', 'delta'] as const) {
    const name = `${key[0]?.toUpperCase()}${key.slice(1)} Freight`;
    carriers[key] = await insertOne(db, 'carriers', {
      org_id: orgId,
      name,
      scac: key.slice(0, 4).toUpperCase(),
    });
  }
  for (const [reference, carrier, lane, status, shipDay, deliveryDay, onTime, transit, cost] of shipments) {
    const { mode, from, to } = lanes[lane];
    const row: NewRow<'shipments'> = {
      org_id: orgId,
      reference,
      carrier_id: carrier ? carriers[carrier] : null,
      mode,
      status: status as NewRow<'shipments'>['status'],
      origin_city: from[0],
      origin_country: from[1],
      destination_city: to[0],
      destination_country: to[1],
      lane: laneName(lane),
      ship_day: shipDay,
      delivery_day: deliveryDay,
      on_time: onTime,
      transit_days: transit,
      freight_cost: cost,
      currency: cost === null ? null : 'USD',
      weight_kg: cost === null ? null : 100,
      derivation_version: SHIPMENT_FACTS_VERSION,
    };
    await db.insertInto('shipments').values(row).execute();
  }
  // OTIF, by order day: current L1 ✓, L2 ✗ (4 of 5), L3 ✗ (late) → 1/3; previous L4 ✓ → 1/1.
  const product = await insertOne(db, 'products', { org_id: orgId, sku: 'P1', name: 'Widget' });
  const orders: [string, string, 0 | 1, [number, number][]][] = [
    [
      'O1',
      '2026-03-03',
      1,
      [
        [10, 10],
        [5, 4],
      ],
    ],
    ['O2', '2026-03-05', 0, [[10, 10]]],
    ['O3', '2026-02-20', 1, [[5, 5]]],
  ];
  for (const [reference, day, onTime, lines] of orders) {
    const orderId = await insertOne(db, 'orders', {
      org_id: orgId,
      reference,
      status: 'delivered',
      order_date: day,
      delivered_day: day,
      on_time: onTime,
      lead_time_days: 0,
    });
    for (const [i, [ordered, delivered]] of lines.entries()) {
      await insertOne(db, 'order_lines', {
        org_id: orgId,
        order_id: orderId,
        line_no: i + 1,
        product_id: product,
        qty_ordered: ordered,
        qty_shipped: delivered,
        qty_delivered: delivered,
      });
    }
  }
  await rebuildRollups(db, orgId);
  return { orgId, carriers, token: await accessTokenFor(ctx.app, users.viewer.id, orgId) };
}

const period = 'from=2026-03-02&to=2026-03-15';

describe.each(testDialects)('analytics dashboard, scorecards and lanes on %s', (dialect) => {
  let ctx: TestContext;
  let org: Org;
  let twin: Org;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    org = await buildOrg(ctx, 'dash');
    twin = await buildOrg(ctx, 'dash-twin');
  });
  afterAll(() => ctx?.close());

  const get = async (path: string, as: Org = org) => {
    const res = await send(ctx.app, 'GET', `/api/v1/analytics/${path}`, bearer(as.token));
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const replay = (query: SemanticQueryInput) => runQuery(ctx.database.db, systemCaller(org.orgId), query);
  const kpisOf = (body: Dashboard) => new Map(body.kpis.map((k) => [k.metric, k]));

  it('answers the KPIs with the previous period, change and assessment, each equal to its own query', async () => {
    const body = await get(`dashboard?${period}`);
    expect(body.range).toEqual({ from: '2026-03-02', to: '2026-03-15' });
    expect(body.previousRange).toEqual({ from: '2026-02-16', to: '2026-03-01' });
    expect(body.filters).toEqual([]);
    expect(body.notes).toEqual([]);
    const pick = ({ value, previous, change, changePct, assessment }: Kpi) => ({
      value,
      previous,
      change,
      changePct,
      assessment,
    });
    const expected = {
      // 16 shipped in the period; P1, P2 before.
      shipments: [16, 2, 14, 7, null],
      // All but A3, D3 (in transit) and X1; P1, P2 before.
      deliveredShipments: [13, 2, 11, 5.5, null],
      // Late: A2, B4, D2 → 10/13; before 1/2. (0.7692 − 0.5) ÷ 0.5.
      onTimeRate: [0.7692, 0.5, 0.2692, 0.5384, 'improved'],
      lateShipments: [3, 1, 2, 2, 'worsened'],
      // (10 × 2 + 4 + 3 + 3) ÷ 13 = 2.3077; before (2 + 3) ÷ 2.
      avgTransitDays: [2.31, 2.5, -0.19, -0.076, 'improved'],
      // 2700 ÷ 1500 kg (X1 has neither); before 500 ÷ 200.
      costPerKg: [1.8, 2.5, -0.7, -0.28, 'improved'],
      freightCost: [2700, 500, 2200, 4.4, 'worsened'],
      exceptions: [1, 0, 1, null, 'worsened'],
      otifRate: [0.3333, 1, -0.6667, -0.6667, 'worsened'],
    };
    const kpis = kpisOf(body);
    expect([...kpis.keys()]).toEqual(Object.keys(expected));
    for (const [metric, [value, previous, change, changePct, assessment]] of Object.entries(expected)) {
      const kpi = kpis.get(metric) as Kpi;
      expect(pick(kpi), metric).toEqual({ value, previous, change, changePct, assessment });
      expect(kpi.ignoredFilters).toEqual([]);
      const answer = await replay(kpi.query);
      expect(answer.rows, metric).toEqual([
        {
          [metric]: value,
          [`${metric}Previous`]: previous,
          [`${metric}Change`]: change,
          [`${metric}ChangePct`]: changePct,
        },
      ]);
    }
    expect(kpis.get('freightCost')).toMatchObject({ label: 'Freight cost', unit: 'USD', format: 'currency' });
    expect(kpis.get('onTimeRate')).toMatchObject({ unit: 'ratio', format: 'percent', better: 'higher' });
  });

  it('draws a trend of every KPI by day over every day of the range, equal to its query', async () => {
    const body = await get(`dashboard?${period}`);
    const trends = new Map<
      string,
      { grain: string; points: { period: string; value: unknown }[]; query: SemanticQueryInput }
    >(body.trends.map((t: { metric: string }) => [t.metric, t]));
    const shipmentsTrend = trends.get('shipments');
    expect(shipmentsTrend?.grain).toBe('day');
    // By ship day: 2, 2, 2, 2, then none on 03-06 to 03-08, then 2, 3, 1, 1, 1, and none after.
    expect(shipmentsTrend?.points.map((p) => p.value)).toEqual([2, 2, 2, 2, 0, 0, 0, 2, 3, 1, 1, 1, 0, 0]);
    expect(shipmentsTrend?.points[0]?.period).toBe('2026-03-02');
    expect(shipmentsTrend?.points[13]?.period).toBe('2026-03-15');
    // By delivery day: 03-04 A1, B1 on time; 03-07 A2 late, B3, D1 on time; nothing on 03-02.
    const onTime = new Map(trends.get('onTimeRate')?.points.map((p) => [p.period, p.value]));
    expect(onTime.get('2026-03-04')).toBe(1);
    expect(onTime.get('2026-03-07')).toBe(0.6667);
    expect(onTime.get('2026-03-02')).toBeNull();
    for (const [metric, trend] of trends) {
      const answer = await replay(trend.query);
      const points = new Map(trend.points.map((p) => [p.period, p.value]));
      for (const row of answer.rows) expect(points.get(String(row.period)), metric).toBe(row[metric]);
    }
  });

  it('filters every shipment figure, and shows OTIF unfiltered with a note', async () => {
    const alpha = await get(`dashboard?${period}&carrier=alpha%20freight`); // names match in any case
    expect(alpha.filters).toEqual([{ field: 'carrier', op: 'eq', value: 'alpha freight' }]);
    const kpis = kpisOf(alpha);
    // A1–A5; before P1. Delivered A1, A2, A4, A5: 3 on time. 1300 USD over 500 kg.
    expect(kpis.get('shipments')).toMatchObject({ value: 5, previous: 1, ignoredFilters: [] });
    expect(kpis.get('onTimeRate')).toMatchObject({ value: 0.75, previous: 1 });
    expect(kpis.get('costPerKg')).toMatchObject({ value: 2.6, previous: 3 });
    expect(kpis.get('otifRate')).toMatchObject({ value: 0.3333, previous: 1, ignoredFilters: ['carrier'] });
    expect(kpis.get('otifRate')?.query.filters).toEqual([]);
    expect(alpha.notes).toEqual([
      'OTIF (otifRate) is not filtered by carrier: an order is not carried by one carrier: use a shipment metric. It is shown for the whole organization.',
    ]);
    const byId = kpisOf(await get(`dashboard?${period}&carrier=${org.carriers.bravo}`));
    expect(byId.get('shipments')).toMatchObject({ value: 4, previous: 1 }); // B1–B4; P2
    const air = kpisOf(await get(`dashboard?${period}&mode=air`));
    expect(air.get('freightCost')).toMatchObject({ value: 700, previous: 0 }); // A4, A5, C2, C3
    const fromFrance = kpisOf(await get(`dashboard?${period}&originCountry=FR`));
    expect(fromFrance.get('shipments')).toMatchObject({ value: 5 }); // L3
    const toParis = kpisOf(await get(`dashboard?${period}&destinationCity=Paris&destinationCountry=FR`));
    expect(toParis.get('deliveredShipments')).toMatchObject({ value: 4 }); // L2
    const l1 = await get(
      `dashboard?${period}&originCity=Chicago&originCountry=US&destinationCity=Dallas&mode=road`,
    );
    expect(kpisOf(l1).get('shipments')).toMatchObject({ value: 7, previous: 2 });
    expect(kpisOf(l1).get('otifRate')).toMatchObject({
      ignoredFilters: ['mode', 'originCountry', 'originCity', 'destinationCity'],
    });
    const unknown = await get(`dashboard?${period}&carrier=Nobody`);
    expect(kpisOf(unknown).get('shipments')).toMatchObject({ value: 0, previous: 0 });
    expect(unknown.notes).toContain('No carrier named "Nobody": that filter value matches nothing.');
  });

  it('compares an empty period with the one before, and covers the last 30 days by default', async () => {
    const empty = kpisOf(await get('dashboard?from=2026-03-16&to=2026-03-29'));
    expect(empty.get('shipments')).toMatchObject({ value: 0, previous: 16, change: -16, changePct: -1 });
    expect(empty.get('onTimeRate')).toMatchObject({ value: null, previous: 0.7692, change: null });

    const db = ctx.database.db;
    const byDefault = await dashboardOf(
      db,
      systemCaller(org.orgId),
      {},
      { now: new Date('2026-03-15T12:00:00Z') },
    );
    expect(byDefault.range).toEqual({ from: '2026-02-14', to: '2026-03-15' });
    expect(byDefault.previousRange).toEqual({ from: '2026-01-15', to: '2026-02-13' });
    const shipmentsKpi = byDefault.kpis.find((k) => k.metric === 'shipments');
    // Everything, P1 and P2 included; nothing before.
    expect(shipmentsKpi).toMatchObject({ value: 18, previous: 0, change: 18, changePct: null });
    expect(shipmentsKpi?.query.timeRange).toEqual({ last: 30, unit: 'days', asOf: '2026-03-15' });
    expect(byDefault.trends[0]?.points).toHaveLength(30);

    const today = await get('dashboard');
    const days = (Date.parse(today.range.to) - Date.parse(today.range.from)) / 86_400_000 + 1;
    expect(days).toBe(30);
    expect(today.kpis[0].query.timeRange).toEqual({ last: 30, unit: 'days', asOf: today.range.to });
  });

  it('trends by ISO week up to a year and by month beyond', async () => {
    const weekly = await get('dashboard?from=2026-01-01&to=2026-06-30');
    const weeks = weekly.trends[0];
    expect(weeks.grain).toBe('week');
    expect(weeks.points[0].period).toBe('2025-12-29'); // the Monday of the week of Thu 1 January
    const byWeek = new Map(weeks.points.map((p: { period: string; value: number }) => [p.period, p.value]));
    expect([
      byWeek.get('2026-02-16'),
      byWeek.get('2026-02-23'),
      byWeek.get('2026-03-02'),
      byWeek.get('2026-03-09'),
    ]).toEqual([1, 1, 8, 8]);
    const monthly = await get('dashboard?from=2025-01-01&to=2026-06-30');
    expect(monthly.trends[0].grain).toBe('month');
    expect(monthly.trends[0].points).toHaveLength(18);
    expect(monthly.trends[0].points.filter((p: { value: number }) => p.value > 0)).toEqual([
      { period: '2026-02-01', value: 2 },
      { period: '2026-03-01', value: 16 },
    ]);
  });

  it('ranks carriers by on-time rate, then volume, leaving those under the minimum unranked', async () => {
    const body = await get(`scorecards/carriers?${period}&minShipments=3`);
    expect(body.grain).toBe('week');
    expect(body.minShipments).toBe(3);
    expect(body.rankRule).toContain('at least 3 delivered shipments');
    const rows = body.carriers.map(({ trend: _trend, ...rest }: Record<string, unknown>) => rest);
    expect(rows).toEqual([
      // C1–C3 all on time.
      {
        carrier: { id: org.carriers.charlie, name: 'Charlie Freight' },
        shipments: 3,
        deliveredShipments: 3,
        onTimeRate: 1,
        avgTransitDays: 2,
        costPerKg: 1.3333,
        freightCost: 400,
        rank: 1,
        unrankedReason: null,
      },
      // Alpha and Bravo both 3 of 4 on time: Alpha has 5 shipments (A3 in transit), Bravo 4.
      {
        carrier: { id: org.carriers.alpha, name: 'Alpha Freight' },
        shipments: 5,
        deliveredShipments: 4,
        onTimeRate: 0.75,
        avgTransitDays: 2.5,
        costPerKg: 2.6,
        freightCost: 1300,
        rank: 2,
        unrankedReason: null,
      },
      {
        carrier: { id: org.carriers.bravo, name: 'Bravo Freight' },
        shipments: 4,
        deliveredShipments: 4,
        onTimeRate: 0.75,
        avgTransitDays: 2.25,
        costPerKg: 1.75,
        freightCost: 700,
        rank: 3,
        unrankedReason: null,
      },
      // D1, D2 delivered: under the minimum of 3.
      {
        carrier: { id: org.carriers.delta, name: 'Delta Freight' },
        shipments: 3,
        deliveredShipments: 2,
        onTimeRate: 0.5,
        avgTransitDays: 2.5,
        costPerKg: 1,
        freightCost: 300,
        rank: null,
        unrankedReason: '2 delivered shipments in the period, fewer than the 3 needed',
      },
    ]);
    expect([body.ranked, body.unranked]).toEqual([3, 1]);
    // Alpha's week of 03-02: A1 on time, A2 late; week of 03-09: A4, A5 on time.
    expect(body.carriers[1].trend).toEqual([
      { period: '2026-03-02', onTimeRate: 0.5, deliveredShipments: 2 },
      { period: '2026-03-09', onTimeRate: 1, deliveredShipments: 2 },
    ]);
    expect(body.notes).toEqual([
      '1 shipment has no carrier: it is in no scorecard.',
      '1 of 4 carriers is unranked: fewer than 3 delivered shipments in the period, or no on-time rate.',
    ]);
    const answer = await replay(body.query);
    for (const card of body.carriers) {
      const row = answer.rows.find((r) => r.carrierId === card.carrier.id);
      expect(row).toMatchObject({
        shipments: card.shipments,
        onTimeRate: card.onTimeRate,
        costPerKg: card.costPerKg,
      });
    }
    const trendAnswer = await replay(body.trendQueries[0]);
    expect(
      trendAnswer.rows.filter((r) => r.carrierId === org.carriers.alpha).map((r) => r.onTimeRate),
    ).toEqual([0.5, 1]);

    const byDefault = await get(`scorecards/carriers?${period}`);
    expect([byDefault.ranked, byDefault.unranked, byDefault.minShipments]).toEqual([0, 4, 20]);
    expect(byDefault.carriers.map((c: { carrier: { name: string } }) => c.carrier.name)).toEqual([
      'Alpha Freight', // unranked ones by shipments: 5, 4, 3, 3 (then by name)
      'Bravo Freight',
      'Charlie Freight',
      'Delta Freight',
    ]);
  });

  it('lists lanes by volume with the best carrier of each by the stated rule', async () => {
    const body = await get(`lanes?${period}&minShipments=2`);
    expect(body.bestCarrierRule).toContain('at least 2 delivered shipments on the lane');
    const best = (id: number, name: string, f: number[]) => ({
      carrier: { id, name },
      shipments: f[0],
      deliveredShipments: f[1],
      onTimeRate: f[2],
      avgTransitDays: f[3],
      costPerKg: f[4],
      freightCost: f[5],
    });
    expect(body.lanes).toEqual([
      // A1–A3, B1, B2, C1, X1: 5 delivered, 4 on time; 1500 USD over 600 kg.
      {
        lane: 'Chicago, US → Dallas, US',
        shipments: 7,
        deliveredShipments: 5,
        onTimeRate: 0.8,
        avgTransitDays: 2.4,
        costPerKg: 2.5,
        freightCost: 1500,
        // Charlie is on time too but has 1 delivered shipment here; Alpha 1 of 2.
        bestCarrier: best(org.carriers.bravo, 'Bravo Freight', [2, 2, 1, 2, 2.5, 500]),
        carriers: 3,
        eligibleCarriers: 2,
      },
      {
        lane: 'Lyon, FR → Milan, IT',
        shipments: 5,
        deliveredShipments: 4,
        onTimeRate: 0.5,
        avgTransitDays: 2.5,
        costPerKg: 1,
        freightCost: 500,
        // Bravo and Delta: 1 of 2 on time at 1 USD/kg each; Delta has 3 shipments, Bravo 2.
        bestCarrier: best(org.carriers.delta, 'Delta Freight', [3, 2, 0.5, 2.5, 1, 300]),
        carriers: 2,
        eligibleCarriers: 2,
      },
      {
        lane: 'Hamburg, DE → Paris, FR',
        shipments: 4,
        deliveredShipments: 4,
        onTimeRate: 1,
        avgTransitDays: 2,
        costPerKg: 1.75,
        freightCost: 700,
        // Alpha and Charlie both always on time: Charlie at 1.5 USD/kg against 2.
        bestCarrier: best(org.carriers.charlie, 'Charlie Freight', [2, 2, 1, 2, 1.5, 300]),
        carriers: 2,
        eligibleCarriers: 2,
      },
    ]);
    expect(body.notes).toEqual([]);
    const lanesAnswer = await replay(body.query);
    expect(lanesAnswer.rows.map((r) => [r.lane, r.shipments])).toEqual(
      body.lanes.map((l: { lane: string; shipments: number }) => [l.lane, l.shipments]),
    );
    const carriersAnswer = await replay(body.carrierQueries[0]);
    expect(
      carriersAnswer.rows.find(
        (r) => r.lane === 'Lyon, FR → Milan, IT' && r.carrierId === org.carriers.delta,
      ),
    ).toMatchObject({ shipments: 3, deliveredShipments: 2, onTimeRate: 0.5, costPerKg: 1 });

    const top = await get(`lanes?${period}&minShipments=2&limit=2`);
    expect(top.lanes.map((l: { lane: string }) => l.lane)).toEqual([laneName('L1'), laneName('L3')]);
    const strict = await get(`lanes?${period}`);
    expect(strict.minShipments).toBe(10);
    expect(strict.lanes.map((l: { bestCarrier: unknown }) => l.bestCarrier)).toEqual([null, null, null]);
    expect(strict.notes).toEqual([
      '3 of 3 lanes have no best carrier: no carrier has 10 delivered shipments with an on-time rate on them in the period.',
    ]);
    const air = await get(`lanes?${period}&mode=air&minShipments=2`);
    expect(air.lanes.map((l: { lane: string }) => l.lane)).toEqual([laneName('L2')]);
  });

  it('shows each organization only its own figures', async () => {
    const mine = kpisOf(await get(`dashboard?${period}`, twin));
    expect(mine.get('shipments')).toMatchObject({ value: 16, previous: 2 });
    // The twin's carrier id names no carrier of this organization.
    const foreign = await get(`dashboard?${period}&carrier=${twin.carriers.alpha}`);
    expect(kpisOf(foreign).get('shipments')).toMatchObject({ value: 0, previous: 0 });
    const cards = await get(`scorecards/carriers?${period}&carrier=${twin.carriers.alpha}`);
    expect(cards.carriers).toEqual([]);
    const twinCards = await get(`scorecards/carriers?${period}&minShipments=3`, twin);
    expect(twinCards.carriers.map((c: { carrier: { id: number } }) => c.carrier.id)).toEqual([
      twin.carriers.charlie,
      twin.carriers.alpha,
      twin.carriers.bravo,
      twin.carriers.delta,
    ]);
  });

  it('refuses bad parameters and anonymous callers', async () => {
    const call = (path: string, headers = bearer(org.token)) =>
      send(ctx.app, 'GET', `/api/v1/analytics/${path}`, headers);
    expectProblem(await call('dashboard?from=2026-03-02'), 400, 'REQUEST_INVALID');
    expectProblem(await call('dashboard?from=2026-03-15&to=2026-03-02'), 400, 'REQUEST_INVALID');
    expectProblem(await call('dashboard?from=2000-01-01&to=2026-03-02'), 400, 'REQUEST_INVALID');
    expectProblem(await call('dashboard?mode=boat'), 400, 'REQUEST_INVALID');
    expectProblem(await call('dashboard?originCountry=usa'), 400, 'REQUEST_INVALID');
    expectProblem(await call('scorecards/carriers?minShipments=0'), 400, 'REQUEST_INVALID');
    expectProblem(await call('lanes?limit=501'), 400, 'REQUEST_INVALID');
    expectProblem(await call('lanes?surprise=1'), 400, 'REQUEST_INVALID');
    expectProblem(await call('dashboard', {} as never), 401, 'AUTH_MISSING_TOKEN');
  });
});
