import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../../db/dialect.js';
import type { DB, NewRow } from '../../../db/types.js';
import type { RateListQuery } from './schema.js';

type Filters = Omit<RateListQuery, 'limit' | 'cursor' | 'sort' | 'includeTotal'>;

const columns = ['id', 'currency', 'quote_currency', 'day', 'rate', 'created_at', 'updated_at'] as const;

/**
 * The organization's rates matching a list's filters. The unique (org, currency, quote, day) key
 * serves the usual question (one currency's rates over a period).
 */
export function filteredRates(db: Kysely<DB>, orgId: number, q: Filters) {
  let query = db.selectFrom('exchange_rates').select(columns).where('org_id', '=', orgId);
  if (q.currency) query = query.where('currency', '=', q.currency);
  if (q.quoteCurrency) query = query.where('quote_currency', '=', q.quoteCurrency);
  if (q.from) query = query.where('day', '>=', q.from);
  if (q.to) query = query.where('day', '<=', q.to);
  return query;
}
export type RateRow = Awaited<ReturnType<ReturnType<typeof filteredRates>['executeTakeFirstOrThrow']>>;

// Days per look-up statement, and rows per upsert (7 parameters each): far below every
// dialect's parameter limit, and a statement whose text is built quickly.
const DAYS_PER_READ = 1_000;
const ROWS_PER_WRITE = 1_000;

/** The stored rates of one currency pair on these days. */
export async function ratesOnDays(
  db: Kysely<DB>,
  orgId: number,
  pair: { readonly currency: string; readonly quote: string },
  days: readonly string[],
): Promise<{ id: number; day: string; rate: number }[]> {
  const out: { id: number; day: string; rate: number }[] = [];
  for (let start = 0; start < days.length; start += DAYS_PER_READ) {
    const rows = await db
      .selectFrom('exchange_rates')
      .select(['id', 'day', 'rate'])
      .where('org_id', '=', orgId)
      .where('currency', '=', pair.currency)
      .where('quote_currency', '=', pair.quote)
      .where('day', 'in', days.slice(start, start + DAYS_PER_READ))
      .execute();
    for (const row of rows) out.push({ id: Number(row.id), day: row.day, rate: Number(row.rate) });
  }
  return out;
}

/**
 * Inserts rates, or sets the rate of a key that exists (created_at stays), one statement per
 * chunk. A key another transaction inserted since the caller looked is updated, not refused.
 */
export async function upsertRateRows(
  trx: Kysely<DB>,
  rows: readonly NewRow<'exchange_rates'>[],
): Promise<void> {
  const mysql = dialectOf(trx) === 'mysql';
  for (let start = 0; start < rows.length; start += ROWS_PER_WRITE) {
    const insert = trx.insertInto('exchange_rates').values(rows.slice(start, start + ROWS_PER_WRITE));
    await (mysql
      ? insert.onDuplicateKeyUpdate({ rate: sql`values(rate)`, updated_at: sql`values(updated_at)` })
      : insert.onConflict((oc) =>
          oc.columns(['org_id', 'currency', 'quote_currency', 'day']).doUpdateSet((eb) => ({
            rate: eb.ref('excluded.rate'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
    ).execute();
  }
}

/** Deletes one rate of the organization; false when there is none with this id. */
export async function deleteRateRow(db: Kysely<DB>, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('exchange_rates')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
