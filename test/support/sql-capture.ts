import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  type Dialect as KyselyDialect,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Dialect } from '../../src/db/url.js';

/**
 * The SQL code sends, compiled for a dialect without a database (a driver that answers every
 * statement with no rows), one statement per entry with its parameters: for snapshot tests that
 * make a change to generated SQL show in review.
 */
const kyselyDialects: Record<Dialect, () => KyselyDialect> = {
  sqlite: () => ({
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  }),
  mysql: () => ({
    createAdapter: () => new MysqlAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new MysqlIntrospector(db),
    createQueryCompiler: () => new MysqlQueryCompiler(),
  }),
  postgres: () => ({
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }),
};

function statement(query: CompiledQuery): string {
  const parameters = query.parameters.length ? `\n-- parameters: ${JSON.stringify(query.parameters)}` : '';
  return `${query.sql};${parameters}`;
}

/** Runs `fn` against a database-less Kysely of the dialect; returns every statement it sent. */
export async function captureSql<DB>(
  dialect: Dialect,
  fn: (db: Kysely<DB>) => Promise<unknown>,
): Promise<string[]> {
  const lines: string[] = [];
  const db = new Kysely<DB>({
    dialect: kyselyDialects[dialect](),
    log: (event) => {
      lines.push(statement(event.query));
    },
  });
  try {
    await fn(db);
  } finally {
    await db.destroy();
  }
  return lines;
}
