import { AppError } from '../../../lib/errors.js';
import { dimensionsOfMetric, factsOfMetric, resolveDimension, resolveMetric } from '../semantic/catalog.js';
import { factOf } from '../semantic/facts.js';
import type { DimensionDefinition, FactName, MetricDefinition } from '../semantic/types.js';
import type { Filter, Grain, Having, SemanticQuery } from './schema.js';
import type { DayRange } from './time.js';

/**
 * A validated query: every name resolved through the catalog, every metric checked against its
 * dimensions and filters, and the additive parts each fact must deliver. Compiling and running
 * it is query/compile.ts and query/run.ts.
 */
export interface Plan {
  /** Metrics shown, then metrics only `having` needs. */
  readonly metrics: readonly MetricDefinition[];
  readonly shown: number;
  readonly dimensions: readonly DimensionDefinition[];
  readonly filters: readonly ResolvedFilter[];
  readonly having: readonly (Having & { readonly definition: MetricDefinition })[];
  readonly grain: Grain | undefined;
  readonly range: DayRange | undefined;
  /** Per fact, the parts to sum (and, for money, the parts whose left-out rows to count). */
  readonly facts: ReadonlyMap<FactName, FactNeeds>;
  readonly orderBy: SemanticQuery['orderBy'];
  readonly limit: number;
}

export interface FactNeeds {
  readonly parts: ReadonlySet<string>;
  readonly leftOut: ReadonlySet<string>;
  /** Percentile metrics of the fact (served from raw rows as a distribution). */
  readonly percentiles: readonly MetricDefinition[];
}

export interface ResolvedFilter {
  readonly definition: DimensionDefinition;
  readonly op: Filter['op'];
  /** Values as the query gave them (entity names are resolved to ids by run.ts). */
  readonly values: readonly (string | number | boolean | null)[];
}

const listOps = new Set(['in', 'notIn']);
const rangeOps = new Set(['gt', 'gte', 'lt', 'lte']);

export function planQuery(query: SemanticQuery, range: DayRange | undefined): Plan {
  const shownMetrics = query.metrics.map((name, i) => resolveMetric(name, `metrics.${i}`));
  const having = query.having.map((h, i) => ({
    ...h,
    definition: resolveMetric(h.metric, `having.${i}.metric`),
  }));
  const metrics = [...shownMetrics];
  for (const h of having) if (!metrics.includes(h.definition)) metrics.push(h.definition);
  assertUnique(query.metrics, 'metrics');
  assertUnique(query.dimensions, 'dimensions');

  const dimensions = query.dimensions.map((name, i) => {
    const d = resolveDimension(name, `dimensions.${i}`);
    if (d.filterOnly) {
      throw notCombinable(`${d.name} is a filter field (${d.description}); it cannot group rows.`);
    }
    return d;
  });
  const filters = query.filters.map((f, i) => resolveFilter(f, i));

  for (const metric of metrics) {
    const supported = new Set(dimensionsOfMetric(metric).map((d) => d.name));
    for (const d of [...dimensions, ...filters.map((f) => f.definition)]) {
      if (supported.has(d.name)) continue;
      const fact = factsOfMetric(metric)
        .map(factOf)
        .find((f) => !(d.name in f.dimensions));
      const why =
        fact?.unsupported?.[d.name] ??
        `${metric.label} is computed from ${fact?.name ?? 'a fact'}, which has no ${d.label.toLowerCase()}`;
      throw notCombinable(`${metric.name} cannot be broken down or filtered by ${d.name}: ${why}.`);
    }
    if (metric.needsTimeRange && !range) {
      throw notCombinable(`${metric.name} needs a time range: ${metric.unknowns}`);
    }
  }

  const facts = new Map<
    FactName,
    { parts: Set<string>; leftOut: Set<string>; percentiles: MetricDefinition[] }
  >();
  const needsOf = (fact: FactName) => {
    let needs = facts.get(fact);
    if (!needs) {
      needs = { parts: new Set(), leftOut: new Set(), percentiles: [] };
      facts.set(fact, needs);
    }
    return needs;
  };
  for (const metric of metrics) {
    for (const part of metric.parts) needsOf(part.fact).parts.add(part.part);
    if (metric.moneyKnown) needsOf(metric.moneyKnown.fact).leftOut.add(metric.moneyKnown.part);
    if (metric.percentile) needsOf(metric.percentile.fact).percentiles.push(metric);
  }

  const orderable = new Set([...query.metrics, ...query.dimensions, ...(query.grain ? ['period'] : [])]);
  query.orderBy.forEach((o, i) => {
    if (!orderable.has(o.field)) {
      throw new AppError(
        'ANALYTICS_UNKNOWN_NAME',
        `orderBy.${i}.field "${o.field}" is not a metric or dimension of this query${query.grain ? ' (or period)' : ''}.`,
        { path: `orderBy.${i}.field`, suggestions: [...orderable].slice(0, 3) },
      );
    }
  });

  return {
    metrics,
    shown: shownMetrics.length,
    dimensions,
    filters,
    having,
    grain: query.grain,
    range,
    facts,
    orderBy: query.orderBy,
    limit: query.limit,
  };
}

function resolveFilter(filter: Filter, index: number): ResolvedFilter {
  const definition = resolveDimension(filter.field, `filters.${index}.field`);
  const list = Array.isArray(filter.value);
  const values = Array.isArray(filter.value) ? filter.value : [filter.value];
  const where = `filters.${index}`;
  if (listOps.has(filter.op) !== list) {
    throw badFilter(
      where,
      list ? `${filter.op} takes one value, not a list` : `${filter.op} takes a list of values`,
    );
  }
  if (rangeOps.has(filter.op)) {
    if (values[0] === null || typeof values[0] === 'boolean')
      throw badFilter(where, `${filter.op} needs a number or text`);
    if (definition.type === 'id' || definition.type === 'boolean') {
      throw badFilter(where, `${definition.name} compares only for equality (eq, neq, in, notIn)`);
    }
  }
  for (const value of values) {
    if (value === null) continue;
    if (definition.type === 'boolean' && typeof value !== 'boolean')
      throw badFilter(where, `${definition.name} is true or false`);
    if (definition.type === 'number' && typeof value !== 'number')
      throw badFilter(where, `${definition.name} is a number`);
    if (definition.type === 'string' && typeof value !== 'string')
      throw badFilter(where, `${definition.name} is text`);
    if (definition.values && typeof value === 'string' && !definition.values.includes(value)) {
      throw badFilter(where, `${definition.name} is one of ${definition.values.join(', ')}`);
    }
  }
  return { definition, op: filter.op, values };
}

function assertUnique(names: readonly string[], path: string): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name))
      throw new AppError('REQUEST_INVALID', `${path}.${i} repeats "${name}".`, { path: `${path}.${i}` });
    seen.add(name);
  });
}

function notCombinable(message: string): AppError {
  return new AppError('ANALYTICS_NOT_COMBINABLE', message);
}

function badFilter(path: string, message: string): AppError {
  return new AppError('REQUEST_INVALID', `${path}: ${message}.`, { errors: [{ path, message }] });
}
