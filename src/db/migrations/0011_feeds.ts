import type { Kysely } from 'kysely';
import { columnTypes, createTable, withOrg, withTimestamps } from './columns.js';

/**
 * Real-time feeds (issue #12, ADR 0018).
 *
 * - feeds: a source that posts events (a carrier's webhook): how its payloads map to tracking
 *   events (`mapping`, a tracking-events mapping definition, JSON; `shape` says how a payload
 *   becomes records), where each event's own id is (`event_id_path`), and the HMAC secret its
 *   requests are signed with. The secret must be readable to check a signature, so it is stored
 *   as issued and shown to the API only once, when the feed is created or the secret rotated.
 * - feed_events: every event a feed accepted, with what became of it (applied, or quarantined
 *   with its reasons, replayable). Unique per (feed, source event id): a redelivered event is
 *   acknowledged and ignored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await withTimestamps(
    withOrg(createTable(db, t, 'feeds'), 'feeds')
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      // webhook (MQTT subscriptions come later)
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      // json (a payload's objects are records as they are) or epcis (EPCIS 2.0 events, flattened)
      .addColumn('shape', 'varchar(16)', (c) => c.notNull())
      .addColumn('mapping', 'text', (c) => c.notNull())
      .addColumn('event_id_path', 'varchar(200)')
      .addColumn('secret', 'varchar(100)', (c) => c.notNull())
      .addColumn('events_received', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('events_quarantined', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_event_at', t.instant)
      .addColumn('archived_at', t.instant)
      .addColumn('created_by', 'varchar(64)')
      .addUniqueConstraint('feeds_org_name_uq', ['org_id', 'name']),
    t,
  ).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'feed_events'), 'feed_events')
      .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id'))
      .addColumn('source_event_id', 'varchar(200)', (c) => c.notNull())
      // applied, quarantined
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('reasons_json', 'text')
      .addColumn('tracking_event_id', 'bigint')
      .addColumn('replays', 'integer', (c) => c.notNull().defaultTo(0))
      .addUniqueConstraint('feed_events_source_uq', ['feed_id', 'source_event_id']),
    t,
  ).execute();
  await db.schema
    .createIndex('feed_events_org_feed_idx')
    .on('feed_events')
    .columns(['org_id', 'feed_id', 'status', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feed_events').execute();
  await db.schema.dropTable('feeds').execute();
}
