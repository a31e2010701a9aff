import { z } from 'zod';
import { day } from '../../../lib/api-schemas.js';

/**
 * A semantic query as data (issue #9): what the API, the CLI, saved views, the dashboard and the
 * assistant send. Names are plain strings here and resolved against the catalog by the planner,
 * so an unknown name is answered with the closest valid ones (ANALYTICS_UNKNOWN_NAME) instead of
 * a schema error, and an LLM choosing names can be told what it meant.
 */
const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a catalog name such as onTimeRate or carrier');

export const grains = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Grain = (typeof grains)[number];

export const relativeRanges = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
  'year_to_date',
] as const;
export type RelativeRange = (typeof relativeRanges)[number];

/**
 * Absolute: [from, to] calendar days, both included, in the reporting time zone. Relative: a
 * named period, or the last N days/weeks/months ending with (and including) the reference day.
 * `asOf` pins the reference day (default: today in the reporting time zone), so a relative
 * query can be replayed.
 */
export const timeRange = z.union([
  z.object({ from: day, to: day }).strict(),
  z.object({ relative: z.enum(relativeRanges), asOf: day.optional() }).strict(),
  z
    .object({
      last: z.number().int().min(1).max(3660),
      unit: z.enum(['days', 'weeks', 'months']),
      asOf: day.optional(),
    })
    .strict(),
]);
export type TimeRange = z.infer<typeof timeRange>;

const scalar = z.union([z.string().max(200), z.number().finite(), z.boolean(), z.null()]);
export const filterOps = ['eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte'] as const;
export type FilterOp = (typeof filterOps)[number];

export const filter = z
  .object({
    /** A dimension or a filter field of the catalog. */
    field: name,
    op: z.enum(filterOps).default('eq'),
    /** One value (eq, neq, gt…), or a list (in, notIn). Entities match by id or by exact name/code. */
    value: z.union([scalar, z.array(scalar).min(1).max(500)]),
  })
  .strict();
export type Filter = z.infer<typeof filter>;

export const having = z
  .object({
    metric: name,
    op: z.enum(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']),
    value: z.number().finite(),
  })
  .strict();
export type Having = z.infer<typeof having>;

export const orderBy = z
  .object({
    /** A metric or dimension of the query, or `period`. */
    field: name,
    direction: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();

export const MAX_LIMIT = 10_000;

export const semanticQuery = z
  .object({
    metrics: z.array(name).min(1).max(20),
    dimensions: z.array(name).max(5).default([]),
    filters: z.array(filter).max(20).default([]),
    /** Without one, the query covers all of the organization's data. */
    timeRange: timeRange.optional(),
    /** Adds a `period` column: the first day of each day/ISO week (Monday)/month/quarter/year. */
    grain: z.enum(grains).optional(),
    orderBy: z.array(orderBy).max(5).default([]),
    limit: z.number().int().min(1).max(MAX_LIMIT).default(1_000),
    /** Adds `<metric>Previous`, `<metric>Change` and `<metric>ChangePct` columns. */
    compare: z.enum(['previous_period', 'same_period_last_year']).optional(),
    /** Conditions on metric values of each group ("at least 100 shipments"). */
    having: z.array(having).max(10).default([]),
  })
  .strict();
export type SemanticQuery = z.infer<typeof semanticQuery>;
/** What callers write: defaults may be left out. */
export type SemanticQueryInput = z.input<typeof semanticQuery>;

export const columnTypes = ['time', 'string', 'id', 'number', 'boolean'] as const;

export const resultColumn = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(columnTypes),
  /** dimension: groups the rows; metric: a value per group. */
  role: z.enum(['dimension', 'metric']),
  /** e.g. `shipments`, `days`, `kg`, `USD`, `ratio`. */
  unit: z.string().nullable(),
  /** How to show it: `integer`, `decimal`, `percent`, `currency`, `day`, `week`, `month`, `quarter`, `year`, `text`. */
  format: z.string(),
});
export type ResultColumn = z.infer<typeof resultColumn>;

export type CellValue = string | number | boolean | null;

export const statement = z.object({
  sql: z.string(),
  params: z.array(z.unknown()),
  servedFrom: z.enum(['rollup', 'raw']),
});

export const queryResult = z.object({
  columns: z.array(resultColumn),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  /** The query as run: defaults filled in, a relative time range resolved to days. */
  query: z.object({}).passthrough(),
  /** The statements run, joined (the first of each is the current period's). */
  sql: z.string(),
  /** Parameters of each statement, in order. */
  params: z.array(z.array(z.unknown())),
  statements: z.array(statement),
  /** What the caller should know: rows left out (no exchange rate), data being re-derived, … */
  notes: z.array(z.string()),
  /** rollup when every statement read rollups; raw otherwise. */
  servedFrom: z.enum(['rollup', 'raw']),
  /** The organization's data version the answer saw (bumped by every write of analytics facts). */
  dataVersion: z.number().int(),
  elapsedMs: z.number(),
});
export type QueryResult = {
  columns: ResultColumn[];
  rows: Record<string, CellValue>[];
  query: ResolvedQuery;
  sql: string;
  params: unknown[][];
  statements: { sql: string; params: unknown[]; servedFrom: 'rollup' | 'raw' }[];
  notes: string[];
  servedFrom: 'rollup' | 'raw';
  dataVersion: number;
  elapsedMs: number;
};

/** A query after defaults and time resolution. */
export type ResolvedQuery = Omit<SemanticQuery, 'timeRange'> & {
  timeRange?: { from: string; to: string };
  /** The relative range asked for, when it was one. */
  requestedTimeRange?: TimeRange;
};
