import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { columnTypes } from './columns.js';

/**
 * A third, coarse shipment rollup (issue #9, ADR 0015): per organization, anchor and day only the
 * dimensions the dashboard filters and groups by most (carrier, mode, status, origin and
 * destination country) and the currency. Measured on the benchmark network, the lanes rollup of
 * 0008 holds about one row per three shipments and the parties rollup about one per shipment;
 * this one folds each day's shipments into a few hundred rows, which is what makes the headline
 * figures an order of magnitude cheaper than scanning the shipments. Same parts as 0008's.
 * Also the index behind the shipment list's commodity filter.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  let table = db.schema
    .createTable('analytics_shipment_daily')
    .addColumn('org_id', 'bigint', (c) => c.notNull().references('organizations.id'))
    .addColumn('anchor', 'varchar(8)', (c) => c.notNull())
    .addColumn('day', t.day, (c) => c.notNull())
    .addColumn('carrier_id', 'bigint', (c) => c.notNull())
    .addColumn('mode', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('origin_country', 'varchar(2)', (c) => c.notNull())
    .addColumn('destination_country', 'varchar(2)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull()) as CreateTableBuilder<string, string>;
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
    table = table.addColumn(name, 'bigint', (c) => c.notNull().defaultTo(0));
  }
  for (const [name, type] of [
    ['transit_sum', 'numeric(18, 2)'],
    ['delay_sum', 'numeric(18, 2)'],
    ['freight_sum', 'numeric(20, 2)'],
    ['weight_sum', 'numeric(20, 3)'],
    ['goods_sum', 'numeric(20, 2)'],
    ['freight_with_weight', 'numeric(20, 2)'],
    ['weight_with_freight', 'numeric(20, 3)'],
    ['freight_with_goods', 'numeric(20, 2)'],
    ['goods_with_freight', 'numeric(20, 2)'],
  ] as const) {
    table = table.addColumn(name, sql.raw(type), (c) => c.notNull().defaultTo(0));
  }
  table = table.addPrimaryKeyConstraint('analytics_shipment_daily_pk', [
    'org_id',
    'anchor',
    'day',
    'carrier_id',
    'mode',
    'status',
    'origin_country',
    'destination_country',
    'currency',
  ] as never);
  if (t.dialect === 'mysql') {
    table = table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`);
  }
  await table.execute();
  // GET /shipments?commodity= (the filter added with the commodity in 0008), in the list's order.
  await db.schema
    .createIndex('shipments_org_commodity_planned_idx')
    .on('shipments')
    .columns(['org_id', 'commodity', 'planned_delivery_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const drop = db.schema.dropIndex('shipments_org_commodity_planned_idx');
  await (columnTypes(db).dialect === 'mysql' ? drop.on('shipments') : drop).execute();
  await db.schema.dropTable('analytics_shipment_daily').execute();
}
