import { type Kysely, MysqlAdapter, PostgresAdapter, SqliteAdapter } from 'kysely';
import type { Dialect } from './url.js';

/** Which of the three dialects a Kysely instance talks to. */
export function dialectOf<T>(db: Kysely<T>): Dialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof MysqlAdapter) return 'mysql';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  throw new Error(`unsupported Kysely adapter ${adapter.constructor.name}`);
}
