import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { JobsConfig } from '../../src/config.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { Dialect } from '../../src/db/url.js';
import { createJobQueue, findJob, type JobDetail, type JobQueue } from '../../src/modules/jobs/index.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { createOrg, silentLog, testJobsConfig, waitFor } from './job-behaviour.js';
import { effectJob, startWorkerProcess, tickJob, type WorkerProcess } from './worker-process.js';

/**
 * Real worker processes on one database, for either backend: the suites of
 * jobs-processes.test.ts (database) and jobs-bullmq-processes.test.ts share this fixture and the
 * scenarios below, so both backends are held to the same checks.
 */
export interface ProcessBackend {
  /** Added to every worker process's environment (e.g. REDIS_URL and LANEWISE_JOB_BACKEND). */
  readonly env: () => Record<string, string>;
  /** Overrides for this process's enqueuing queue. */
  readonly queueConfig: () => Partial<JobsConfig>;
  readonly start?: () => Promise<void>;
  readonly stop?: () => Promise<void>;
}

export interface ProcessFixture {
  readonly database: () => Database;
  /** The enqueuing queue of the test process (it runs no worker). */
  readonly queue: () => JobQueue;
  readonly databaseUrl: () => string;
  /** A worker child process with test defaults (fast polling, a 10 s lease, concurrency 4) and `env`. */
  startWorker(env?: Record<string, string>, args?: string[]): WorkerProcess;
  /** Every run of a job (test_runs), by attempt. */
  runsOf(jobId: number): Promise<{ attempt: number; pid: number }[]>;
  /** The processes that had the job's effect (test_effects): one, however often it ran. */
  effectsOf(jobId: number): Promise<number[]>;
  succeeded(jobId: number, timeoutMs?: number): Promise<JobDetail>;
}

/** Registers the suite's hooks: a migrated database, the effect tables, a queue; kills leftover children. */
export function useProcessFixture(dialect: Dialect, backend: ProcessBackend): ProcessFixture {
  let testDb: TestDatabase;
  let database: Database;
  let databaseUrl: string;
  let queue: JobQueue;
  const children: WorkerProcess[] = [];

  beforeAll(async () => {
    await backend.start?.();
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
    queue = await createJobQueue({
      database,
      config: { ...testJobsConfig, ...backend.queueConfig() },
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
    await backend.stop?.();
  });

  return {
    database: () => database,
    queue: () => queue,
    databaseUrl: () => databaseUrl,
    startWorker(env = {}, args) {
      const w = startWorkerProcess(
        {
          DATABASE_URL: databaseUrl,
          LANEWISE_JOB_POLL_MS: '100',
          LANEWISE_JOB_LEASE_MS: '10000',
          LANEWISE_WORKER_CONCURRENCY: '4',
          ...backend.env(),
          ...env,
        },
        args,
      );
      children.push(w);
      return w;
    },
    async runsOf(jobId) {
      const { rows } = await sql<{
        attempt: number;
        pid: number;
      }>`select attempt, pid from test_runs where job_id = ${jobId} order by attempt`.execute(database.db);
      return rows.map((r) => ({ attempt: Number(r.attempt), pid: Number(r.pid) }));
    },
    async effectsOf(jobId) {
      const { rows } = await sql<{
        pid: number;
      }>`select pid from test_effects where job_id = ${jobId}`.execute(database.db);
      return rows.map((r) => Number(r.pid));
    },
    succeeded: (jobId, timeoutMs = 60_000) =>
      waitFor(
        `job ${jobId} to succeed`,
        async () => {
          const job = await findJob(database.db, 'all', jobId);
          return job?.state === 'succeeded' ? job : undefined;
        },
        timeoutMs,
      ),
  };
}

/**
 * Four worker processes drain a thousand jobs of five organizations: every job succeeds, has its
 * effect once and ran once (no lease expired, no two workers took the same job). Answers how many
 * of the four processes did some of the work.
 */
export async function drainThousandWithFour(f: ProcessFixture, orgPrefix: string): Promise<number> {
  const database = f.database();
  const orgs = await Promise.all([1, 2, 3, 4, 5].map((i) => createOrg(database, `${orgPrefix}-${i}`)));
  const four = [1, 2, 3, 4].map(() => f.startWorker({ LANEWISE_JOB_ORG_CONCURRENCY: '4' }));
  await Promise.all(four.map((w) => w.started()));
  const ids: number[] = [];
  for (let i = 0; i < 1_000; i++) {
    ids.push((await f.queue().enqueue('test.effect', {}, { orgId: orgs[i % orgs.length] as number })).job.id);
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
  expect(await count(sql<{ n: number }>`select count(*) as n from test_runs where job_id >= ${first}`)).toBe(
    1_000,
  );
  const pids = await sql<{
    pid: number;
  }>`select distinct pid from test_effects where job_id >= ${first}`.execute(database.db);
  for (const w of four) w.child.kill('SIGTERM');
  for (const w of four) expect((await w.exited).code).toBe(0);
  return pids.rows.length;
}
