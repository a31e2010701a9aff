import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createJobQueue, findJob, type JobQueue } from '../../src/modules/jobs/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { createOrg, silentLog, testJobsConfig, waitFor } from '../support/job-behaviour.js';
import { effectJob, startWorkerProcess, tickJob, type WorkerProcess } from '../support/worker-process.js';

/**
 * Several real worker processes on one database (issue #8): a process killed mid-job, four
 * processes draining a thousand jobs, a cron schedule with three processes, SIGTERM.
 */
describe.each(testDialects)('worker processes on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let databaseUrl: string;
  let queue: JobQueue;
  const children: WorkerProcess[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    databaseUrl = testDb.target.dialect === 'sqlite' ? `sqlite:${testDb.target.file}` : testDb.target.url;
    await database.db.schema
      .createTable('test_runs')
      .addColumn('job_id', 'bigint', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('pid', 'integer', (c) => c.notNull())
      .execute();
    await database.db.schema
      .createTable('test_effects')
      .addColumn('job_id', 'bigint', (c) => c.primaryKey())
      .addColumn('pid', 'integer', (c) => c.notNull())
      .execute();
    // This process only enqueues; the workers are the child processes.
    queue = await createJobQueue({
      database,
      config: testJobsConfig,
      definitions: [effectJob, tickJob],
      log: silentLog,
    });
  });
  afterEach(async () => {
    for (const w of children.splice(0)) {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await w.exited;
    }
  });
  afterAll(async () => {
    await queue?.close(0);
    await database?.close();
    await testDb?.drop();
  });

  function startWorker(env: Record<string, string> = {}, args?: string[]): WorkerProcess {
    const w = startWorkerProcess(
      {
        DATABASE_URL: databaseUrl,
        LANEWISE_JOB_POLL_MS: '100',
        LANEWISE_JOB_LEASE_MS: '10000',
        LANEWISE_WORKER_CONCURRENCY: '4',
        ...env,
      },
      args,
    );
    children.push(w);
    return w;
  }

  const started = (w: WorkerProcess) => w.started();

  const runsOf = async (jobId: number) =>
    (
      await sql<{
        attempt: number;
        pid: number;
      }>`select attempt, pid from test_runs where job_id = ${jobId} order by attempt`.execute(database.db)
    ).rows.map((r) => ({ attempt: Number(r.attempt), pid: Number(r.pid) }));
  const effectsOf = async (jobId: number) =>
    (
      await sql<{ pid: number }>`select pid from test_effects where job_id = ${jobId}`.execute(database.db)
    ).rows.map((r) => Number(r.pid));
  const succeeded = (id: number, timeoutMs = 60_000) =>
    waitFor(
      `job ${id} to succeed`,
      async () => {
        const job = await findJob(database.db, 'all', id);
        return job?.state === 'succeeded' ? job : undefined;
      },
      timeoutMs,
    );

  it('refuses to start on a database whose schema is not current', async () => {
    const empty = await createTestDatabase(dialect);
    try {
      const url = empty.target.dialect === 'sqlite' ? `sqlite:${empty.target.file}` : empty.target.url;
      const w = startWorker({ DATABASE_URL: url }, ['src/main.ts', 'worker']);
      const { code } = await w.exited;
      expect(code).toBe(1);
      expect(w.output()).toContain('run `lanewise migrate up`');
      expect(w.output()).toContain('[SCHEMA_NOT_CURRENT]');
    } finally {
      await empty.drop();
    }
  });

  it('refuses an unknown job type in --types and exits', async () => {
    const w = startWorker({}, ['src/main.ts', 'worker', '--types', 'imports.nothing-like-this']);
    const { code } = await w.exited;
    expect(code).toBe(1);
    expect(w.output()).toContain('[JOBS_UNKNOWN_TYPE]');
  });

  it('runs a job again after its worker is killed mid-job, and its effect happens once', async () => {
    // A short lease for the worker that dies; the rescuer keeps the default, so a stalled
    // heartbeat on a loaded machine cannot make it lose the re-run too.
    const doomed = startWorker({ LANEWISE_JOB_LEASE_MS: '1500' });
    await started(doomed);
    const { job } = await queue.enqueue('test.effect', { holdFirstMs: 120_000 }, { orgId: null });
    await waitFor('the first run to begin', async () => (await runsOf(job.id)).length === 1);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const rescuer = startWorker();
    await started(rescuer);
    const done = await succeeded(job.id);
    expect(done.attemptHistory.map((a) => a.outcome)).toEqual(['lease-expired', 'succeeded']);
    expect(await runsOf(job.id)).toEqual([
      { attempt: 1, pid: doomed.pid },
      { attempt: 2, pid: rescuer.pid },
    ]);
    expect(await effectsOf(job.id)).toEqual([rescuer.pid]);
  });

  it('drains a thousand jobs with four worker processes, each job done once', async () => {
    const orgs = await Promise.all([1, 2, 3, 4, 5].map((i) => createOrg(database, `drain-${i}`)));
    const workers = [1, 2, 3, 4].map(() => startWorker({ LANEWISE_JOB_ORG_CONCURRENCY: '4' }));
    await Promise.all(workers.map(started));
    const ids: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      ids.push((await queue.enqueue('test.effect', {}, { orgId: orgs[i % orgs.length] as number })).job.id);
    }
    const first = ids[0] as number;
    const count = async (text: ReturnType<typeof sql<{ n: number }>>) =>
      Number((await text.execute(database.db)).rows[0]?.n);
    await waitFor(
      'all thousand jobs to succeed',
      async () =>
        (await count(
          sql<{
            n: number;
          }>`select count(*) as n from jobs where type = 'test.effect' and id >= ${first} and state = 'succeeded'`,
        )) === 1_000,
      240_000,
    );
    expect(
      await count(sql<{ n: number }>`select count(*) as n from test_effects where job_id >= ${first}`),
    ).toBe(1_000);
    // Every job ran exactly once: no lease expired and no two workers took the same job.
    expect(
      await count(sql<{ n: number }>`select count(*) as n from test_runs where job_id >= ${first}`),
    ).toBe(1_000);
    const pids = await sql<{
      pid: number;
    }>`select distinct pid from test_effects where job_id >= ${first}`.execute(database.db);
    expect(pids.rows.length).toBeGreaterThan(1);
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) expect((await w.exited).code).toBe(0);
  });

  it('fires a per-second cron schedule once per tick with three worker processes', async () => {
    const workers = [1, 2, 3].map(() => startWorker({ LANEWISE_TEST_CRON: '1' }));
    await Promise.all(workers.map(started));
    const ticks = async () =>
      (
        await sql<{ run_at: Date | string }>`select run_at from jobs where type = 'test.tick'`.execute(
          database.db,
        )
      ).rows;
    await waitFor('five ticks', async () => (await ticks()).length >= 5, 60_000);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    const rows = await ticks();
    // A tick's job is enqueued at or after its tick, and the next tick is a second later: a tick
    // fired by two workers would show as two jobs within one second.
    const seconds = rows.map((r) => Math.floor(new Date(r.run_at).getTime() / 1000));
    expect(new Set(seconds).size).toBe(rows.length);
  });

  it('lets a running job finish on SIGTERM, then exits 0', async () => {
    const w = startWorker({ LANEWISE_SHUTDOWN_TIMEOUT_MS: '60000' });
    await started(w);
    const { job } = await queue.enqueue('test.effect', { holdFirstMs: 1_500 }, { orgId: null });
    await waitFor('the run to begin', async () => (await runsOf(job.id)).length === 1);
    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    const done = await findJob(database.db, 'all', job.id);
    expect(done?.state).toBe('succeeded');
    expect(done?.attemptHistory.map((a) => a.outcome)).toEqual(['succeeded']);
    expect(await effectsOf(job.id)).toEqual([w.pid]);
  });

  it('releases a job still running when the shutdown timeout passes, for another worker', async () => {
    const w = startWorker({ LANEWISE_SHUTDOWN_TIMEOUT_MS: '200' });
    await started(w);
    const { job } = await queue.enqueue('test.effect', { holdFirstMs: 120_000 }, { orgId: null });
    await waitFor('the run to begin', async () => (await runsOf(job.id)).length === 1);
    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    const released = await findJob(database.db, 'all', job.id);
    expect(released?.state).toBe('queued');
    expect(released?.attemptHistory.map((a) => a.outcome)).toEqual(['released']);
    const next = startWorker();
    await started(next);
    const done = await succeeded(job.id);
    expect(done.attemptHistory.map((a) => a.outcome)).toEqual(['released', 'succeeded']);
    expect(await effectsOf(job.id)).toEqual([next.pid]);
  });
});
