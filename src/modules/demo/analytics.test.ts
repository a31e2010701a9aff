import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { connect, type Database } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrator.js';
import { type Row, toDate } from '../../db/types.js';
import { dataVersionOf } from '../analytics/index.js';
import { refreshAllOrderFacts } from '../orders/index.js';
import { localDay } from '../shipments/index.js';
import { type SeedSummary, seedDemoCompany } from './index.js';

/**
 * What the analytics engine needs of the demo company, checked on a seeded SQLite database:
 * reporting settings, daily exchange rates, shipments' parties and commodity, amounts in the
 * carriers' currencies that convert back to the USD prices, and order delivery facts that are
 * exactly what the orders module derives from the stored shipments.
 */

const now = new Date('2026-11-29T10:00:00.000Z');
const DAY_MS = 86_400_000;

let testDb: TestDatabase;
let database: Database;
let summary: SeedSummary;
let shipments: Row<'shipments'>[];
let orders: Map<number, Row<'orders'>>;
let lines: Row<'order_lines'>[];
let rates: Map<string, number>;
let categoryOf: Map<number, string | null>;

beforeAll(async () => {
  testDb = await createTestDatabase('sqlite');
  database = connect(testDb.target);
  await migrateToLatest(database.db);
  summary = await seedDemoCompany(database.db, { shipments: 4_000, seed: 5, now });
  const db = database.db;
  shipments = await db.selectFrom('shipments').selectAll().orderBy('id').execute();
  orders = new Map((await db.selectFrom('orders').selectAll().execute()).map((o) => [o.id, o]));
  lines = await db.selectFrom('order_lines').selectAll().orderBy('order_id').orderBy('line_no').execute();
  categoryOf = new Map(
    (await db.selectFrom('products').select(['id', 'category']).execute()).map((p) => [p.id, p.category]),
  );
  rates = new Map(
    (await db.selectFrom('exchange_rates').selectAll().execute()).map((r) => [
      `${r.currency} ${r.day}`,
      Number(r.rate),
    ]),
  );
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

const ZONE = 'America/Chicago';
/** The shipment's day as the analytics layer counts it (reporting zone, pickup else planned pickup). */
const shipDay = (s: Row<'shipments'>) =>
  localDay(toDate(s.actual_pickup_at ?? s.planned_pickup_at ?? s.created_at).getTime(), ZONE);
/** The rate the analytics layer converts the shipment's amounts at: that of its stored ship day. */
const rateOf = (s: Row<'shipments'>) => {
  expect(s.ship_day, s.reference).toBe(shipDay(s));
  if (s.currency === 'USD') return 1;
  const rate = rates.get(`${s.currency} ${s.ship_day}`);
  if (rate === undefined) throw new Error(`${s.reference}: no ${s.currency} rate on ${s.ship_day}`);
  return rate;
};
const linesOf = (orderId: number) => lines.filter((l) => l.order_id === orderId);

describe('the demo company for analytics', () => {
  it('reports in US dollars in the time zone of its Chicago head office', async () => {
    const org = await database.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', summary.orgId)
      .executeTakeFirstOrThrow();
    expect([org.reporting_currency, org.reporting_timezone]).toEqual(['USD', ZONE]);
    const home = await database.db
      .selectFrom('facilities')
      .select(['city', 'timezone'])
      .where('code', '=', 'DC-CHI')
      .executeTakeFirstOrThrow();
    expect(home).toEqual({ city: 'Joliet', timezone: ZONE });
    expect(await dataVersionOf(database.db, summary.orgId)).toBeGreaterThan(0);
  });

  it('has a rate into USD for five currencies on every day from its first to today, moving plausibly', async () => {
    const rows = await database.db.selectFrom('exchange_rates').selectAll().orderBy('day').execute();
    expect(rows.length).toBe(summary.exchangeRates);
    const bands: Record<string, [number, number]> = {
      EUR: [0.9, 1.35],
      GBP: [1.05, 1.5],
      CAD: [0.62, 0.85],
      MXN: [0.04, 0.07],
      CNY: [0.12, 0.16],
    };
    // Two years of history up to yesterday, and the company existed a month before it began.
    const org = await database.db
      .selectFrom('organizations')
      .select('created_at')
      .where('id', '=', summary.orgId)
      .executeTakeFirstOrThrow();
    const first = toDate(org.created_at).toISOString().slice(0, 10);
    expect(first).toBe('2024-10-30');
    for (const [currency, [low, high]] of Object.entries(bands)) {
      const series = rows.filter((r) => r.currency === currency);
      expect(series.every((r) => r.quote_currency === 'USD')).toBe(true);
      // Day by day without a gap, from the organization's first day to today in Chicago.
      expect(series[0]?.day).toBe(first);
      expect(series.at(-1)?.day).toBe('2026-11-29');
      const days = series.map((r) => Date.parse(`${r.day}T00:00:00Z`));
      for (let i = 1; i < days.length; i++)
        expect((days[i] as number) - (days[i - 1] as number)).toBe(DAY_MS);
      const values = series.map((r) => Number(r.rate));
      expect(Math.min(...values), currency).toBeGreaterThan(low);
      expect(Math.max(...values), currency).toBeLessThan(high);
      const moves = values.slice(1).map((v, i) => Math.abs(Math.log(v / (values[i] as number))));
      expect(Math.max(...moves), currency).toBeLessThan(0.03);
      expect(moves.filter((m) => m > 0).length, currency).toBeGreaterThan(moves.length * 0.9);
    }
  });

  it('names the customer of every delivery, the supplier of supply, and a product category for all', async () => {
    const categories = new Set(categoryOf.values());
    const plants = new Set(
      (await database.db.selectFrom('facilities').select('id').where('kind', '=', 'plant').execute()).map(
        (f) => f.id,
      ),
    );
    const kinds = { SH: 0, IB: 0, TR: 0 };
    for (const s of shipments) {
      expect(categories.has(s.commodity), s.reference).toBe(true);
      const kind = s.reference.slice(0, 2) as keyof typeof kinds;
      kinds[kind]++;
      if (kind === 'SH') {
        expect(s.customer_id, s.reference).toBe(orders.get(s.order_id ?? -1)?.customer_id);
        expect(s.supplier_id).toBeNull();
      } else if (kind === 'IB') {
        expect(s.customer_id).toBeNull();
        // From a supplier's address (or its port of entry), not from one of our plants.
        const fromPlant = s.origin_facility_id !== null && plants.has(s.origin_facility_id);
        if (fromPlant) expect(s.supplier_id, s.reference).toBeNull();
        if (s.origin_facility_id === null) expect(s.supplier_id, s.reference).not.toBeNull();
      } else {
        expect([kind, s.customer_id, s.supplier_id]).toEqual(['TR', null, null]);
      }
    }
    expect(Math.min(kinds.SH, kinds.IB, kinds.TR)).toBeGreaterThan(50);
    expect(shipments.filter((s) => s.supplier_id !== null).length).toBeGreaterThan(kinds.IB * 0.5);
    // An order's shipment is declared as the category worth most among its lines.
    for (const s of shipments.filter((x) => x.reference.startsWith('SH') && x.status === 'delivered')) {
      const value = new Map<string, number>();
      let best = '';
      for (const l of linesOf(s.order_id ?? -1)) {
        const category = categoryOf.get(l.product_id) ?? '';
        const total = (value.get(category) ?? 0) + l.qty_shipped * Number(l.unit_price);
        value.set(category, total);
        if (total > (value.get(best) ?? -1)) best = category;
      }
      expect(s.commodity, s.reference).toBe(best);
    }
  });

  it('prices European, British, Canadian and Mexican lanes in their currency, converting back to the USD price', () => {
    const expected = (s: Row<'shipments'>) => {
      const europe = new Set([
        'NL',
        'DE',
        'BE',
        'FR',
        'ES',
        'PL',
        'IT',
        'GB',
        'AT',
        'CZ',
        'DK',
        'SE',
        'IE',
        'PT',
        'CH',
      ]);
      const [from, to] = [s.origin_country ?? '', s.destination_country ?? ''];
      if (europe.has(from) && europe.has(to)) return to === 'GB' ? 'GBP' : 'EUR';
      if (from === to && (to === 'CA' || to === 'MX')) return to === 'CA' ? 'CAD' : 'MXN';
      return 'USD';
    };
    const counts = new Map<string, number>();
    for (const s of shipments) {
      expect(s.currency, s.reference).toBe(expected(s));
      counts.set(s.currency ?? '', (counts.get(s.currency ?? '') ?? 0) + 1);
    }
    for (const currency of ['EUR', 'GBP', 'CAD', 'MXN'])
      expect(counts.get(currency) ?? 0, currency).toBeGreaterThan(5);
    const foreign = shipments.length - (counts.get('USD') ?? 0);
    expect(foreign).toBeGreaterThan(shipments.length * 0.1);
    expect(foreign).toBeLessThan(shipments.length * 0.5);
    // The goods value of a delivered order is its lines' USD value, at the rate of the shipment's day.
    let checked = 0;
    for (const s of shipments.filter((x) => x.reference.startsWith('SH') && x.status === 'delivered')) {
      const usd = linesOf(s.order_id ?? -1).reduce((sum, l) => sum + l.qty_shipped * Number(l.unit_price), 0);
      const rate = rateOf(s);
      expect(Math.abs(Number(s.goods_value) * rate - usd), s.reference).toBeLessThanOrEqual(
        0.005 * rate + 1e-6,
      );
      if (s.currency !== 'USD') checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('stores exactly the delivery facts the orders module derives from the stored shipments', async () => {
    expect(await refreshAllOrderFacts(database.db, summary.orgId)).toEqual({
      orders: summary.orders,
      changed: 0,
    });
    const all = [...orders.values()];
    const delivered = all.filter((o) => o.status === 'delivered');
    expect(delivered.length).toBeGreaterThan(all.length * 0.8);
    for (const o of delivered) {
      expect(o.delivered_day, o.reference).not.toBeNull();
      expect(Number(o.lead_time_days)).toBeGreaterThanOrEqual(0);
      expect(Number(o.lead_time_days)).toBeLessThan(60);
    }
    for (const o of all.filter((x) => x.status !== 'delivered'))
      expect(o.delivered_day, o.reference).toBeNull();
    const onTime = delivered.filter((o) => Number(o.on_time) === 1).length / delivered.length;
    expect(onTime).toBeGreaterThan(0.6);
    expect(onTime).toBeLessThan(0.97);
  });
});
