import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { connect, type Database } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrator.js';
import { type Row, toDate } from '../../db/types.js';
import { localDay } from '../shipments/index.js';
import { hasBusinessData, type SeedSummary, seedDemoCompany } from './index.js';

/**
 * The generator's invariants, checked on what a seeded SQLite database holds after the round
 * trip through the insert path (so the derived on-time flag is the one stored).
 */

const SHIPMENTS = 6_000;
const now = new Date('2026-11-29T10:00:00.000Z');

let testDb: TestDatabase;
let database: Database;
let summary: SeedSummary;
let shipments: Row<'shipments'>[];
let progress: [number, number][];

beforeAll(async () => {
  testDb = await createTestDatabase('sqlite');
  database = connect(testDb.target);
  await migrateToLatest(database.db);
  expect(await hasBusinessData(database.db)).toBe(false);
  progress = [];
  summary = await seedDemoCompany(database.db, {
    shipments: SHIPMENTS,
    seed: 7,
    now,
    onProgress: (done, total) => progress.push([done, total]),
  });
  shipments = await database.db.selectFrom('shipments').selectAll().orderBy('id').execute();
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

const ms = (value: Date | string | null) => (value === null ? null : toDate(value).getTime());

async function count(
  table: 'orders' | 'order_lines' | 'tracking_events' | 'inventory_movements' | 'inventory_snapshots',
) {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('seeded demo company', () => {
  it('has about the requested size, and the summary says what was written', async () => {
    expect(await hasBusinessData(database.db)).toBe(true);
    expect(shipments.length).toBe(summary.shipments);
    expect(Math.abs(summary.shipments - SHIPMENTS)).toBeLessThanOrEqual(SHIPMENTS * 0.01);
    expect(summary.carriers).toBeGreaterThanOrEqual(10);
    expect(summary.facilities).toBeGreaterThanOrEqual(35);
    expect(summary.products).toBe(300);
    expect(summary.customers).toBe(80);
    expect(summary.suppliers).toBe(20);
    expect(await count('orders')).toBe(summary.orders);
    expect(await count('order_lines')).toBe(summary.orderLines);
    expect(await count('tracking_events')).toBe(summary.trackingEvents);
    expect(await count('inventory_movements')).toBe(summary.inventoryMovements);
    expect(await count('inventory_snapshots')).toBe(summary.inventorySnapshots);
    expect(summary.orders).toBeGreaterThan(SHIPMENTS * 0.6);
    expect(progress.at(-1)).toEqual([summary.shipments, SHIPMENTS]);
    const { rows } = await sql`pragma foreign_key_check`.execute(database.db);
    expect(rows).toEqual([]);
  });

  it('refuses to seed the same organization twice', async () => {
    await expect(seedDemoCompany(database.db, { shipments: 10, seed: 7, now })).rejects.toThrow(
      /already exists/,
    );
  });

  it('plans pickups before deliveries and delivers after pickup, never after now', () => {
    for (const s of shipments) {
      const plannedPickup = ms(s.planned_pickup_at);
      const plannedDelivery = ms(s.planned_delivery_at);
      expect(plannedPickup).not.toBeNull();
      expect(plannedPickup ?? 0).toBeLessThanOrEqual(plannedDelivery ?? 0);
      const pickedUp = ms(s.actual_pickup_at);
      const delivered = ms(s.actual_delivery_at);
      if (delivered !== null) expect(delivered).toBeGreaterThan(pickedUp ?? Number.POSITIVE_INFINITY);
      if (pickedUp !== null) expect(pickedUp).toBeLessThanOrEqual(now.getTime());
      if (delivered !== null) expect(delivered).toBeLessThanOrEqual(now.getTime());
      expect(ms(s.created_at) ?? 0).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('has statuses that match the dates, including open, exceptional and cancelled shipments', () => {
    const byStatus = new Map<string, number>();
    for (const s of shipments) {
      byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
      const picked = s.actual_pickup_at !== null;
      const delivered = s.actual_delivery_at !== null;
      const expected = {
        planned: [false, false],
        booked: [false, false],
        cancelled: [false, false],
        in_transit: [true, false],
        exception: [true, false],
        delivered: [true, true],
      }[s.status];
      expect([picked, delivered], `${s.reference} ${s.status}`).toEqual(expected);
    }
    for (const status of ['delivered', 'in_transit', 'exception', 'cancelled']) {
      expect(byStatus.get(status) ?? 0, status).toBeGreaterThan(0);
    }
    expect((byStatus.get('planned') ?? 0) + (byStatus.get('booked') ?? 0)).toBeGreaterThan(0);
    expect(byStatus.get('delivered') ?? 0).toBeGreaterThan(shipments.length * 0.9);
    // Still moving: planned for delivery after now or recently, not delivered yet.
    const open = shipments.filter((s) => s.status === 'in_transit');
    expect(open.every((s) => (ms(s.planned_delivery_at) ?? 0) > now.getTime() - 30 * 86_400_000)).toBe(true);
  });

  it('stores an on-time flag that follows the definition (calendar day at the destination)', () => {
    let judged = 0;
    for (const s of shipments) {
      if (s.actual_delivery_at === null || s.planned_delivery_at === null) {
        expect(s.on_time).toBeNull();
        continue;
      }
      const actual = localDay(toDate(s.actual_delivery_at).getTime(), s.destination_timezone);
      const planned = localDay(toDate(s.planned_delivery_at).getTime(), s.destination_timezone);
      expect(s.on_time, s.reference).toBe(actual <= planned ? 1 : 0);
      judged++;
    }
    expect(judged).toBeGreaterThan(shipments.length * 0.9);
  });

  it('has tracking events in time order, inside each shipment’s actual window', async () => {
    const events = await database.db
      .selectFrom('tracking_events')
      .select(['shipment_id', 'code', 'occurred_at'])
      .orderBy('shipment_id')
      .orderBy('id')
      .execute();
    const byShipment = new Map(shipments.map((s) => [s.id, s]));
    let previousShipment = -1;
    let previousAt = 0;
    for (const e of events) {
      const s = byShipment.get(e.shipment_id);
      if (!s) throw new Error(`event of unknown shipment ${e.shipment_id}`);
      const at = toDate(e.occurred_at).getTime();
      expect(s.actual_pickup_at, s.status).not.toBeNull();
      expect(at).toBeGreaterThanOrEqual(ms(s.actual_pickup_at) ?? 0);
      expect(at).toBeLessThanOrEqual(ms(s.actual_delivery_at) ?? now.getTime());
      if (previousShipment === e.shipment_id) expect(at).toBeGreaterThanOrEqual(previousAt);
      previousShipment = e.shipment_id;
      previousAt = at;
      if (e.code === 'DELIVERED') expect(at).toBe(ms(s.actual_delivery_at));
      if (e.code === 'PICKED_UP') expect(at).toBe(ms(s.actual_pickup_at));
    }
    const tracked = new Set(events.map((e) => e.shipment_id));
    for (const s of shipments) expect(tracked.has(s.id), s.status).toBe(s.actual_pickup_at !== null);
  });

  it('keeps every snapshot equal to the sum of the movements up to the end of its day', async () => {
    const zones = new Map(
      (await database.db.selectFrom('facilities').select(['id', 'timezone']).execute()).map((f) => [
        f.id,
        f.timezone,
      ]),
    );
    const movements = await database.db
      .selectFrom('inventory_movements')
      .select(['facility_id', 'product_id', 'occurred_at', 'quantity'])
      .execute();
    const ledger = new Map<string, { day: string; quantity: number }[]>();
    for (const m of movements) {
      const key = `${m.facility_id}|${m.product_id}`;
      const day = localDay(toDate(m.occurred_at).getTime(), zones.get(m.facility_id) ?? 'UTC');
      ledger.set(key, [...(ledger.get(key) ?? []), { day, quantity: m.quantity }]);
    }
    const snapshots = await database.db.selectFrom('inventory_snapshots').selectAll().execute();
    expect(snapshots.length).toBeGreaterThan(0);
    for (const snap of snapshots) {
      const moves = ledger.get(`${snap.facility_id}|${snap.product_id}`) ?? [];
      const sum = moves.filter((m) => m.day <= snap.snapshot_date).reduce((s, m) => s + m.quantity, 0);
      expect(snap.on_hand, `${snap.facility_id}/${snap.product_id} ${snap.snapshot_date}`).toBe(sum);
      expect(snap.on_hand).toBeGreaterThanOrEqual(0);
      expect(snap.allocated).toBeGreaterThanOrEqual(0);
      expect(snap.on_order).toBeGreaterThanOrEqual(0);
    }
    // Weekly, for every SKU × site stocked (each SKU at two to four sites).
    const days = new Set(snapshots.map((s) => s.snapshot_date));
    expect(days.size).toBeGreaterThanOrEqual(100);
    const sitesPerSku = new Map<number, Set<number>>();
    for (const s of snapshots)
      sitesPerSku.set(s.product_id, (sitesPerSku.get(s.product_id) ?? new Set()).add(s.facility_id));
    for (const sites of sitesPerSku.values()) expect(sites.size).toBeGreaterThanOrEqual(2);
    for (const sites of sitesPerSku.values()) expect(sites.size).toBeLessThanOrEqual(4);
  });

  it('fills order lines from stock: partial fills happen, and picks match what shipped', async () => {
    const lines = await database.db.selectFrom('order_lines').selectAll().execute();
    for (const l of lines) {
      expect(l.qty_shipped).toBeLessThanOrEqual(l.qty_ordered);
      expect(l.qty_delivered).toBeLessThanOrEqual(l.qty_shipped);
    }
    const partial = lines.filter((l) => l.qty_shipped > 0 && l.qty_shipped < l.qty_ordered).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(lines.length * 0.2);
    const shippedByLine = new Map(lines.map((l) => [l.id, l.qty_shipped]));
    const picks = await database.db
      .selectFrom('inventory_movements')
      .select(['order_line_id', 'quantity'])
      .where('kind', '=', 'shipment')
      .execute();
    expect(picks.length).toBeGreaterThan(0);
    for (const p of picks) expect(-p.quantity).toBe(shippedByLine.get(p.order_line_id ?? -1));
  });

  it('gives carriers clearly different on-time rates', () => {
    const perCarrier = new Map<number, { onTime: number; n: number }>();
    for (const s of shipments) {
      if (s.on_time === null || s.carrier_id === null) continue;
      const c = perCarrier.get(s.carrier_id) ?? { onTime: 0, n: 0 };
      perCarrier.set(s.carrier_id, { onTime: c.onTime + s.on_time, n: c.n + 1 });
    }
    const rates = [...perCarrier.values()].filter((c) => c.n >= 100).map((c) => c.onTime / c.n);
    expect(rates.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.1);
  });

  it('shows weekly and yearly seasonality in order volumes', async () => {
    const orders = await database.db.selectFrom('orders').select('order_date').execute();
    const perWeekday = new Array(7).fill(0);
    const perMonth = new Array(12).fill(0);
    for (const o of orders) {
      const d = new Date(`${o.order_date}T00:00:00Z`);
      perWeekday[d.getUTCDay()]++;
      perMonth[d.getUTCMonth()]++;
    }
    const weekday = (perWeekday[1] + perWeekday[2] + perWeekday[3] + perWeekday[4] + perWeekday[5]) / 5;
    const weekend = (perWeekday[0] + perWeekday[6]) / 2;
    expect(weekday).toBeGreaterThan(2.5 * weekend);
    // December (minus the holidays) beats February per day, over two years of each.
    expect(perMonth[11] / 31).toBeGreaterThan(1.3 * (perMonth[1] / 28.5));
  });

  it('prices freight by weight, distance and mode (in USD at the rate of the shipment’s day)', async () => {
    const { reporting_timezone: zone } = await database.db
      .selectFrom('organizations')
      .select('reporting_timezone')
      .where('id', '=', summary.orgId)
      .executeTakeFirstOrThrow();
    const rates = new Map(
      (await database.db.selectFrom('exchange_rates').selectAll().execute()).map((r) => [
        `${r.currency} ${r.day}`,
        Number(r.rate),
      ]),
    );
    const usd = (s: Row<'shipments'>) => {
      const day = localDay(toDate(s.actual_pickup_at ?? s.planned_pickup_at ?? s.created_at).getTime(), zone);
      const rate = s.currency === 'USD' ? 1 : rates.get(`${s.currency} ${day}`);
      if (rate === undefined) throw new Error(`no ${s.currency} rate on ${day}`);
      return Number(s.freight_cost) * rate;
    };
    const delivered = shipments.filter((s) => s.freight_cost !== null && s.weight_kg !== null);
    const mean = (rows: typeof delivered) => rows.reduce((s, r) => s + usd(r), 0) / rows.length;
    const parcels = delivered.filter((s) => s.mode === 'parcel');
    const heavy = delivered.filter((s) => s.mode === 'ftl' || s.mode === 'ocean');
    expect(parcels.length).toBeGreaterThan(0);
    expect(heavy.length).toBeGreaterThan(0);
    expect(mean(heavy)).toBeGreaterThan(10 * mean(parcels));
    const perKg = (rows: typeof delivered) =>
      rows.reduce((s, r) => s + usd(r), 0) / rows.reduce((s, r) => s + Number(r.weight_kg), 0);
    const ltl = delivered.filter((s) => s.mode === 'ltl');
    const far = ltl.filter((s) => Number(s.distance_km) > 1500);
    const near = ltl.filter((s) => Number(s.distance_km) < 300);
    expect(far.length).toBeGreaterThan(10);
    expect(near.length).toBeGreaterThan(10);
    expect(perKg(far)).toBeGreaterThan(1.5 * perKg(near));
  });
});
