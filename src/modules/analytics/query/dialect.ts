import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../../db/types.js';
import type { Dialect } from '../../../db/url.js';
import type { Grain } from './schema.js';

/**
 * Everything the analytics SQL does differently per dialect, in one place (ADR 0015): time
 * buckets of a calendar day, adding into rollup rows, statement timeouts and how a timeout
 * shows. The compiled SQL of a fixed set of queries is snapshotted per dialect in
 * compile.test.ts, so a change here shows in review.
 */

/** The first day of the day/ISO week (Monday)/month/quarter/year containing a calendar day. */
export function bucketOf(dialect: Dialect, grain: Grain, day: RawBuilder<unknown>): RawBuilder<unknown> {
  if (grain === 'day') return day;
  switch (dialect) {
    case 'postgres':
      return sql`cast(date_trunc(${sql.lit(grain)}, ${day}) as date)`;
    case 'mysql':
      switch (grain) {
        case 'week':
          return sql`date_sub(${day}, interval weekday(${day}) day)`;
        case 'month':
          return sql`date_format(${day}, '%Y-%m-01')`;
        case 'quarter':
          return sql`concat(year(${day}), '-', lpad((quarter(${day}) - 1) * 3 + 1, 2, '0'), '-01')`;
        case 'year':
          return sql`concat(year(${day}), '-01-01')`;
      }
      break;
    case 'sqlite':
      // Days are 'YYYY-MM-DD' text on SQLite: buckets are string arithmetic, except the week,
      // for which strftime's %w (0 = Sunday) gives the days back to Monday.
      switch (grain) {
        case 'week':
          return sql`date(${day}, '-' || ((cast(strftime('%w', ${day}) as integer) + 6) % 7) || ' days')`;
        case 'month':
          return sql`substr(${day}, 1, 7) || '-01'`;
        case 'quarter':
          return sql`substr(${day}, 1, 5) || case when cast(substr(${day}, 6, 2) as integer) <= 3 then '01' when cast(substr(${day}, 6, 2) as integer) <= 6 then '04' when cast(substr(${day}, 6, 2) as integer) <= 9 then '07' else '10' end || '-01'`;
        case 'year':
          return sql`substr(${day}, 1, 4) || '-01-01'`;
      }
  }
  throw new Error(`no ${grain} bucket for ${dialect}`);
}

/**
 * The clause that makes `insert into table (...) select ...` add the selected values into the
 * row of an existing key instead of failing. SQLite needs the select to end in a WHERE for the
 * parser to tell `ON CONFLICT` from a join's `ON` (the caller wraps it, see rollups/maintain.ts).
 */
export function addOnConflict(
  dialect: Dialect,
  table: string,
  key: readonly string[],
  added: readonly string[],
): RawBuilder<unknown> {
  const t = sql.table(table);
  if (dialect === 'mysql') {
    const sets = added.map((c) => sql`${t}.${sql.id(c)} = ${t}.${sql.id(c)} + values(${sql.id(c)})`);
    return sql`on duplicate key update ${sql.join(sets)}`;
  }
  const target = dialect === 'postgres' ? t : sql``;
  const sets = added.map((c) =>
    dialect === 'postgres'
      ? sql`${sql.id(c)} = ${target}.${sql.id(c)} + excluded.${sql.id(c)}`
      : sql`${sql.id(c)} = ${sql.id(c)} + excluded.${sql.id(c)}`,
  );
  return sql`on conflict (${sql.join(key.map((c) => sql.id(c)))}) do update set ${sql.join(sets)}`;
}

/**
 * Bounds every statement of the transaction that runs a query. SQLite has no statement timeout
 * (better-sqlite3 runs a statement to its end); there the group limit and the query limits bound
 * the work.
 */
export async function limitStatementTime(trx: Kysely<DB>, dialect: Dialect, ms: number): Promise<void> {
  if (dialect === 'postgres') {
    await sql`set local statement_timeout = ${sql.lit(Math.round(ms))}`.execute(trx);
  } else if (dialect === 'mysql') {
    try {
      // MariaDB: seconds, fractions allowed.
      await sql`set session max_statement_time = ${sql.lit(ms / 1000)}`.execute(trx);
    } catch {
      // MySQL: milliseconds, SELECT only.
      await sql`set session max_execution_time = ${sql.lit(Math.round(ms))}`.execute(trx);
    }
  }
}

/** Lifts the session-level limit again before the connection goes back to the pool. */
export async function resetStatementTime(trx: Kysely<DB>, dialect: Dialect): Promise<void> {
  if (dialect !== 'mysql') return; // PostgreSQL's SET LOCAL ends with the transaction.
  try {
    await sql`set session max_statement_time = 0`.execute(trx);
  } catch {
    await sql`set session max_execution_time = 0`.execute(trx);
  }
}

/** Whether a driver error is the statement timeout. */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  // PostgreSQL query_canceled; MariaDB ER_STATEMENT_TIMEOUT; MySQL ER_QUERY_TIMEOUT.
  return e.code === '57014' || e.errno === 1969 || e.errno === 3024;
}
