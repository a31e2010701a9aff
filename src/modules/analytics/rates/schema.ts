import { z } from 'zod';
import { defineSorts } from '../../../db/keyset.js';
import { currency, day, decimal, id, instantOutput, listQueryBase } from '../../../lib/api-schemas.js';

/** The /api/v1 contract of exchange rates: per organization, a currency's rate on a day. */

/** Days one range item may cover (ten years), and rows one call may write. */
export const MAX_RANGE_DAYS = 3_660;
export const MAX_BATCH_ROWS = 10_000;

const DAY_MS = 86_400_000;
/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysIn(from: string, to: string): number {
  return Math.max(
    0,
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1,
  );
}

const rate = decimal(8)
  .gt(0)
  .max(9_999_999_999)
  .meta({ description: 'Units of the quote currency for one unit of the currency; > 0, at most 8 decimals' });

export const rateItem = z
  .object({
    currency,
    quoteCurrency: currency
      .optional()
      .meta({ description: 'The currency the rate is in; defaults to the reporting currency' }),
    day: day.optional().meta({ description: 'The one day of the rate (or send from and to)' }),
    from: day.optional().meta({ description: 'First day of a range with the same rate (with to)' }),
    to: day
      .optional()
      .meta({ description: `Last day of the range, included; at most ${MAX_RANGE_DAYS} days` }),
    rate,
  })
  .strict()
  .superRefine((item, ctx) => {
    const ranged = item.from !== undefined || item.to !== undefined;
    if (item.day !== undefined && ranged) {
      ctx.addIssue({ code: 'custom', path: ['day'], message: 'send day, or from and to, not both' });
    } else if (item.day === undefined && !ranged) {
      ctx.addIssue({ code: 'custom', path: ['day'], message: 'send day, or from and to' });
    } else if (ranged) {
      if (item.from === undefined)
        ctx.addIssue({ code: 'custom', path: ['from'], message: 'required with to' });
      else if (item.to === undefined)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'required with from' });
      else if (item.to < item.from)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      else if (daysIn(item.from, item.to) > MAX_RANGE_DAYS)
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: `a range covers at most ${MAX_RANGE_DAYS} days`,
        });
    }
  });
export type RateItem = z.infer<typeof rateItem>;

/** Rows an item writes: one, or one per day of its range. */
export function rowsOf(item: RateItem): number {
  return item.day !== undefined ? 1 : daysIn(item.from ?? '', item.to ?? '');
}

export const rateBatch = z
  .object({ items: z.array(rateItem).min(1).max(MAX_BATCH_ROWS) })
  .strict()
  .superRefine((batch, ctx) => {
    const rows = batch.items.reduce((n, item) => n + rowsOf(item), 0);
    if (rows > MAX_BATCH_ROWS) {
      ctx.addIssue({
        code: 'custom',
        path: ['items'],
        message: `writes ${rows} rows; at most ${MAX_BATCH_ROWS} per call (send the rest in another)`,
      });
    }
  })
  .meta({
    id: 'ExchangeRateBatch',
    examples: [
      {
        items: [
          { currency: 'EUR', day: '2026-03-04', rate: 1.0842 },
          { currency: 'MXN', quoteCurrency: 'USD', from: '2026-03-01', to: '2026-03-31', rate: 0.0587 },
        ],
      },
    ],
  });
export type RateBatch = z.infer<typeof rateBatch>;

export const rateBatchResult = z
  .object({
    data: z.array(
      z.object({
        index: z.number().int().meta({ description: 'The item that wrote the row' }),
        id,
        currency: z.string(),
        quoteCurrency: z.string(),
        day: z.string(),
        result: z.enum(['inserted', 'updated', 'unchanged']).meta({
          description: 'unchanged: the stored rate of that day was already this one',
        }),
      }),
    ),
  })
  .meta({
    id: 'ExchangeRateBatchResult',
    examples: [
      {
        data: [
          { index: 0, id: 71, currency: 'EUR', quoteCurrency: 'USD', day: '2026-03-04', result: 'updated' },
          { index: 1, id: 72, currency: 'MXN', quoteCurrency: 'USD', day: '2026-03-01', result: 'inserted' },
        ],
      },
    ],
  });
export type RateBatchResult = z.infer<typeof rateBatchResult>;

export const exchangeRate = z
  .object({
    id,
    currency: z.string(),
    quoteCurrency: z.string(),
    day: z.string().meta({ description: 'The calendar day, YYYY-MM-DD' }),
    rate: z.number(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({
    id: 'ExchangeRate',
    examples: [
      {
        id: 71,
        currency: 'EUR',
        quoteCurrency: 'USD',
        day: '2026-03-04',
        rate: 1.0842,
        createdAt: '2026-03-05T06:00:00.000Z',
        updatedAt: '2026-03-05T06:00:00.000Z',
      },
    ],
  });
export type ExchangeRate = z.infer<typeof exchangeRate>;

export const rateSorts = defineSorts(
  'exchange-rates',
  [{ key: 'day', column: 'day', kind: 'day', nullable: false }],
  '-day',
);

export const rateListQuery = z
  .object({
    ...listQueryBase,
    sort: rateSorts.param,
    currency: currency.optional(),
    quoteCurrency: currency.optional(),
    from: day.optional().meta({ description: 'Days on or after' }),
    to: day.optional().meta({ description: 'Days on or before' }),
  })
  .strict();
export type RateListQuery = z.infer<typeof rateListQuery>;
