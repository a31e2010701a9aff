import type { Kysely } from 'kysely';
import { columnTypes, createTable, withOrg, withTimestamps } from './columns.js';

/**
 * Delay-risk predictions (issue #10, ADR 0022): the probability that an open shipment is
 * delivered late, by the active delay-risk model version, with its baseline (the carrier's late
 * rate on the lane) and its main factors (JSON). One row per shipment, replaced by each
 * prediction run; the model itself is a forecast_models row of kind delay_risk.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await withTimestamps(
    withOrg(createTable(db, t, 'shipment_delay_risks'), 'shipment_delay_risks')
      .addColumn('shipment_id', 'bigint', (c) => c.notNull().references('shipments.id'))
      .addColumn('model_id', 'bigint', (c) => c.notNull().references('forecast_models.id'))
      .addColumn('probability', t.double, (c) => c.notNull())
      .addColumn('baseline', t.double, (c) => c.notNull())
      .addColumn('factors', 'text', (c) => c.notNull())
      .addColumn('predicted_at', t.instant, (c) => c.notNull())
      .addUniqueConstraint('shipment_delay_risks_shipment_uq', ['org_id', 'shipment_id']),
    t,
  ).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('shipment_delay_risks').execute();
}
