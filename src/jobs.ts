import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { DB } from './db/types.js';
import type { FeedObserver } from './lib/metrics/index.js';
import { alertChannelJobs, evaluateAlertsJob, startAlertTriggers } from './modules/alerts/index.js';
import { rebuildRollupsJob, sweepRollupRowsJob } from './modules/analytics/index.js';
import { sweepRefreshTokensJob } from './modules/auth/index.js';
import { startMqttSubscribers } from './modules/feeds/index.js';
import { delayRiskJob, forecastRunJob, weeklyForecastsJob } from './modules/forecasting/index.js';
import { sweepIdempotencyKeysJob } from './modules/idempotency/index.js';
import { importRunJob } from './modules/imports/index.js';
import {
  defineSchedule,
  finishedJobsSweepJob,
  type JobDefinition,
  type JobQueue,
  type ScheduleDefinition,
} from './modules/jobs/index.js';
import { enqueueRederivations, rederiveShipmentsJob } from './modules/shipments/index.js';
import { sweepStreamEventsJob } from './modules/stream/index.js';

/**
 * Every job type of the application and the cron schedules of installation jobs, like
 * `apiModules` in app.ts: a module that adds a job type lists it here. `serve` (in-process
 * worker) and `lanewise worker` both build their queue from these lists.
 */
export function jobDefinitions(config: Config): JobDefinition[] {
  return [
    sweepIdempotencyKeysJob,
    sweepRefreshTokensJob,
    finishedJobsSweepJob(config.jobs.retentionDays),
    sweepRollupRowsJob,
    rebuildRollupsJob,
    rederiveShipmentsJob,
    importRunJob(config.imports),
    sweepStreamEventsJob,
    evaluateAlertsJob,
    ...alertChannelJobs(config.alerts),
    forecastRunJob,
    delayRiskJob,
    weeklyForecastsJob,
  ];
}

/**
 * What a process enqueues when it starts its queue (`serve` and `lanewise worker` alike; dedupe
 * keys keep several processes to one job each): work the stored data says is owed, such as
 * shipments of an older derivation after an upgrade. A failure is logged, not fatal: the
 * process serves anyway and the next start checks again.
 */
export async function enqueueStartupJobs(db: Kysely<DB>, queue: JobQueue, log: Logger): Promise<void> {
  try {
    await enqueueRederivations(db, queue, log);
  } catch (error) {
    log.warn({ err: error }, 'could not check for shipments to re-derive');
  }
}

/**
 * What a process running a job worker runs beside it (`serve` with its worker, `lanewise
 * worker`): the triggers that turn shipment changes into alert evaluations, and the MQTT feed
 * subscribers. Returns the stop.
 */
export async function startWorkerCompanions(
  db: Kysely<DB>,
  queue: JobQueue,
  log: Logger,
  config: Config,
  /** Counts what the MQTT feeds take in (the process's metrics), when there are metrics. */
  feedObserver?: FeedObserver,
): Promise<{ close(): Promise<void> }> {
  const triggers = await startAlertTriggers(db, queue, log);
  const subscribers = await startMqttSubscribers(db, log, {
    allowHosts: config.imports.allowHosts,
    ...(feedObserver ? { observer: feedObserver } : {}),
    ...(config.jobs.workerName ? { workerName: config.jobs.workerName } : {}),
  });
  return {
    async close() {
      await subscribers.close();
      await triggers.close();
    },
  };
}

/** Housekeeping, at odd minutes so installations do not all hit their databases at :00. */
export const jobSchedules: readonly ScheduleDefinition[] = [
  defineSchedule({
    name: 'housekeeping.idempotency-keys',
    cron: '17 * * * *',
    type: 'housekeeping.idempotency-keys',
    payload: {},
  }),
  defineSchedule({
    name: 'housekeeping.refresh-tokens',
    cron: '23 * * * *',
    type: 'housekeeping.refresh-tokens',
    payload: {},
  }),
  defineSchedule({
    name: 'housekeeping.finished-jobs',
    cron: '41 3 * * *',
    type: 'housekeeping.finished-jobs',
    payload: {},
  }),
  defineSchedule({
    name: 'housekeeping.rollup-rows',
    cron: '53 4 * * *',
    type: 'housekeeping.rollup-rows',
    payload: {},
  }),
  // Alert rules of every organization (shipment rules also run within seconds of a change).
  defineSchedule({
    name: 'alerts.evaluate',
    cron: '*/5 * * * *',
    type: 'alerts.evaluate',
    payload: {},
  }),
  // Digest channels: each sends once its hour or day has passed.
  defineSchedule({
    name: 'alerts.digest',
    cron: '7 * * * *',
    type: 'alerts.digest',
    payload: {},
  }),
  // The weekly forecast of every organization with data: Monday early morning (UTC), after the
  // week it forecasts from has ended everywhere but the far west.
  defineSchedule({
    name: 'forecasts.weekly',
    cron: '37 5 * * 1',
    type: 'forecasts.weekly',
    payload: {},
  }),
  defineSchedule({
    name: 'housekeeping.stream-events',
    cron: '29 * * * *',
    type: 'housekeeping.stream-events',
    payload: {},
  }),
];
