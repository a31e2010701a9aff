import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { type CursorPosition, decodeCursor, encodeCursor, invalidCursor } from '../lib/cursor.js';
import type { DB, TableName } from './types.js';

/**
 * What a sort column holds, so a cursor's value can be checked before it reaches SQL: an
 * instant (ISO 8601 UTC), a calendar day (`YYYY-MM-DD`), text or a number.
 */
export type SortKind = 'instant' | 'day' | 'text' | 'number';

/** A sortable field of a list: its API name, its column and what its values are. */
export interface SortField {
  readonly key: string;
  readonly column: string;
  readonly kind: SortKind;
  readonly nullable: boolean;
}

export interface PageRequest {
  readonly sort: SortField;
  readonly direction: 'asc' | 'desc';
  readonly limit: number;
  readonly cursor?: string | undefined;
  /** The list the cursor belongs to, so one list's cursor is refused by another. */
  readonly list?: string | undefined;
}

/**
 * The sorts of one list, defined once: `param` is the `sort` query parameter (each key, `-key`
 * for descending) and `resolve` finds the field of any value that parameter accepts — a sort the
 * schema accepts always has its keys.
 */
export interface SortDefinition {
  readonly list: string;
  readonly fields: readonly [SortField, ...SortField[]];
  readonly param: z.ZodDefault<z.ZodEnum<Record<string, string>>>;
  resolve(sort: string): { readonly field: SortField; readonly direction: 'asc' | 'desc' };
}

/** Defines a list's sorts: its name (for cursors), its fields and the default (`-key` = descending). */
export function defineSorts(
  list: string,
  fields: readonly [SortField, ...SortField[]],
  fallback: string,
): SortDefinition {
  const byValue = new Map<string, { field: SortField; direction: 'asc' | 'desc' }>();
  for (const field of fields) {
    byValue.set(field.key, { field, direction: 'asc' });
    byValue.set(`-${field.key}`, { field, direction: 'desc' });
  }
  if (!byValue.has(fallback)) throw new Error(`default sort ${fallback} of ${list} is not one of its fields`);
  const values = [...byValue.keys()] as [string, ...string[]];
  const keys = fields.map((f) => f.key).join(', ');
  return {
    list,
    fields,
    param: z
      .enum(values)
      .default(fallback)
      .meta({ description: `One of ${keys}; - first for descending (default ${fallback})` }),
    resolve(sort) {
      const found = byValue.get(sort);
      // Unreachable through the schema (param accepts exactly these values): a programming error.
      if (!found) throw new Error(`sort ${sort} is not defined for ${list}`);
      return found;
    },
  };
}

export interface Page<R> {
  readonly rows: R[];
  readonly nextCursor: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: a page works on any select over our tables
type Query<R> = SelectQueryBuilder<DB, TableName, R> | SelectQueryBuilder<DB, any, R>;

/**
 * Keyset pagination over (sort column, id): each page continues strictly after the previous
 * page's last row, so concurrent inserts never shift rows between pages. Rows whose sort value
 * is null come after all others in both directions (portable: the dialects disagree on where
 * NULLs sort), read as a second segment ordered by id. Each segment is one index range scan
 * on an index that ends with (sort column) — ids break ties.
 */
export async function keysetPage<R extends { id: number }>(
  query: Query<R>,
  idColumn: string,
  request: PageRequest,
  sortValueOf: (row: R) => unknown,
): Promise<Page<R>> {
  const { sort, direction, limit } = request;
  const sortName = `${request.list ?? ''}:${sort.key}:${direction}`;
  const position = request.cursor ? checkedPosition(sort, decodeCursor(request.cursor, sortName)) : null;
  const column = sql.ref(sort.column);
  const id = sql.ref(idColumn);
  const after = direction === 'asc' ? sql.raw('>') : sql.raw('<');
  const order = sql.raw(direction);

  const rows: R[] = [];
  const inNullSegment = position !== null && position.value === null;
  if (!inNullSegment) {
    let q = query as SelectQueryBuilder<DB, TableName, R>;
    if (sort.nullable) q = q.where(sql<SqlBool>`${column} is not null`);
    if (position) {
      const v = sql.val(position.value);
      q = q.where(
        sql<SqlBool>`(${column} ${after} ${v} or (${column} = ${v} and ${id} ${after} ${position.id}))`,
      );
    }
    rows.push(
      ...(await q
        .orderBy(sql`${column} ${order}`)
        .orderBy(sql`${id} ${order}`)
        .limit(limit + 1)
        .execute()),
    );
  }
  if (sort.nullable && rows.length <= limit) {
    let q = (query as SelectQueryBuilder<DB, TableName, R>).where(sql<SqlBool>`${column} is null`);
    if (inNullSegment && position) q = q.where(sql<SqlBool>`${id} ${after} ${position.id}`);
    rows.push(
      ...(await q
        .orderBy(sql`${id} ${order}`)
        .limit(limit + 1 - rows.length)
        .execute()),
    );
  }

  if (rows.length <= limit) return { rows, nextCursor: null };
  rows.length = limit;
  const last = rows[limit - 1] as R;
  const nextCursor = encodeCursor({
    sort: sortName,
    value: toCursorValue(sortValueOf(last)),
    id: last.id,
  });
  return { rows, nextCursor };
}

function toCursorValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'string') return value;
  return String(value);
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 1024;

/**
 * A decoded position whose value has exactly the kind of its sort column, as this code writes
 * it, or 400 REQUEST_INVALID_CURSOR. Whatever a cursor says, SQL only ever compares a column with
 * a value of its own type (PostgreSQL answers an out-of-range date with an error, the others
 * with an empty page).
 */
function checkedPosition(sort: SortField, position: CursorPosition): { value: unknown; id: number } {
  const { value, id } = position;
  if (value === null) {
    if (!sort.nullable) throw invalidCursor();
    return { value: null, id };
  }
  switch (sort.kind) {
    case 'instant': {
      if (typeof value !== 'string' || !INSTANT.test(value)) throw invalidCursor();
      const date = new Date(value);
      if (Number.isNaN(date.getTime()) || date.toISOString() !== value) throw invalidCursor();
      return { value: date, id };
    }
    case 'day': {
      if (typeof value !== 'string' || !DAY.test(value)) throw invalidCursor();
      const date = new Date(`${value}T00:00:00.000Z`);
      if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw invalidCursor();
      return { value, id };
    }
    case 'text':
      if (typeof value !== 'string' || value.length > MAX_TEXT) throw invalidCursor();
      return { value, id };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidCursor();
      return { value, id };
  }
}

/** A list request as routes receive it: `sort` is a field name, `-` first for descending. */
export interface ListRequest {
  readonly sort: string;
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly includeTotal: boolean;
}

/** What every list route answers: `{ data, nextCursor }`, plus `total` when asked. */
export interface ListAnswer<A> {
  data: A[];
  nextCursor: string | null;
  total?: number;
}

/**
 * Answers a list request over a filtered query: the sort is resolved by the list's one sort
 * definition, rows are read by keyset page and shaped by `toApi`, and the matching rows are
 * counted only when asked (a count costs a second query).
 */
export async function listAnswer<R extends { id: number }, A>(
  query: Query<R>,
  request: ListRequest,
  sorts: SortDefinition,
  toApi: (row: R) => A,
): Promise<ListAnswer<A>> {
  const { field, direction } = sorts.resolve(request.sort);
  const page = await keysetPage(
    query,
    'id',
    { sort: field, direction, limit: request.limit, cursor: request.cursor, list: sorts.list },
    (row) => (row as Record<string, unknown>)[field.column],
  );
  const answer: ListAnswer<A> = { data: page.rows.map(toApi), nextCursor: page.nextCursor };
  if (request.includeTotal) {
    const counted = await (query as SelectQueryBuilder<DB, TableName, R>)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    answer.total = Number((counted as { n?: number } | undefined)?.n ?? 0);
  }
  return answer;
}
