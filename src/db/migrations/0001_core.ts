import type { Kysely } from 'kysely';
import { columnTypes, createTable, withOrg, withTimestamps } from './columns.js';

/**
 * The canonical logistics model. Every index names the query it serves; list and KPI queries
 * always filter on org_id first, so composite indexes lead with it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await withTimestamps(
    createTable(db, t, 'organizations')
      .addColumn('slug', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(200)', (c) => c.notNull()),
    t,
    { updated: false },
  ).execute();

  await withTimestamps(
    createTable(db, t, 'users')
      // Login looks users up by email: the unique constraint is that index.
      .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('password_hash', 'varchar(255)')
      .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active')),
    t,
  ).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'memberships'), 'memberships')
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addForeignKeyConstraint('memberships_user_fk', ['user_id'], 'users', ['id'])
      // "members of this org" and "is user U in org O" (unique: one role per org).
      .addUniqueConstraint('memberships_org_user_uq', ['org_id', 'user_id']),
    t,
    { updated: false },
  ).execute();
  // "which organizations does this user belong to" at login.
  await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'carriers'), 'carriers')
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('scac', 'varchar(4)')
      .addColumn('archived_at', t.instant)
      // Carrier list sorted by name, and upsert by name from imports.
      .addUniqueConstraint('carriers_org_name_uq', ['org_id', 'name']),
    t,
  ).execute();

  for (const party of ['customers', 'suppliers'] as const) {
    await withTimestamps(
      withOrg(createTable(db, t, party), party)
        .addColumn('code', 'varchar(64)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('city', 'varchar(120)')
        .addColumn('country', 'varchar(2)')
        .addColumn('archived_at', t.instant)
        // Lookup and upsert by the party's code (the ERP's key).
        .addUniqueConstraint(`${party}_org_code_uq`, ['org_id', 'code']),
      t,
    ).execute();
  }

  await withTimestamps(
    withOrg(createTable(db, t, 'facilities'), 'facilities')
      .addColumn('code', 'varchar(64)', (c) => c.notNull())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('city', 'varchar(120)', (c) => c.notNull())
      .addColumn('region', 'varchar(120)')
      .addColumn('country', 'varchar(2)', (c) => c.notNull())
      .addColumn('latitude', t.double)
      .addColumn('longitude', t.double)
      .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
      .addColumn('archived_at', t.instant)
      // Lookup and upsert by facility code.
      .addUniqueConstraint('facilities_org_code_uq', ['org_id', 'code']),
    t,
  ).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'products'), 'products')
      .addColumn('sku', 'varchar(64)', (c) => c.notNull())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('category', 'varchar(120)')
      .addColumn('unit_weight_kg', 'numeric(12, 3)')
      .addColumn('unit_cost', 'numeric(14, 4)')
      .addColumn('currency', 'varchar(3)')
      .addColumn('archived_at', t.instant)
      // Lookup and upsert by SKU.
      .addUniqueConstraint('products_org_sku_uq', ['org_id', 'sku']),
    t,
  ).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'orders'), 'orders')
      .addColumn('reference', 'varchar(128)', (c) => c.notNull())
      .addColumn('customer_id', 'bigint')
      .addColumn('ship_from_facility_id', 'bigint')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('order_date', t.day, (c) => c.notNull())
      .addColumn('requested_date', t.day)
      .addColumn('promised_date', t.day)
      .addForeignKeyConstraint('orders_customer_fk', ['customer_id'], 'customers', ['id'])
      .addForeignKeyConstraint('orders_facility_fk', ['ship_from_facility_id'], 'facilities', ['id'])
      // Lookup and upsert by order number.
      .addUniqueConstraint('orders_org_reference_uq', ['org_id', 'reference']),
    t,
  ).execute();
  // Order list and OTIF by period.
  await db.schema.createIndex('orders_org_date_idx').on('orders').columns(['org_id', 'order_date']).execute();
  // A customer's orders by period (and the customers FK).
  await db.schema
    .createIndex('orders_customer_date_idx')
    .on('orders')
    .columns(['customer_id', 'order_date'])
    .execute();
  // The facilities FK (MySQL would add it implicitly; SQLite and PostgreSQL need it for deletes).
  await db.schema.createIndex('orders_facility_idx').on('orders').column('ship_from_facility_id').execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'order_lines'), 'order_lines')
      .addColumn('order_id', 'bigint', (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('product_id', 'bigint', (c) => c.notNull())
      .addColumn('qty_ordered', 'integer', (c) => c.notNull())
      .addColumn('qty_shipped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('qty_delivered', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('unit_price', 'numeric(14, 4)')
      .addForeignKeyConstraint('order_lines_order_fk', ['order_id'], 'orders', ['id'], (c) =>
        c.onDelete('cascade'),
      )
      .addForeignKeyConstraint('order_lines_product_fk', ['product_id'], 'products', ['id'])
      // An order's lines in order; one row per line number.
      .addUniqueConstraint('order_lines_order_line_uq', ['order_id', 'line_no']),
    t,
  ).execute();
  // Demand history per SKU (forecasting) and the products FK.
  await db.schema
    .createIndex('order_lines_product_idx')
    .on('order_lines')
    .columns(['product_id', 'order_id'])
    .execute();
  await db.schema.createIndex('order_lines_org_idx').on('order_lines').column('org_id').execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'shipments'), 'shipments')
      .addColumn('source', 'varchar(64)', (c) => c.notNull().defaultTo('manual'))
      .addColumn('reference', 'varchar(128)', (c) => c.notNull())
      .addColumn('order_id', 'bigint')
      .addColumn('mode', 'varchar(16)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('carrier_id', 'bigint')
      .addColumn('origin_facility_id', 'bigint')
      .addColumn('destination_facility_id', 'bigint')
      .addColumn('origin_city', 'varchar(120)')
      .addColumn('origin_region', 'varchar(120)')
      .addColumn('origin_country', 'varchar(2)')
      .addColumn('destination_city', 'varchar(120)')
      .addColumn('destination_region', 'varchar(120)')
      .addColumn('destination_country', 'varchar(2)')
      .addColumn('destination_timezone', 'varchar(64)', (c) => c.notNull().defaultTo('UTC'))
      .addColumn('planned_pickup_at', t.instant)
      .addColumn('planned_delivery_at', t.instant)
      .addColumn('actual_pickup_at', t.instant)
      .addColumn('actual_delivery_at', t.instant)
      .addColumn('weight_kg', 'numeric(12, 3)')
      .addColumn('volume_m3', 'numeric(12, 3)')
      .addColumn('pallets', 'integer')
      .addColumn('distance_km', 'numeric(10, 1)')
      .addColumn('freight_cost', 'numeric(14, 2)')
      .addColumn('currency', 'varchar(3)')
      .addColumn('goods_value', 'numeric(14, 2)')
      .addColumn('lane', 'varchar(255)')
      .addColumn('transit_days', 'numeric(8, 2)')
      .addColumn('delay_hours', 'numeric(10, 2)')
      .addColumn('on_time', 'smallint')
      .addForeignKeyConstraint('shipments_order_fk', ['order_id'], 'orders', ['id'])
      .addForeignKeyConstraint('shipments_carrier_fk', ['carrier_id'], 'carriers', ['id'])
      .addForeignKeyConstraint('shipments_origin_fk', ['origin_facility_id'], 'facilities', ['id'])
      .addForeignKeyConstraint('shipments_destination_fk', ['destination_facility_id'], 'facilities', ['id'])
      // Upsert by external reference per source (imports, connectors, batch API) and reference lookup.
      .addUniqueConstraint('shipments_org_source_ref_uq', ['org_id', 'source', 'reference']),
    t,
  ).execute();
  // Shipment list by planned delivery (the default sort) and KPIs by period.
  await index(db, 'shipments', ['org_id', 'planned_delivery_at']);
  // On-time / transit KPIs by delivery period.
  await index(db, 'shipments', ['org_id', 'actual_delivery_at']);
  // Carrier scorecards and the carrier filter.
  await index(db, 'shipments', ['carrier_id', 'planned_delivery_at']);
  // Lane analytics and the lane filter.
  await index(db, 'shipments', ['org_id', 'lane', 'planned_delivery_at']);
  // Status filter ("in transit", "exceptions").
  await index(db, 'shipments', ['org_id', 'status', 'planned_delivery_at']);
  // Destination filter ("shipments to Chicago").
  await index(db, 'shipments', ['org_id', 'destination_city', 'planned_delivery_at']);
  // Shipments of an order; the facilities FKs.
  await index(db, 'shipments', ['order_id']);
  await index(db, 'shipments', ['origin_facility_id']);
  await index(db, 'shipments', ['destination_facility_id']);

  await withTimestamps(
    withOrg(createTable(db, t, 'tracking_events'), 'tracking_events')
      .addColumn('shipment_id', 'bigint', (c) => c.notNull())
      .addColumn('code', 'varchar(32)', (c) => c.notNull())
      .addColumn('raw_code', 'varchar(64)')
      .addColumn('occurred_at', t.instant, (c) => c.notNull())
      .addColumn('city', 'varchar(120)')
      .addColumn('country', 'varchar(2)')
      .addColumn('latitude', t.double)
      .addColumn('longitude', t.double)
      .addColumn('source', 'varchar(64)', (c) => c.notNull())
      .addColumn('message', 'varchar(500)')
      .addForeignKeyConstraint('tracking_events_shipment_fk', ['shipment_id'], 'shipments', ['id'], (c) =>
        c.onDelete('cascade'),
      ),
    t,
    { updated: false },
  ).execute();
  // A shipment's timeline.
  await index(db, 'tracking_events', ['shipment_id', 'occurred_at']);
  // Recent events feed and stale-feed alerts.
  await index(db, 'tracking_events', ['org_id', 'occurred_at']);

  await withTimestamps(
    withOrg(createTable(db, t, 'inventory_snapshots'), 'inventory_snapshots')
      .addColumn('facility_id', 'bigint', (c) => c.notNull())
      .addColumn('product_id', 'bigint', (c) => c.notNull())
      .addColumn('snapshot_date', t.day, (c) => c.notNull())
      .addColumn('on_hand', 'integer', (c) => c.notNull())
      .addColumn('allocated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('on_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addForeignKeyConstraint('inventory_snapshots_facility_fk', ['facility_id'], 'facilities', ['id'])
      .addForeignKeyConstraint('inventory_snapshots_product_fk', ['product_id'], 'products', ['id'])
      // One snapshot per day per SKU × facility; a facility's stock on a day.
      .addUniqueConstraint('inventory_snapshots_day_uq', [
        'org_id',
        'facility_id',
        'product_id',
        'snapshot_date',
      ]),
    t,
    { updated: false },
  ).execute();
  // A SKU's stock history across facilities (stock-out risk, forecasts) and the products FK.
  await index(db, 'inventory_snapshots', ['product_id', 'snapshot_date']);
  await index(db, 'inventory_snapshots', ['facility_id']);

  await withTimestamps(
    withOrg(createTable(db, t, 'inventory_movements'), 'inventory_movements')
      .addColumn('facility_id', 'bigint', (c) => c.notNull())
      .addColumn('product_id', 'bigint', (c) => c.notNull())
      .addColumn('occurred_at', t.instant, (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('reference', 'varchar(128)')
      .addColumn('order_line_id', 'bigint')
      .addForeignKeyConstraint('inventory_movements_facility_fk', ['facility_id'], 'facilities', ['id'])
      .addForeignKeyConstraint('inventory_movements_product_fk', ['product_id'], 'products', ['id'])
      .addForeignKeyConstraint('inventory_movements_line_fk', ['order_line_id'], 'order_lines', ['id']),
    t,
    { updated: false },
  ).execute();
  // Stock ledger of a SKU at a facility over time (on hand = running sum).
  await index(db, 'inventory_movements', ['org_id', 'facility_id', 'product_id', 'occurred_at']);
  // Demand (outbound movements) per SKU over time; the products FK.
  await index(db, 'inventory_movements', ['product_id', 'occurred_at']);
  await index(db, 'inventory_movements', ['facility_id']);
  await index(db, 'inventory_movements', ['order_line_id']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'inventory_movements',
    'inventory_snapshots',
    'tracking_events',
    'shipments',
    'order_lines',
    'orders',
    'products',
    'facilities',
    'suppliers',
    'customers',
    'carriers',
    'memberships',
    'users',
    'organizations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

function index(db: Kysely<unknown>, table: string, columns: string[]) {
  const name = `${table}_${columns.map((c) => c.replace(/_(at|id)$/, '')).join('_')}_idx`;
  return db.schema.createIndex(name).on(table).columns(columns).execute();
}
