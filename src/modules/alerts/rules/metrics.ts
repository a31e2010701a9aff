import { z } from 'zod';
import {
  filter,
  having,
  type QueryResult,
  type ResultColumn,
  runQuery,
  type SemanticQueryInput,
  timeRange,
} from '../../analytics/index.js';
import { systemCaller } from '../../auth/index.js';
import { capNew, defineRuleType, type EvaluationContext, type Finding } from './types.js';

/**
 * Rules on the semantic layer (issue #9): any metric crossing a threshold, per group of
 * dimensions ("weekly on-time rate of a carrier below 90 %"), and the projected stock-out, a
 * preset of it on days of cover. The query is the one every screen runs, so an alert's number is
 * the number the dashboard shows.
 */

const catalogName = z.string().min(1).max(64);
const ops = { lt: '<', lte: '≤', gt: '>', gte: '≥' } as const;
type Op = keyof typeof ops;
const crosses = (value: number, op: Op, threshold: number) =>
  op === 'lt'
    ? value < threshold
    : op === 'lte'
      ? value <= threshold
      : op === 'gt'
        ? value > threshold
        : value >= threshold;

const GROUPS = 1_000;

function formatValue(value: number, column: ResultColumn | undefined): string {
  if (column?.format === 'percent') return `${(value * 100).toFixed(1)} %`;
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(2);
  return column?.unit && column.unit !== 'ratio' ? `${rounded} ${column.unit}` : rounded;
}

interface Threshold {
  readonly metric: string;
  readonly op: Op;
  readonly value: number;
  readonly query: SemanticQueryInput;
}

async function evaluateThreshold(
  { db, orgId, now, openKeys }: EvaluationContext<unknown>,
  threshold: Threshold,
  describe: (group: string, value: string, limit: string, period: string) => string,
) {
  const result = await runQuery(db, systemCaller(orgId), { ...threshold.query, limit: GROUPS }, { now });
  return capNew(findingsOf(result, threshold, describe), openKeys);
}

function findingsOf(
  result: QueryResult,
  threshold: Threshold,
  describe: (group: string, value: string, limit: string, period: string) => string,
): Finding[] {
  const metricColumn = result.columns.find((c) => c.name === threshold.metric);
  const dimensions = result.columns.filter((c) => c.role === 'dimension' && !c.name.endsWith('Id'));
  const range = result.query.timeRange;
  const period = range ? `${range.from} – ${range.to}` : 'all time';
  const findings: Finding[] = [];
  for (const row of result.rows) {
    const value = row[threshold.metric];
    if (typeof value !== 'number' || !crosses(value, threshold.op, threshold.value)) continue;
    const group = dimensions.map((d) => ({ name: d.name, label: d.label, value: row[d.name] ?? null }));
    const ids = dimensions.map((d) => row[`${d.name}Id`] ?? row[d.name] ?? 'none');
    const key =
      dimensions.length === 0 ? 'total' : dimensions.map((d, i) => `${d.name}=${String(ids[i])}`).join('&');
    const groupText = group.map((g) => `${g.label.toLowerCase()} ${g.value ?? '(none)'}`).join(', ');
    findings.push({
      key: key.slice(0, 200),
      subject: describe(
        groupText,
        formatValue(value, metricColumn),
        `${ops[threshold.op]} ${formatValue(threshold.value, metricColumn)}`,
        period,
      ),
      evidence: {
        metric: threshold.metric,
        value,
        threshold: threshold.value,
        op: threshold.op,
        group: Object.fromEntries(group.map((g, i) => [g.name, { value: g.value, id: ids[i] ?? null }])),
        timeRange: range ?? null,
        dataVersion: result.dataVersion,
        links: [{ rel: 'query', href: '/api/v1/analytics/query' }],
        query: result.query,
      },
    });
  }
  return findings;
}

const thresholdParams = z
  .object({
    metric: catalogName,
    op: z.enum(['lt', 'lte', 'gt', 'gte']),
    value: z.number().finite(),
    /** Groups: one alert per combination of values (none: one for the whole organization). */
    dimensions: z.array(catalogName).max(3).default([]),
    filters: z.array(filter).max(10).default([]),
    timeRange: timeRange.default({ last: 7, unit: 'days' }),
    /** Groups must also satisfy these ("at least 20 shipments"), so a tiny group does not alert. */
    having: z.array(having).max(5).default([]),
  })
  .strict();

const thresholdQuery = (p: z.output<typeof thresholdParams>): SemanticQueryInput => ({
  metrics: [p.metric],
  dimensions: p.dimensions,
  filters: p.filters,
  timeRange: p.timeRange,
  having: p.having,
});

export const metricThreshold = defineRuleType({
  type: 'metric_threshold',
  label: 'Metric threshold',
  description:
    'A semantic-layer metric, per group of up to three dimensions over a time range (default the last 7 days), crosses a threshold: e.g. onTimeRate by carrier lt 0.9 with having shipments gte 20. One alert per group; it resolves when the group is back on the right side.',
  params: thresholdParams,
  async evaluate(context) {
    const p = context.params;
    return evaluateThreshold(
      context,
      { metric: p.metric, op: p.op, value: p.value, query: thresholdQuery(p) },
      (group, value, limit, period) =>
        `${p.metric}${group ? ` of ${group}` : ''} is ${value} (${limit}) over ${period}`,
    );
  },
});

export const stockoutProjected = defineRuleType({
  type: 'stockout_projected',
  label: 'Projected stock-out',
  description:
    'A product at a facility has fewer than `days` days of cover (on hand at the latest snapshot ÷ average daily units ordered over the last `lookbackDays` days). One alert per product and facility; it resolves when cover is back above the threshold.',
  params: z
    .object({
      days: z.number().min(0.5).max(365),
      lookbackDays: z.number().int().min(7).max(365).default(28),
    })
    .strict(),
  async evaluate(context) {
    const { days, lookbackDays } = context.params;
    return evaluateThreshold(
      context,
      {
        metric: 'daysOfCover',
        op: 'lt',
        value: days,
        query: {
          metrics: ['daysOfCover'],
          dimensions: ['product', 'facility'],
          timeRange: { last: lookbackDays, unit: 'days' },
        },
      },
      (group, value, limit) => `Stock-out projected for ${group}: ${value} of cover (${limit})`,
    );
  },
});

/** Checks a metric rule's query against the catalog (an unknown name is refused when the rule is saved). */
export async function checkMetricParams(
  context: Pick<EvaluationContext<unknown>, 'db' | 'orgId' | 'now'>,
  params: z.output<typeof thresholdParams>,
): Promise<void> {
  await runQuery(
    context.db,
    systemCaller(context.orgId),
    { ...thresholdQuery(params), limit: 1 },
    { now: context.now },
  );
}
