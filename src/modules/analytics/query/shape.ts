import type { MetricDefinition } from '../semantic/types.js';
import { type Group, type Merged, metricValue, round } from './merge.js';
import type { Plan } from './plan.js';
import type { CellValue, QueryResult, ResultColumn, SemanticQuery } from './schema.js';
import { bucketsOf, type DayRange } from './time.js';

/**
 * The answer: columns with their metadata, rows after having, order and limit, the comparison
 * columns, and notes. Pure (no database), so it is the same for every source and dialect.
 */
export interface ShapeInput {
  readonly plan: Plan;
  readonly query: SemanticQuery;
  readonly range: DayRange | undefined;
  readonly merged: Merged;
  readonly previous: { readonly merged: Merged; readonly range: DayRange } | undefined;
  readonly labels: ReadonlyMap<string, ReadonlyMap<number, string>>;
  readonly notes: string[];
  readonly reportingCurrency: string;
  readonly statements: QueryResult['statements'];
  readonly dataVersion: number;
  readonly elapsedMs: number;
}

const grainLabels = { day: 'Day', week: 'Week', month: 'Month', quarter: 'Quarter', year: 'Year' } as const;

export function shapeResult(input: ShapeInput): QueryResult {
  const { plan, query, range, merged, previous, reportingCurrency } = input;
  const shown = plan.metrics.slice(0, plan.shown);
  const unitOf = (m: MetricDefinition) => (m.unit === 'money' ? reportingCurrency : m.unit);

  const columns: ResultColumn[] = [];
  for (const d of plan.dimensions) {
    columns.push({
      name: d.name,
      label: d.label,
      type: d.type === 'id' ? 'string' : d.type === 'boolean' ? 'boolean' : 'string',
      role: 'dimension',
      unit: null,
      format: 'text',
    });
    if (d.entity) {
      columns.push({
        name: `${d.name}Id`,
        label: `${d.label} id`,
        type: 'id',
        role: 'dimension',
        unit: null,
        format: 'integer',
      });
    }
  }
  if (plan.grain) {
    columns.push({
      name: 'period',
      label: grainLabels[plan.grain],
      type: 'time',
      role: 'dimension',
      unit: null,
      format: plan.grain,
    });
  }
  for (const m of shown) {
    columns.push({
      name: m.name,
      label: m.label,
      type: 'number',
      role: 'metric',
      unit: unitOf(m),
      format: m.format,
    });
    if (previous) {
      columns.push(
        {
          name: `${m.name}Previous`,
          label: `${m.label} (previous)`,
          type: 'number',
          role: 'metric',
          unit: unitOf(m),
          format: m.format,
        },
        {
          name: `${m.name}Change`,
          label: `${m.label} change`,
          type: 'number',
          role: 'metric',
          unit: unitOf(m),
          format: m.format,
        },
        {
          name: `${m.name}ChangePct`,
          label: `${m.label} change %`,
          type: 'number',
          role: 'metric',
          unit: 'ratio',
          format: 'percent',
        },
      );
    }
  }

  const previousOf = previous ? previousLookup(plan, range, previous) : undefined;
  let rows = [...merged.groups.values()].map((group) => {
    const row: Record<string, CellValue> = {};
    plan.dimensions.forEach((d, i) => {
      const value = group.dimensions[i] ?? null;
      if (d.entity) {
        row[d.name] =
          typeof value === 'number' ? (input.labels.get(d.name)?.get(value) ?? `#${value}`) : null;
        row[`${d.name}Id`] = value;
      } else {
        row[d.name] = value;
      }
    });
    if (plan.grain) row.period = group.period;
    const values = new Map(plan.metrics.map((m) => [m, metricValue(m, group, plan, range)]));
    const before = previousOf?.(group);
    for (const m of shown) {
      const value = values.get(m) ?? null;
      row[m.name] = value;
      if (previous) {
        const old = before && previous ? metricValue(m, before, plan, previous.range) : null;
        row[`${m.name}Previous`] = old;
        row[`${m.name}Change`] = value !== null && old !== null ? round(value - old, m.precision) : null;
        row[`${m.name}ChangePct`] =
          value !== null && old !== null && old !== 0 ? round((value - old) / Math.abs(old), 4) : null;
      }
    }
    return { row, values };
  });

  rows = rows.filter(({ values }) =>
    plan.having.every((h) => {
      const v = values.get(h.definition);
      if (v === null || v === undefined) return false;
      return {
        gt: v > h.value,
        gte: v >= h.value,
        lt: v < h.value,
        lte: v <= h.value,
        eq: v === h.value,
        neq: v !== h.value,
      }[h.op];
    }),
  );
  const order = query.orderBy.length
    ? query.orderBy
    : plan.grain
      ? [{ field: 'period', direction: 'asc' as const }]
      : [{ field: shown[0]?.name ?? '', direction: 'desc' as const }];
  // Every dimension as a final tie-breaker, so equal values come out in one order everywhere.
  const keys = [
    ...order,
    ...plan.dimensions.map((d) => ({ field: d.name, direction: 'asc' as const })),
    { field: 'period', direction: 'asc' as const },
  ];
  rows.sort((a, b) => {
    for (const k of keys) {
      const c = compareCells(a.row[k.field] ?? null, b.row[k.field] ?? null);
      if (c !== 0) return k.direction === 'asc' ? c : -c;
    }
    return 0;
  });
  const total = rows.length;
  const limited = rows.slice(0, plan.limit).map((r) => r.row);
  const notes = [...input.notes, ...leftOutNotes(plan, merged, reportingCurrency)];
  if (total > limited.length) notes.push(`Showing ${limited.length} of ${total} rows (limit ${plan.limit}).`);
  const { timeRange: requested, ...rest } = query;
  return {
    columns,
    rows: limited,
    query: {
      ...rest,
      ...(range ? { timeRange: range } : {}),
      ...(requested && !('from' in requested) ? { requestedTimeRange: requested } : {}),
    },
    sql: input.statements.map((s) => s.sql).join(';\n'),
    params: input.statements.map((s) => s.params),
    statements: input.statements,
    notes,
    servedFrom: input.statements.every((s) => s.servedFrom === 'rollup') ? 'rollup' : 'raw',
    dataVersion: input.dataVersion,
    elapsedMs: Math.round(input.elapsedMs * 100) / 100,
  };
}

/** Nulls last; numbers by value; text by code point (the same order on every dialect). */
function compareCells(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * How a group finds its counterpart in the comparison period: by its dimension values, and with
 * a grain by the position of its period (the 3rd month of this range against the 3rd month of
 * the one compared with).
 */
function previousLookup(
  plan: Plan,
  range: DayRange | undefined,
  previous: { readonly merged: Merged; readonly range: DayRange },
): (group: Group) => Group | undefined {
  const byKey = new Map<string, Group>();
  for (const g of previous.merged.groups.values()) byKey.set(JSON.stringify([g.dimensions, g.period]), g);
  if (!plan.grain || !range) return (group) => byKey.get(JSON.stringify([group.dimensions, null]));
  const now = bucketsOf(range, plan.grain);
  const before = bucketsOf(previous.range, plan.grain);
  const counterpart = new Map(now.map((b, i) => [b, before[i]]));
  return (group) => {
    const period = group.period ? counterpart.get(group.period) : undefined;
    return period ? byKey.get(JSON.stringify([group.dimensions, period])) : undefined;
  };
}

function leftOutNotes(plan: Plan, merged: Merged, reportingCurrency: string): string[] {
  const notes: string[] = [];
  for (const [part, count] of merged.leftOut) {
    if (count <= 0) continue;
    const affected = plan.metrics
      .slice(0, plan.shown)
      .filter((m) => m.moneyKnown && `${m.moneyKnown.fact}.${m.moneyKnown.part}` === part)
      .map((m) => m.name);
    if (affected.length === 0) continue;
    const what = part.startsWith('stock.') ? 'stock positions' : 'shipments';
    notes.push(
      `${count} ${what} left out of ${affected.join(', ')}: no exchange rate into ${reportingCurrency} for their currency and day.`,
    );
  }
  return notes;
}
