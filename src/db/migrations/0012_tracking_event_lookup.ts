import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * A shipment's events within its organization (issue #12). Every event write reads the
 * shipment's events (`org_id = ? and shipment_id in (…)`: its newest, and those it would
 * duplicate); with only (org_id, occurred_at) and (shipment_id, occurred_at), SQLite answered
 * both from the organization index — every event the organization has, for each event written.
 * This index serves the pair exactly on every dialect.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('tracking_events_org_shipment_occurred_idx')
    .on('tracking_events')
    .columns(['org_id', 'shipment_id', 'occurred_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const drop = db.schema.dropIndex('tracking_events_org_shipment_occurred_idx');
  // Only MySQL names the table of an index it drops.
  await (dialectOf(db) === 'mysql' ? drop.on('tracking_events') : drop).execute();
}
