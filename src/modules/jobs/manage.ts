import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { type Actor, type RequestMeta, recordAudit } from '../audit/index.js';
import type { Job, JobQueue, JobScope } from './contract.js';

/**
 * A person's (or an operator's) commands on a job, audited: cancelling or retrying work is an
 * operational act someone may need to account for later. The queue enforces what is allowed
 * (404 outside the scope, 409 when the state does not permit it); nothing is audited then.
 */
export type JobCommand = 'cancel' | 'retry';

const actions: Record<JobCommand, string> = { cancel: 'jobs.cancelled', retry: 'jobs.retried' };

/** Runs a cancel or retry in the scope and records who did it. */
export async function commandJob(
  queue: JobQueue,
  db: Kysely<DB>,
  command: JobCommand,
  who: { readonly scope: JobScope; readonly actor: Actor; readonly meta: RequestMeta },
  id: number,
): Promise<Job> {
  const job = command === 'cancel' ? await queue.cancel(who.scope, id) : await queue.retry(who.scope, id);
  await recordAudit(db, {
    orgId: who.scope === 'all' ? null : who.scope.orgId,
    actor: who.actor,
    action: actions[command],
    target: { type: 'job', id: job.id },
    details: { type: job.type, state: job.state },
    meta: who.meta,
  });
  return job;
}
