import type { QueryResult } from '../src/modules/analytics/index.js';
import { columns as c, carriers, resultOf, weeks } from '../test/support/query-results.js';

/**
 * The charts the charts benchmark draws: a line of 24 weekly points, a ranking of 20 bars and a
 * KPI with its change against the previous period. Query results built by hand, so the figures
 * are the chart code's alone (no database).
 */
export const chartCases: Record<'line' | 'ranking' | 'kpi', { label: string; result: QueryResult }> = {
  line: {
    label: 'line, 24 weekly points',
    result: resultOf(
      [c.period('week'), c.shipments],
      weeks(24).map((period, i) => ({ period, shipments: 900 + ((i * 37) % 120) })),
      {
        timeRange: { from: '2026-01-05', to: '2026-06-21' },
        requestedTimeRange: { last: 24, unit: 'weeks' },
      },
    ),
  },
  ranking: {
    label: 'ranking, 20 bars',
    result: resultOf(
      [c.carrier, c.onTimeRate],
      carriers(20).map((carrier, i) => ({ carrier, onTimeRate: 0.7 + ((i * 7) % 20) / 80 })),
    ),
  },
  kpi: {
    label: 'KPI with change',
    result: resultOf(
      [c.onTimeRate, { ...c.onTimeRate, name: 'onTimeRateChangePct', label: 'On-time rate change %' }],
      [{ onTimeRate: 0.934, onTimeRateChangePct: 0.021 }],
      { timeRange: { from: '2026-10-01', to: '2026-10-31' }, compare: 'previous_period' },
    ),
  },
};
export type ChartCase = keyof typeof chartCases;
