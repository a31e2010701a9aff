import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../../../db/url.js';
import { type RollupDefinition, rollups } from '../rollups/definitions.js';
import { type Fact, factOf } from '../semantic/facts.js';
import type { DimensionDefinition, FactName, MetricDefinition, Sql } from '../semantic/types.js';
import { bucketOf } from './dialect.js';
import type { FactNeeds, Plan } from './plan.js';

/**
 * Turns a plan into SQL: one aggregate statement per fact (from a rollup when one holds every
 * dimension and filter of the query, else from the raw rows), and one distribution statement
 * per percentile metric. Every statement groups by the query's dimensions (and period) and
 * sums additive parts; ratios, percentiles, having, order and limit are computed from those
 * sums in run.ts, identically for both sources and all dialects.
 */
export const MAX_GROUPS = 100_000;

export interface CompileContext {
  readonly orgId: number;
  readonly dialect: Dialect;
  readonly reportingCurrency: string;
  /** Whether rollups may serve (not while shipments are being re-derived). */
  readonly rollupsUsable: boolean;
}

/** A filter whose values are ready for SQL (entity names resolved to ids, booleans to 0/1). */
export interface SqlFilter {
  readonly definition: DimensionDefinition;
  readonly op: 'eq' | 'neq' | 'in' | 'notIn' | 'gt' | 'gte' | 'lt' | 'lte';
  readonly values: readonly (string | number | null)[];
}

export interface CompiledStatement {
  readonly fact: FactName;
  readonly kind: 'parts' | 'distribution';
  readonly servedFrom: 'rollup' | 'raw';
  readonly query: RawBuilder<Record<string, unknown>>;
  /** The metric whose distribution this is (kind distribution). */
  readonly percentile?: MetricDefinition;
  readonly parts: readonly string[];
  readonly leftOut: readonly string[];
}

/** The statements of a plan over a time range (the plan's, or a comparison range). */
export function compilePlan(
  plan: Plan,
  filters: readonly SqlFilter[],
  range: { from: string; to: string } | undefined,
  context: CompileContext,
): CompiledStatement[] {
  const statements: CompiledStatement[] = [];
  for (const [factName, needs] of plan.facts) {
    const fact = factOf(factName);
    if (needs.parts.size > 0) statements.push(partsStatement(plan, fact, needs, filters, range, context));
    for (const metric of needs.percentiles)
      statements.push(distributionStatement(plan, fact, metric, filters, range, context));
  }
  return statements;
}

/** The rollup that holds every dimension and filter field of the query for this fact, if any. */
export function rollupFor(
  plan: Plan,
  fact: Fact,
  filters: readonly SqlFilter[],
): RollupDefinition | undefined {
  if (!fact.rollupAnchor) return undefined;
  const needed = [...plan.dimensions, ...filters.map((f) => f.definition)].map(
    (d) => fact.dimensions[d.name]?.rollupColumn,
  );
  if (needed.some((c) => c === undefined)) return undefined;
  return rollups.find((r) => {
    const columns = new Set([...r.key.map((k) => k.column), ...r.dependent.map((d) => d.column)]);
    return needed.every((c) => columns.has(c as string));
  });
}

interface Source {
  readonly from: Sql;
  readonly where: Sql;
  readonly day: Sql;
  /** A dimension's expression in this source. */
  readonly dimension: (d: DimensionDefinition) => Sql;
  /** What stands for unknown in this source: null on raw rows, 0 or '' in rollups. */
  readonly unknown: (d: DimensionDefinition) => string | number | null;
  readonly part: (name: string) => Sql;
  readonly money?: { readonly currency: Sql; readonly day: Sql };
}

function sourceOf(
  plan: Plan,
  fact: Fact,
  rollup: RollupDefinition | undefined,
  range: { from: string; to: string } | undefined,
  context: CompileContext,
): Source {
  if (rollup) {
    const r = (column: string) => sql.ref(`r.${column}`);
    const keyUnknown = new Map(rollup.key.map((k) => [k.column, k.unknown]));
    return {
      from: sql`${sql.table(rollup.table)} as r`,
      where: sql`r.org_id = ${context.orgId} and r.anchor = ${fact.rollupAnchor}`,
      day: r('day'),
      dimension: (d) => r(fact.dimensions[d.name]?.rollupColumn as string),
      unknown: (d) => keyUnknown.get(fact.dimensions[d.name]?.rollupColumn as string) ?? null,
      part: (name) => r(name),
      money: { currency: r('currency'), day: r('day') },
    };
  }
  const raw = fact.source({ orgId: context.orgId, dialect: context.dialect, grain: plan.grain, range });
  return {
    from: raw.from,
    where: raw.where,
    day: fact.day,
    dimension: (d) => fact.dimensions[d.name]?.raw as Sql,
    unknown: () => null,
    part: (name) => fact.parts[name]?.expression as Sql,
    ...(fact.money ? { money: fact.money } : {}),
  };
}

function partsStatement(
  plan: Plan,
  fact: Fact,
  needs: FactNeeds,
  filters: readonly SqlFilter[],
  range: { from: string; to: string } | undefined,
  context: CompileContext,
): CompiledStatement {
  const rollup = context.rollupsUsable ? rollupFor(plan, fact, filters) : undefined;
  const source = sourceOf(plan, fact, rollup, range, context);
  const parts = [...needs.parts];
  const leftOut = [...needs.leftOut];
  const converted = parts.some((p) => fact.parts[p]?.conversion !== 'none') || leftOut.length > 0;
  const money = converted ? source.money : undefined;
  const rep = context.reportingCurrency;
  const convertible = money ? sql`(${money.currency} = ${rep} or x.rate is not null)` : sql`1 = 1`;

  const selections: Sql[] = [...groupSelections(plan, source, context)];
  for (const name of parts) {
    const e = source.part(name);
    const conversion = fact.parts[name]?.conversion ?? 'none';
    const value =
      money && conversion === 'amount'
        ? sql`case when ${money.currency} = ${rep} then ${e} when x.rate is not null then ${e} * x.rate else 0 end`
        : money && conversion === 'mask'
          ? sql`case when ${convertible} then ${e} else 0 end`
          : e;
    selections.push(sql`sum(${value}) as ${sql.id(`p_${name}`)}`);
  }
  for (const name of leftOut) {
    selections.push(
      sql`sum(case when ${convertible} then 0 else ${source.part(name)} end) as ${sql.id(`u_${name}`)}`,
    );
  }
  const join = money
    ? sql` left join exchange_rates as x on x.org_id = ${context.orgId} and x.currency = ${money.currency} and x.quote_currency = ${rep} and x.day = ${money.day}`
    : sql``;
  const groups = groupExpressions(plan, source, context);
  // Rollup rows whose shipments all moved to other keys hold zeros: a raw query has no such group.
  const having = rollup && groups.length ? sql` having sum(${source.part('shipments')}) > 0` : sql``;
  const query = sql<
    Record<string, unknown>
  >`select ${sql.join(selections)} from ${source.from}${join} where ${conditions(source, filters, range)}${groups.length ? sql` group by ${sql.join(groups)}` : sql``}${having} limit ${sql.lit(MAX_GROUPS + 1)}`;
  return { fact: fact.name, kind: 'parts', servedFrom: rollup ? 'rollup' : 'raw', query, parts, leftOut };
}

function distributionStatement(
  plan: Plan,
  fact: Fact,
  metric: MetricDefinition,
  filters: readonly SqlFilter[],
  range: { from: string; to: string } | undefined,
  context: CompileContext,
): CompiledStatement {
  const source = sourceOf(plan, fact, undefined, range, context);
  const column = metric.percentile?.column as Sql;
  const groups = [...groupExpressions(plan, source, context), column];
  const query = sql<Record<string, unknown>>`select ${sql.join([
    ...groupSelections(plan, source, context),
    sql`${column} as v`,
    sql`count(*) as n`,
  ])} from ${source.from} where ${conditions(source, filters, range)} and ${column} is not null group by ${sql.join(groups)} limit ${sql.lit(MAX_GROUPS * 5 + 1)}`;
  return {
    fact: fact.name,
    kind: 'distribution',
    servedFrom: 'raw',
    query,
    percentile: metric,
    parts: [],
    leftOut: [],
  };
}

function groupExpressions(plan: Plan, source: Source, context: CompileContext): Sql[] {
  const groups = plan.dimensions.map((d) => source.dimension(d));
  if (plan.grain) groups.push(bucketOf(context.dialect, plan.grain, source.day));
  return groups;
}

function groupSelections(plan: Plan, source: Source, context: CompileContext): Sql[] {
  const selections = plan.dimensions.map((d, i) => sql`${source.dimension(d)} as ${sql.id(`d${i}`)}`);
  if (plan.grain) selections.push(sql`${bucketOf(context.dialect, plan.grain, source.day)} as period`);
  return selections;
}

function conditions(
  source: Source,
  filters: readonly SqlFilter[],
  range: { from: string; to: string } | undefined,
): Sql {
  const all: Sql[] = [source.where];
  if (range) all.push(sql`${source.day} >= ${range.from} and ${source.day} <= ${range.to}`);
  for (const filter of filters) all.push(filterCondition(source, filter));
  return sql.join(all, sql` and `);
}

/**
 * One filter as SQL. Unknown values are NULL on raw rows and 0 or '' in rollups; both sides
 * must keep and drop the same rows: "≠ X" keeps unknowns, ranges drop them.
 */
function filterCondition(source: Source, filter: SqlFilter): Sql {
  const e = source.dimension(filter.definition);
  const unknown = source.unknown(filter.definition);
  const isUnknown = unknown === null ? sql`${e} is null` : sql`${e} = ${unknown}`;
  const isKnown = unknown === null ? sql`${e} is not null` : sql`${e} <> ${unknown}`;
  const known = filter.values.filter((v): v is string | number => v !== null);
  const wantsUnknown = known.length < filter.values.length;
  const list = known.length ? sql`(${sql.join(known)})` : undefined;
  switch (filter.op) {
    case 'eq':
    case 'in':
      if (!list) return isUnknown;
      return wantsUnknown ? sql`(${e} in ${list} or ${isUnknown})` : sql`${e} in ${list}`;
    case 'neq':
    case 'notIn':
      if (!list) return isKnown;
      return wantsUnknown
        ? sql`(${e} not in ${list} and ${isKnown})`
        : unknown === null
          ? sql`(${e} not in ${list} or ${isUnknown})`
          : sql`${e} not in ${list}`;
    default: {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[filter.op];
      return sql`(${e} ${sql.raw(op)} ${known[0] ?? null} and ${isKnown})`;
    }
  }
}
