import type { Kysely } from 'kysely';
import { insertOne, insertRows } from '../../db/bulk.js';
import { constraintViolation } from '../../db/errors.js';
import type { DB, NewRow } from '../../db/types.js';
import { nextBucket } from '../../lib/calendar-days.js';
import type { SeriesForecast } from './engine/index.js';
import type { HistoryFlags } from './series/flags.js';
import type { BuiltSeries } from './series/types.js';

/**
 * Writes one series' forecast: its row (created on its first run, updated by later ones) and
 * the run's points, in one transaction, so a series is either wholly written by a run or not
 * at all. Non-finite numbers never reach the database (the engine only returns finite ones;
 * a measure that is not finite is stored as null).
 */
export async function storeSeriesForecast(
  db: Kysely<DB>,
  orgId: number,
  runId: number,
  series: BuiltSeries,
  fitted: { start: string; values: readonly number[] },
  flags: HistoryFlags,
  result: SeriesForecast,
  current: string,
): Promise<void> {
  const periodAt = periodsFrom(fitted.start, series.grain);
  const verdict = {
    label: series.label,
    last_run_id: runId,
    series_class: result.seriesClass,
    adi: finiteOrNull(result.adi),
    cv2: finiteOrNull(result.cv2),
    history_start: fitted.start,
    history: JSON.stringify(fitted.values),
    flags: JSON.stringify({
      outliers: flags.outliers.map(periodAt),
      levelShifts: flags.levelShifts.map(periodAt),
    }),
    model: result.model,
    model_label: result.label,
    components: JSON.stringify(result.components),
    interval_method: result.intervalMethod,
    backtest_windows: result.accuracy.origins,
    mase: finiteOrNull(result.accuracy.mase),
    smape: finiteOrNull(result.accuracy.smape),
    wape: finiteOrNull(result.accuracy.wape),
    rmsse: finiteOrNull(result.accuracy.rmsse),
    bias: finiteOrNull(result.accuracy.bias),
    coverage80: finiteOrNull(result.accuracy.coverage80),
    coverage95: finiteOrNull(result.accuracy.coverage95),
    width80: finiteOrNull(result.accuracy.width80),
    width95: finiteOrNull(result.accuracy.width95),
    details: JSON.stringify({ candidates: result.candidates, skipped: result.skipped, notes: result.notes }),
    updated_at: new Date(),
  };
  await db.transaction().execute(async (trx) => {
    const seriesId = await upsertSeries(trx, orgId, series, verdict);
    const band = (level: number) => result.intervals.find((i) => i.level === level);
    const i80 = band(0.8);
    const i95 = band(0.95);
    const futureAt = periodsFrom(current, series.grain);
    await insertRows(
      trx,
      'forecast_points',
      result.mean.map((value, j) => ({
        org_id: orgId,
        run_id: runId,
        series_id: seriesId,
        step: j + 1,
        period: futureAt(j),
        forecast: value,
        lo80: i80?.lower[j] ?? value,
        hi80: i80?.upper[j] ?? value,
        lo95: i95?.lower[j] ?? value,
        hi95: i95?.upper[j] ?? value,
      })),
    );
  });
}

// What a run writes over: everything but the series' identity.
type Verdict = Omit<
  NewRow<'forecast_series'>,
  | 'org_id'
  | 'series_key'
  | 'kind'
  | 'grain'
  | 'product_id'
  | 'facility_id'
  | 'carrier_id'
  | 'lane'
  | 'created_at'
>;

async function upsertSeries(
  trx: Kysely<DB>,
  orgId: number,
  series: BuiltSeries,
  verdict: Verdict,
): Promise<number> {
  const existing = () =>
    trx
      .selectFrom('forecast_series')
      .where('org_id', '=', orgId)
      .where('series_key', '=', series.key)
      .select('id')
      .executeTakeFirst();
  let row = await existing();
  if (!row) {
    try {
      return await insertOne(trx, 'forecast_series', {
        org_id: orgId,
        series_key: series.key,
        kind: series.kind,
        grain: series.grain,
        product_id: series.productId,
        facility_id: series.facilityId,
        carrier_id: series.carrierId,
        lane: series.lane,
        ...verdict,
      });
    } catch (error) {
      if (constraintViolation(error) !== 'unique') throw error;
      row = await existing();
      if (!row) throw error;
    }
  }
  await trx.updateTable('forecast_series').set(verdict).where('id', '=', row.id).execute();
  return Number(row.id);
}

/** The first day of the period `k` periods after `start`. */
function periodsFrom(start: string, grain: BuiltSeries['grain']): (k: number) => string {
  const cache: string[] = [start];
  return (k) => {
    while (cache.length <= k) cache.push(nextBucket(cache[cache.length - 1] as string, grain));
    return cache[k] as string;
  };
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
