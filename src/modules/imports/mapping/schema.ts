import { z } from 'zod';
import { timezone } from '../../../lib/api-schemas.js';

/**
 * A mapping (issue #11 part 3, ADR 0016): declarative data that says how a record of a file
 * becomes one item of a target entity — for each target field its source (a column, a JSON path,
 * several columns joined, or a constant), a chain of transforms, which texts mean "unknown", and
 * for reference fields how to find (or create) the row they name. Stored and versioned per
 * organization; the same JSON drives the API, the CLI and the job. Nothing in it is code: regular
 * expressions are the only patterns, and they run on values, never on SQL.
 */

export const importTargets = [
  'shipments',
  'tracking-events',
  'orders',
  'products',
  'facilities',
  'carriers',
  'customers',
  'suppliers',
  'inventory-snapshots',
  'inventory-movements',
] as const;
export type ImportTargetName = (typeof importTargets)[number];

/** A regular expression source, checked to compile (flags are fixed per use: see transforms.ts). */
const pattern = z
  .string()
  .min(1)
  .max(500)
  .refine((p) => {
    try {
      new RegExp(p, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'a valid regular expression (JavaScript syntax, u flag)');

const scalar = z.union([z.string().max(2000), z.number().finite(), z.boolean(), z.null()]);

/**
 * A date/time format: `iso` (ISO 8601; without an offset it is read in the zone), `excel` (serial
 * days of the 1900 date system, as spreadsheets store dates), `epoch-s`, `epoch-ms`, or a pattern
 * of tokens — yyyy yy MMMM MMM MM M dd d HH H hh h mm ss SSS a — and literal characters (quote
 * letters with '…'): `d-MMM-yy` (2-Jun-06), `MM/dd/yyyy` (06/02/2006), `yyyy-MM-dd'T'HH:mm`.
 */
export const dateFormat = z.string().min(1).max(64);

export const units = [
  'kg',
  'g',
  'lb',
  'oz',
  't',
  'short_ton',
  'm3',
  'l',
  'ft3',
  'in3',
  'cm3',
  'gal',
  'km',
  'm',
  'mi',
] as const;
export type Unit = (typeof units)[number];

/** One step of a field's chain; each takes the previous step's value. */
export const transform = z.discriminatedUnion('op', [
  z.object({ op: z.literal('trim') }).strict(),
  z.object({ op: z.literal('case'), to: z.enum(['lower', 'upper', 'title']) }).strict(),
  /** Replaces every match (case-insensitive when `ignoreCase`); `with` may use $1… */
  z
    .object({
      op: z.literal('replace'),
      pattern,
      with: z.string().max(500),
      ignoreCase: z.boolean().optional(),
    })
    .strict(),
  /** The group of the first match; no match is an error (or unknown, per the field's `unparsable`). */
  z
    .object({
      op: z.literal('extract'),
      pattern,
      group: z.number().int().min(0).max(20).optional(),
      ignoreCase: z.boolean().optional(),
    })
    .strict(),
  /**
   * Value map (`"Air Charter" → "air"`), compared after trimming, ignoring case unless
   * `caseSensitive`; `otherwise` says what an unlisted value becomes (default: an error).
   */
  z
    .object({
      op: z.literal('map'),
      values: z.record(z.string().max(500), scalar),
      caseSensitive: z.boolean().optional(),
      otherwise: z.enum(['keep', 'unknown', 'error']).optional(),
    })
    .strict(),
  /** Text → instant (ISO 8601 UTC); the first format that reads the whole text wins. */
  z
    .object({
      op: z.literal('date'),
      formats: z.array(dateFormat).min(1).max(10),
      timeZone: timezone.optional(),
    })
    .strict(),
  /** Text → number with a locale: `1.234,5` is decimal `,` thousands `.`. */
  z
    .object({
      op: z.literal('number'),
      decimal: z.enum(['.', ',']).optional(),
      thousands: z.enum([',', '.', ' ', "'", '']).optional(),
    })
    .strict(),
  /** Converts a number between units of one kind (mass, volume, length). */
  z.object({ op: z.literal('unit'), from: z.enum(units), to: z.enum(units) }).strict(),
  /** Multiplies a number (prices in cents → units: 0.01). */
  z.object({ op: z.literal('multiply'), by: z.number().finite() }).strict(),
  /** A value for when the chain so far gave unknown (null). */
  z.object({ op: z.literal('default'), value: scalar }).strict(),
]);
export type Transform = z.infer<typeof transform>;

/** Where one target field comes from and how it is cleaned. */
export const fieldMapping = z
  .object({
    /** A column name (tables) or a dotted path (JSON, EPCIS, X12 records: `carrier.scac`, `epcList.0`). */
    column: z.string().min(1).max(300).optional(),
    /** Several columns joined by `separator` (default one space); unknown parts are left out. */
    columns: z.array(z.string().min(1).max(300)).min(2).max(20).optional(),
    separator: z.string().max(20).optional(),
    /** A constant instead of a column. */
    value: scalar.optional(),
    transforms: z.array(transform).max(30).optional(),
    /** Texts that mean "unknown" here (exact after trim, ignoring case); replaces the mapping's list. */
    unknown: z.array(z.string().max(200)).max(100).optional(),
    /** Texts matching this mean "unknown" too (e.g. `^See ASN` in a weight column). */
    unknownPattern: pattern.optional(),
    /**
     * A text a number, date or enum field cannot read (free-text notes in a numeric column):
     * `error` quarantines the row (default), `unknown` stores null and loads it.
     */
    unparsable: z.enum(['error', 'unknown']).optional(),
    /** Reference fields: find the row by its name or code; `create` adds a missing one (default false). */
    lookup: z
      .object({ by: z.enum(['name', 'code']), create: z.boolean().optional() })
      .strict()
      .optional(),
    /** Overrides of the target's checks for this field. */
    required: z.boolean().optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    matches: pattern.optional(),
    oneOf: z.array(scalar).min(1).max(500).optional(),
  })
  .strict()
  .refine(
    (f) => [f.column, f.columns, f.value].filter((v) => v !== undefined).length === 1,
    'exactly one of column, columns or value',
  );
export type FieldMapping = z.infer<typeof fieldMapping>;

/** What the mapping's unknown list holds unless it says otherwise. */
export const defaultUnknownTexts: readonly string[] = [
  '',
  'N/A',
  'NA',
  '-',
  '--',
  'null',
  'none',
  '?',
  '#N/A',
];

/** Target field names are the entity's API paths: `reference`, `origin.city`, `freightCost.amount`, `carrier`. */
const fieldName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/, 'a target field such as origin.city');

export const mappingDefinition = z
  .object({
    target: z.enum(importTargets),
    /**
     * The source the rows come from (`tms`, `sap`, `scms`): shipments and orders are keyed by
     * (organization, source, reference), so two systems may use the same references.
     */
    source: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, . _ -')
      .optional(),
    /** The zone of date/times written without an offset (default UTC). */
    timeZone: timezone.optional(),
    /** Texts that mean "unknown" in every field (default: defaultUnknownTexts). */
    unknown: z.array(z.string().max(200)).max(100).optional(),
    fields: z.record(fieldName, fieldMapping).refine((f) => Object.keys(f).length > 0, 'at least one field'),
  })
  .strict()
  .meta({ id: 'ImportMappingDefinition' });
export type MappingDefinition = z.infer<typeof mappingDefinition>;

/** Why a record was quarantined: one entry per broken check. */
export interface QuarantineReason {
  /** The target field (`weightKg`), or `row` for a rule over several fields, or `record` for an unreadable record. */
  readonly field: string;
  /** The column(s) the value came from, when there was one. */
  readonly column?: string;
  /** The offending text or value as read (strings cut to 200 characters). */
  readonly value?: unknown;
  /** A stable name: `required`, `number`, `date`, `map`, `extract`, `min`, `max`, `matches`, `oneOf`, `enum`, `lookup`, a write rule's name… */
  readonly rule: string;
  readonly message: string;
}
