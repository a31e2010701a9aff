import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DB, Row } from '../../db/types.js';
import type { Dialect } from '../../db/url.js';
import type { JobError } from './contract.js';
import type { AnnouncedJob, ClaimedJob } from './dispatch.js';
import { appendEvent, closeAttempt } from './store.js';
import { writeTransaction } from './transaction.js';

/**
 * Claiming: moving due jobs to `running` under one worker's lease (ADR 0013). A job is due when
 * it is queued with run_at <= now, or running with an expired lease (its worker died or lost the
 * database: that attempt is closed as `lease-expired` and the job runs again). Every claim also
 * counts the attempt, writes its job_attempts row and a state event, in the same transaction.
 *
 * Exclusivity: PostgreSQL and MariaDB lock the candidate rows with SKIP LOCKED, so concurrent
 * claimers take disjoint sets without waiting; SQLite runs the claim under BEGIN IMMEDIATE, one
 * writer at a time. The per-organization limit is exact: on PostgreSQL/MariaDB the claimer locks
 * the organization rows (in id order, so claimers never deadlock) before counting their running
 * jobs, so two claimers can never both see the last free slot; SQLite has one writer anyway.
 * Installation jobs (org_id null) are not limited.
 */

export interface ClaimOptions {
  readonly workerId: string;
  readonly leaseMs: number;
  /** Running jobs per organization across all workers. */
  readonly orgConcurrency: number;
  readonly now: Date;
}

/** The error an attempt ends with when its lease ran out. */
export const leaseExpiredError: JobError = {
  code: 'JOBS_LEASE_EXPIRED',
  message:
    'The worker stopped renewing its lease (it stopped or lost the database), so the attempt was abandoned.',
};

type Candidate = Pick<
  Row<'jobs'>,
  'id' | 'org_id' | 'type' | 'state' | 'attempts' | 'max_attempts' | 'cancel_requested'
>;
const candidateColumns = [
  'id',
  'org_id',
  'type',
  'state',
  'attempts',
  'max_attempts',
  'cancel_requested',
] as const;

/** Claims up to `limit` due jobs of `types`, highest priority first, then oldest run_at, then id. */
export async function claimDueJobs(
  db: Kysely<DB>,
  dialect: Dialect,
  options: ClaimOptions & { readonly types: readonly string[]; readonly limit: number },
): Promise<ClaimedJob[]> {
  const { types, limit, now, orgConcurrency } = options;
  if (types.length === 0 || limit <= 0) return [];
  return writeTransaction(db, async (trx) => {
    // Organizations already at their limit are left out of the candidates, so a flooding tenant
    // cannot fill the window and keep another tenant's due job from being seen. (A hint: the
    // exact check happens under the organization locks below.)
    const busy = await trx
      .selectFrom('jobs')
      .select('org_id')
      .where('state', '=', 'running')
      .where('lease_until', '>=', now)
      .where('org_id', 'is not', null)
      .groupBy('org_id')
      .having(sql<number>`count(*)`, '>=', orgConcurrency)
      .execute();
    const window = Math.max(limit * 4, 16);
    const busyIds = busy.map((b) => b.org_id as number);
    const due = (exclude: readonly number[]) => {
      let query = trx
        .selectFrom('jobs')
        .select(candidateColumns)
        .where('type', 'in', [...types])
        .where(isDue(now))
        .orderBy('priority', 'desc')
        .orderBy('run_at')
        .orderBy('id')
        // More than `limit`: some candidates may belong to an organization with fewer free slots.
        .limit(window);
      if (busyIds.length > 0) {
        query = query.where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', 'not in', busyIds)]));
      }
      if (exclude.length > 0) query = query.where('id', 'not in', exclude);
      return query;
    };
    let candidates: Candidate[];
    if (dialect === 'postgres') {
      // PostgreSQL locks rows as the LIMIT takes them, skipping those another claimer holds.
      candidates = await due([]).forNoKeyUpdate().skipLocked().execute();
    } else if (dialect === 'mysql') {
      candidates = await mysqlCandidates(trx, due, limit, window, now);
    } else {
      candidates = await due([]).execute();
    }
    return (await claimCandidates(trx, dialect, candidates, options, limit)).claimed;
  });
}

/** Queued and due, or running with an expired lease. */
function isDue(now: Date) {
  return (eb: ExpressionBuilder<DB, 'jobs'>) =>
    eb.or([
      eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
      eb.and([eb('state', '=', 'running'), eb('lease_until', '<', now)]),
    ]);
}

/**
 * MariaDB/MySQL lock every row a sorted locking read examines, not only the LIMIT it returns
 * (measured: a LIMIT 16 claim over 500 due jobs held 500 row locks), so one claimer would hold
 * every due job and the others would skip them all. So the window is read without locks and
 * then locked by primary key, re-checking that each row is still due; when other claimers hold
 * most of a window, the next window is tried (a few rounds at most).
 */
async function mysqlCandidates(
  trx: Kysely<DB>,
  due: (exclude: readonly number[]) => SelectQueryBuilder<DB, 'jobs', Candidate>,
  limit: number,
  window: number,
  now: Date,
): Promise<Candidate[]> {
  const taken: Candidate[] = [];
  const seen: number[] = [];
  for (let round = 0; round < 3 && taken.length < limit; round++) {
    const ids = (await due(seen).execute()).map((c) => c.id);
    if (ids.length === 0) break;
    const locked = await trx
      .selectFrom('jobs')
      .select(candidateColumns)
      .where('id', 'in', ids)
      .where(isDue(now))
      .orderBy('priority', 'desc')
      .orderBy('run_at')
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .execute();
    taken.push(...locked);
    if (ids.length < window) break;
    seen.push(...ids);
  }
  return taken;
}

export type ClaimOne =
  | { readonly claimed: ClaimedJob }
  | { readonly notDueUntil: Date }
  | { readonly orgBusy: true }
  | { readonly gone: true };

/**
 * Claims one given job (the BullMQ dispatcher delivers ids): claimed, not due until a later
 * instant, its organization at its limit, or gone (finished, cancelled, unknown, or leased to a
 * live worker).
 */
export async function claimJob(
  db: Kysely<DB>,
  dialect: Dialect,
  options: ClaimOptions & { readonly jobId: number },
): Promise<ClaimOne> {
  const { jobId, now } = options;
  return writeTransaction(db, async (trx): Promise<ClaimOne> => {
    let query = trx
      .selectFrom('jobs')
      .select([...candidateColumns, 'run_at', 'lease_until'])
      .where('id', '=', jobId);
    if (dialect === 'postgres') query = query.forNoKeyUpdate();
    else if (dialect === 'mysql') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) return { gone: true };
    if (row.state === 'queued') {
      const runAt = new Date(row.run_at);
      if (runAt > now) return { notDueUntil: runAt };
    } else if (row.state !== 'running' || row.lease_until === null || new Date(row.lease_until) >= now) {
      return { gone: true };
    }
    const { claimed, orgBusy } = await claimCandidates(trx, dialect, [row], options, 1);
    const job = claimed[0];
    if (job) return { claimed: job };
    return orgBusy ? { orgBusy: true } : { gone: true };
  });
}

/**
 * Due queued jobs and running jobs whose lease expired, oldest first: the BullMQ dispatcher
 * announces these again now and then, so a job Redis lost is still delivered.
 */
export async function findStrandedJobs(
  db: Kysely<DB>,
  { now, limit }: { now: Date; limit: number },
): Promise<AnnouncedJob[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['id', 'type', 'run_at', 'priority'])
    .where(isDue(now))
    .orderBy('run_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, type: r.type, runAt: new Date(r.run_at), priority: r.priority }));
}

/**
 * Takes candidates (locked by the caller) in order until `limit`, within each organization's free
 * slots. A running candidate with an expired lease first has that attempt closed; if a cancel was
 * asked it ends cancelled, and if it has used up its attempts it ends dead, instead of running again.
 */
async function claimCandidates(
  trx: Kysely<DB>,
  dialect: Dialect,
  candidates: readonly Candidate[],
  { workerId, leaseMs, orgConcurrency, now }: ClaimOptions,
  limit: number,
): Promise<{ claimed: ClaimedJob[]; orgBusy: boolean }> {
  const free = await freeSlots(trx, dialect, candidates, orgConcurrency, now);
  const picked: Candidate[] = [];
  let orgBusy = false;
  for (const job of candidates) {
    if (picked.length >= limit) break;
    if (job.state === 'running') {
      const attempt = { jobId: job.id, attempt: job.attempts };
      const errorText = JSON.stringify(leaseExpiredError);
      if (job.cancel_requested === 1 || job.attempts >= job.max_attempts) {
        const state = job.cancel_requested === 1 ? 'cancelled' : 'dead';
        await closeAttempt(trx, attempt, 'lease-expired', errorText, now);
        await trx
          .updateTable('jobs')
          .set({
            state,
            error: state === 'dead' ? errorText : undefined,
            dedupe_slot: null,
            lease_owner: null,
            lease_until: null,
            finished_at: now,
            updated_at: now,
          })
          .where('id', '=', job.id)
          .execute();
        await appendEvent(
          trx,
          job.id,
          'state',
          { state, attempt: job.attempts, error: leaseExpiredError },
          now,
        );
        continue;
      }
    }
    if (job.org_id !== null) {
      const left = free.get(job.org_id) ?? 0;
      if (left <= 0) {
        orgBusy = true;
        continue;
      }
      free.set(job.org_id, left - 1);
    }
    if (job.state === 'running') {
      await closeAttempt(
        trx,
        { jobId: job.id, attempt: job.attempts },
        'lease-expired',
        JSON.stringify(leaseExpiredError),
        now,
      );
    }
    picked.push(job);
  }
  if (picked.length === 0) return { claimed: [], orgBusy };
  const ids = picked.map((j) => j.id);
  await trx
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      attempts: eb('attempts', '+', 1),
      lease_owner: workerId,
      lease_until: new Date(now.getTime() + leaseMs),
      // The first start stays: a retry does not make an old job look new.
      started_at: sql<Date>`coalesce(${sql.ref('started_at')}, ${now})`,
      updated_at: now,
    }))
    .where('id', 'in', ids)
    .execute();
  await trx
    .insertInto('job_attempts')
    .values(picked.map((j) => ({ job_id: j.id, attempt: j.attempts + 1, worker: workerId, started_at: now })))
    .execute();
  await trx
    .insertInto('job_events')
    .values(
      picked.map((j) => ({
        job_id: j.id,
        kind: 'state' as const,
        data: JSON.stringify({ state: 'running', attempt: j.attempts + 1 }),
        created_at: now,
      })),
    )
    .execute();
  const rows = await trx.selectFrom('jobs').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { claimed: ids.map((id) => byId.get(id) as ClaimedJob), orgBusy };
}

/** Free slots per organization among the candidates, counted under the organizations' locks. */
async function freeSlots(
  trx: Kysely<DB>,
  dialect: Dialect,
  candidates: readonly Candidate[],
  orgConcurrency: number,
  now: Date,
): Promise<Map<number, number>> {
  const orgIds = [...new Set(candidates.map((c) => c.org_id).filter((id): id is number => id !== null))].sort(
    (a, b) => a - b,
  );
  const free = new Map<number, number>();
  if (orgIds.length === 0) return free;
  if (dialect !== 'sqlite') {
    // NO KEY UPDATE on PostgreSQL: enqueues (whose foreign key takes KEY SHARE) are not blocked.
    const lock = trx.selectFrom('organizations').select('id').where('id', 'in', orgIds).orderBy('id');
    await (dialect === 'postgres' ? lock.forNoKeyUpdate() : lock.forUpdate()).execute();
  }
  const running = await trx
    .selectFrom('jobs')
    .select(['org_id', sql<number>`count(*)`.as('n')])
    .where('state', '=', 'running')
    .where('lease_until', '>=', now)
    .where('org_id', 'in', orgIds)
    .groupBy('org_id')
    .execute();
  for (const id of orgIds) free.set(id, orgConcurrency);
  for (const r of running) free.set(r.org_id as number, orgConcurrency - Number(r.n));
  return free;
}
