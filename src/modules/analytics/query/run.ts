import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../../db/dialect.js';
import type { DB } from '../../../db/types.js';
import { AppError } from '../../../lib/errors.js';
import type { Caller } from '../../auth/index.js';
import { reportingSettingsOf } from '../settings/service.js';
import { dataVersionOf, SHIPMENT_FACTS_VERSION } from '../versions.js';
import { type CompiledStatement, compilePlan, MAX_GROUPS, type SqlFilter } from './compile.js';
import { isStatementTimeout, limitStatementTime, resetStatementTime } from './dialect.js';
import { type Merged, mergeRows } from './merge.js';
import { type Plan, planQuery } from './plan.js';
import { type QueryResult, type SemanticQueryInput, semanticQuery } from './schema.js';
import { shapeResult } from './shape.js';
import { comparisonRange, type DayRange, resolveRange, todayIn } from './time.js';

export interface RunOptions {
  /** The clock relative time ranges resolve against (tests, replays). */
  readonly now?: Date;
  /** Statement timeout (PostgreSQL, MySQL/MariaDB). */
  readonly timeoutMs?: number;
  /** Never read rollups: the raw rows answer everything (to check the rollups against). */
  readonly rawOnly?: boolean;
}

/**
 * Runs a semantic query for the caller's organization: plan (names through the catalog),
 * compile (rollup or raw per fact), run every statement in one read transaction (one snapshot,
 * bounded by the statement timeout), merge and shape. The one entry point of every screen, the
 * API, the CLI and the assistant.
 */
export async function runQuery(
  db: Kysely<DB>,
  caller: Caller,
  input: SemanticQueryInput,
  options: RunOptions = {},
): Promise<QueryResult> {
  if (!caller.has('analytics:read')) {
    throw new AppError('AUTH_FORBIDDEN', 'Analytics queries need the analytics:read permission.');
  }
  const started = performance.now();
  const parsed = semanticQuery.safeParse(input);
  if (!parsed.success) {
    throw new AppError('REQUEST_INVALID', 'The query does not match the semantic query schema.', {
      errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const query = parsed.data;
  const orgId = caller.orgId;
  const dialect = dialectOf(db);
  const timeoutMs = options.timeoutMs ?? 10_000;

  try {
    // One snapshot for every statement (the comparison period, the data version): REPEATABLE READ
    // where the dialect has levels; a SQLite transaction is one snapshot already.
    const transaction =
      dialect === 'sqlite' ? db.transaction() : db.transaction().setIsolationLevel('repeatable read');
    return await transaction.execute(async (trx) => {
      await limitStatementTime(trx, dialect, timeoutMs);
      try {
        const settings = await reportingSettingsOf(trx, orgId);
        const today = todayIn(settings.timezone, options.now ?? new Date());
        const range = query.timeRange ? resolveRange(query.timeRange, today) : undefined;
        if (range && range.from > range.to) {
          throw new AppError('REQUEST_INVALID', `timeRange: from (${range.from}) is after to (${range.to}).`);
        }
        const plan = planQuery(query, range);
        const notes: string[] = [];
        const filters = await sqlFilters(trx, orgId, plan, notes);
        const usesShipments = [...plan.facts.keys()].some((f) => f === 'shipments' || f === 'deliveries');
        const stale = usesShipments ? await staleShipments(trx, orgId) : false;
        if (stale) {
          notes.push(
            'Some shipments are being re-derived (a new release or a change of reporting time zone): figures are computed from the raw shipments and may still change.',
          );
        }
        const context = {
          orgId,
          dialect,
          reportingCurrency: settings.currency,
          rollupsUsable: !stale && options.rawOnly !== true,
        };
        const current = compilePlan(plan, filters, range, context);
        const merged = await runStatements(trx, plan, current);
        let previous: { merged: Merged; range: DayRange; statements: CompiledStatement[] } | undefined;
        if (query.compare) {
          if (!range) {
            throw new AppError(
              'ANALYTICS_NOT_COMBINABLE',
              'compare needs a time range: there is no period before "all time".',
            );
          }
          const before = comparisonRange(range, query.compare);
          const statements = compilePlan(plan, filters, before, context);
          previous = { merged: await runStatements(trx, plan, statements), range: before, statements };
        }
        const labels = await entityLabels(trx, orgId, plan, [merged, ...(previous ? [previous.merged] : [])]);
        const dataVersion = await dataVersionOf(trx, orgId);
        const statements = [...current, ...(previous?.statements ?? [])].map((s) => {
          const compiled = s.query.compile(trx);
          return { sql: compiled.sql, params: [...compiled.parameters], servedFrom: s.servedFrom };
        });
        return shapeResult({
          plan,
          query,
          range,
          merged,
          previous,
          labels,
          notes,
          reportingCurrency: settings.currency,
          statements,
          dataVersion,
          elapsedMs: performance.now() - started,
        });
      } finally {
        await resetStatementTime(trx, dialect);
      }
    });
  } catch (error) {
    if (isStatementTimeout(error)) {
      throw new AppError(
        'ANALYTICS_TIMEOUT',
        `The query ran longer than ${timeoutMs} ms; narrow the time range or the dimensions.`,
      );
    }
    throw error;
  }
}

async function runStatements(
  trx: Kysely<DB>,
  plan: Plan,
  statements: readonly CompiledStatement[],
): Promise<Merged> {
  const results = [];
  for (const statement of statements) {
    const { rows } = await statement.query.execute(trx);
    const limit = statement.kind === 'parts' ? MAX_GROUPS : MAX_GROUPS * 5;
    if (rows.length > limit) {
      throw new AppError(
        'ANALYTICS_TOO_MANY_ROWS',
        `The query has more than ${limit.toLocaleString('en-US')} groups; narrow the time range, use a coarser grain or fewer dimensions.`,
      );
    }
    results.push({ statement, rows });
  }
  return mergeRows(plan, results);
}

// Every version older than the current one, as a list: "version in (0, 1)" is a point lookup in
// the (derivation_version, org_id) index, where SQLite's planner chose (org_id, …) for "< 2" and
// scanned every shipment of the organization (40–60 ms at 50,000 shipments, measured).
const olderVersions = Array.from({ length: SHIPMENT_FACTS_VERSION }, (_, v) => v);

/** Whether any shipment of the organization waits for re-derivation (one indexed probe). */
async function staleShipments(db: Kysely<DB>, orgId: number): Promise<boolean> {
  const row = await db
    .selectFrom('shipments')
    .select('id')
    .where('derivation_version', 'in', olderVersions)
    .where('org_id', '=', orgId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Filter values ready for SQL: entity names and codes become ids (matched without regard to
 * case; a name that matches nothing matches no rows, and the notes say so), booleans 0/1.
 */
async function sqlFilters(db: Kysely<DB>, orgId: number, plan: Plan, notes: string[]): Promise<SqlFilter[]> {
  const filters: SqlFilter[] = [];
  for (const filter of plan.filters) {
    const { definition } = filter;
    let values: (string | number | null)[] = filter.values.map((v) =>
      typeof v === 'boolean' ? (v ? 1 : 0) : v,
    );
    if (definition.entity) {
      const resolved: (number | null)[] = [];
      for (const value of values) {
        if (value === null || typeof value === 'number') {
          resolved.push(value);
          continue;
        }
        const { table, matchColumns } = definition.entity;
        const rows = await sql<{
          id: number;
        }>`select id from ${sql.table(table)} where org_id = ${orgId} and (${sql.join(
          // The exact spelling first: SQLite's lower() folds ASCII only ("Øresund" ≠ "øresund").
          matchColumns.map(
            (c) => sql`(${sql.ref(c)} = ${value} or lower(${sql.ref(c)}) = ${value.toLowerCase()})`,
          ),
          sql` or `,
        )})`.execute(db);
        if (rows.rows.length === 0)
          notes.push(
            `No ${definition.label.toLowerCase()} named "${value}": that filter value matches nothing.`,
          );
        // An id no row has, so an unmatched name matches nothing rather than everything.
        resolved.push(...(rows.rows.length ? rows.rows.map((r) => Number(r.id)) : [-1]));
      }
      values = resolved;
    }
    filters.push({ definition, op: filter.op, values });
  }
  return filters;
}

/** Names of the entities that appear as dimension values, by dimension. */
async function entityLabels(
  db: Kysely<DB>,
  orgId: number,
  plan: Plan,
  runs: readonly Merged[],
): Promise<Map<string, Map<number, string>>> {
  const labels = new Map<string, Map<number, string>>();
  for (const [i, definition] of plan.dimensions.entries()) {
    if (!definition.entity) continue;
    const ids = new Set<number>();
    for (const run of runs)
      for (const g of run.groups.values())
        if (typeof g.dimensions[i] === 'number') ids.add(g.dimensions[i] as number);
    const names = new Map<number, string>();
    const list = [...ids];
    for (let start = 0; start < list.length; start += 5_000) {
      const chunk = list.slice(start, start + 5_000);
      const rows = await sql<{
        id: number;
        name: string;
      }>`select id, name from ${sql.table(definition.entity.table)} where org_id = ${orgId} and id in (${sql.join(chunk)})`.execute(
        db,
      );
      for (const row of rows.rows) names.set(Number(row.id), row.name);
    }
    labels.set(definition.name, names);
  }
  return labels;
}
