import type { Kysely } from 'kysely';
import { findOwnedRow } from '../../../db/bulk.js';
import { listAnswer } from '../../../db/keyset.js';
import { type DB, type NewRow, toIsoString } from '../../../db/types.js';
import { AppError, type FieldError, rejectInvalid } from '../../../lib/errors.js';
import { noRequest, type RequestMeta, recordAudit } from '../../audit/index.js';
import type { Caller } from '../../auth/index.js';
import { reportingSettingsOf } from '../settings/service.js';
import { bumpDataVersion } from '../versions.js';
import { deleteRateRow, filteredRates, type RateRow, ratesOnDays, upsertRateRows } from './repository.js';
import {
  type ExchangeRate,
  type RateBatchResult,
  type RateItem,
  type RateListQuery,
  rateSorts,
} from './schema.js';

const toApi = (row: RateRow): ExchangeRate => ({
  id: Number(row.id),
  currency: row.currency,
  quoteCurrency: row.quote_currency,
  day: row.day,
  rate: Number(row.rate),
  createdAt: toIsoString(row.created_at),
  updatedAt: toIsoString(row.updated_at),
});

/** A page of the organization's exchange rates (newest day first by default). */
export function listRates(db: Kysely<DB>, orgId: number, q: RateListQuery) {
  return listAnswer(filteredRates(db, orgId, q), q, rateSorts, toApi);
}

function requireManage(caller: Caller): void {
  if (!caller.has('analytics:manage')) {
    throw new AppError('AUTH_FORBIDDEN', 'Changing exchange rates needs the analytics:manage permission.');
  }
}

/** One row an item writes. */
interface Planned {
  readonly index: number;
  readonly currency: string;
  readonly quote: string;
  readonly day: string;
  readonly rate: number;
}

/** Every day from `from` to `to`, both included. */
function* daysFrom(from: string, to: string): Generator<string> {
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}

/**
 * The rows of a batch, one per item and day, or the fields at fault: a currency's rate into
 * itself (after the quote currency defaulted to the reporting currency) and a day two items
 * both set (which one would win is not the caller's to guess). One error per item at most.
 */
function plan(items: readonly RateItem[], reporting: string): { rows: Planned[]; errors: FieldError[] } {
  const rows: Planned[] = [];
  const errors: FieldError[] = [];
  const firstOf = new Map<string, number>();
  items.forEach((item, index) => {
    const quote = item.quoteCurrency ?? reporting;
    if (item.currency === quote) {
      const path = item.quoteCurrency === undefined ? 'currency' : 'quoteCurrency';
      const why = item.quoteCurrency === undefined ? ` (the reporting currency, the default quote)` : '';
      errors.push({ path: `items.${index}.${path}`, message: `the quote currency is ${quote}${why}` });
      return;
    }
    const days = item.day !== undefined ? [item.day] : daysFrom(item.from ?? '', item.to ?? '');
    for (const day of days) {
      const key = keyOf({ currency: item.currency, quote, day });
      const first = firstOf.get(key);
      if (first !== undefined) {
        const path = item.day !== undefined ? 'day' : 'from';
        errors.push({ path: `items.${index}.${path}`, message: `repeats item ${first} on ${day}` });
        return;
      }
      firstOf.set(key, index);
      rows.push({ index, currency: item.currency, quote, day, rate: item.rate });
    }
  });
  return { rows, errors };
}

/** A row's key, as the unique (currency, quote currency, day) of the organization. */
const keyOf = (r: { currency: string; quote: string; day: string }) => `${r.currency}|${r.quote}|${r.day}`;

/** The rows grouped by currency pair (the look-ups go pair by pair, by the unique key). */
function byPair(rows: readonly Planned[]): Map<string, Planned[]> {
  const pairs = new Map<string, Planned[]>();
  for (const row of rows) {
    const key = `${row.currency}|${row.quote}`;
    const list = pairs.get(key);
    if (list) list.push(row);
    else pairs.set(key, [row]);
  }
  return pairs;
}

/** The stored id and rate of each planned row's key (`currency|quote|day`). */
async function storedOf(trx: Kysely<DB>, orgId: number, rows: readonly Planned[]) {
  const stored = new Map<string, { id: number; rate: number }>();
  for (const list of byPair(rows).values()) {
    const first = list[0] as Planned;
    const pair = { currency: first.currency, quote: first.quote };
    for (const row of await ratesOnDays(
      trx,
      orgId,
      pair,
      list.map((r) => r.day),
    )) {
      stored.set(keyOf({ ...pair, day: row.day }), { id: row.id, rate: row.rate });
    }
  }
  return stored;
}

/**
 * Upserts rates by (currency, quote currency, day), all or nothing: a range item writes one row
 * per day; the quote currency defaults to the reporting currency; any refusal (422,
 * `items.N.field`) writes nothing. One transaction: look the keys up, write the new and changed
 * rows one statement per chunk, read the new ids, bump the data version, audit. Each row's
 * result says inserted, updated or unchanged.
 */
export async function upsertRates(
  db: Kysely<DB>,
  caller: Caller,
  items: readonly RateItem[],
  meta: RequestMeta = noRequest,
): Promise<RateBatchResult> {
  requireManage(caller);
  const { orgId } = caller;
  return db.transaction().execute(async (trx) => {
    const { rows, errors } = plan(items, (await reportingSettingsOf(trx, orgId)).currency);
    rejectInvalid(errors, '');
    const before = await storedOf(trx, orgId, rows);
    const now = new Date();
    const writes = rows.filter((r) => before.get(keyOf(r))?.rate !== r.rate);
    await upsertRateRows(
      trx,
      writes.map(
        (r): NewRow<'exchange_rates'> => ({
          org_id: orgId,
          currency: r.currency,
          quote_currency: r.quote,
          day: r.day,
          rate: r.rate,
          created_at: now,
          updated_at: now,
        }),
      ),
    );
    const inserted = writes.filter((r) => !before.has(keyOf(r)));
    const after = await storedOf(trx, orgId, inserted);
    const data = rows.map((r) => {
      const key = keyOf(r);
      const stored = before.get(key);
      const id = stored?.id ?? after.get(key)?.id;
      if (id === undefined) throw new Error(`exchange rate ${key} vanished inside its transaction`);
      const result = !stored ? 'inserted' : stored.rate === r.rate ? 'unchanged' : 'updated';
      return {
        index: r.index,
        id,
        currency: r.currency,
        quoteCurrency: r.quote,
        day: r.day,
        result,
      } as const;
    });
    if (writes.length > 0) {
      await bumpDataVersion(trx, orgId);
      await recordAudit(trx, {
        orgId,
        actor: caller.actor,
        action: 'analytics.exchange_rates_written',
        details: {
          inserted: inserted.length,
          updated: writes.length - inserted.length,
          unchanged: rows.length - writes.length,
          pairs: [...byPair(writes).keys()].map((k) => k.replace('|', '/')).slice(0, 50),
        },
        meta,
      });
    }
    return { data };
  });
}

/** Deletes one exchange rate of the organization (404 when there is none with this id). */
export async function deleteRate(
  db: Kysely<DB>,
  caller: Caller,
  id: number,
  meta: RequestMeta = noRequest,
): Promise<void> {
  requireManage(caller);
  const { orgId } = caller;
  await db.transaction().execute(async (trx) => {
    const row = await findOwnedRow(trx, 'exchange_rates', orgId, id);
    if (!row || !(await deleteRateRow(trx, orgId, id))) {
      throw new AppError('RESOURCE_NOT_FOUND', `No exchange rate with id ${id}.`);
    }
    await bumpDataVersion(trx, orgId);
    const { currency, quoteCurrency, day, rate } = toApi(row);
    await recordAudit(trx, {
      orgId,
      actor: caller.actor,
      action: 'analytics.exchange_rate_deleted',
      target: { type: 'exchange_rate', id },
      details: { currency, quoteCurrency, day, rate },
      meta,
    });
  });
}
