import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.js';
import type { Caller } from '../../auth/index.js';
import type { RunOptions } from '../query/run.js';
import { type CellValue, MAX_LIMIT, type QueryResult, type SemanticQuery } from '../query/schema.js';
import { bucketsOf } from '../query/time.js';
import { type CarrierFigures, rankCarriers, rankRule } from './ranking.js';
import type { CarrierScorecard, ScorecardQuery, Scorecards } from './schema.js';
import { scopeOf, scorecardGrain } from './scope.js';
import { openSession } from './session.js';

/** The figures of each carrier, in the order the answer lists their columns. */
export const SCORECARD_METRICS = [
  'shipments',
  'deliveredShipments',
  'onTimeRate',
  'avgTransitDays',
  'costPerKg',
  'freightCost',
] as const;

/** The figures of a row of a query of SCORECARD_METRICS. */
export function figuresOf(row: Record<string, CellValue>) {
  const n = (v: CellValue | undefined) => (typeof v === 'number' ? v : null);
  return {
    shipments: n(row.shipments) ?? 0,
    deliveredShipments: n(row.deliveredShipments) ?? 0,
    onTimeRate: n(row.onTimeRate),
    avgTransitDays: n(row.avgTransitDays),
    costPerKg: n(row.costPerKg),
    freightCost: n(row.freightCost),
  };
}

/** The carrier and its figures, of a row of a query by carrier (and perhaps lane). */
export function carrierFiguresOf(row: Record<string, CellValue>) {
  return { id: Number(row.carrierId), name: String(row.carrier), ...figuresOf(row) } satisfies CarrierFigures;
}

export type CarrierRow = ReturnType<typeof carrierFiguresOf>;

export function columnsOf(result: QueryResult, names: readonly string[]) {
  return names.flatMap((name) => {
    const c = result.columns.find((column) => column.name === name);
    return c ? [{ name: c.name, label: c.label, unit: c.unit, format: c.format }] : [];
  });
}

/**
 * The carrier scorecard: one query of the figures by carrier, and the on-time trend by carrier
 * and week or month (split by carriers only when carriers × periods would pass a query's row
 * limit). Shipments without a carrier are counted in a note, not listed.
 */
export async function carrierScorecards(
  db: Kysely<DB>,
  caller: Caller,
  params: ScorecardQuery,
  options: RunOptions = {},
): Promise<Scorecards> {
  const started = performance.now();
  const scope = scopeOf(params);
  const session = openSession(db, caller, scope, options);
  const grain = scorecardGrain(scope.days);

  const figures = await session.ask({
    metrics: [...SCORECARD_METRICS],
    dimensions: ['carrier'],
    filters: [...scope.filters],
    limit: MAX_LIMIT,
  });
  const range = session.range();
  const known = figures.result.rows.filter((r) => r.carrierId !== null);
  const none = figures.result.rows.find((r) => r.carrierId === null);
  if (none && typeof none.shipments === 'number' && none.shipments > 0) {
    session.note(
      none.shipments === 1
        ? '1 shipment has no carrier: it is in no scorecard.'
        : `${none.shipments} shipments have no carrier: they are in no scorecard.`,
    );
  }
  if (figures.result.rows.length === MAX_LIMIT) {
    session.note(`Only the first ${MAX_LIMIT} carriers by shipments are listed.`);
  }
  const carriers = known.map(carrierFiguresOf);

  const buckets = bucketsOf(range, grain);
  // One query unless carriers × periods (and the no-carrier row) would pass a query's row limit.
  const fits = (carriers.length + 1) * buckets.length <= MAX_LIMIT;
  const size = Math.max(1, Math.min(500, Math.floor(MAX_LIMIT / buckets.length)));
  const ids = carriers.map((c) => c.id);
  const chunks = fits
    ? [undefined]
    : Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, (i + 1) * size));
  const trendQueries: SemanticQuery[] = [];
  const trendRows = new Map<number, Map<string, Record<string, CellValue>>>();
  for (const chunk of carriers.length ? chunks : []) {
    const trend = await session.ask({
      metrics: ['onTimeRate', 'deliveredShipments'],
      dimensions: ['carrier'],
      filters: [...scope.filters, ...(chunk ? [{ field: 'carrier', op: 'in' as const, value: chunk }] : [])],
      grain,
      limit: MAX_LIMIT,
    });
    trendQueries.push(trend.query);
    for (const row of trend.result.rows) {
      if (row.carrierId === null) continue;
      const id = Number(row.carrierId);
      const periods = trendRows.get(id) ?? new Map();
      periods.set(String(row.period), row);
      trendRows.set(id, periods);
    }
  }

  const ranked = rankCarriers(carriers, params.minShipments);
  const scorecards: CarrierScorecard[] = ranked.map(
    ({ carrier: { id, name, ...figures }, rank, unrankedReason }) => ({
      carrier: { id, name },
      ...figures,
      rank,
      unrankedReason,
      trend: buckets.map((period) => {
        const row = trendRows.get(id)?.get(period);
        return {
          period,
          onTimeRate: typeof row?.onTimeRate === 'number' ? row.onTimeRate : null,
          deliveredShipments: typeof row?.deliveredShipments === 'number' ? row.deliveredShipments : 0,
        };
      }),
    }),
  );
  const rankedCount = scorecards.filter((s) => s.rank !== null).length;
  if (scorecards.length > rankedCount) {
    const unranked = scorecards.length - rankedCount;
    session.note(
      `${unranked} of ${scorecards.length} carriers ${unranked === 1 ? 'is' : 'are'} unranked: fewer than ${params.minShipments} delivered shipments in the period, or no on-time rate.`,
    );
  }
  const dataVersion = session.dataVersion();
  return {
    range,
    filters: [...scope.filters],
    minShipments: params.minShipments,
    rankRule: rankRule(params.minShipments),
    grain,
    columns: columnsOf(figures.result, SCORECARD_METRICS),
    carriers: scorecards,
    ranked: rankedCount,
    unranked: scorecards.length - rankedCount,
    notes: session.notes,
    query: figures.query,
    trendQueries,
    dataVersion,
    elapsedMs: Math.round((performance.now() - started) * 100) / 100,
  };
}
