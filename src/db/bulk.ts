import { CompiledQuery, type Kysely, type Selectable, sql } from 'kysely';
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
// Rows per JSON statement on PostgreSQL: a few MB of text per round trip.
const JSON_ROWS = 5_000;

const statementCache = new Map<string, string>();

/**
 * Tables whose rows carry fields derived on write (shipments: lane, transit, delay, on-time). The
 * generic paths below refuse them, by type and at run time, so such a row can only be written by
 * its module's write path, which claims the insert path once (claimInsertPath).
 */
export type DerivedTable = 'shipments';
/** Tables any module may insert into through the generic paths. */
export type PlainTable = Exclude<TableName, DerivedTable>;
const derivedTables: ReadonlySet<string> = new Set<DerivedTable>(['shipments']);
const claimed = new Set<DerivedTable>();

function refuseDerived(table: string): void {
  if (derivedTables.has(table)) {
    throw new Error(`${table} rows carry derived fields: write them through their module's write path`);
  }
}

/** Inserts rows (all with the same keys) in multi-row statements; returns the number inserted. */
export async function insertRows<T extends PlainTable>(
  db: Kysely<DB>,
  table: T,
  rows: readonly NewRow<T>[],
): Promise<number> {
  refuseDerived(table);
  return writeRows(db, table, rows);
}

/** The batched insert path of a derived table, and a variant that returns columns of the new rows. */
export interface InsertPath<T extends DerivedTable> {
  insertRows(db: Kysely<DB>, rows: readonly NewRow<T>[]): Promise<number>;
  /** PostgreSQL and SQLite only (RETURNING); the rows come back in no particular order. */
  insertReturning<C extends string>(
    db: Kysely<DB>,
    rows: readonly NewRow<T>[],
    returning: readonly C[],
  ): Promise<Record<C, unknown>[]>;
}

/**
 * Hands the insert path of a derived table to the one module that derives its fields; a second
 * claim throws, so no other code can get it.
 */
export function claimInsertPath<T extends DerivedTable>(table: T): InsertPath<T> {
  if (claimed.has(table)) throw new Error(`the insert path of ${table} is already claimed`);
  claimed.add(table);
  return {
    insertRows: (db, rows) => writeRows(db, table, rows),
    insertReturning: (db, rows, returning) => writeRowsReturning(db, table, rows, returning),
  };
}

async function writeRows(db: Kysely<DB>, table: TableName, rows: readonly object[]): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const dialect = dialectOf(db);
  const columns = Object.keys(first);
  if (dialect === 'postgres' && rows.every((row) => checkShape(table, row, columns) && jsonSafe(row))) {
    await insertViaJson(db, table, rows, columns);
    return rows.length;
  }
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = new Array(chunk.length * columns.length);
    let i = 0;
    for (const row of chunk) {
      const record = checkShape(table, row, columns);
      for (const column of columns) params[i++] = record[column] ?? null;
    }
    await db.executeQuery(CompiledQuery.raw(insertSql(db, dialect, table, columns, chunk.length), params));
  }
  return rows.length;
}

async function writeRowsReturning<C extends string>(
  db: Kysely<DB>,
  table: TableName,
  rows: readonly object[],
  returning: readonly C[],
): Promise<Record<C, unknown>[]> {
  const first = rows[0];
  if (!first) return [];
  const dialect = dialectOf(db);
  if (dialect === 'mysql') throw new Error('insertReturning: MySQL/MariaDB has no INSERT … RETURNING');
  const columns = Object.keys(first);
  const tail = ` returning ${returning.map(quoteIdent).join(', ')}`;
  const out: Record<C, unknown>[] = [];
  if (dialect === 'postgres' && rows.every((row) => checkShape(table, row, columns) && jsonSafe(row))) {
    const text = jsonInsertSql(table, columns) + tail;
    for (let start = 0; start < rows.length; start += JSON_ROWS) {
      const json = JSON.stringify(rows.slice(start, start + JSON_ROWS));
      out.push(...(await db.executeQuery<Record<C, unknown>>(CompiledQuery.raw(text, [json]))).rows);
    }
    return out;
  }
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    for (const row of chunk) {
      const record = checkShape(table, row, columns);
      for (const column of columns) params.push(record[column] ?? null);
    }
    const text = insertSql(db, dialect, table, columns, chunk.length) + tail;
    out.push(...(await db.executeQuery<Record<C, unknown>>(CompiledQuery.raw(text, params))).rows);
  }
  return out;
}

// A row with other keys would silently lose values or get nulls: refuse (a cheap check).
function checkShape(table: string, row: object, columns: readonly string[]): Record<string, unknown> {
  if (Object.keys(row).length !== columns.length)
    throw new Error(`insertRows(${table}): rows differ in shape`);
  return row as Record<string, unknown>;
}

// An unpaired UTF-16 surrogate: the driver would send U+FFFD, JSON an escape PostgreSQL rejects.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether JSON carries every value of the row exactly as the driver would: strings, finite
 * numbers, booleans, null/undefined (→ null) and valid Dates (→ ISO 8601 UTC; the schema's
 * instants are timestamptz). Anything else (arrays, Buffers, bigints, NaN, invalid dates,
 * malformed strings) takes the VALUES path, so the stored values never depend on the path.
 */
export function jsonSafe(row: object): boolean {
  for (const value of Object.values(row)) {
    if (value === null || value === undefined) continue;
    switch (typeof value) {
      case 'string':
        if (loneSurrogate.test(value)) return false;
        continue;
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(value)) return false;
        continue;
      default:
        if (!(value instanceof Date) || Number.isNaN(value.getTime())) return false;
    }
  }
  return true;
}

/**
 * PostgreSQL parses and plans every statement it is sent; a multi-row VALUES list with tens of
 * thousands of placeholders costs more to plan than to insert. One JSON parameter expanded by
 * json_populate_recordset (typed by the table's own row type) is parsed in a blink and carries
 * thousands of rows, so the bulk path runs at the speed of the inserts themselves.
 */
async function insertViaJson(
  db: Kysely<DB>,
  table: string,
  rows: readonly object[],
  columns: readonly string[],
): Promise<void> {
  const text = jsonInsertSql(table, columns);
  for (let start = 0; start < rows.length; start += JSON_ROWS) {
    const json = JSON.stringify(rows.slice(start, start + JSON_ROWS));
    await db.executeQuery(CompiledQuery.raw(text, [json]));
  }
}

function jsonInsertSql(table: string, columns: readonly string[]): string {
  const key = `json|${table}|${columns.join(',')}`;
  let text = statementCache.get(key);
  if (!text) {
    const list = columns.map(quoteIdent).join(', ');
    text = `insert into ${quoteIdent(table)} (${list}) select ${list} from json_populate_recordset(null::${quoteIdent(table)}, $1::json)`;
    statementCache.set(key, text);
  }
  return text;
}

/** Double-quoted identifier (PostgreSQL, SQLite). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
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
export async function insertOne<T extends PlainTable>(
  db: Kysely<DB>,
  table: T,
  row: NewRow<T>,
): Promise<number> {
  refuseDerived(table);
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

const findByIdSql = new Map<string, string>();

/**
 * One row of an organization by id: the read behind every `GET /<resource>/:id`. Its SQL is
 * built once per table and dialect (building a Kysely query costs more than SQLite takes to
 * run this one), and a row of another organization is simply not found.
 */
export async function findOwnedRow<T extends OwnedByOrg>(
  db: Kysely<DB>,
  table: T,
  orgId: number,
  id: number,
): Promise<Selectable<DB[T]> | undefined> {
  const key = `${dialectOf(db)}|${table}`;
  let text = findByIdSql.get(key);
  if (!text) {
    text = db
      .selectFrom(table as 'shipments')
      .selectAll()
      .where('org_id', '=', 0)
      .where('id', '=', 0)
      .compile().sql;
    findByIdSql.set(key, text);
  }
  const result = await db.executeQuery<Selectable<DB[T]>>(CompiledQuery.raw(text, [orgId, id]));
  return result.rows[0];
}

/** Tables whose rows belong to an organization and have an id. */
export type OwnedByOrg = {
  [T in TableName]: DB[T] extends { id: unknown; org_id: number } ? T : never;
}[TableName];
