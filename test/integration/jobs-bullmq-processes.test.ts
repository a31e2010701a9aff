import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createJobQueue, findJob, type JobQueue } from '../../src/modules/jobs/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { createOrg, silentLog, testJobsConfig, waitFor } from '../support/job-behaviour.js';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.js';
import { effectJob, startWorkerProcess, tickJob, type WorkerProcess } from '../support/worker-process.js';

/**
 * Real worker processes on the BullMQ backend (issue #8): each suite has a Redis of its own (the
 * processes use the production key prefix), and the jobs table on each dialect is the record.
 */
describe.each(testDialects)('BullMQ worker processes (record on %s)', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let databaseUrl: string;
  let redis: PrivateRedis;
  let queue: JobQueue;
  const children: WorkerProcess[] = [];
  const startWorker = (env: Record<string, string> = {}) => {
    const w = startWorkerProcess({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      LANEWISE_JOB_BACKEND: 'bullmq',
      LANEWISE_JOB_POLL_MS: '100',
      LANEWISE_JOB_LEASE_MS: '10000',
      LANEWISE_WORKER_CONCURRENCY: '4',
      ...env,
    });
    children.push(w);
    return w;
  };

  beforeAll(async () => {
    redis = await startPrivateRedis();
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
    // This process only enqueues (announcing through Redis); the workers are child processes.
    queue = await createJobQueue({
      database,
      config: { ...testJobsConfig, backend: 'bullmq', redisUrl: redis.url },
      definitions: [effectJob, tickJob],
      log: silentLog,
    });
    expect(queue.backend).toBe('bullmq');
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
    await redis?.stop();
  });

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
  const count = async (text: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await text.execute(database.db)).rows[0]?.n);

  it('runs a job again after its worker is killed mid-job, and its effect happens once', async () => {
    const lease = { LANEWISE_JOB_LEASE_MS: '1500' };
    const doomed = startWorker(lease);
    // The rescuer is already up and idle on Redis: what reaches it is the reconcile's
    // re-announce once the lease expires (the first delivery was acknowledged at the claim).
    const rescuer = startWorker(lease);
    await Promise.all([doomed.started(), rescuer.started()]);
    const { job } = await queue.enqueue('test.effect', { holdFirstMs: 120_000 }, { orgId: null });
    const first = await waitFor('the first run to begin', async () => (await runsOf(job.id))[0]);
    const victim = first.pid === doomed.pid ? doomed : rescuer;
    const survivor = victim === doomed ? rescuer : doomed;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const done = await waitFor(
      'the job to succeed',
      async () => {
        const found = await findJob(database.db, 'all', job.id);
        return found?.state === 'succeeded' ? found : undefined;
      },
      60_000,
    );
    expect(done.attemptHistory.map((a) => a.outcome)).toEqual(['lease-expired', 'succeeded']);
    expect(await runsOf(job.id)).toEqual([
      { attempt: 1, pid: victim.pid },
      { attempt: 2, pid: survivor.pid },
    ]);
    expect(await effectsOf(job.id)).toEqual([survivor.pid]);
  });

  it('drains a thousand jobs with four worker processes, each job run once', async () => {
    const orgs = await Promise.all([1, 2, 3, 4, 5].map((i) => createOrg(database, `bull-drain-${i}`)));
    const four = [1, 2, 3, 4].map(() => startWorker({ LANEWISE_JOB_ORG_CONCURRENCY: '4' }));
    await Promise.all(four.map((w) => w.started()));
    const ids: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      ids.push((await queue.enqueue('test.effect', {}, { orgId: orgs[i % orgs.length] as number })).job.id);
    }
    const first = ids[0] as number;
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
    // Every job ran exactly once: duplicate deliveries (if any) were refused at the claim.
    expect(
      await count(sql<{ n: number }>`select count(*) as n from test_runs where job_id >= ${first}`),
    ).toBe(1_000);
    const pids = await sql<{
      pid: number;
    }>`select distinct pid from test_effects where job_id >= ${first}`.execute(database.db);
    // Redis pushed work to every process, not just one.
    expect(pids.rows.length).toBe(4);
    for (const w of four) w.child.kill('SIGTERM');
    for (const w of four) expect((await w.exited).code).toBe(0);
  });
});
