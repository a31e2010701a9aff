import type { Kysely } from 'kysely';
import { type ListAnswer, type ListRequest, listAnswer } from '../../db/keyset.js';
import type { DB } from '../../db/types.js';
import type { Job, JobFilters, JobScope } from './contract.js';
import { toJob } from './mapping.js';
import { jobSorts } from './schema.js';

/**
 * A page of jobs in the scope, newest first, filtered. The organization's scope is the only one
 * the API uses (from the token); 'all' is the operator's (CLI) and includes installation jobs.
 */
export function listJobs(
  db: Kysely<DB>,
  scope: JobScope,
  filters: JobFilters,
  request: ListRequest,
): Promise<ListAnswer<Job>> {
  return listAnswer(jobsQuery(db, scope, filters), request, jobSorts, toJob);
}

/** A job with the organization it belongs to (null: an installation job), for the operator. */
export type OperatorJob = Job & { readonly orgId: number | null };

/** listJobs for the operator, who sees whose each job is. */
export function listOperatorJobs(
  db: Kysely<DB>,
  scope: JobScope,
  filters: JobFilters,
  request: ListRequest,
): Promise<ListAnswer<OperatorJob>> {
  return listAnswer(jobsQuery(db, scope, filters), request, jobSorts, (row) => ({
    ...toJob(row),
    orgId: row.org_id,
  }));
}

function jobsQuery(db: Kysely<DB>, scope: JobScope, filters: JobFilters) {
  let q = db.selectFrom('jobs').selectAll();
  if (scope !== 'all') q = q.where('org_id', '=', scope.orgId);
  if (filters.type !== undefined) q = q.where('type', '=', filters.type);
  if (filters.state !== undefined) q = q.where('state', '=', filters.state);
  if (filters.createdFrom !== undefined) q = q.where('created_at', '>=', filters.createdFrom);
  if (filters.createdTo !== undefined) q = q.where('created_at', '<', filters.createdTo);
  return q;
}
