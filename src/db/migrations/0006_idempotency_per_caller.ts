import { type Kysely, MysqlAdapter, SqliteAdapter, sql } from 'kysely';

/**
 * Idempotency keys belong to the caller that sent them (a person or an API key), not to the whole
 * organization: with one key space per organization, a second caller replaying a key got the
 * first caller's answer. The table is recreated with the caller in its primary key. Its rows are
 * 24-hour retry records, so none are carried over: a retry in flight during the upgrade runs
 * again, as it would after the key expired.
 *
 * Types are spelled here, not taken from a shared helper, so this migration stays as it ran.
 */
type Dialect = 'sqlite' | 'mysql' | 'postgres';

function dialectOf(db: Kysely<unknown>): Dialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof MysqlAdapter) return 'mysql';
  return 'postgres';
}

const instant = { sqlite: sql`datetime`, mysql: sql`datetime(3)`, postgres: sql`timestamptz(3)` };
const now = {
  sqlite: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  mysql: sql`current_timestamp(3)`,
  postgres: sql`current_timestamp`,
};

async function createTable(db: Kysely<unknown>, perCaller: boolean): Promise<void> {
  const d = dialectOf(db);
  let table = db.schema.createTable('idempotency_keys').addColumn('org_id', 'bigint', (c) => c.notNull());
  // `user:<id>` or `api_key:<id>`: whoever sent the key.
  if (perCaller) table = table.addColumn('caller', 'varchar(40)', (c) => c.notNull());
  await table
    .addColumn('idempotency_key', 'varchar(255)', (c) => c.notNull())
    .addColumn('method', 'varchar(8)', (c) => c.notNull())
    .addColumn('path', 'varchar(500)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', instant[d], (c) => c.notNull().defaultTo(now[d]))
    .addPrimaryKeyConstraint(
      'idempotency_keys_pk',
      (perCaller ? ['org_id', 'caller', 'idempotency_key'] : ['org_id', 'idempotency_key']) as never,
    )
    .addForeignKeyConstraint('idempotency_keys_org_fk', ['org_id'], 'organizations', ['id'])
    .modifyEnd(d === 'mysql' ? sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin` : sql``)
    .execute();
  // Expiry sweep.
  await db.schema
    .createIndex('idempotency_keys_created_idx')
    .on('idempotency_keys')
    .column('created_at')
    .execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await createTable(db, true);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await createTable(db, false);
}
