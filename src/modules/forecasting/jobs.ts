import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import { type Caller, callerKey, systemCaller } from '../auth/index.js';
import { defineJob, enqueueWithin, type JobQueue } from '../jobs/index.js';
import { runDelayRisk } from './delay-risk-run.js';
import { executeForecastRun, failForecastRun } from './execute.js';
import { DELAY_RISK_JOB, FORECAST_RUN_JOB, FORECAST_WEEKLY_JOB } from './job-types.js';
import { createForecastRun, setRunJob } from './runs.js';

/** The jobs of forecasting: one run, and the weekly run of every organization with data. */

export const forecastRunJob = defineJob({
  type: FORECAST_RUN_JOB,
  payload: z.object({ runId: z.number().int().positive() }).strict(),
  maxAttempts: 3,
  async handle({ db, payload, orgId, signal, progress }) {
    if (orgId === null) throw new Error('a forecast run belongs to an organization');
    try {
      const summary = await executeForecastRun(db, orgId, payload.runId, {
        now: new Date(),
        signal,
        progress: (done, total) => progress({ done, total, unit: 'series' }),
      });
      return { series: summary.series, failed: summary.failed };
    } catch (error) {
      await failForecastRun(db, orgId, payload.runId, error instanceof Error ? error.message : String(error));
      throw error;
    }
  },
});

/**
 * Trains the organization's delay-risk model, registers it (active if it beats the active one)
 * and predicts its open shipments. Too little history is an answer, not a failure to retry.
 */
export const delayRiskJob = defineJob({
  type: DELAY_RISK_JOB,
  payload: z.object({}).strict(),
  maxAttempts: 3,
  async handle({ db, orgId }) {
    if (orgId === null) throw new Error('a delay-risk run belongs to an organization');
    try {
      const result = await runDelayRisk(db, systemCaller(orgId));
      return { ...result };
    } catch (error) {
      if (error instanceof AppError && error.code === 'DELAY_RISK_NOT_ENOUGH_DATA')
        return { trained: false, reason: error.message };
      throw error;
    }
  },
});

/**
 * The weekly run (a schedule in src/jobs.ts): a weekly-grain forecast run and a delay-risk run
 * of every organization that has orders or shipments, each its own job, so one organization's run never waits for
 * another's. Each run and its job are written in one transaction (no run without its job).
 */
export const weeklyForecastsJob = defineJob({
  type: FORECAST_WEEKLY_JOB,
  payload: z.object({}).strict(),
  maxAttempts: 3,
  async handle({ db }) {
    const orgs = await db
      .selectFrom('organizations as o')
      .where((eb) =>
        eb.or([
          eb.exists(eb.selectFrom('orders').select('id').whereRef('orders.org_id', '=', 'o.id')),
          eb.exists(eb.selectFrom('shipments').select('id').whereRef('shipments.org_id', '=', 'o.id')),
        ]),
      )
      .select('o.id')
      .execute();
    for (const org of orgs) {
      const caller = systemCaller(Number(org.id));
      await db.transaction().execute(async (trx) => {
        const runId = await createForecastRun(trx, caller, { grain: 'week' });
        const jobId = await enqueueWithin(
          trx,
          forecastRunJob,
          { runId },
          { orgId: caller.orgId, createdBy: 'system' },
        );
        await setRunJob(trx, runId, jobId);
      });
    }
    return { runs: orgs.length };
  },
});

/** Queues a delay-risk run of the caller's organization (one queued at a time); answers its job id. */
export async function queueDelayRisk(queue: JobQueue, caller: Caller): Promise<number> {
  const { job } = await queue.enqueue(
    DELAY_RISK_JOB,
    {},
    { orgId: caller.orgId, dedupeKey: 'delay-risk', createdBy: callerKey(caller) },
  );
  return job.id;
}
