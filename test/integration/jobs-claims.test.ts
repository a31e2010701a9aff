import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { claimDueJobs, claimJob, findStrandedJobs } from '../../src/modules/jobs/backend.js';
import { createRegistry } from '../../src/modules/jobs/define.js';
import { createJobQueue, defineJob, defineSchedule, findJob } from '../../src/modules/jobs/index.js';
import { fireDueSchedules, upsertSchedules } from '../../src/modules/jobs/schedules.js';
import { insertJob, succeedJob } from '../../src/modules/jobs/store.js';
import { testDialects } from '../support/databases.js';
import {
  createOrg,
  databaseJobFixture,
  type JobBackendFixture,
  silentLog,
  testJobsConfig,
  uniqueType,
  waitFor,
} from '../support/job-behaviour.js';

/** What only the database backend has to prove: claiming, leases and schedules on each dialect. */
describe.each(testDialects)('job claiming on %s', (dialect) => {
  let fx: JobBackendFixture;
  let orgId: number;
  beforeAll(async () => {
    fx = await databaseJobFixture(dialect);
    orgId = await createOrg(fx.database, 'claims');
  });
  afterAll(() => fx?.close());

  const add = (type: string, options: { orgId?: number | null; runAt?: Date; key?: string } = {}) =>
    insertJob(fx.database.db, {
      orgId: options.orgId === undefined ? orgId : options.orgId,
      type,
      payload: '{}',
      priority: 0,
      runAt: options.runAt ?? new Date(Date.now() - 1),
      maxAttempts: 3,
      dedupeKey: options.key ?? null,
      createdBy: null,
      now: new Date(),
    }).then((r) => r.row);

  // On PostgreSQL and MariaDB the pool's connections claim truly in parallel.
  const claimer = (workerId: string, types: string[], limit: number, orgConcurrency = 100) =>
    claimDueJobs(fx.database.db, dialect, {
      workerId,
      types,
      limit,
      leaseMs: 60_000,
      orgConcurrency,
      now: new Date(),
    });

  it('gives each due job to exactly one of many concurrent claimers', async () => {
    const type = uniqueType('disjoint');
    for (let i = 0; i < 120; i++) await add(type, { orgId: null });
    const claimedBy = new Map<number, string>();
    for (let round = 0; round < 50 && claimedBy.size < 120; round++) {
      const batches = await Promise.all(
        Array.from({ length: 6 }, (_, w) => claimer(`w${w}`, [type], 7).then((jobs) => ({ w, jobs }))),
      );
      for (const { w, jobs } of batches) {
        for (const job of jobs) {
          expect(claimedBy.has(job.id), `job ${job.id} claimed twice`).toBe(false);
          claimedBy.set(job.id, `w${w}`);
          expect(job).toMatchObject({ state: 'running', attempts: 1, lease_owner: `w${w}` });
        }
      }
    }
    expect(claimedBy.size).toBe(120);
    const attempts = await fx.database.db
      .selectFrom('job_attempts')
      .innerJoin('jobs', 'jobs.id', 'job_attempts.job_id')
      .select(['job_attempts.job_id', 'job_attempts.worker'])
      .where('jobs.type', '=', type)
      .execute();
    expect(attempts.length).toBe(120);
    for (const a of attempts) expect(a.worker).toBe(claimedBy.get(a.job_id));
  });

  it('never lets concurrent claimers exceed the per-organization limit', async () => {
    // Rounds of six claimers at once, each with room for five, on a fresh organization whose
    // limit is three: a check that is not under a lock lets two claimers both see free slots.
    for (let round = 0; round < 8; round++) {
      const type = uniqueType('org-limit');
      const org = await createOrg(fx.database, `limit-${round}`);
      for (let i = 0; i < 30; i++) await add(type, { orgId: org });
      const batches = await Promise.all(Array.from({ length: 6 }, (_, w) => claimer(`l${w}`, [type], 5, 3)));
      expect(batches.flat().length).toBe(3);
      // And later claims still find the organization full.
      expect(await claimer('late', [type], 5, 3)).toEqual([]);
    }
    // Installation jobs are not limited.
    const system = uniqueType('unlimited');
    for (let i = 0; i < 6; i++) await add(system, { orgId: null });
    expect((await claimer('sys', [system], 10, 1)).length).toBe(6);
  });

  it('runs a job again after its lease expires, closing the abandoned attempt', async () => {
    const type = uniqueType('orphan');
    const definitions = [defineJob({ type, payload: z.object({}), handle: async () => ({ ok: true }) })];
    const job = await add(type);
    // A worker that claims and then dies: it never heartbeats.
    const [ghost] = await claimDueJobs(fx.database.db, dialect, {
      workerId: 'ghost',
      types: [type],
      limit: 1,
      leaseMs: 1_000,
      orgConcurrency: 10,
      now: new Date(),
    });
    expect(ghost?.id).toBe(job.id);
    const q = await fx.queue({ definitions });
    try {
      q.startWorker({ concurrency: 1 });
      const done = await waitFor('re-run', async () => {
        const j = await findJob(fx.database.db, 'all', job.id);
        return j?.state === 'succeeded' ? j : undefined;
      });
      expect(done.attemptHistory).toMatchObject([
        { attempt: 1, worker: 'ghost', outcome: 'lease-expired', error: { code: 'JOBS_LEASE_EXPIRED' } },
        { attempt: 2, outcome: 'succeeded' },
      ]);
      // The ghost waking up cannot overwrite the new run.
      const late = await succeedJob(
        fx.database.db,
        { jobId: job.id, attempt: 1, workerId: 'ghost' },
        '{"stale":1}',
        new Date(),
      );
      expect(late).toBe(false);
      expect((await findJob(fx.database.db, 'all', job.id))?.result).toEqual({ ok: true });
    } finally {
      await q.close(0);
    }
  });

  it('tells the observer what its worker runs (what metrics count)', async () => {
    const calls: string[] = [];
    const type = uniqueType('observed');
    let failures = 1;
    const q = await createJobQueue({
      database: fx.database,
      config: testJobsConfig,
      definitions: [
        defineJob({
          type,
          payload: z.object({ fail: z.boolean() }),
          maxAttempts: 2,
          backoff: { baseMs: 10, maxMs: 20 },
          async handle({ payload }) {
            if (payload.fail || failures-- > 0) throw new Error('no');
          },
        }),
      ],
      log: silentLog,
      observer: {
        started: (t, attempt) => calls.push(`started ${t === type} ${attempt}`),
        finished: (t, outcome, ms) => calls.push(`finished ${t === type} ${outcome} ${ms >= 0}`),
        retried: (t) => calls.push(`retried ${t === type}`),
        deadLettered: (t) => calls.push(`dead ${t === type}`),
      },
    });
    try {
      q.startWorker({ concurrency: 1 });
      const { job: once } = await q.enqueue(type, { fail: false }, { orgId: null });
      await waitFor(
        'retried job done',
        async () => (await findJob(fx.database.db, 'all', once.id))?.state === 'succeeded',
      );
      await waitFor('the first job’s calls', () => calls.length >= 5, 5_000).catch(() => undefined);
      const { job: never } = await q.enqueue(type, { fail: true }, { orgId: null });
      await waitFor('dead', async () => (await findJob(fx.database.db, 'all', never.id))?.state === 'dead');
      // The observer hears of an outcome once it is stored, so its last calls may follow the state.
      await waitFor('the observer calls', () => calls.length >= 11, 5_000).catch(() => undefined);
      expect(calls).toEqual([
        'started true 1',
        'finished true failed true',
        'retried true',
        'started true 2',
        'finished true succeeded true',
        'started true 1',
        'finished true failed true',
        'retried true',
        'started true 2',
        'finished true failed true',
        'dead true',
      ]);
    } finally {
      await q.close(0);
    }
  });

  it('answers claimJob for each state a delivered id can be in', async () => {
    const type = uniqueType('deliver');
    const later = new Date(Date.now() + 3_600_000);
    const future = await add(type, { runAt: later });
    const org = await createOrg(fx.database, 'deliver');
    const first = await add(type, { orgId: org });
    const second = await add(type, { orgId: org });
    const options = { workerId: 'b1', leaseMs: 60_000, orgConcurrency: 1, now: new Date() };
    expect(await claimJob(fx.database.db, dialect, { ...options, jobId: future.id })).toEqual({
      notDueUntil: later,
    });
    expect(await claimJob(fx.database.db, dialect, { ...options, jobId: 999_999_999 })).toEqual({
      gone: true,
    });
    const claimed = await claimJob(fx.database.db, dialect, { ...options, jobId: first.id });
    expect('claimed' in claimed && claimed.claimed).toMatchObject({
      id: first.id,
      state: 'running',
      lease_owner: 'b1',
    });
    // Leased to a live worker: not this one's to run.
    expect(await claimJob(fx.database.db, dialect, { ...options, workerId: 'b2', jobId: first.id })).toEqual({
      gone: true,
    });
    expect(await claimJob(fx.database.db, dialect, { ...options, jobId: second.id })).toEqual({
      orgBusy: true,
    });
    // Once the lease is over, the job is due again.
    const afterLease = { ...options, workerId: 'b2', now: new Date(Date.now() + 120_000) };
    const again = await claimJob(fx.database.db, dialect, { ...afterLease, jobId: first.id });
    expect('claimed' in again && again.claimed).toMatchObject({
      id: first.id,
      attempts: 2,
      lease_owner: 'b2',
    });
  });

  it('finds stranded jobs: due queued ones and running ones whose lease expired', async () => {
    const type = uniqueType('stranded');
    const due = await add(type, { orgId: null });
    const future = await add(type, { orgId: null, runAt: new Date(Date.now() + 3_600_000) });
    const live = await add(type, { orgId: null });
    await claimJob(fx.database.db, dialect, {
      jobId: live.id,
      workerId: 'alive',
      leaseMs: 60_000,
      orgConcurrency: 1,
      now: new Date(),
    });
    const now = new Date();
    const ids = (await findStrandedJobs(fx.database.db, { now, limit: 10_000 })).map((j) => j.id);
    expect(ids).toContain(due.id);
    expect(ids).not.toContain(future.id);
    expect(ids).not.toContain(live.id);
    const laterIds = (
      await findStrandedJobs(fx.database.db, { now: new Date(now.getTime() + 120_000), limit: 10_000 })
    ).map((j) => j.id);
    expect(laterIds).toContain(live.id);
  });

  it('fires a cron tick once with three workers, and missed ticks once', async () => {
    const type = uniqueType('tick');
    const name = `tick-${type.split('.')[1]}`;
    const definitions = [defineJob({ type, payload: z.object({}), handle: async () => undefined })];
    const schedules = [defineSchedule({ name, cron: '* * * * * *', type, payload: {} })];
    const queues = await Promise.all([1, 2, 3].map(() => fx.queue({ definitions, schedules })));
    try {
      for (const q of queues) q.startWorker({ concurrency: 2 });
      const jobs = () =>
        fx.database.db.selectFrom('jobs').select(['run_at', 'created_by']).where('type', '=', type).execute();
      await waitFor('four ticks', async () => (await jobs()).length >= 4);
      await Promise.all(queues.map((q) => q.close(0)));
      const rows = await jobs();
      // A tick's job is enqueued at or after the tick and the next tick comes a second later,
      // so a tick fired twice would show as two jobs in one second.
      const seconds = rows.map((r) => Math.floor(new Date(r.run_at).getTime() / 1000));
      expect(new Set(seconds).size).toBe(rows.length);
      expect(new Set(rows.map((r) => r.created_by))).toEqual(new Set([`schedule:${name}`]));
    } finally {
      await Promise.all(queues.map((q) => q.close(0)));
    }

    // No worker ran for an hour: the schedule fires once, then waits for its next tick.
    const registry = createRegistry(definitions, [
      defineSchedule({ name: `${name}-h`, cron: '0 * * * *', type, payload: {} }),
    ]);
    const hourAgo = new Date(Date.now() - 3_600_000 * 5);
    await upsertSchedules(fx.database.db, registry.schedules, hourAgo);
    const now = new Date();
    const fired = await Promise.all([1, 2, 3].map(() => fireDueSchedules(fx.database.db, registry, now)));
    expect(fired.flat().length).toBe(1);
    expect(await fireDueSchedules(fx.database.db, registry, now)).toEqual([]);
    const row = await fx.database.db
      .selectFrom('job_schedules')
      .select('next_run_at')
      .where('name', '=', `${name}-h`)
      .executeTakeFirstOrThrow();
    expect(new Date(row.next_run_at).getTime()).toBeGreaterThan(now.getTime());
  });
});
