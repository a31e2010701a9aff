import { z } from 'zod';
import { errorCodeList } from './errors.js';
import {
  countryCodes,
  currencyCodes,
  dayWindowMessage,
  hasAtMostDecimals,
  identifierProblem,
  instantWindowMessage,
  isPlausibleDay,
  isPlausibleInstant,
} from './validity/index.js';

/**
 * Building blocks shared by every /api/v1 contract, so lists, money, weights and instants look
 * the same in every resource (and in the OpenAPI document).
 */

/** The path every API module's routes stand under (app.ts registers them there). */
export const API_PREFIX = '/api/v1';

/**
 * An instant in ISO 8601 with an offset (`2026-03-04T17:00:00Z`, `2026-03-04T12:00:00-05:00`).
 * Kept a string in the schema (so the OpenAPI document describes it); services turn it into a
 * Date with `toInstant`.
 */
export const instantInput = z.iso
  .datetime({ offset: true })
  .refine((v) => isPlausibleInstant(Date.parse(v)), instantWindowMessage)
  .meta({ description: `ISO 8601 with an offset; ${instantWindowMessage}` });

/** An instantInput value as a Date (null and undefined pass through: PATCH semantics). */
export function toInstant<T extends string | null | undefined>(
  value: T,
): T extends string ? Date : Exclude<T, string> {
  return (typeof value === 'string' ? new Date(value) : value) as T extends string
    ? Date
    : Exclude<T, string>;
}
/** An instant as the API answers it: ISO 8601 UTC with milliseconds. */
export const instantOutput = z.iso.datetime({ offset: true });
/** A calendar day, `YYYY-MM-DD`, in the plausible window (the same one as instants). */
export const day = z.iso.date().refine(isPlausibleDay, dayWindowMessage);

export const currency = z
  .string()
  .refine((c) => currencyCodes.has(c), 'an ISO 4217 currency code such as USD')
  .meta({ example: 'USD', description: 'ISO 4217 currency code' });

/**
 * A number a numeric(p, places) column stores exactly on every dialect: more decimals are
 * refused rather than rounded by some databases and kept by others.
 */
export function decimal(places: number) {
  return z
    .number()
    .finite()
    .refine((n) => hasAtMostDecimals(n, places), `at most ${places} decimal${places === 1 ? '' : 's'}`);
}

/** Money whose amount a numeric(14, places) column keeps; 2 decimals unless the column keeps more. */
export function moneyOf(places: number, max: number) {
  return z
    .object({ amount: decimal(places).min(0).max(max), currency })
    .strict()
    .meta({ description: `An amount of money (at most ${places} decimals) with its ISO 4217 currency` });
}
// The largest amount a numeric(14, 2) column holds: anything larger would fail in the database.
export const money = moneyOf(2, 999_999_999_999.99);
export type Money = z.infer<typeof money>;

// Every zone this runtime knows (Intl throws on any other), plus the UTC alias.
const timeZones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
/** An IANA time zone, checked against the zones the runtime can compute with. */
export const timezone = z
  .string()
  .max(64)
  .refine((tz) => timeZones.has(tz), 'an IANA time zone such as America/Chicago')
  .meta({ example: 'America/Chicago' });

export const countryCode = z
  .string()
  .refine((c) => countryCodes.has(c), 'an ISO 3166-1 alpha-2 country code such as US')
  .meta({ example: 'US', description: 'ISO 3166-1 alpha-2 country code' });

/**
 * A reference-like value (reference, code, SKU, ...), the one identifier rule: trimmed, 1–max
 * characters, no control characters, no noncharacters, not only invisible characters.
 */
export function identifier(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      const problem = identifierProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

export const id = z.number().int().positive().meta({ description: 'Identifier, unique within its resource' });

// The one spelling of an integer in a path or query string: `49701`, never `0x10`, `1e3`,
// `49701.0`, `+5`, ` 7` or `010` (Number() and z.coerce accept all of these, so one row had many
// names and caches, logs and idempotency keys saw different URLs for it).
const CANONICAL_INTEGER = /^(0|[1-9][0-9]*)$/;

/**
 * An integer path or query parameter: canonical decimal digits only, within [min, max]. The
 * document says `integer` (what clients send); the check is on the text as received.
 */
export function integerParam({ min, max }: { readonly min: number; readonly max: number }) {
  return z
    .string()
    .max(16)
    .regex(CANONICAL_INTEGER, 'must be a decimal integer (digits only, no sign, leading zero or exponent)')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({ type: 'integer', minimum: min, maximum: max, pattern: undefined, maxLength: undefined } as never);
}

/** An id in a path or query string (a filter by reference). */
export const idInteger = integerParam({ min: 1, max: Number.MAX_SAFE_INTEGER });
export const idParam = z.object({ id: idInteger }).strict();

/** Query parameters every list accepts. */
export const listQueryBase = {
  // zod leaves defaults of transformed inputs out of the document, so the description says it.
  limit: integerParam({ min: 1, max: 500 })
    .default(50)
    .meta({ description: 'Page size (1–500, default 50)' }),
  cursor: z.string().max(512).optional().meta({ description: 'The nextCursor of the previous page' }),
  includeTotal: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .meta({ description: 'Also count every matching row (costs a count query)' }),
};

/** The one list envelope: `{ data, nextCursor }` (+ `total` when asked). */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
    total: z.number().int().optional(),
  });
}

/** RFC 9457 problem document, as every error answers. */
export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(errorCodeList).meta({ description: 'Stable, namespaced error code (one HTTP status each)' }),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .passthrough()
  .meta({ id: 'Problem' });

/** The refusals every API route can answer, for its `response` schema (all problem documents). */
export const problemResponses = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
  422: problem,
} as const;
