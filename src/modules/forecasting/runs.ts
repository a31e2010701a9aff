import type { Kysely } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import { listAnswer } from '../../db/keyset.js';
import { type DB, isoInstant, type Row, toDate } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type Caller, callerKey } from '../auth/index.js';
import type { JobQueue } from '../jobs/index.js';
import { FORECAST_RUN_JOB } from './job-types.js';
import { forecastVersion } from './models.js';
import { activeForecastConfig } from './registry.js';
import { runSorts } from './schema.js';
import { SERIES_KINDS, type SeriesGrain, type SeriesKind } from './series/types.js';

/** Forecast runs: started (a row and its job), read and listed. The work is execute.ts. */

/** What a run was asked, as stored in its `params`. */
export interface RunParams {
  readonly grain: SeriesGrain;
  readonly horizon: number;
  readonly kinds: readonly SeriesKind[];
  readonly series: readonly string[] | null;
}

export interface RunStart {
  readonly grain: SeriesGrain;
  /** A forecast configuration version to run (a candidate, to compare it); default the active one. */
  readonly modelVersion?: number | undefined;
  readonly horizon?: number | undefined;
  readonly kinds?: readonly SeriesKind[] | undefined;
  readonly series?: readonly string[] | undefined;
}

const DEFAULT_HORIZON: Record<SeriesGrain, number> = { week: 13, day: 28 };

/**
 * Creates a run with the organization's active forecast configuration. `queue` null leaves it
 * for the caller to execute (the CLI); otherwise a `forecasts.run` job is queued for it.
 */
export async function startForecastRun(
  db: Kysely<DB>,
  queue: JobQueue | null,
  caller: Caller,
  start: RunStart,
) {
  const runId = await createForecastRun(db, caller, start);
  if (queue) {
    const { job } = await queue.enqueue(
      FORECAST_RUN_JOB,
      { runId },
      { orgId: caller.orgId, dedupeKey: `forecast-run-${runId}`, createdBy: callerKey(caller) },
    );
    await setRunJob(db, runId, job.id);
  }
  return getForecastRun(db, caller.orgId, runId);
}

/** Inserts a queued run (its job is the caller's to create); returns its id. */
export async function createForecastRun(db: Kysely<DB>, caller: Caller, start: RunStart): Promise<number> {
  const actor = callerKey(caller);
  const model =
    start.modelVersion === undefined
      ? await activeForecastConfig(db, caller.orgId, actor)
      : await forecastVersion(db, caller.orgId, start.modelVersion);
  const params: RunParams = {
    grain: start.grain,
    horizon: start.horizon ?? DEFAULT_HORIZON[start.grain],
    kinds: start.kinds ? SERIES_KINDS.filter((k) => start.kinds?.includes(k)) : [...SERIES_KINDS],
    series: start.series ? [...new Set(start.series)] : null,
  };
  return insertOne(db, 'forecast_runs', {
    org_id: caller.orgId,
    model_id: model.id,
    job_id: null,
    status: 'queued',
    params: JSON.stringify(params),
    created_by: actor,
  });
}

/** Records the job that executes a run. */
export async function setRunJob(db: Kysely<DB>, runId: number, jobId: number): Promise<void> {
  await db
    .updateTable('forecast_runs')
    .set({ job_id: jobId, updated_at: new Date() })
    .where('id', '=', runId)
    .execute();
}

function runsQuery(db: Kysely<DB>, orgId: number) {
  // The version comes from a subquery, not a join: the list's keyset names bare columns
  // (created_at, id), which a join with forecast_models would make ambiguous.
  return db
    .selectFrom('forecast_runs')
    .where('forecast_runs.org_id', '=', orgId)
    .selectAll('forecast_runs')
    .select((eb) =>
      eb
        .selectFrom('forecast_models as m')
        .select('m.version')
        .whereRef('m.id', '=', 'forecast_runs.model_id')
        .as('model_version'),
    );
}

type RunRow = Row<'forecast_runs'> & { model_version: number | null };

/** One run of the organization (RESOURCE_NOT_FOUND otherwise). */
export async function getForecastRun(db: Kysely<DB>, orgId: number, id: number) {
  const row = (await runsQuery(db, orgId).where('forecast_runs.id', '=', id).executeTakeFirst()) as
    | RunRow
    | undefined;
  if (!row) throw new AppError('RESOURCE_NOT_FOUND', `No forecast run with id ${id}.`);
  return runToApi(row);
}

/** The organization's runs, newest first by default. */
export function listForecastRuns(
  db: Kysely<DB>,
  orgId: number,
  q: {
    sort: string;
    limit: number;
    cursor?: string | undefined;
    includeTotal: boolean;
    status?: RunRow['status'] | undefined;
  },
) {
  let query = runsQuery(db, orgId);
  if (q.status !== undefined) query = query.where('forecast_runs.status', '=', q.status);
  return listAnswer(query, q, runSorts, (row) => runToApi(row as RunRow));
}

function runToApi(row: RunRow) {
  const params = JSON.parse(row.params) as RunParams;
  return {
    id: Number(row.id),
    status: row.status,
    modelVersion: row.model_version === null ? null : Number(row.model_version),
    jobId: row.job_id === null ? null : Number(row.job_id),
    grain: params.grain,
    horizon: params.horizon,
    kinds: [...params.kinds],
    series: params.series ? [...params.series] : null,
    seriesTotal: row.series_total,
    seriesDone: Number(row.series_done),
    seriesFailed: Number(row.series_failed),
    dataFingerprint: row.data_fingerprint,
    summary: row.summary === null ? null : JSON.parse(row.summary),
    error: row.error,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at).toISOString(),
    startedAt: isoInstant(row.started_at),
    finishedAt: isoInstant(row.finished_at),
  };
}
