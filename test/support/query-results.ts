import type {
  CellValue,
  QueryResult,
  ResolvedQuery,
  ResultColumn,
} from '../../src/modules/analytics/index.js';

/**
 * Query results built by hand for the chart tests and the benchmark: columns as the catalog
 * describes them, rows as the compiler answers them.
 */

export const columns = {
  period: (grain: string): ResultColumn => ({
    name: 'period',
    label: 'Period',
    type: 'time',
    role: 'dimension',
    unit: null,
    format: grain,
  }),
  carrier: {
    name: 'carrier',
    label: 'Carrier',
    type: 'string',
    role: 'dimension',
    unit: null,
    format: 'text',
  },
  mode: { name: 'mode', label: 'Mode', type: 'string', role: 'dimension', unit: null, format: 'text' },
  lane: { name: 'lane', label: 'Lane', type: 'string', role: 'dimension', unit: null, format: 'text' },
  shipments: {
    name: 'shipments',
    label: 'Shipments',
    type: 'number',
    role: 'metric',
    unit: 'shipments',
    format: 'integer',
  },
  lateShipments: {
    name: 'lateShipments',
    label: 'Late shipments',
    type: 'number',
    role: 'metric',
    unit: 'shipments',
    format: 'integer',
  },
  onTimeRate: {
    name: 'onTimeRate',
    label: 'On-time rate',
    type: 'number',
    role: 'metric',
    unit: 'ratio',
    format: 'percent',
  },
  shipmentShare: {
    name: 'shipmentShare',
    label: 'Share of shipments',
    type: 'number',
    role: 'metric',
    unit: 'share',
    format: 'percent',
  },
  freightCost: {
    name: 'freightCost',
    label: 'Freight cost',
    type: 'number',
    role: 'metric',
    unit: 'USD',
    format: 'currency',
  },
  avgTransitDays: {
    name: 'avgTransitDays',
    label: 'Average transit days',
    type: 'number',
    role: 'metric',
    unit: 'days',
    format: 'decimal',
  },
  weight: { name: 'weight', label: 'Weight', type: 'number', role: 'metric', unit: 'kg', format: 'decimal' },
} satisfies Record<string, ResultColumn | ((grain: string) => ResultColumn)>;

/** A result of the given columns and rows, its query naming them (as the compiler's does). */
export function resultOf(
  cols: readonly ResultColumn[],
  rows: Record<string, CellValue>[],
  query: Partial<ResolvedQuery> = {},
): QueryResult {
  const grain = cols.find((c) => c.type === 'time')?.format as ResolvedQuery['grain'];
  return {
    columns: [...cols],
    rows,
    query: {
      metrics: cols
        .filter((c) => c.role === 'metric' && !/(Previous|Change|ChangePct)$/.test(c.name))
        .map((c) => c.name),
      dimensions: cols.filter((c) => c.role === 'dimension' && c.type !== 'time').map((c) => c.name),
      filters: [],
      orderBy: [],
      limit: 1000,
      having: [],
      ...(grain ? { grain } : {}),
      ...query,
    },
    sql: 'select 1',
    params: [[]],
    statements: [{ sql: 'select 1', params: [], servedFrom: 'rollup' }],
    notes: [],
    servedFrom: 'rollup',
    dataVersion: 1,
    elapsedMs: 1,
  };
}

/** `n` consecutive ISO weeks (Mondays) from 2026-01-05. */
export function weeks(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10),
  );
}

/** `n` consecutive months from January 2025. */
export function months(n: number): string[] {
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(2025, i, 1)).toISOString().slice(0, 10));
}

/** Carrier names: A Line, B Freight, … */
export const carriers = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ''} Freight`);
