import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.js';
import type { Caller } from '../../auth/index.js';
import type { RunOptions } from '../query/run.js';
import { MAX_LIMIT, type SemanticQuery } from '../query/schema.js';
import { bestCarrier, bestCarrierRule, ineligibility } from './ranking.js';
import type { LaneAnalysis, LaneCarrier, LaneQuery, Lanes } from './schema.js';
import { scopeOf } from './scope.js';
import { type CarrierRow, carrierFiguresOf, columnsOf, figuresOf, SCORECARD_METRICS } from './scorecards.js';
import { openSession } from './session.js';

/** Lanes asked per query of the lanes' carriers (50 lanes × 200 carriers fit a query's rows). */
const LANES_PER_QUERY = 50;

/**
 * Lane analysis: the top lanes by shipments (one query by lane; shipments with no lane are not
 * a lane), then those lanes' figures by carrier (one query per 50 lanes), from which the best
 * carrier of each lane is chosen by bestCarrierRule.
 */
export async function laneAnalysis(
  db: Kysely<DB>,
  caller: Caller,
  params: LaneQuery,
  options: RunOptions = {},
): Promise<Lanes> {
  const started = performance.now();
  const scope = scopeOf(params);
  const session = openSession(db, caller, scope, options);

  const top = await session.ask({
    metrics: [...SCORECARD_METRICS],
    dimensions: ['lane'],
    filters: [...scope.filters, { field: 'lane', op: 'neq', value: null }],
    orderBy: [{ field: 'shipments', direction: 'desc' }],
    limit: params.limit,
  });
  const range = session.range();
  const names = top.result.rows.map((r) => String(r.lane));

  const carrierQueries: SemanticQuery[] = [];
  const carriersOf = new Map<string, CarrierRow[]>(names.map((n) => [n, []]));
  for (let start = 0; start < names.length; start += LANES_PER_QUERY) {
    const chunk = names.slice(start, start + LANES_PER_QUERY);
    const byCarrier = await session.ask({
      metrics: [...SCORECARD_METRICS],
      dimensions: ['lane', 'carrier'],
      filters: [...scope.filters, { field: 'lane', op: 'in', value: chunk }],
      limit: MAX_LIMIT,
    });
    carrierQueries.push(byCarrier.query);
    if (byCarrier.result.rows.length === MAX_LIMIT) {
      session.note(
        `Some lanes have so many carriers that only ${MAX_LIMIT} lane × carrier figures were read: their best carrier may be missing.`,
      );
    }
    for (const row of byCarrier.result.rows) {
      if (row.carrierId === null) continue;
      carriersOf.get(String(row.lane))?.push(carrierFiguresOf(row));
    }
  }

  const min = params.minShipments;
  const lanes: LaneAnalysis[] = top.result.rows.map((row) => {
    const carriers = carriersOf.get(String(row.lane)) ?? [];
    const best = bestCarrier(carriers, min);
    return {
      lane: String(row.lane),
      ...figuresOf(row),
      bestCarrier: best ? laneCarrierOf(best) : null,
      carriers: carriers.length,
      eligibleCarriers: carriers.filter((c) => ineligibility(c, min, '') === null).length,
    };
  });
  const without = lanes.filter((l) => l.bestCarrier === null).length;
  if (without > 0) {
    session.note(
      `${without} of ${lanes.length} lanes ${without === 1 ? 'has' : 'have'} no best carrier: no carrier has ${min} delivered shipments with an on-time rate on ${without === 1 ? 'it' : 'them'} in the period.`,
    );
  }
  const dataVersion = session.dataVersion();
  return {
    range,
    filters: [...scope.filters],
    limit: params.limit,
    minShipments: min,
    bestCarrierRule: bestCarrierRule(min),
    columns: columnsOf(top.result, SCORECARD_METRICS),
    lanes,
    notes: session.notes,
    query: top.query,
    carrierQueries,
    dataVersion,
    elapsedMs: Math.round((performance.now() - started) * 100) / 100,
  };
}

function laneCarrierOf({ id, name, ...figures }: CarrierRow): LaneCarrier {
  return { carrier: { id, name }, ...figures };
}
