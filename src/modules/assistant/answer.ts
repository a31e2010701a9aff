import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import {
  type CellValue,
  type ChartSpec,
  chartSpecOf,
  dimensionNamed,
  type Filter,
  metricNamed,
  type QueryResult,
  type ResolvedQuery,
  type ResultColumn,
  runQuery,
} from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import { inventoryRisks } from '../forecasting/index.js';
import {
  CAN_ANSWER,
  type Choice,
  checkNumbers,
  describePeriod,
  type Engine,
  type Interpretation,
  narrate,
} from './engine/index.js';
import { lookupOrder, lookupShipment } from './lookup.js';

/**
 * An interpretation turned into the answer the caller gets: the query run through the analytics
 * engine (scoped to the caller's organization and permissions, read-only, bounded), the text
 * written from its result, the chart, the follow-ups, and the numbers check — an answer whose
 * text has a number that is not in its data is never sent.
 */
export interface AnswerBody {
  readonly kind: 'answer' | 'clarification' | 'refusal' | 'lookup';
  readonly text: string;
  readonly query: ResolvedQuery | null;
  readonly sql: string | null;
  readonly data: { readonly columns: ResultColumn[]; readonly rows: Record<string, CellValue>[] } | null;
  /** Vega-Lite (its own types have no index signature; the API schema describes the common part). */
  readonly chart: (ChartSpec & Record<string, unknown>) | null;
  readonly choices: readonly Choice[];
  readonly followUps: readonly string[];
  readonly notes: readonly string[];
  readonly dataVersion: number | null;
}

export interface AnswerContext {
  readonly now: Date;
  readonly timeoutMs: number;
  /** The engine that interpreted, for its wording of the text (the numbers check still applies). */
  readonly narrator?: Engine;
  readonly question: string;
  readonly modelSeesRows: boolean;
}

export async function answerOf(
  db: Kysely<DB>,
  caller: Caller,
  interpretation: Interpretation,
  context: AnswerContext,
): Promise<AnswerBody & { readonly queryMs: number }> {
  const started = performance.now();
  const timed = (body: AnswerBody) => ({ ...body, queryMs: performance.now() - started });
  switch (interpretation.kind) {
    case 'refusal':
      return timed(plain('refusal', interpretation.text));
    case 'clarification':
      return timed({ ...plain('clarification', interpretation.text), choices: interpretation.choices });
    case 'lookup': {
      const permission = interpretation.entity === 'shipment' ? 'shipments:read' : 'orders:read';
      if (!caller.has(permission))
        return timed(
          plain('refusal', `Looking up ${interpretation.entity}s needs the ${permission} permission.`),
        );
      const found =
        interpretation.entity === 'shipment'
          ? await lookupShipment(db, caller.orgId, interpretation.reference)
          : await lookupOrder(db, caller.orgId, interpretation.reference);
      return timed({
        ...plain('lookup', found.text),
        data: found.data,
        followUps: found.data.rows.length > 0 ? [] : ['Shipments in transit', 'Late shipments last week'],
      });
    }
    case 'stockRisk':
      return timed(await stockRiskAnswer(db, caller, interpretation, context.now));
    case 'query':
      return timed(await queryAnswer(db, caller, interpretation, context));
  }
}

function plain(kind: AnswerBody['kind'], text: string): AnswerBody {
  return {
    kind,
    text,
    query: null,
    sql: null,
    data: null,
    chart: null,
    choices: [],
    followUps: [],
    notes: [],
    dataVersion: null,
  };
}

async function queryAnswer(
  db: Kysely<DB>,
  caller: Caller,
  interpretation: Extract<Interpretation, { kind: 'query' }>,
  context: AnswerContext,
): Promise<AnswerBody> {
  if (!caller.has('analytics:read'))
    return plain('refusal', 'Answering with figures needs the analytics:read permission.');
  let result: QueryResult;
  try {
    result = await runQuery(db, caller, interpretation.query, {
      now: context.now,
      timeoutMs: context.timeoutMs,
    });
  } catch (error) {
    if (error instanceof AppError && error.status < 500 && error.code !== 'AUTH_FORBIDDEN') {
      return plain('refusal', `I could not answer that: ${error.message} ${CAN_ANSWER}`);
    }
    if (error instanceof AppError && error.code === 'ANALYTICS_TIMEOUT') {
      return plain(
        'refusal',
        `That question takes too long to answer; narrow it (a shorter period, a filter). ${CAN_ANSWER}`,
      );
    }
    throw error;
  }
  const { shape } = interpretation;
  const columns = [...result.columns];
  let rows = result.rows;
  const main = result.query.metrics[0] as string;
  const metric = metricNamed(main);
  const additive =
    metric !== undefined && ['shipments', 'orders', 'lines', 'units', 'kg', 'money'].includes(metric.unit);
  let effectiveShape = shape;
  if (shape === 'share') {
    if (additive) {
      const total = rows.reduce(
        (sum, row) => sum + (typeof row[main] === 'number' ? (row[main] as number) : 0),
        0,
      );
      const name = `${main}Share`;
      columns.push({
        name,
        label: `Share of ${metric?.label.toLowerCase() ?? main}`,
        type: 'number',
        role: 'metric',
        unit: 'share',
        format: 'percent',
      });
      rows = rows.map((row) => ({
        ...row,
        [name]:
          total > 0 && typeof row[main] === 'number'
            ? Number(((row[main] as number) / total).toFixed(4))
            : null,
      }));
    } else effectiveShape = 'breakdown';
  }
  const scope = describeFilters(result.query.filters);
  const literals = [
    ...literalsOf(result.query, interpretation.query.filters ?? []),
    ...columns.map((c) => c.label),
  ];
  let text = narrate({ shape: effectiveShape, query: result.query, columns, rows, scope });
  const assumptions = interpretation.assumptions.join(' ');
  if (assumptions) text = `${text} ${assumptions}`;
  if (context.narrator?.narrate) {
    const worded = await context.narrator
      .narrate(context.question, {
        text,
        columns: columns.map((c) => ({ name: c.name, label: c.label, unit: c.unit })),
        rows: context.modelSeesRows ? rows.slice(0, 50) : [],
      })
      .catch(() => null);
    if (worded && checkNumbers(worded, rows, literals).ok) text = worded;
  }
  const check = checkNumbers(text, rows, literals);
  if (!check.ok) {
    // Never send a number the data does not hold: say what the table is, without figures.
    text = `${metric?.label ?? main} ${describePeriod(result.query)}: the figures are in the table.`;
    if (!checkNumbers(text, rows, literals).ok)
      throw new AppError('INTERNAL_ERROR', 'The answer failed its numbers check.');
  }
  let chart: (ChartSpec & Record<string, unknown>) | null = null;
  try {
    chart =
      rows.length > 0
        ? (chartSpecOf({ ...result, columns, rows }) as ChartSpec & Record<string, unknown>)
        : null;
  } catch {
    chart = null;
  }
  return {
    kind: 'answer',
    text,
    // Runnable as it is (POST /analytics/query): the period as resolved days.
    query: runnable(result.query),
    sql: result.sql,
    data: { columns, rows },
    chart,
    choices: [],
    followUps: followUpsOf(effectiveShape, result.query),
    notes: result.notes,
    dataVersion: result.dataVersion,
  };
}

function runnable(query: ResolvedQuery): ResolvedQuery {
  const { requestedTimeRange: _asked, ...rest } = query;
  return rest;
}

function describeFilters(filters: readonly Filter[]): string {
  return filters
    .map((f) => {
      const label = dimensionNamed(f.field)?.label.toLowerCase() ?? f.field;
      const values = Array.isArray(f.value) ? f.value.join(', ') : String(f.value);
      if (f.field === 'onTime') return f.value === false ? 'late shipments' : 'on-time shipments';
      if (f.field === 'weightKg') return `weight ${opWords[f.op] ?? f.op} ${values} kg`;
      if (f.op === 'neq' || f.op === 'notIn') return `${label} other than ${values}`;
      return `${label} ${values}`;
    })
    .join(', ');
}

const opWords: Readonly<Record<string, string>> = {
  gt: 'over',
  gte: 'at least',
  lt: 'under',
  lte: 'at most',
};

/** Strings of the query the text may repeat (filter values, days): not numbers of the answer. */
function literalsOf(query: ResolvedQuery, filters: readonly { readonly value: Filter['value'] }[]): string[] {
  const values = [...query.filters, ...filters].flatMap((f) =>
    Array.isArray(f.value) ? f.value : [f.value],
  );
  const strings = values.filter((v): v is string => typeof v === 'string');
  const numbers = query.filters
    .filter((f) => f.field === 'weightKg')
    .flatMap((f) => (Array.isArray(f.value) ? f.value : [f.value]))
    .map(String);
  return [...strings, ...numbers, ...(query.timeRange ? [query.timeRange.from, query.timeRange.to] : [])];
}

function followUpsOf(shape: string, query: ResolvedQuery): string[] {
  const hasCarrier = query.dimensions.includes('carrier');
  const out: string[] = [];
  if (shape === 'value') out.push(hasCarrier ? 'by lane' : 'by carrier', 'per month', 'vs last year');
  if (shape === 'breakdown' || shape === 'ranking') out.push('per month', 'last month', 'as a chart');
  if (shape === 'trend') out.push('by week', hasCarrier ? 'by mode' : 'by carrier', 'last 12 months');
  if (shape === 'comparison') out.push('per month', 'by carrier');
  if (shape === 'share') out.push('per month', 'last year');
  if (shape === 'why') out.push('by lane', 'by mode', 'per week');
  return out;
}

async function stockRiskAnswer(
  db: Kysely<DB>,
  caller: Caller,
  interpretation: Extract<Interpretation, { kind: 'stockRisk' }>,
  now: Date,
): Promise<AnswerBody> {
  if (!caller.has('inventory:read'))
    return plain('refusal', 'Stock risks need the inventory:read permission.');
  const risks = await inventoryRisks(db, caller.orgId, { serviceLevel: 0.95, limit: 500 }, now);
  const product = interpretation.filters.find((f) => f.field === 'product')?.value;
  const rows = risks.data
    .filter((r) => r.daysOfCover !== null && r.daysOfCover <= interpretation.withinDays)
    .filter((r) => product === undefined || r.sku === product)
    .sort((a, b) => (a.daysOfCover ?? 0) - (b.daysOfCover ?? 0))
    .map((r) => ({
      sku: r.sku,
      facilityCode: r.facilityCode,
      onHand: r.onHand,
      daysOfCover: Number((r.daysOfCover ?? 0).toFixed(1)),
      stockOutProbability: Number(r.stockOutProbability.toFixed(3)),
      reorderPoint: Number(r.reorderPoint.toFixed(1)),
      suggestedOrder: Number(r.suggestedOrder.toFixed(0)),
    }));
  const columns: ResultColumn[] = [
    { name: 'sku', label: 'SKU', type: 'string', role: 'dimension', unit: null, format: 'text' },
    {
      name: 'facilityCode',
      label: 'Facility',
      type: 'string',
      role: 'dimension',
      unit: null,
      format: 'text',
    },
    { name: 'onHand', label: 'On hand', type: 'number', role: 'metric', unit: 'units', format: 'integer' },
    {
      name: 'daysOfCover',
      label: 'Days of cover',
      type: 'number',
      role: 'metric',
      unit: 'days',
      format: 'decimal',
    },
    {
      name: 'stockOutProbability',
      label: 'Stock-out probability',
      type: 'number',
      role: 'metric',
      unit: 'ratio',
      format: 'percent',
    },
    {
      name: 'reorderPoint',
      label: 'Reorder point',
      type: 'number',
      role: 'metric',
      unit: 'units',
      format: 'decimal',
    },
    {
      name: 'suggestedOrder',
      label: 'Suggested order',
      type: 'number',
      role: 'metric',
      unit: 'units',
      format: 'integer',
    },
  ];
  const within = interpretation.withinDays;
  const list = rows.slice(0, 5).map((r) => `${r.sku} at ${r.facilityCode} (${r.daysOfCover} days of cover)`);
  const text =
    rows.length === 0
      ? `No product is expected to run out within ${within} days at any facility (as of ${risks.asOf}).`
      : `Products expected to run out within ${within} days (as of ${risks.asOf}), soonest first: ${list.join(', ')}${rows.length > 5 ? '; the rest in the table' : ''}.`;
  const literals = [String(within), risks.asOf];
  const safe = checkNumbers(text, rows, literals).ok
    ? text
    : `Products expected to run out soon: see the table.`;
  return {
    ...plain('answer', safe),
    data: { columns, rows },
    followUps: ['within 30 days', 'forecast demand for the first one'],
  };
}
