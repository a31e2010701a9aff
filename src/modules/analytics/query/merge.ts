import type { MetricDefinition } from '../semantic/types.js';
import type { CompiledStatement } from './compile.js';
import type { Plan } from './plan.js';
import type { CellValue } from './schema.js';
import { type DayRange, daysBetween, daysOfBucketIn } from './time.js';

/**
 * Combines the rows of a plan's statements into one row per group (dimension values and
 * period) and computes every metric from the summed parts. The same code runs whichever source
 * served a statement, so rollup and raw answers agree to the last digit of the rounding.
 */
export interface Group {
  readonly key: string;
  readonly dimensions: readonly CellValue[];
  readonly period: string | null;
  readonly parts: Map<string, number>;
  readonly distributions: Map<MetricDefinition, [value: number, count: number][]>;
}

export interface Merged {
  readonly groups: Map<string, Group>;
  /** Rows left out for want of an exchange rate, per left-out part (`fact.part`). */
  readonly leftOut: Map<string, number>;
}

/** Normalises a dimension value read from either source: unknown (null, 0 or '') is null. */
export function dimensionValue(value: unknown, type: string): CellValue {
  if (value === null || value === undefined) return null;
  if (type === 'id') {
    const n = Number(value);
    return n === 0 ? null : n;
  }
  if (type === 'boolean') return Number(value) === 1;
  if (type === 'number') return Number(value);
  const text = String(value);
  return text === '' ? null : text;
}

export function mergeRows(
  plan: Plan,
  results: readonly { statement: CompiledStatement; rows: readonly Record<string, unknown>[] }[],
): Merged {
  const groups = new Map<string, Group>();
  const leftOut = new Map<string, number>();
  for (const { statement, rows } of results) {
    for (const row of rows) {
      const dims = plan.dimensions.map((d, i) => dimensionValue(row[`d${i}`], d.type));
      const period = plan.grain ? String(row.period) : null;
      const key = JSON.stringify([dims, period]);
      let group = groups.get(key);
      if (!group) {
        group = { key, dimensions: dims, period, parts: new Map(), distributions: new Map() };
        groups.set(key, group);
      }
      if (statement.kind === 'parts') {
        for (const part of statement.parts) {
          const name = `${statement.fact}.${part}`;
          group.parts.set(name, (group.parts.get(name) ?? 0) + Number(row[`p_${part}`] ?? 0));
        }
        for (const part of statement.leftOut) {
          const name = `${statement.fact}.${part}`;
          leftOut.set(name, (leftOut.get(name) ?? 0) + Number(row[`u_${part}`] ?? 0));
        }
      } else if (statement.percentile) {
        const list = group.distributions.get(statement.percentile) ?? [];
        list.push([Number(row.v), Number(row.n)]);
        group.distributions.set(statement.percentile, list);
      }
    }
  }
  // A single value ("how many shipments") is a row even when nothing matched.
  if (plan.dimensions.length === 0 && !plan.grain && groups.size === 0) {
    const key = JSON.stringify([[], null]);
    groups.set(key, { key, dimensions: [], period: null, parts: new Map(), distributions: new Map() });
  }
  return { groups, leftOut };
}

/** The value of a metric for a group, rounded to the metric's precision. */
export function metricValue(
  metric: MetricDefinition,
  group: Group,
  plan: Plan,
  range: DayRange | undefined,
): number | null {
  let value: number | null;
  if (metric.percentile) {
    value = percentile(group.distributions.get(metric) ?? [], metric.percentile.p);
  } else {
    const parts = metric.parts.map((p) => group.parts.get(`${p.fact}.${p.part}`) ?? 0);
    value = metric.compute(parts, { days: daysOf(group, plan, range) });
  }
  return value === null || !Number.isFinite(value) ? null : round(value, metric.precision);
}

function daysOf(group: Group, plan: Plan, range: DayRange | undefined): number | null {
  if (!range) return null;
  if (plan.grain && group.period) return daysOfBucketIn(group.period, plan.grain, range);
  return daysBetween(range.from, range.to) + 1;
}

/**
 * The p-quantile of a distribution of (value, count) pairs by linear interpolation between the
 * closest ranks (PostgreSQL's percentile_cont, numpy's default): rank h = (N − 1)·p.
 */
export function percentile(distribution: readonly (readonly [number, number])[], p: number): number | null {
  const sorted = [...distribution].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, count]) => n + count, 0);
  if (total === 0) return null;
  const h = (total - 1) * p;
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const [value, count] of sorted) {
      seen += count;
      if (rank < seen) return value;
    }
    return sorted[sorted.length - 1]?.[0] ?? 0;
  };
  const lower = valueAt(Math.floor(h));
  const upper = valueAt(Math.ceil(h));
  return lower + (h - Math.floor(h)) * (upper - lower);
}

/**
 * Rounds half away from zero at `places` decimals. The relative nudge of a few ulps keeps a
 * decimal tie (1.005 stored as 1.00499999…) rounding up, as people expect.
 */
export function round(value: number, places: number): number {
  const factor = 10 ** places;
  const rounded = Math.round(Math.abs(value) * factor * (1 + 4 * Number.EPSILON)) / factor;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}
