import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { DB } from '../../db/types.js';

/**
 * Runs `fn` in a write transaction that cannot fail half-way for lack of a write lock.
 * SQLite: BEGIN IMMEDIATE on the one connection — Kysely's BEGIN is deferred, and under WAL a
 * deferred transaction that read and then tries to write fails with SQLITE_BUSY when another
 * process wrote in between; IMMEDIATE takes the write lock first (waiting up to busy_timeout),
 * which makes every job transition on SQLite a single-writer step. PostgreSQL and MariaDB: READ
 * COMMITTED, so each statement sees what other claimers committed after the locks it waited for
 * (MariaDB's default REPEATABLE READ would also add gap locks that deadlock with inserts).
 */
export async function writeTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (dialectOf(db) !== 'sqlite') return db.transaction().setIsolationLevel('read committed').execute(fn);
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await fn(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      // A failed COMMIT or statement may already have ended the transaction; the first error is the one to report.
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}
