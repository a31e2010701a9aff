import type { ExpressionBuilder, Kysely } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import { dialectOf } from '../../db/dialect.js';
import { constraintViolation } from '../../db/errors.js';
import type { DB, Row } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type { JobError, JobScope, Progress } from './contract.js';
import { writeTransaction } from './transaction.js';

/**
 * The write side of the jobs table: one function per state transition, the same on SQLite,
 * MariaDB and PostgreSQL, each in one transaction with the job_events row it causes. Transitions
 * of a running job take its `Lease` and change nothing unless this worker still holds it, so a
 * worker that lost its lease (another worker took the job) can never overwrite the new run.
 */

/** Which run of which job a worker holds: the row's lease_owner and attempts at claim time. */
export interface Lease {
  readonly jobId: number;
  readonly attempt: number;
  readonly workerId: string;
}

export interface NewJob {
  readonly orgId: number | null;
  readonly type: string;
  /** JSON text of the parsed payload. */
  readonly payload: string;
  readonly priority: number;
  readonly runAt: Date;
  readonly maxAttempts: number;
  readonly dedupeKey: string | null;
  readonly createdBy: string | null;
  readonly now: Date;
}

/** `<org or "system">:<type>:<key>`: unique while the job is queued or running (see 0007_jobs). */
export function dedupeSlot(orgId: number | null, type: string, key: string | null): string | null {
  return key === null ? null : `${orgId ?? 'system'}:${type}:${key}`;
}

/** Appends one entry to a job's event stream (the SSE source). */
export async function appendEvent(
  db: Kysely<DB>,
  jobId: number,
  kind: 'state' | 'progress',
  data: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await db
    .insertInto('job_events')
    .values({ job_id: jobId, kind, data: JSON.stringify(data), created_at: now })
    .execute();
}

/** The whole row of a job, or undefined. */
export function jobRow(db: Kysely<DB>, id: number): Promise<Row<'jobs'> | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a queued job inside the caller's transaction; a taken dedupe slot throws a unique violation. */
export async function insertJobIn(db: Kysely<DB>, job: NewJob): Promise<Row<'jobs'>> {
  const id = await insertOne(db, 'jobs', {
    org_id: job.orgId,
    type: job.type,
    state: 'queued',
    payload: job.payload,
    priority: job.priority,
    run_at: job.runAt,
    max_attempts: job.maxAttempts,
    dedupe_key: job.dedupeKey,
    dedupe_slot: dedupeSlot(job.orgId, job.type, job.dedupeKey),
    created_by: job.createdBy,
    created_at: job.now,
    updated_at: job.now,
  });
  await appendEvent(db, id, 'state', { state: 'queued', attempt: 0 }, job.now);
  const row = await jobRow(db, id);
  if (!row) throw new Error(`job ${id} vanished right after its insert`);
  return row;
}

/**
 * Adds a job, or returns the queued/running one holding the same dedupe slot (created: false).
 * The unique index decides, so two racing enqueues with one key create one job on every dialect.
 */
export async function insertJob(
  db: Kysely<DB>,
  job: NewJob,
): Promise<{ row: Row<'jobs'>; created: boolean }> {
  const slot = dedupeSlot(job.orgId, job.type, job.dedupeKey);
  // The holder may finish between our failed insert and the look-up (its slot is then free): try again.
  for (let tries = 0; ; tries++) {
    try {
      return { row: await writeTransaction(db, (trx) => insertJobIn(trx, job)), created: true };
    } catch (error) {
      if (slot === null || constraintViolation(error) !== 'unique' || tries >= 3) throw error;
    }
    const existing = await db
      .selectFrom('jobs')
      .selectAll()
      .where('dedupe_slot', '=', slot)
      .executeTakeFirst();
    if (existing) return { row: existing, created: false };
  }
}

/** Extends the lease while this worker holds it; says whether it still does and whether cancel was asked. */
export async function heartbeat(
  db: Kysely<DB>,
  lease: Lease,
  { leaseMs, now }: { leaseMs: number; now: Date },
): Promise<{ held: boolean; cancelRequested: boolean }> {
  const updated = await db
    .updateTable('jobs')
    .set({ lease_until: new Date(now.getTime() + leaseMs) })
    .where(heldBy(lease))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return { held: false, cancelRequested: false };
  const row = await db
    .selectFrom('jobs')
    .select('cancel_requested')
    .where('id', '=', lease.jobId)
    .executeTakeFirst();
  return { held: true, cancelRequested: row?.cancel_requested === 1 };
}

/** Stores the latest progress and appends it to the event stream; false when the lease is gone. */
export async function recordProgress(
  db: Kysely<DB>,
  lease: Lease,
  progress: Progress,
  now: Date,
): Promise<boolean> {
  const data = {
    done: progress.done,
    total: progress.total ?? null,
    unit: progress.unit,
    message: progress.message ?? null,
  };
  return writeTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('jobs')
      .set({ progress: JSON.stringify({ ...data, at: now.toISOString() }), updated_at: now })
      .where(heldBy(lease))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await appendEvent(trx, lease.jobId, 'progress', data, now);
    return true;
  });
}

/** The run succeeded: `result` is JSON text (already bounded by the runner). */
export async function succeedJob(
  db: Kysely<DB>,
  lease: Lease,
  result: string | null,
  now: Date,
): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('jobs')
      .set({ ...finished('succeeded', now), result, error: null })
      .where(heldBy(lease))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await closeAttempt(trx, lease, 'succeeded', null, now);
    await appendEvent(trx, lease.jobId, 'state', { state: 'succeeded', attempt: lease.attempt }, now);
    return true;
  });
}

export type FailureOutcome = 'retry' | 'dead' | 'cancelled' | 'lost';

/**
 * The run failed. Retried (queued again at `retryAt`) while attempts remain, dead once they are
 * used up or when `final` (a payload that no longer parses cannot succeed later), cancelled when
 * a cancel was asked meanwhile. 'lost': the lease had gone, nothing was written.
 */
export async function failJob(
  db: Kysely<DB>,
  lease: Lease,
  { error, retryAt, final = false, now }: { error: JobError; retryAt: Date; final?: boolean; now: Date },
): Promise<FailureOutcome> {
  return writeTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('jobs')
      .select(['attempts', 'max_attempts', 'cancel_requested'])
      .where(heldBy(lease))
      .executeTakeFirst();
    if (!row) return 'lost';
    const outcome: FailureOutcome =
      row.cancel_requested === 1 ? 'cancelled' : final || row.attempts >= row.max_attempts ? 'dead' : 'retry';
    const errorText = JSON.stringify(error);
    await trx
      .updateTable('jobs')
      .set(
        outcome === 'retry'
          ? {
              state: 'queued',
              run_at: retryAt,
              lease_owner: null,
              lease_until: null,
              error: errorText,
              updated_at: now,
            }
          : { ...finished(outcome === 'dead' ? 'dead' : 'cancelled', now), error: errorText },
      )
      .where(heldBy(lease))
      .execute();
    await closeAttempt(trx, lease, 'failed', errorText, now);
    const state = outcome === 'retry' ? 'queued' : outcome;
    await appendEvent(
      trx,
      lease.jobId,
      'state',
      {
        state,
        attempt: lease.attempt,
        error,
        ...(outcome === 'retry' ? { retryAt: retryAt.toISOString() } : {}),
      },
      now,
    );
    return outcome;
  });
}

/** The run stopped because a cancel was asked: the job ends cancelled. */
export async function cancelRun(db: Kysely<DB>, lease: Lease, now: Date): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('jobs')
      .set(finished('cancelled', now))
      .where(heldBy(lease))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await closeAttempt(trx, lease, 'cancelled', null, now);
    await appendEvent(trx, lease.jobId, 'state', { state: 'cancelled', attempt: lease.attempt }, now);
    return true;
  });
}

/**
 * The worker shuts down before the run ended: the job is queued again for any worker, due now.
 * The attempt stays in the history marked `released`, and max_attempts grows by one so that a
 * release never uses up an attempt (ADR 0013).
 */
export async function releaseJob(db: Kysely<DB>, lease: Lease, now: Date): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const row = await trx.selectFrom('jobs').select('max_attempts').where(heldBy(lease)).executeTakeFirst();
    if (!row) return false;
    await trx
      .updateTable('jobs')
      .set({
        state: 'queued',
        run_at: now,
        max_attempts: row.max_attempts + 1,
        lease_owner: null,
        lease_until: null,
        updated_at: now,
      })
      .where(heldBy(lease))
      .execute();
    await closeAttempt(trx, lease, 'released', null, now);
    await appendEvent(
      trx,
      lease.jobId,
      'state',
      { state: 'queued', attempt: lease.attempt, released: true },
      now,
    );
    return true;
  });
}

/**
 * Cancels a job: a queued one is cancelled at once (it never runs); a running one gets
 * cancel_requested, which its worker sees at the next heartbeat and turns into an abort.
 */
export async function requestCancel(
  db: Kysely<DB>,
  scope: JobScope,
  id: number,
  now: Date,
): Promise<Row<'jobs'>> {
  await writeTransaction(db, async (trx) => {
    const row = await lockInScope(trx, scope, id);
    if (row.state === 'queued') {
      await trx.updateTable('jobs').set(finished('cancelled', now)).where('id', '=', id).execute();
      await appendEvent(trx, id, 'state', { state: 'cancelled', attempt: row.attempts }, now);
    } else if (row.state === 'running') {
      if (row.cancel_requested === 0) {
        await trx
          .updateTable('jobs')
          .set({ cancel_requested: 1, updated_at: now })
          .where('id', '=', id)
          .execute();
      }
    } else {
      throw new AppError('JOBS_NOT_CANCELLABLE', `Job ${id} has already finished (${row.state}).`);
    }
  });
  return (await jobRow(db, id)) as Row<'jobs'>;
}

/**
 * Queues a dead or cancelled job again, with `extraAttempts` attempts beyond those it used. Its
 * dedupe key takes its slot again, so it is refused while another job holds that slot.
 */
export async function retryJob(
  db: Kysely<DB>,
  scope: JobScope,
  id: number,
  { extraAttempts, now }: { extraAttempts: number; now: Date },
): Promise<Row<'jobs'>> {
  try {
    await writeTransaction(db, async (trx) => {
      const row = await lockInScope(trx, scope, id);
      if (row.state !== 'dead' && row.state !== 'cancelled') {
        throw new AppError(
          'JOBS_NOT_RETRYABLE',
          `Job ${id} is ${row.state}; only dead or cancelled jobs can be retried.`,
        );
      }
      await trx
        .updateTable('jobs')
        .set({
          state: 'queued',
          run_at: now,
          max_attempts: row.attempts + extraAttempts,
          cancel_requested: 0,
          dedupe_slot: dedupeSlot(row.org_id, row.type, row.dedupe_key),
          result: null,
          finished_at: null,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await appendEvent(trx, id, 'state', { state: 'queued', attempt: row.attempts, retried: true }, now);
    });
  } catch (error) {
    if (constraintViolation(error) !== 'unique') throw error;
    throw new AppError(
      'JOBS_NOT_RETRYABLE',
      `Another job with dedupe key of job ${id} is queued or running; retry this one after it ends.`,
    );
  }
  return (await jobRow(db, id)) as Row<'jobs'>;
}

/** Columns of a job that reached a final state: its dedupe slot and lease are freed. */
function finished(state: 'succeeded' | 'dead' | 'cancelled', now: Date) {
  return {
    state,
    dedupe_slot: null,
    lease_owner: null,
    lease_until: null,
    finished_at: now,
    updated_at: now,
  } as const;
}

/** Ends the attempt row of a lease (the claim wrote it). */
export async function closeAttempt(
  db: Kysely<DB>,
  lease: Pick<Lease, 'jobId' | 'attempt'>,
  outcome: NonNullable<Row<'job_attempts'>['outcome']>,
  error: string | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable('job_attempts')
    .set({ outcome, error, finished_at: now })
    .where('job_id', '=', lease.jobId)
    .where('attempt', '=', lease.attempt)
    .where('finished_at', 'is', null)
    .execute();
}

/** The run this lease holds: nothing matches once another worker took the job or it ended. */
function heldBy(lease: Lease) {
  return (eb: ExpressionBuilder<DB, 'jobs'>) =>
    eb.and([
      eb('id', '=', lease.jobId),
      eb('state', '=', 'running'),
      eb('lease_owner', '=', lease.workerId),
      eb('attempts', '=', lease.attempt),
    ]);
}

/** The job row (locked on PostgreSQL/MariaDB) if the scope may see it; JOBS_NOT_FOUND otherwise. */
async function lockInScope(trx: Kysely<DB>, scope: JobScope, id: number): Promise<Row<'jobs'>> {
  let query = trx.selectFrom('jobs').selectAll().where('id', '=', id);
  if (scope !== 'all') query = query.where('org_id', '=', scope.orgId);
  if (dialectOf(trx) !== 'sqlite') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('JOBS_NOT_FOUND', `No job ${id} in this organization.`);
  return row;
}
