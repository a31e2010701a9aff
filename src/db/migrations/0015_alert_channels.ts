import type { Kysely } from 'kysely';
import { columnTypes, createTable, withOrg, withTimestamps } from './columns.js';

/**
 * Where alerts are told (issue #12, ADR 0021).
 *
 * - alert_channels: an outbound webhook (its URL in `config`, the HMAC `secret` its requests are
 *   signed with, shown once) or e-mail recipients; the least severity it is told about, and
 *   whether it gets each alert at once or a digest per hour or day.
 * - alert_deliveries: one row per alert change a channel is to be told: pending (a job sends
 *   it), digest (waiting for the channel's next digest), sent, dead (every attempt failed: the
 *   dead letters, with the last error), skipped (the channel was paused or archived first).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await withTimestamps(
    withOrg(createTable(db, t, 'alert_channels'), 'alert_channels')
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      // webhook, email
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('secret', 'varchar(100)')
      .addColumn('min_severity', 'varchar(16)', (c) => c.notNull())
      // off, hourly, daily
      .addColumn('digest', 'varchar(16)', (c) => c.notNull())
      // active, paused
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      // attempts of each delivery before it is dead
      .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(6))
      .addColumn('last_digest_at', t.instant)
      .addColumn('archived_at', t.instant)
      .addColumn('created_by', 'varchar(64)')
      .addUniqueConstraint('alert_channels_org_name_uq', ['org_id', 'name']),
    t,
  ).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'alert_deliveries'), 'alert_deliveries')
      .addColumn('channel_id', 'bigint', (c) => c.notNull().references('alert_channels.id'))
      .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id'))
      // opened, updated, resolved
      .addColumn('change', 'varchar(16)', (c) => c.notNull())
      // pending, digest, sent, dead, skipped
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'varchar(1000)')
      .addColumn('sent_at', t.instant),
    t,
  ).execute();
  await db.schema
    .createIndex('alert_deliveries_channel_idx')
    .on('alert_deliveries')
    .columns(['org_id', 'channel_id', 'status', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alert_deliveries').execute();
  await db.schema.dropTable('alert_channels').execute();
}
