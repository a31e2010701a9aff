import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  DummyDriver,
  Kysely,
  type Dialect as KyselyDialect,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
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
/** Rows a statement answers: none unless `answer` has some for its SQL. */
type Answer = (query: CompiledQuery) => Record<string, unknown>[];

/** DummyDriver, except that statements are answered by `answer`. */
class AnsweringDriver extends DummyDriver implements Driver {
  constructor(private readonly answer: Answer) {
    super();
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const answer = this.answer;
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => ({
        rows: answer(query) as R[],
      }),
      streamQuery: async function* () {},
    };
  }
}

const kyselyDialects: Record<Dialect, (answer: Answer) => KyselyDialect> = {
  sqlite: (answer) => ({
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new AnsweringDriver(answer),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  }),
  mysql: (answer) => ({
    createAdapter: () => new MysqlAdapter(),
    createDriver: () => new AnsweringDriver(answer),
    createIntrospector: (db) => new MysqlIntrospector(db),
    createQueryCompiler: () => new MysqlQueryCompiler(),
  }),
  postgres: (answer) => ({
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new AnsweringDriver(answer),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }),
};

function statement(query: CompiledQuery): string {
  const parameters = query.parameters.length ? `\n-- parameters: ${JSON.stringify(query.parameters)}` : '';
  return `${query.sql};${parameters}`;
}

/**
 * Runs `fn` against a database-less Kysely of the dialect; returns every statement it sent.
 * `answer` gives the rows of a statement (none by default).
 */
export async function captureSql<DB>(
  dialect: Dialect,
  fn: (db: Kysely<DB>) => Promise<unknown>,
  answer: Answer = () => [],
): Promise<string[]> {
  const lines: string[] = [];
  const db = new Kysely<DB>({
    dialect: kyselyDialects[dialect](answer),
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
