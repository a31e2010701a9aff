import type { Kysely } from 'kysely';
import { insertRows } from '../../src/db/bulk.js';
import type {
  DB,
  FacilityKind,
  MovementKind,
  OrderStatus,
  ShipmentMode,
  ShipmentStatus,
} from '../../src/db/types.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { insertShipmentBatch, type ShipmentWrite } from '../../src/modules/shipments/index.js';

/**
 * Test data: one small but complete organization with rows in every business table, written
 * through the same insert paths the application uses. The values are chosen to stress storage:
 * nulls, non-ASCII text (Zürich, São Paulo, Łódź, an emoji), decimals, calendar days and instants
 * with milliseconds. Deterministic: the same options give the same rows.
 */
export interface OrgDatasetOptions {
  /** Unique per database; several organizations can share one. */
  readonly slug?: string;
  /** Number of shipments (default 6); the bench uses ~100k. */
  readonly shipments?: number;
  /** Tracking events per shipment (default 2). */
  readonly eventsPerShipment?: number;
}

export type FilledTable =
  | 'organizations'
  | 'users'
  | 'memberships'
  | 'carriers'
  | 'customers'
  | 'suppliers'
  | 'facilities'
  | 'products'
  | 'orders'
  | 'order_lines'
  | 'shipments'
  | 'tracking_events'
  | 'inventory_snapshots'
  | 'inventory_movements';

/** The ids of what was created, for tests that look rows up. */
export interface OrgDataset {
  readonly orgId: number;
  readonly userIds: number[];
  readonly carrierIds: number[];
  readonly facilityIds: number[];
  readonly productIds: number[];
  readonly orderIds: number[];
  readonly orderLineIds: number[];
  readonly shipmentIds: number[];
  /** How many rows went into each table it fills (the tables of 0001_core; the others stay empty). */
  readonly counts: Readonly<Record<FilledTable, number>>;
}

const BASE = Date.UTC(2025, 2, 3, 8, 15, 30, 123);
const HOUR = 3_600_000;
const at = (hours: number, ms = 0) => new Date(BASE + hours * HOUR + ms);
const CHUNK = 5_000;

/** Creates an organization with a user, parties, facilities, products, orders, shipments and stock. */
export async function createOrgDataset(db: Kysely<DB>, options: OrgDatasetOptions = {}): Promise<OrgDataset> {
  const slug = options.slug ?? 'acme';
  const shipmentCount = options.shipments ?? 6;
  const eventsPerShipment = options.eventsPerShipment ?? 2;

  await insertRows(db, 'organizations', [
    { slug, name: `Acme Logística ${slug} — Zürich AG`, created_at: at(-900, 7) },
  ]);
  const orgId = (
    await db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()
  ).id;
  const org_id = orgId;

  await insertRows(db, 'users', [
    { email: `ana.sao+${slug}@example.com`, name: 'Ana São João', password_hash: null, status: 'active' },
    {
      email: `jorg+${slug}@example.com`,
      name: 'Jörg Müller',
      password_hash: '$argon2id$v=19$x',
      status: 'disabled',
    },
  ]);
  const users = await db
    .selectFrom('users')
    .select('id')
    .where('email', 'like', `%+${slug}@example.com`)
    .orderBy('id')
    .execute();
  const userIds = users.map((u) => u.id);
  await insertRows(
    db,
    'memberships',
    userIds.map((user_id, i) => ({
      org_id,
      user_id,
      role: i === 0 ? ('owner' as const) : ('viewer' as const),
    })),
  );

  await insertRows(db, 'carriers', [
    { org_id, name: 'DHL Freight', scac: 'DHLF', archived_at: null },
    { org_id, name: 'Łódź Trans Sp. z o.o.', scac: null, archived_at: null },
    { org_id, name: 'Müller Spedition', scac: 'MULS', archived_at: at(-48, 999) },
  ]);
  const carrierIds = await orgIds(db, 'carriers', orgId);

  for (const table of ['customers', 'suppliers'] as const) {
    await insertRows(db, table, [
      {
        org_id,
        code: `${table}-1`,
        name: 'Padaria São Paulo Ltda.',
        city: 'São Paulo',
        country: 'BR',
        archived_at: null,
      },
      { org_id, code: `${table}-2`, name: 'Nameless & Co.', city: null, country: null, archived_at: null },
    ]);
  }
  const customerIds = await orgIds(db, 'customers', orgId);

  const facilities: {
    code: string;
    kind: FacilityKind;
    city: string;
    region: string | null;
    country: string;
  }[] = [
    { code: 'ZRH-DC', kind: 'dc', city: 'Zürich', region: 'ZH', country: 'CH' },
    { code: 'GRU-WH', kind: 'warehouse', city: 'São Paulo', region: 'SP', country: 'BR' },
    { code: 'CHI-ST', kind: 'store', city: 'Chicago', region: null, country: 'US' },
  ];
  await insertRows(
    db,
    'facilities',
    facilities.map((f, i) => ({
      org_id,
      ...f,
      name: `${f.city} ${f.kind}`,
      latitude: i === 2 ? null : [47.376887, -23.55052][i],
      longitude: i === 2 ? null : [8.541694, -46.633309][i],
      timezone: ['Europe/Zurich', 'America/Sao_Paulo', 'America/Chicago'][i] ?? 'UTC',
      archived_at: null,
    })),
  );
  const facilityIds = await orgIds(db, 'facilities', orgId);

  await insertRows(db, 'products', [
    {
      org_id,
      sku: 'SKU-001',
      name: 'Käse 1 kg',
      category: 'Lebensmittel',
      unit_weight_kg: 1.25,
      unit_cost: 12.3456,
      currency: 'CHF',
      archived_at: null,
    },
    {
      org_id,
      sku: 'sku-001',
      name: 'Café 500 g ☕',
      category: null,
      unit_weight_kg: 0.5,
      unit_cost: 4.1,
      currency: 'BRL',
      archived_at: null,
    },
    {
      org_id,
      sku: 'SKU-003',
      name: 'Pallet wrap',
      category: 'Packaging',
      unit_weight_kg: null,
      unit_cost: null,
      currency: null,
      archived_at: at(-10, 1),
    },
  ]);
  const productIds = await orgIds(db, 'products', orgId);

  const orderStatuses: OrderStatus[] = ['delivered', 'open'];
  await insertRows(
    db,
    'orders',
    orderStatuses.map((status, i) => ({
      org_id,
      reference: `PO-${slug}-${i + 1}`,
      customer_id: i === 0 ? (customerIds[0] ?? null) : null,
      ship_from_facility_id: facilityIds[i] ?? null,
      status,
      order_date: `2025-03-0${i + 1}`,
      requested_date: i === 0 ? '2025-03-10' : null,
      promised_date: i === 0 ? '2025-03-12' : null,
    })),
  );
  const orderIds = await orgIds(db, 'orders', orgId);
  const lines = [
    { order: 0, product: 0, qty: 10, price: 19.99 },
    { order: 0, product: 1, qty: 3, price: null },
    { order: 1, product: 2, qty: 250, price: 0.0125 },
  ];
  await insertRows(
    db,
    'order_lines',
    lines.map((l, i) => ({
      org_id,
      order_id: orderIds[l.order] as number,
      line_no: i + 1,
      product_id: productIds[l.product] as number,
      qty_ordered: l.qty,
      qty_shipped: l.order === 0 ? l.qty : 0,
      qty_delivered: l.order === 0 ? l.qty - 1 : 0,
      unit_price: l.price,
    })),
  );
  const orderLineIds = await orgIds(db, 'order_lines', orgId);

  for (let start = 0; start < shipmentCount; start += CHUNK) {
    const end = Math.min(shipmentCount, start + CHUNK);
    const rows: ShipmentWrite[] = [];
    for (let i = start; i < end; i++) rows.push(shipment(i, slug, orgId, carrierIds, facilityIds, orderIds));
    await insertShipmentBatch(db, systemCaller(orgId), rows, { mode: 'all' });
  }
  const shipmentIds = await orgIds(db, 'shipments', orgId);

  for (let start = 0; start < shipmentIds.length; start += CHUNK) {
    const events = shipmentIds.slice(start, start + CHUNK).flatMap((shipment_id, j) =>
      Array.from({ length: eventsPerShipment }, (_, k) => {
        const i = start + j;
        return {
          org_id,
          shipment_id,
          code: k === 0 ? 'PICKED_UP' : 'DELIVERED',
          raw_code: k === 0 ? 'PU' : null,
          occurred_at: at(i + k * 30, k * 17 + 1),
          city: k === 0 ? 'Zürich' : 'São Paulo',
          country: k === 0 ? 'CH' : 'BR',
          latitude: k === 0 ? 47.376887 : null,
          longitude: k === 0 ? 8.541694 : null,
          source: 'carrier-api',
          message: k === 0 ? null : `📦 Zugestellt — entregue em São Paulo (#${i})`,
        };
      }),
    );
    await insertRows(db, 'tracking_events', events);
  }

  const snapshots = facilityIds.flatMap((facility_id, f) =>
    productIds.flatMap((product_id, p) =>
      ['2025-03-01', '2025-03-02'].map((snapshot_date, d) => ({
        org_id,
        facility_id,
        product_id,
        snapshot_date,
        on_hand: 100 * f + 10 * p + d,
        allocated: d,
        on_order: p === 2 ? 0 : 40,
      })),
    ),
  );
  await insertRows(db, 'inventory_snapshots', snapshots);
  const movements: { kind: MovementKind; quantity: number; line: number | null }[] = [
    { kind: 'receipt', quantity: 500, line: null },
    { kind: 'shipment', quantity: -10, line: 0 },
    { kind: 'adjustment', quantity: -1, line: null },
  ];
  await insertRows(
    db,
    'inventory_movements',
    movements.map((m, i) => ({
      org_id,
      facility_id: facilityIds[0] as number,
      product_id: productIds[0] as number,
      occurred_at: at(i * 5, 250 + i),
      kind: m.kind,
      quantity: m.quantity,
      reference: m.line === null ? null : `PO-${slug}-1/1`,
      order_line_id: m.line === null ? null : (orderLineIds[m.line] ?? null),
    })),
  );

  return {
    orgId,
    userIds,
    carrierIds,
    facilityIds,
    productIds,
    orderIds,
    orderLineIds,
    shipmentIds,
    counts: {
      organizations: 1,
      users: 2,
      memberships: 2,
      carriers: 3,
      customers: 2,
      suppliers: 2,
      facilities: 3,
      products: 3,
      orders: 2,
      order_lines: 3,
      shipments: shipmentIds.length,
      tracking_events: shipmentIds.length * eventsPerShipment,
      inventory_snapshots: snapshots.length,
      inventory_movements: movements.length,
    },
  };
}

const modes: ShipmentMode[] = ['road', 'ltl', 'ftl', 'parcel', 'air', 'ocean', 'rail'];

/** The i-th shipment: a mix of delivered, in transit and planned, with and without optional fields. */
function shipment(
  i: number,
  slug: string,
  org_id: number,
  carrierIds: number[],
  facilityIds: number[],
  orderIds: number[],
): ShipmentWrite {
  const status: ShipmentStatus = i % 3 === 0 ? 'delivered' : i % 3 === 1 ? 'in_transit' : 'planned';
  const pickup = at(i, i % 1000);
  const plannedDelivery = at(i + 48, 500);
  const delivered = status === 'delivered';
  const toBrazil = i % 2 === 0;
  return {
    org_id,
    source: i % 5 === 0 ? 'edi' : 'manual',
    reference: `SHP-${slug}-${String(i).padStart(7, '0')}`,
    order_id: i % 4 === 0 ? (orderIds[0] ?? null) : null,
    mode: modes[i % modes.length] as ShipmentMode,
    status,
    carrier_id: i % 7 === 6 ? null : (carrierIds[i % carrierIds.length] ?? null),
    origin_facility_id: facilityIds[0] ?? null,
    destination_facility_id: toBrazil ? (facilityIds[1] ?? null) : null,
    origin_city: 'Zürich',
    origin_region: 'ZH',
    origin_country: 'CH',
    destination_city: toBrazil ? 'São Paulo' : 'Chicago',
    destination_region: toBrazil ? null : 'IL',
    destination_country: toBrazil ? 'BR' : 'US',
    destination_timezone: toBrazil ? 'America/Sao_Paulo' : 'America/Chicago',
    planned_pickup_at: pickup,
    planned_delivery_at: plannedDelivery,
    actual_pickup_at: status === 'planned' ? null : at(i + 1, 1),
    actual_delivery_at: delivered ? at(i + 40 + (i % 20), 999) : null,
    // Values stay within each column's scale, so every dialect stores exactly what was written.
    weight_kg: i % 6 === 5 ? null : round(1234.567 + i, 3),
    volume_m3: i % 6 === 5 ? null : 12.5,
    pallets: i % 6 === 5 ? null : (i % 33) + 1,
    distance_km: 9_812.4,
    freight_cost: i % 6 === 5 ? null : round(987.65 + (i % 100), 2),
    currency: i % 6 === 5 ? null : 'EUR',
    goods_value: 25_000.1,
  };
}

function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

async function orgIds(
  db: Kysely<DB>,
  table: 'carriers' | 'customers' | 'facilities' | 'products' | 'orders' | 'order_lines' | 'shipments',
  orgId: number,
): Promise<number[]> {
  const rows = await db.selectFrom(table).select('id').where('org_id', '=', orgId).orderBy('id').execute();
  return rows.map((r) => r.id);
}
