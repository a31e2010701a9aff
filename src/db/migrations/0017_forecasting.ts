import type { Kysely } from 'kysely';
import { columnTypes, createTable, withOrg, withTimestamps } from './columns.js';

/**
 * Forecasting (issue #10, ADR 0022).
 *
 * - forecast_models: the model registry. Every forecast configuration (and, later, every trained
 *   predictive model) is a versioned record with its parameters (JSON), training window, data
 *   fingerprint and metrics; `status` is candidate, active or archived, one active per kind.
 * - forecast_runs: one run of the forecasts of an organization (a job): what it was asked
 *   (`params`, JSON), how far it got, and its summary error measures (`summary`, JSON).
 * - forecast_series: one row per series an organization has (demand of a product at a facility,
 *   shipments on a lane or with a carrier, at a grain), with the latest run's verdict: class,
 *   chosen model, backtest accuracy, and its history as JSON (what the forecast was fitted on).
 * - forecast_points: the forecasts of every run, one row per series and step, with 80 % and
 *   95 % intervals; kept per run so a forecast can later be compared with what happened.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await withTimestamps(
    withOrg(createTable(db, t, 'forecast_models'), 'forecast_models')
      // forecast (a configuration of the engine), delay_risk (a trained model)
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      // candidate, active, archived
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('training_from', t.day)
      .addColumn('training_to', t.day)
      .addColumn('data_fingerprint', 'varchar(64)')
      .addColumn('metrics', 'text')
      .addColumn('created_by', 'varchar(64)')
      .addColumn('promoted_at', t.instant)
      .addUniqueConstraint('forecast_models_version_uq', ['org_id', 'kind', 'version']),
    t,
  ).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'forecast_runs'), 'forecast_runs')
      .addColumn('model_id', 'bigint', (c) => c.references('forecast_models.id'))
      .addColumn('job_id', 'bigint')
      // queued, running, succeeded, failed
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('series_total', 'integer')
      .addColumn('series_done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('series_failed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('data_fingerprint', 'varchar(64)')
      .addColumn('summary', 'text')
      .addColumn('error', 'varchar(1000)')
      .addColumn('created_by', 'varchar(64)')
      .addColumn('started_at', t.instant)
      .addColumn('finished_at', t.instant),
    t,
  ).execute();
  await db.schema
    .createIndex('forecast_runs_org_idx')
    .on('forecast_runs')
    .columns(['org_id', 'id'])
    .execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'forecast_series'), 'forecast_series')
      .addColumn('series_key', 'varchar(300)', (c) => c.notNull())
      // demand, lane_volume, carrier_volume
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      // day, week
      .addColumn('grain', 'varchar(8)', (c) => c.notNull())
      .addColumn('product_id', 'bigint')
      .addColumn('facility_id', 'bigint')
      .addColumn('carrier_id', 'bigint')
      .addColumn('lane', 'varchar(255)')
      .addColumn('label', 'varchar(400)', (c) => c.notNull())
      .addColumn('last_run_id', 'bigint', (c) => c.references('forecast_runs.id'))
      .addColumn('series_class', 'varchar(16)')
      .addColumn('adi', t.double)
      .addColumn('cv2', t.double)
      .addColumn('history_start', t.day)
      .addColumn('history', 'text')
      .addColumn('flags', 'text')
      .addColumn('model', 'varchar(32)')
      .addColumn('model_label', 'varchar(64)')
      .addColumn('components', 'text')
      .addColumn('interval_method', 'varchar(16)')
      .addColumn('backtest_windows', 'integer')
      .addColumn('mase', t.double)
      .addColumn('smape', t.double)
      .addColumn('wape', t.double)
      .addColumn('rmsse', t.double)
      .addColumn('bias', t.double)
      .addColumn('coverage80', t.double)
      .addColumn('coverage95', t.double)
      .addColumn('width80', t.double)
      .addColumn('width95', t.double)
      .addColumn('details', 'text')
      .addUniqueConstraint('forecast_series_key_uq', ['org_id', 'series_key']),
    t,
  ).execute();
  await db.schema
    .createIndex('forecast_series_org_kind_idx')
    .on('forecast_series')
    .columns(['org_id', 'kind', 'id'])
    .execute();

  await withOrg(createTable(db, t, 'forecast_points'), 'forecast_points')
    .addColumn('run_id', 'bigint', (c) => c.notNull().references('forecast_runs.id'))
    .addColumn('series_id', 'bigint', (c) => c.notNull().references('forecast_series.id'))
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('period', t.day, (c) => c.notNull())
    .addColumn('forecast', t.double, (c) => c.notNull())
    .addColumn('lo80', t.double, (c) => c.notNull())
    .addColumn('hi80', t.double, (c) => c.notNull())
    .addColumn('lo95', t.double, (c) => c.notNull())
    .addColumn('hi95', t.double, (c) => c.notNull())
    .addUniqueConstraint('forecast_points_step_uq', ['run_id', 'series_id', 'step'])
    .execute();
  await db.schema
    .createIndex('forecast_points_series_idx')
    .on('forecast_points')
    .columns(['org_id', 'series_id', 'run_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('forecast_points').execute();
  await db.schema.dropTable('forecast_series').execute();
  await db.schema.dropTable('forecast_runs').execute();
  await db.schema.dropTable('forecast_models').execute();
}
