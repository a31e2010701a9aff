import type { Config } from './config.js';
import { rebuildRollupsJob, sweepRollupRowsJob } from './modules/analytics/index.js';
import { sweepRefreshTokensJob } from './modules/auth/index.js';
import { sweepIdempotencyKeysJob } from './modules/idempotency/index.js';
import {
  defineSchedule,
  finishedJobsSweepJob,
  type JobDefinition,
  type ScheduleDefinition,
} from './modules/jobs/index.js';

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
  ];
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
];
