import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { type ColumnTypes, columnTypes, createTable, withOrg, withTimestamps } from './columns.js';

/**
 * The analytics engine (issue #9, ADR 0015).
 *
 * - organizations: the reporting currency amounts are converted into and the reporting time zone
 *   calendar days are counted in.
 * - shipments: the parties and commodity a shipment is for (new optional API fields), and two more
 *   derived facts, the shipment's day and its delivery day in the reporting time zone, with the
 *   version of the derivation that wrote them (rows of older versions are backfilled by a job).
 * - orders: derived delivery facts (the day its last shipment was delivered, on time against the
 *   promised date, lead time), kept by the shipment and order write paths.
 * - exchange_rates: per organization, the rate of a currency into a quote currency on a day.
 * - analytics_versions: a counter per organization bumped by every write of analytics facts, so
 *   an answer can say which data it saw (caches key on it).
 * - analytics_views: saved semantic queries, personal or shared.
 * - analytics_shipment_lanes / analytics_shipment_parties: rollups of additive parts of shipment
 *   metrics per day and dimension key, kept in the writing transaction. Key columns are NOT NULL
 *   (0 or '' for unknown): a NULL never equals another NULL in a unique key on any of the three
 *   dialects, so an upsert could not find an "unknown carrier" row again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .alterTable('organizations')
    .addColumn('reporting_currency', 'varchar(3)', (c) => c.notNull().defaultTo('USD'))
    .execute();
  await db.schema
    .alterTable('organizations')
    .addColumn('reporting_timezone', 'varchar(64)', (c) => c.notNull().defaultTo('UTC'))
    .execute();

  // SQLite adds a foreign key only inline with its column; the others take a named constraint,
  // which down() can drop before the column.
  for (const [column, parent] of [
    ['customer_id', 'customers'],
    ['supplier_id', 'suppliers'],
  ] as const) {
    if (t.dialect === 'sqlite') {
      await db.schema
        .alterTable('shipments')
        .addColumn(column, 'bigint', (c) => c.references(`${parent}.id`))
        .execute();
    } else {
      await db.schema.alterTable('shipments').addColumn(column, 'bigint').execute();
      await db.schema
        .alterTable('shipments')
        .addForeignKeyConstraint(`shipments_${parent}_fk`, [column], parent, ['id'])
        .execute();
    }
  }
  await db.schema.alterTable('shipments').addColumn('commodity', 'varchar(120)').execute();
  await db.schema.alterTable('shipments').addColumn('ship_day', t.day).execute();
  await db.schema.alterTable('shipments').addColumn('delivery_day', t.day).execute();
  // Rows written before this migration were derived by version 1 (lane, transit, delay, on time).
  await db.schema
    .alterTable('shipments')
    .addColumn('derivation_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // Raw analytics queries by period (the fallback when no rollup serves a query).
  await index(db, 'shipments_org_ship_day_idx', 'shipments', ['org_id', 'ship_day']);
  await index(db, 'shipments_org_delivery_day_idx', 'shipments', ['org_id', 'delivery_day']);
  // The backfill job's "rows of an older derivation" and the startup check.
  await index(db, 'shipments_derivation_idx', 'shipments', ['derivation_version', 'org_id']);
  await index(db, 'shipments_customer_idx', 'shipments', ['customer_id']);
  await index(db, 'shipments_supplier_idx', 'shipments', ['supplier_id']);

  await db.schema.alterTable('orders').addColumn('delivered_day', t.day).execute();
  await db.schema.alterTable('orders').addColumn('on_time', 'smallint').execute();
  await db.schema.alterTable('orders').addColumn('lead_time_days', 'integer').execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'exchange_rates'), 'exchange_rates')
      .addColumn('currency', 'varchar(3)', (c) => c.notNull())
      .addColumn('quote_currency', 'varchar(3)', (c) => c.notNull())
      .addColumn('day', t.day, (c) => c.notNull())
      // Units of the quote currency for one unit of the currency.
      .addColumn('rate', 'numeric(18, 8)', (c) => c.notNull())
      .addUniqueConstraint('exchange_rates_day_uq', ['org_id', 'currency', 'quote_currency', 'day']),
    t,
  ).execute();

  await keyed(db, t, 'analytics_versions', ['org_id'], (table) =>
    table
      .addColumn('org_id', 'bigint', (c) => c.notNull().references('organizations.id'))
      .addColumn('data_version', 'bigint', (c) => c.notNull().defaultTo(0)),
  );

  await withTimestamps(
    withOrg(createTable(db, t, 'analytics_views'), 'analytics_views')
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('description', 'varchar(1000)')
      // JSON text of the semantic query.
      .addColumn('query', 'text', (c) => c.notNull())
      // 1: every member of the organization sees it; 0: only its owner.
      .addColumn('shared', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('owner_user_id', 'bigint', (c) => c.references('users.id'))
      // `user:<id>` or `api_key:<id>` of whoever saved it.
      .addColumn('created_by', 'varchar(120)', (c) => c.notNull()),
    t,
  ).execute();
  await index(db, 'analytics_views_org_idx', 'analytics_views', ['org_id', 'shared', 'id']);
  await index(db, 'analytics_views_owner_idx', 'analytics_views', ['org_id', 'owner_user_id', 'id']);

  await keyed(db, t, 'analytics_shipment_lanes', laneKey, (table) =>
    shipmentParts(
      withShipmentKey(t, table)
        .addColumn('origin_facility_id', 'bigint', (c) => c.notNull())
        .addColumn('destination_facility_id', 'bigint', (c) => c.notNull())
        .addColumn('origin_city', 'varchar(120)', (c) => c.notNull())
        .addColumn('origin_region', 'varchar(120)', (c) => c.notNull())
        .addColumn('destination_city', 'varchar(120)', (c) => c.notNull())
        .addColumn('destination_region', 'varchar(120)', (c) => c.notNull())
        // A function of the four city and country columns (not part of the key).
        .addColumn('lane', 'varchar(255)'),
    ),
  );
  await keyed(db, t, 'analytics_shipment_parties', partyKey, (table) =>
    shipmentParts(
      withShipmentKey(t, table)
        .addColumn('customer_id', 'bigint', (c) => c.notNull())
        .addColumn('supplier_id', 'bigint', (c) => c.notNull())
        .addColumn('commodity', 'varchar(120)', (c) => c.notNull()),
    ),
  );
}

const sharedKey = [
  'org_id',
  'anchor',
  'day',
  'carrier_id',
  'mode',
  'status',
  'origin_country',
  'destination_country',
  'currency',
];
const laneKey = [
  ...sharedKey,
  'origin_facility_id',
  'destination_facility_id',
  'origin_city',
  'origin_region',
  'destination_city',
  'destination_region',
];
const partyKey = [...sharedKey, 'customer_id', 'supplier_id', 'commodity'];

type Builder = CreateTableBuilder<string, string>;

function withShipmentKey(t: ColumnTypes, table: Builder): Builder {
  return (
    table
      .addColumn('org_id', 'bigint', (c) => c.notNull().references('organizations.id'))
      // ship: bucketed by the shipment's day; delivery: by its delivery day (delivered ones only).
      .addColumn('anchor', 'varchar(8)', (c) => c.notNull())
      .addColumn('day', t.day, (c) => c.notNull())
      .addColumn('carrier_id', 'bigint', (c) => c.notNull())
      .addColumn('mode', 'varchar(16)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('origin_country', 'varchar(2)', (c) => c.notNull())
      .addColumn('destination_country', 'varchar(2)', (c) => c.notNull())
      .addColumn('currency', 'varchar(3)', (c) => c.notNull())
  );
}

/** The additive parts every shipment metric is built from (sums of the raw row expressions). */
function shipmentParts(table: Builder): Builder {
  const count = (b: Builder, name: string) => b.addColumn(name, 'bigint', (c) => c.notNull().defaultTo(0));
  const total = (b: Builder, name: string, type: string) =>
    b.addColumn(name, sql.raw(type), (c) => c.notNull().defaultTo(0));
  let b = table;
  for (const name of [
    'shipments',
    'in_transit',
    'exceptions',
    'on_time_known',
    'on_time',
    'transit_known',
    'delay_known',
    'freight_known',
    'weight_known',
    'goods_known',
  ]) {
    b = count(b, name);
  }
  b = total(b, 'transit_sum', 'numeric(18, 2)');
  b = total(b, 'delay_sum', 'numeric(18, 2)');
  b = total(b, 'freight_sum', 'numeric(20, 2)');
  b = total(b, 'weight_sum', 'numeric(20, 3)');
  b = total(b, 'goods_sum', 'numeric(20, 2)');
  b = total(b, 'freight_with_weight', 'numeric(20, 2)');
  b = total(b, 'weight_with_freight', 'numeric(20, 3)');
  b = total(b, 'freight_with_goods', 'numeric(20, 2)');
  b = total(b, 'goods_with_freight', 'numeric(20, 2)');
  return b;
}

/** A table keyed by a composite primary key (InnoDB with the binary collation on MySQL/MariaDB). */
async function keyed(
  db: Kysely<unknown>,
  t: ColumnTypes,
  name: string,
  key: readonly string[],
  columns: (table: Builder) => Builder,
): Promise<void> {
  let table = columns(db.schema.createTable(name) as Builder).addPrimaryKeyConstraint(
    `${name}_pk`,
    key as never,
  );
  if (t.dialect === 'mysql') {
    table = table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`);
  }
  await table.execute();
}

function index(db: Kysely<unknown>, name: string, table: string, columns: string[]) {
  return db.schema.createIndex(name).on(table).columns(columns).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  for (const table of [
    'analytics_shipment_parties',
    'analytics_shipment_lanes',
    'analytics_views',
    'analytics_versions',
    'exchange_rates',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  const dropIndex = async (name: string, table: string) => {
    const q = db.schema.dropIndex(name);
    await (t.dialect === 'mysql' ? q.on(table) : q).execute();
  };
  for (const column of ['lead_time_days', 'on_time', 'delivered_day']) {
    await db.schema.alterTable('orders').dropColumn(column).execute();
  }
  // Foreign keys first: MySQL/MariaDB will not drop an index a foreign key needs.
  for (const parent of ['suppliers', 'customers']) {
    const fk = `shipments_${parent}_fk`;
    if (t.dialect === 'mysql') await sql`alter table shipments drop foreign key ${sql.id(fk)}`.execute(db);
    if (t.dialect === 'postgres') await db.schema.alterTable('shipments').dropConstraint(fk).execute();
  }
  for (const name of [
    'shipments_supplier_idx',
    'shipments_customer_idx',
    'shipments_derivation_idx',
    'shipments_org_delivery_day_idx',
    'shipments_org_ship_day_idx',
  ]) {
    await dropIndex(name, 'shipments');
  }
  for (const column of [
    'derivation_version',
    'delivery_day',
    'ship_day',
    'commodity',
    'supplier_id',
    'customer_id',
  ]) {
    await db.schema.alterTable('shipments').dropColumn(column).execute();
  }
  await db.schema.alterTable('organizations').dropColumn('reporting_timezone').execute();
  await db.schema.alterTable('organizations').dropColumn('reporting_currency').execute();
}
