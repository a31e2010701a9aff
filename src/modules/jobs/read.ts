import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Attempt, Job, JobEvent, JobScope } from './contract.js';
import { toAttempt, toJob, toJobEvent } from './mapping.js';

/** A job with every attempt's start, end, outcome and error (what `GET /jobs/{id}` shows). */
export type JobDetail = Job & { readonly attemptHistory: readonly Attempt[] };

/** One job the scope may see, with its attempts; null when there is none (or it is another organization's). */
export async function findJob(db: Kysely<DB>, scope: JobScope, id: number): Promise<JobDetail | null> {
  let query = db.selectFrom('jobs').selectAll().where('id', '=', id);
  if (scope !== 'all') query = query.where('org_id', '=', scope.orgId);
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const attempts = await db
    .selectFrom('job_attempts')
    .selectAll()
    .where('job_id', '=', id)
    .orderBy('attempt')
    .execute();
  return { ...toJob(row), attemptHistory: attempts.map(toAttempt) };
}

/**
 * The job's events after `afterEventId` (0: from the start), oldest first, at most `limit`: the
 * SSE stream's source, which resumes from Last-Event-ID. Empty for a job the scope cannot see.
 */
export async function jobEventsAfter(
  db: Kysely<DB>,
  scope: JobScope,
  id: number,
  afterEventId: number,
  limit: number,
): Promise<JobEvent[]> {
  let query = db
    .selectFrom('job_events')
    .innerJoin('jobs', 'jobs.id', 'job_events.job_id')
    .selectAll('job_events')
    .where('job_events.job_id', '=', id)
    .where('job_events.id', '>', afterEventId)
    .orderBy('job_events.id')
    .limit(limit);
  if (scope !== 'all') query = query.where('jobs.org_id', '=', scope.orgId);
  const rows = await query.execute();
  return rows.map(toJobEvent);
}
