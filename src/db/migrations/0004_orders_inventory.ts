import type { Kysely } from 'kysely';
import { columnTypes } from './columns.js';

/**
 * What the orders and inventory APIs need beyond 0001/0003: the currency of an order's prices
 * (line unit prices are money, and an order is priced in one currency, as a shipment is), and an
 * index behind every list filter and sort that the earlier indexes do not serve in order.
 */
const indexes: readonly [name: string, table: string, columns: string[]][] = [
  // GET /orders?sort=createdAt
  ['orders_org_created_idx', 'orders', ['org_id', 'created_at']],
  // GET /orders?shipFromFacilityId= (sorted by order date; 0001 indexed the column alone for the FK)
  ['orders_org_facility_date_idx', 'orders', ['org_id', 'ship_from_facility_id', 'order_date']],
  // GET /inventory/snapshots?facilityId= sorted by day (the unique key puts product before day)
  [
    'inventory_snapshots_org_facility_date_idx',
    'inventory_snapshots',
    ['org_id', 'facility_id', 'snapshot_date'],
  ],
  // GET /inventory/snapshots?productId= sorted by day (0001's (product, day) lacks org_id, and
  // planners without statistics then prefer (org, day) and filter the product row by row)
  [
    'inventory_snapshots_org_product_date_idx',
    'inventory_snapshots',
    ['org_id', 'product_id', 'snapshot_date'],
  ],
  // GET /inventory/movements?facilityId= sorted by time (the ledger index puts product before time)
  [
    'inventory_movements_org_facility_occurred_idx',
    'inventory_movements',
    ['org_id', 'facility_id', 'occurred_at'],
  ],
  // GET /inventory/movements?productId= sorted by time (as for snapshots)
  [
    'inventory_movements_org_product_occurred_idx',
    'inventory_movements',
    ['org_id', 'product_id', 'occurred_at'],
  ],
  // GET /inventory/movements?kind=
  ['inventory_movements_org_kind_occurred_idx', 'inventory_movements', ['org_id', 'kind', 'occurred_at']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('currency', 'varchar(3)').execute();
  for (const [name, table, columns] of indexes) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  for (const [name, table] of [...indexes].reverse()) {
    const q = db.schema.dropIndex(name);
    await (t.dialect === 'mysql' ? q.on(table) : q).execute();
  }
  await db.schema.alterTable('orders').dropColumn('currency').execute();
}
