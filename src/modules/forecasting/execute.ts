import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { addDays, bucketStart, nextBucket, todayIn } from '../../lib/calendar-days.js';
import { forecastSeries, type SeriesForecast, specOf } from './engine/index.js';
import type { ModelName } from './engine/types.js';
import { recordModelEvaluation } from './models.js';
import type { ForecastConfig } from './registry.js';
import type { RunParams } from './runs.js';
import { buildSeries } from './series/build.js';
import { flagHistory } from './series/flags.js';
import { loadDailyTotals, loadNames } from './series/load.js';
import { storeSeriesForecast } from './store.js';

/**
 * Executes a forecast run: builds the organization's series as of `now` (in its reporting time
 * zone; the current, incomplete period is the first one forecast), forecasts each with the
 * run's configuration, stores each series as it is done and ends with the run's summary.
 * Running it again (a retried job) first removes what the earlier attempt stored for the run,
 * so a run's points are never doubled.
 */

export interface ExecuteOptions {
  readonly now: Date;
  readonly signal?: AbortSignal | undefined;
  readonly progress?: ((done: number, total: number) => void) | undefined;
}

/** The summary stored with a run (and answered by the API). */
export interface RunSummary {
  series: number;
  failed: number;
  byClass: Record<string, number>;
  byModel: Record<string, number>;
  mase: number | null;
  smape: number | null;
  wape: number | null;
  rmsse: number | null;
  bias: number | null;
  coverage80: number | null;
  coverage95: number | null;
  seconds: number;
}

export async function executeForecastRun(
  db: Kysely<DB>,
  orgId: number,
  runId: number,
  options: ExecuteOptions,
): Promise<RunSummary> {
  const started = performance.now();
  const run = await db
    .selectFrom('forecast_runs as r')
    .leftJoin('forecast_models as m', 'm.id', 'r.model_id')
    .where('r.org_id', '=', orgId)
    .where('r.id', '=', runId)
    .select(['r.status', 'r.params', 'r.summary', 'r.model_id', 'm.params as config'])
    .executeTakeFirst();
  if (!run) throw new Error(`forecast run ${runId} of organization ${orgId} does not exist`);
  if (run.status === 'succeeded' && run.summary) return JSON.parse(run.summary) as RunSummary;
  const params = JSON.parse(run.params) as RunParams;
  const config = JSON.parse(run.config ?? '{}') as Partial<ForecastConfig>;

  await db.deleteFrom('forecast_points').where('org_id', '=', orgId).where('run_id', '=', runId).execute();
  await db
    .updateTable('forecast_runs')
    .set({
      status: 'running',
      started_at: options.now,
      error: null,
      series_done: 0,
      series_failed: 0,
      updated_at: new Date(),
    })
    .where('id', '=', runId)
    .execute();

  const zone = await db
    .selectFrom('organizations')
    .where('id', '=', orgId)
    .select('reporting_timezone')
    .executeTakeFirst();
  const current = bucketStart(todayIn(zone?.reporting_timezone ?? 'UTC', options.now), params.grain);
  const [totals, names] = await Promise.all([
    loadDailyTotals(db, orgId, params.kinds, current),
    loadNames(db, orgId),
  ]);
  let series = buildSeries(totals, params.grain, current, names);
  if (params.series) {
    const wanted = new Set(params.series);
    series = series.filter((s) => wanted.has(s.key));
  }
  const hash = createHash('sha256');
  for (const s of series) hash.update(`${s.key}|${s.start}|${s.values.join(',')}\n`);
  const fingerprint = hash.digest('hex');
  await db
    .updateTable('forecast_runs')
    .set({ series_total: series.length, data_fingerprint: fingerprint })
    .where('id', '=', runId)
    .execute();

  const spec = specOf(params.grain);
  const results: SeriesForecast[] = [];
  let failed = 0;
  for (const [index, s] of series.entries()) {
    if (options.signal?.aborted) throw new Error('the forecast run was stopped');
    const fittedValues = s.values.length > spec.maxHistory ? s.values.slice(-spec.maxHistory) : s.values;
    const fittedStart = shiftStart(s.start, s.values.length - fittedValues.length, params.grain);
    try {
      const result = forecastSeries(s.values, {
        horizon: params.horizon,
        spec,
        origins: config.origins ?? 3,
        ...(config.models ? { models: config.models as ModelName[] } : {}),
      });
      await storeSeriesForecast(
        db,
        orgId,
        runId,
        s,
        { start: fittedStart, values: fittedValues },
        flagHistory(fittedValues, Math.max(3, spec.season)),
        result,
        current,
      );
      results.push(result);
    } catch (error) {
      // One series that cannot be forecast does not stop the others; the run counts it.
      if (!(error instanceof Error) || error.name !== 'AppError') throw error;
      failed++;
    }
    if (index % 20 === 19 || index === series.length - 1) {
      await db
        .updateTable('forecast_runs')
        .set({ series_done: index + 1, series_failed: failed })
        .where('id', '=', runId)
        .execute();
    }
    options.progress?.(index + 1, series.length);
  }

  const summary = summarise(results, failed, (performance.now() - started) / 1000);
  await db
    .updateTable('forecast_runs')
    .set({
      status: 'succeeded',
      summary: JSON.stringify(summary),
      finished_at: new Date(),
      updated_at: new Date(),
    })
    .where('id', '=', runId)
    .execute();
  if (run.model_id !== null) {
    const starts = series.map((s) => s.start).sort();
    await recordModelEvaluation(db, orgId, Number(run.model_id), {
      from: starts[0] ?? null,
      to: series.length > 0 ? addDays(current, -1) : null,
      fingerprint,
      metrics: { runId, grain: params.grain, horizon: params.horizon, ...summary },
    });
  }
  return summary;
}

/** Marks a run failed with a message a person can act on (the job's error has the detail). */
export async function failForecastRun(
  db: Kysely<DB>,
  orgId: number,
  runId: number,
  message: string,
): Promise<void> {
  await db
    .updateTable('forecast_runs')
    .set({ status: 'failed', error: message.slice(0, 1000), finished_at: new Date(), updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', runId)
    .execute();
}

function summarise(results: readonly SeriesForecast[], failed: number, seconds: number): RunSummary {
  const byClass: Record<string, number> = {};
  const byModel: Record<string, number> = {};
  for (const r of results) {
    byClass[r.seriesClass] = (byClass[r.seriesClass] ?? 0) + 1;
    byModel[r.label] = (byModel[r.label] ?? 0) + 1;
  }
  const meanOf = (pick: (r: SeriesForecast) => number | null) => {
    const values = results.map(pick).filter((v): v is number => v !== null && Number.isFinite(v));
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  };
  return {
    series: results.length,
    failed,
    byClass,
    byModel,
    mase: meanOf((r) => r.accuracy.mase),
    smape: meanOf((r) => r.accuracy.smape),
    wape: meanOf((r) => r.accuracy.wape),
    rmsse: meanOf((r) => r.accuracy.rmsse),
    bias: meanOf((r) => r.accuracy.bias),
    coverage80: meanOf((r) => r.accuracy.coverage80),
    coverage95: meanOf((r) => r.accuracy.coverage95),
    seconds: Math.round(seconds * 1000) / 1000,
  };
}

function shiftStart(start: string, periods: number, grain: RunParams['grain']): string {
  let day = start;
  for (let k = 0; k < periods; k++) day = nextBucket(day, grain);
  return day;
}
