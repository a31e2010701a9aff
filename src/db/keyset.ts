import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import type { DB, TableName } from './types.js';

/** A sortable field of a list: its API name, its column and what its values are. */
export interface SortField {
  readonly key: string;
  readonly column: string;
  readonly kind: 'instant' | 'text' | 'number';
  readonly nullable: boolean;
}

export interface PageRequest {
  readonly sort: SortField;
  readonly direction: 'asc' | 'desc';
  readonly limit: number;
  readonly cursor?: string | undefined;
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
  const position = request.cursor ? decodeCursor(request.cursor, `${sort.key}:${direction}`) : null;
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
      const v = fromCursorValue(sort, position.value);
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
    sort: `${sort.key}:${direction}`,
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

function fromCursorValue(sort: SortField, value: string | number | null): Expression<unknown> {
  if (sort.kind === 'instant' && typeof value === 'string') {
    const date = new Date(value);
    return sql.val(Number.isNaN(date.getTime()) ? null : date);
  }
  return sql.val(value);
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
 * Answers a list request over a filtered query: the sort comes from the allowed fields (the
 * first is the fallback), rows are read by keyset page and shaped by `toApi`, and the matching
 * rows are counted only when asked (a count costs a second query).
 */
export async function listAnswer<R extends { id: number }, A>(
  query: Query<R>,
  request: ListRequest,
  sorts: readonly [SortField, ...SortField[]],
  toApi: (row: R) => A,
): Promise<ListAnswer<A>> {
  const key = request.sort.replace(/^-/, '');
  const sort = sorts.find((s) => s.key === key) ?? sorts[0];
  const page = await keysetPage(
    query,
    'id',
    {
      sort,
      direction: request.sort.startsWith('-') ? 'desc' : 'asc',
      limit: request.limit,
      cursor: request.cursor,
    },
    (row) => (row as Record<string, unknown>)[sort.column],
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
