import type { Kysely } from 'kysely';
import { syncIdSequences } from '../../src/db/bulk.js';
import type { DB, NewRow, TableName } from '../../src/db/types.js';
import { SHIPMENT_FACTS_VERSION } from '../../src/modules/analytics/index.js';

/**
 * A small organization built by hand for known-answer tests of the semantic layer: every row,
 * derived facts included, is written out here, so the expected figures in the tests can be
 * worked out with pencil and paper (the derivation has its own tests in the shipments module).
 * Rows go straight into the tables (ids fixed); callers rebuild the rollups afterwards.
 */
export interface HandBuilt {
  readonly orgId: number;
  readonly carriers: { readonly acme: number; readonly blue: number };
  readonly customers: { readonly c1: number; readonly c2: number };
  readonly facility: number;
  readonly products: { readonly p1: number; readonly p2: number };
}

/** Rows one by one (they differ in their keys), ids included; the direct path is the point here. */
async function insertRows(db: Kysely<DB>, table: TableName, rows: readonly object[]): Promise<void> {
  for (const row of rows)
    await db
      .insertInto(table)
      .values(row as never)
      .execute();
}

type ShipmentRow = Omit<NewRow<'shipments'>, 'org_id' | 'source' | 'mode' | 'status'> &
  Partial<Pick<NewRow<'shipments'>, 'mode' | 'status'>>;

export async function insertHandBuiltOrg(db: Kysely<DB>, orgId: number, slug: string): Promise<HandBuilt> {
  const base = orgId * 100;
  await db
    .insertInto('organizations')
    .values({ id: orgId, slug, name: `Hand-built ${slug}` } as never)
    .execute();
  const acme = base + 1;
  const blue = base + 2;
  await insertRows(db, 'carriers', [
    { id: acme, org_id: orgId, name: 'Acme Freight', scac: 'ACME' },
    { id: blue, org_id: orgId, name: 'Blue Line', scac: 'BLUE' },
  ]);
  const c1 = base + 11;
  const c2 = base + 12;
  await insertRows(db, 'customers', [
    { id: c1, org_id: orgId, code: 'C1', name: 'Corner Shop' },
    { id: c2, org_id: orgId, code: 'C2', name: 'Downtown Market' },
  ]);
  const facility = base + 21;
  await insertRows(db, 'facilities', [
    {
      id: facility,
      org_id: orgId,
      code: 'F1',
      name: 'Chicago DC',
      kind: 'dc',
      city: 'Chicago',
      country: 'US',
      timezone: 'America/Chicago',
    },
  ]);
  const p1 = base + 31;
  const p2 = base + 32;
  await insertRows(db, 'products', [
    { id: p1, org_id: orgId, sku: 'P1', name: 'Widget', category: 'Hardware', unit_cost: 2, currency: 'USD' },
    {
      id: p2,
      org_id: orgId,
      sku: 'P2',
      name: 'Gadget',
      category: 'Electronics',
      unit_cost: 10,
      currency: 'EUR',
    },
  ]);

  const chicagoDallas = {
    origin_city: 'Chicago',
    origin_country: 'US',
    destination_city: 'Dallas',
    destination_country: 'US',
    lane: 'Chicago, US → Dallas, US',
  };
  const shipments: ShipmentRow[] = [
    // S1: Acme road, delivered early.
    {
      ...chicagoDallas,
      reference: 'S1',
      carrier_id: acme,
      mode: 'road',
      status: 'delivered',
      customer_id: c1,
      commodity: 'Hardware',
      ship_day: '2026-03-02',
      delivery_day: '2026-03-04',
      on_time: 1,
      transit_days: 2,
      delay_hours: -1,
      freight_cost: 100,
      currency: 'USD',
      weight_kg: 50,
      goods_value: 1000,
    },
    // S2: Acme road, delivered late.
    {
      ...chicagoDallas,
      reference: 'S2',
      carrier_id: acme,
      mode: 'road',
      status: 'delivered',
      customer_id: c1,
      commodity: 'Hardware',
      ship_day: '2026-03-03',
      delivery_day: '2026-03-07',
      on_time: 0,
      transit_days: 4,
      delay_hours: 30,
      freight_cost: 200,
      currency: 'USD',
      weight_kg: 150,
      goods_value: 2000,
    },
    // S3: Blue air, priced in EUR (rate 1.1 on its day).
    {
      ...chicagoDallas,
      reference: 'S3',
      carrier_id: blue,
      mode: 'air',
      status: 'delivered',
      customer_id: c2,
      commodity: 'Electronics',
      ship_day: '2026-03-10',
      delivery_day: '2026-03-11',
      on_time: 1,
      transit_days: 1,
      delay_hours: 0,
      freight_cost: 300,
      currency: 'EUR',
      weight_kg: 100,
    },
    // S4: Blue air, in transit, EUR with no rate on its day.
    {
      reference: 'S4',
      carrier_id: blue,
      mode: 'air',
      status: 'in_transit',
      origin_city: 'Rotterdam',
      origin_country: 'NL',
      destination_city: 'Chicago',
      destination_country: 'US',
      lane: 'Rotterdam, NL → Chicago, US',
      ship_day: '2026-03-20',
      freight_cost: 50,
      currency: 'EUR',
      weight_kg: 10,
      goods_value: 500,
    },
    // S5: no carrier, ocean, exception, nothing known.
    { reference: 'S5', mode: 'ocean', status: 'exception', ship_day: '2026-04-01' },
    // S6: Acme road, delivered with no planned delivery (on time unknown), no weight.
    {
      ...chicagoDallas,
      reference: 'S6',
      carrier_id: acme,
      mode: 'road',
      status: 'delivered',
      customer_id: c2,
      ship_day: '2026-04-02',
      delivery_day: '2026-04-03',
      transit_days: 1.5,
      freight_cost: 80,
      currency: 'USD',
      goods_value: 400,
    },
    // S7: archived: in no figure at all.
    {
      ...chicagoDallas,
      reference: 'S7',
      carrier_id: acme,
      mode: 'road',
      status: 'delivered',
      ship_day: '2026-03-05',
      delivery_day: '2026-03-06',
      on_time: 0,
      transit_days: 9,
      freight_cost: 9999,
      currency: 'USD',
      weight_kg: 999,
      archived_at: new Date('2026-03-08T00:00:00Z'),
    },
  ];
  await insertRows(
    db,
    'shipments',
    shipments.map((s, i) => ({
      id: base + 41 + i,
      org_id: orgId,
      source: 'manual',
      mode: 'road',
      status: 'planned',
      derivation_version: SHIPMENT_FACTS_VERSION,
      ...s,
    })),
  );

  const order = (n: number, o: Partial<NewRow<'orders'>>) => ({
    id: base + 60 + n,
    org_id: orgId,
    reference: `O${n}`,
    ship_from_facility_id: facility,
    status: 'delivered' as const,
    order_date: '2026-03-01',
    ...o,
  });
  await insertRows(db, 'orders', [
    order(1, {
      customer_id: c1,
      order_date: '2026-03-01',
      on_time: 1,
      lead_time_days: 5,
      delivered_day: '2026-03-06',
    }),
    order(2, {
      customer_id: c1,
      order_date: '2026-03-15',
      on_time: 0,
      lead_time_days: 9,
      delivered_day: '2026-03-24',
    }),
    order(3, { customer_id: c2, order_date: '2026-04-02', status: 'open' }),
    order(4, { customer_id: c2, order_date: '2026-04-03', status: 'cancelled' }),
  ]);
  const line = (
    n: number,
    orderNo: number,
    lineNo: number,
    product: number,
    ordered: number,
    shipped: number,
  ) => ({
    id: base + 70 + n,
    org_id: orgId,
    order_id: base + 60 + orderNo,
    line_no: lineNo,
    product_id: product,
    qty_ordered: ordered,
    qty_shipped: shipped,
    qty_delivered: shipped,
  });
  await insertRows(db, 'order_lines', [
    line(1, 1, 1, p1, 10, 10),
    line(2, 1, 2, p2, 5, 4),
    line(3, 2, 1, p1, 20, 20),
    line(4, 3, 1, p2, 8, 0),
    line(5, 4, 1, p1, 100, 0),
  ]);

  const snapshot = (n: number, product: number, day: string, onHand: number) => ({
    id: base + 80 + n,
    org_id: orgId,
    facility_id: facility,
    product_id: product,
    snapshot_date: day,
    on_hand: onHand,
  });
  await insertRows(db, 'inventory_snapshots', [
    snapshot(1, p1, '2026-03-30', 100),
    snapshot(2, p1, '2026-03-31', 90),
    snapshot(3, p1, '2026-04-01', 0),
    snapshot(4, p1, '2026-04-02', 40),
    snapshot(5, p2, '2026-03-31', 5),
    snapshot(6, p2, '2026-04-02', 7),
  ]);
  await insertRows(db, 'exchange_rates', [
    { id: base + 91, org_id: orgId, currency: 'EUR', quote_currency: 'USD', day: '2026-03-10', rate: 1.1 },
    { id: base + 92, org_id: orgId, currency: 'EUR', quote_currency: 'USD', day: '2026-03-31', rate: 1.2 },
    // A rate into another currency: never used while the reporting currency is USD.
    { id: base + 93, org_id: orgId, currency: 'EUR', quote_currency: 'GBP', day: '2026-03-20', rate: 0.85 },
  ]);
  await syncIdSequences(db, [
    'organizations',
    'carriers',
    'customers',
    'facilities',
    'products',
    'shipments',
    'orders',
    'order_lines',
    'inventory_snapshots',
    'exchange_rates',
  ]);
  return { orgId, carriers: { acme, blue }, customers: { c1, c2 }, facility, products: { p1, p2 } };
}
