import { type Kysely, sql } from 'kysely';
import { columnTypes } from './columns.js';

/**
 * What the REST API v1 needs: archiving of shipments and orders, idempotency keys, and an index
 * behind every list filter and sort (each comment names the query it serves).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('shipments').addColumn('archived_at', t.instant).execute();
  await db.schema.alterTable('orders').addColumn('archived_at', t.instant).execute();

  // Reference search is a prefix range (reference >= 'ABC' and < 'ABC\u{10FFFF}'), which needs
  // byte order; PostgreSQL's default collation is linguistic, so make the column "C" there
  // (SQLite compares BINARY and MySQL uses utf8mb4_bin already).
  if (t.dialect === 'postgres') {
    await sql`alter table shipments alter column reference type varchar(128) collate "C"`.execute(db);
    await sql`alter table orders alter column reference type varchar(128) collate "C"`.execute(db);
  }

  const index = (table: string, columns: string[], name: string) =>
    db.schema.createIndex(name).on(table).columns(columns).execute();
  // Shipment list filters; each ends with the default sort column.
  await index('shipments', ['org_id', 'mode', 'planned_delivery_at'], 'shipments_org_mode_planned_idx');
  await index(
    'shipments',
    ['org_id', 'origin_city', 'planned_delivery_at'],
    'shipments_org_origin_city_planned_idx',
  );
  await index(
    'shipments',
    ['org_id', 'origin_country', 'planned_delivery_at'],
    'shipments_org_origin_country_planned_idx',
  );
  await index(
    'shipments',
    ['org_id', 'destination_country', 'planned_delivery_at'],
    'shipments_org_dest_country_planned_idx',
  );
  // "late only" (on_time = 0).
  await index('shipments', ['org_id', 'on_time', 'planned_delivery_at'], 'shipments_org_on_time_planned_idx');
  // Reference prefix search and sort by reference.
  await index('shipments', ['org_id', 'reference'], 'shipments_org_reference_idx');
  // Sort by creation (id order within an organization).
  await index('shipments', ['org_id', 'created_at'], 'shipments_org_created_idx');
  // Orders: status filter, reference search.
  await index('orders', ['org_id', 'status', 'order_date'], 'orders_org_status_date_idx');
  // Master data: sort by name, and the country/city/kind/category filters.
  for (const table of ['customers', 'suppliers', 'facilities', 'products']) {
    await index(table, ['org_id', 'name'], `${table}_org_name_idx`);
    await index(table, ['org_id', 'created_at'], `${table}_org_created_idx`);
  }
  await index('carriers', ['org_id', 'created_at'], 'carriers_org_created_idx');
  await index('carriers', ['org_id', 'scac'], 'carriers_org_scac_idx');
  for (const table of ['customers', 'suppliers', 'facilities']) {
    await index(table, ['org_id', 'country', 'city'], `${table}_org_country_city_idx`);
    await index(table, ['org_id', 'city'], `${table}_org_city_idx`);
  }
  await index('facilities', ['org_id', 'kind'], 'facilities_org_kind_idx');
  await index('products', ['org_id', 'category'], 'products_org_category_idx');
  // Inventory lists by day and by facility.
  await index('inventory_snapshots', ['org_id', 'snapshot_date'], 'inventory_snapshots_org_date_idx');
  await index('inventory_movements', ['org_id', 'occurred_at'], 'inventory_movements_org_occurred_idx');

  // Idempotency-Key: a retried POST returns the first response. One row per (org, key); the
  // response is stored once the first request finishes; keys expire after 24 hours.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(255)', (c) => c.notNull())
    .addColumn('method', 'varchar(8)', (c) => c.notNull())
    .addColumn('path', 'varchar(500)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['org_id', 'idempotency_key'])
    .addForeignKeyConstraint('idempotency_keys_org_fk', ['org_id'], 'organizations', ['id'])
    .modifyEnd(t.dialect === 'mysql' ? sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin` : sql``)
    .execute();
  // Expiry sweep.
  await index('idempotency_keys', ['created_at'], 'idempotency_keys_created_idx');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.dropTable('idempotency_keys').execute();
  const drop = async (table: string, name: string) => {
    const q = db.schema.dropIndex(name);
    await (t.dialect === 'mysql' ? q.on(table) : q).execute();
  };
  await drop('inventory_movements', 'inventory_movements_org_occurred_idx');
  await drop('inventory_snapshots', 'inventory_snapshots_org_date_idx');
  await drop('products', 'products_org_category_idx');
  await drop('facilities', 'facilities_org_kind_idx');
  for (const table of ['customers', 'suppliers', 'facilities']) {
    await drop(table, `${table}_org_city_idx`);
    await drop(table, `${table}_org_country_city_idx`);
  }
  await drop('carriers', 'carriers_org_scac_idx');
  await drop('carriers', 'carriers_org_created_idx');
  for (const table of ['customers', 'suppliers', 'facilities', 'products']) {
    await drop(table, `${table}_org_created_idx`);
    await drop(table, `${table}_org_name_idx`);
  }
  await drop('orders', 'orders_org_status_date_idx');
  for (const name of [
    'shipments_org_created_idx',
    'shipments_org_reference_idx',
    'shipments_org_on_time_planned_idx',
    'shipments_org_dest_country_planned_idx',
    'shipments_org_origin_country_planned_idx',
    'shipments_org_origin_city_planned_idx',
    'shipments_org_mode_planned_idx',
  ]) {
    await drop('shipments', name);
  }
  if (t.dialect === 'postgres') {
    await sql`alter table shipments alter column reference type varchar(128) collate "default"`.execute(db);
    await sql`alter table orders alter column reference type varchar(128) collate "default"`.execute(db);
  }
  await db.schema.alterTable('orders').dropColumn('archived_at').execute();
  await db.schema.alterTable('shipments').dropColumn('archived_at').execute();
}
