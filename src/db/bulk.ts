import { CompiledQuery, type Kysely, sql } from 'kysely';
import { toDriverValue } from './connect.js';
import { dialectOf } from './dialect.js';
import type { DB, NewRow, TableName } from './types.js';
import type { Dialect } from './url.js';

/**
 * The batched insert path used by the seeder, imports and restore: multi-row INSERTs whose SQL
 * text is compiled once per (table, columns, row count) and reused, so a million rows cost a
 * million parameter bindings and not a million query builds. Runs inside the caller's
 * transaction when given one.
 */

// Stay under every driver's parameter limit (SQLite 32766, PostgreSQL and MySQL 65535).
const MAX_PARAMS = 30_000;
const MAX_ROWS = 1_000;

const statementCache = new Map<string, string>();

/** Inserts rows (all with the same keys) in multi-row statements; returns the number inserted. */
export async function insertRows<T extends TableName>(
  db: Kysely<DB>,
  table: T,
  rows: readonly NewRow<T>[],
): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const dialect = dialectOf(db);
  const columns = Object.keys(first);
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = new Array(chunk.length * columns.length);
    let i = 0;
    for (const row of chunk) {
      const record = row as Record<string, unknown>;
      // A row with other keys would silently lose values or get nulls: refuse (a cheap check).
      if (Object.keys(record).length !== columns.length)
        throw new Error(`insertRows(${table}): rows differ in shape`);
      for (const column of columns) params[i++] = toDriverValue(dialect, record[column] ?? null);
    }
    await db.executeQuery(CompiledQuery.raw(insertSql(db, dialect, table, columns, chunk.length), params));
  }
  return rows.length;
}

function insertSql(
  db: Kysely<DB>,
  dialect: Dialect,
  table: string,
  columns: string[],
  rowCount: number,
): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${rowCount}`;
  let text = statementCache.get(key);
  if (!text) {
    const placeholderRow = Object.fromEntries(columns.map((c) => [c, null]));
    const placeholders = Array.from({ length: rowCount }, () => placeholderRow);
    // Kysely renders each value as a parameter, so the text does not depend on the values.
    text = db
      .insertInto(table as TableName)
      .values(placeholders as never)
      .compile().sql;
    statementCache.set(key, text);
  }
  return text;
}

/**
 * After rows were inserted with explicit ids, moves PostgreSQL's id sequences past them
 * (SQLite and MySQL/MariaDB advance their counters by themselves).
 */
export async function syncIdSequences(db: Kysely<DB>, tables: readonly TableName[]): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const table of tables) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
      db,
    );
  }
}

/** The largest id in a table (0 when empty), for callers that assign ids themselves. */
export async function maxId(db: Kysely<DB>, table: TableName): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

/**
 * Inserts one row and returns its new id on every dialect (PostgreSQL needs RETURNING; SQLite
 * and MySQL report the id of the insert).
 */
export async function insertOne<T extends TableName>(
  db: Kysely<DB>,
  table: T,
  row: NewRow<T>,
): Promise<number> {
  const query = db.insertInto(table).values(row as never);
  if (dialectOf(db) === 'postgres') {
    const inserted = (await query.returning(sql<number>`id`.as('id')).executeTakeFirstOrThrow()) as {
      id: number;
    };
    return Number(inserted.id);
  }
  const result = await query.executeTakeFirstOrThrow();
  return Number(result.insertId);
}
