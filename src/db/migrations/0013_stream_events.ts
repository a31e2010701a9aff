import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes, withId, withOrg } from './columns.js';

/**
 * The outbox of live updates (issue #12, ADR 0020): a row per change a write made visible
 * (a batch of shipments changed, an alert opened...), appended in the writing transaction, read
 * by every API process and pushed to its open streams (GET /api/v1/stream). Kept about a day, so
 * a client that reconnects with Last-Event-ID gets what it missed.
 *
 * Ids are the stream's event ids, so they must never be reused: on SQLite the key is declared
 * AUTOINCREMENT (a plain rowid restarts below a deleted maximum once old rows are swept).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  const start = db.schema.createTable('stream_events');
  const withKey =
    t.dialect === 'sqlite'
      ? start.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      : withId(start, t);
  const table = withOrg(withKey, 'stream_events')
    // shipments, alerts: what a reader needs permission to see
    .addColumn('topic', 'varchar(32)', (c) => c.notNull())
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    // JSON text
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now));
  await (t.dialect === 'mysql'
    ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`)
    : table
  ).execute();
  // A reconnecting client's backlog: its organization's events after an id.
  await db.schema
    .createIndex('stream_events_org_idx')
    .on('stream_events')
    .columns(['org_id', 'id'])
    .execute();
  // The retention sweep.
  await db.schema
    .createIndex('stream_events_created_idx')
    .on('stream_events')
    .columns(['created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stream_events').execute();
}
