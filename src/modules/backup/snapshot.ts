import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { DB } from '../../db/types.js';
import type { Dialect } from '../../db/url.js';
import type { TableSpec } from './tables.js';

/**
 * Runs `body` on one connection inside a read-only transaction that sees a single snapshot of
 * the whole database, so a backup taken while the server keeps writing is consistent across
 * tables (no tracking event without its shipment) even though it reads them one after another.
 */
export async function withReadSnapshot<T>(
  db: Kysely<DB>,
  body: (conn: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const begin = beginStatements(dialectOf(db));
  return db.connection().execute(async (conn) => {
    for (const statement of begin) await sql.raw(statement).execute(conn);
    let result: T;
    try {
      result = await body(conn);
    } catch (error) {
      // The body's error is the one worth reporting; a failed rollback of a read changes nothing.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
    await sql`commit`.execute(conn);
    return result;
  });
}

function beginStatements(dialect: Dialect): string[] {
  switch (dialect) {
    case 'sqlite':
      // A deferred transaction takes its WAL snapshot at the first read and keeps it to the end,
      // while writers on other connections carry on.
      return ['begin'];
    case 'postgres':
      return ['begin isolation level repeatable read read only'];
    case 'mysql':
      // WITH CONSISTENT SNAPSHOT only holds under REPEATABLE READ, which a server may not default to.
      return [
        'set transaction isolation level repeatable read',
        'start transaction with consistent snapshot, read only',
      ];
  }
}

/**
 * Yields a table's rows in pages ordered by id, each page starting after the last id of the one
 * before (keyset pagination), so memory stays bounded and no page costs more than the first.
 */
export async function* readPages(
  conn: Kysely<DB>,
  table: TableSpec,
  pageSize: number,
): AsyncGenerator<Record<string, unknown>[]> {
  const columns = sql.join(table.columns.map((c) => sql.ref(c.name)));
  let after: unknown = null;
  for (;;) {
    const where = after === null ? sql`` : sql`where ${sql.ref('id')} > ${after}`;
    const { rows } = await sql<
      Record<string, unknown>
    >`select ${columns} from ${sql.table(table.name)} ${where} order by ${sql.ref('id')} limit ${sql.lit(pageSize)}`.execute(
      conn,
    );
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)?.id ?? null;
  }
}
