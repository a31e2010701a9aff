import type { Kysely } from 'kysely';
import { columnTypes } from './columns.js';

/**
 * MQTT subscriptions as a second kind of feed (issue #12, ADR 0019). Nullable columns on `feeds`
 * (null for webhook feeds) rather than a table of their own: one feed is one row, read in one
 * query by the API and the subscribers, and backups carry the columns with the feed.
 *
 * - mqtt_url: the broker, `mqtt://host:port` or `mqtts://host:port` (no credentials, no path);
 * - mqtt_username, mqtt_password: sent when connecting, so the password is stored as given (like
 *   the feed secret it cannot be hashed); the API only says whether one is set;
 * - mqtt_topics: a JSON array of topic filters;
 * - mqtt_connected_at, mqtt_error, mqtt_error_at: what the subscribers last saw (connection
 *   state is told, not configured: several workers write it, the latest wins).
 */
const columns = [
  ['mqtt_url', 'varchar(500)'],
  ['mqtt_username', 'varchar(200)'],
  ['mqtt_password', 'varchar(500)'],
  ['mqtt_topics', 'text'],
  ['mqtt_connected_at', 'instant'],
  ['mqtt_error', 'varchar(500)'],
  ['mqtt_error_at', 'instant'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  // One column per statement: SQLite adds only one at a time.
  for (const [name, type] of columns) {
    await db.schema
      .alterTable('feeds')
      .addColumn(name, type === 'instant' ? t.instant : type)
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of [...columns].reverse()) {
    await db.schema.alterTable('feeds').dropColumn(name).execute();
  }
}
