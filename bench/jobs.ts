import { sql } from 'kysely';
import { pino } from 'pino';
import type { JobsConfig } from '../src/config.js';
import { connect, type Database } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { toDate } from '../src/db/types.js';
import type { Dialect } from '../src/db/url.js';
import { createJobQueue, type JobQueue } from '../src/modules/jobs/index.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import { noopJob, startWorkerProcess, type WorkerProcess } from '../test/support/worker-process.js';
import { section } from './report.js';

/**
 * Background jobs (issue #8): no-op jobs enqueued and processed per second, and enqueue-to-start
 * latency, per backend, with one worker (in this process) and four (separate processes).
 *
 * - enqueue/s: JOBS jobs added with 8 enqueues in flight, while the workers run;
 * - processed/s: those jobs over the time from the first enqueue to the last finish (the
 *   record's own created_at and finished_at);
 * - latency: LATENCY_JOBS jobs added one every 10 ms to idle workers; each job's first attempt
 *   start minus its creation. One in-process worker is woken by the enqueue itself; worker
 *   processes find a job at their next poll (database backend) or get it pushed (BullMQ).
 *
 * Every worker uses the default settings (concurrency 4, poll 1 s, lease 30 s) unless a backend
 * says otherwise. Another backend adds a row by passing its own JobBenchBackend to benchJobs.
 */
const JOBS = 2_000;
const LATENCY_JOBS = 200;

export interface JobBenchBackend {
  readonly label: string;
  /** The database that holds the record of the jobs (migrated, empty). */
  readonly database: Database;
  readonly config: JobsConfig;
  /** The environment a worker process needs for this backend (DATABASE_URL, REDIS_URL…). */
  readonly processEnv: Record<string, string>;
  close(): Promise<void>;
}

export interface JobBenchRow {
  readonly backend: string;
  readonly workers: string;
  readonly enqueuedPerS: number;
  readonly processedPerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const log = pino({ level: 'silent' });

/** Both worker set-ups on one backend. */
export async function benchJobs(backend: JobBenchBackend): Promise<JobBenchRow[]> {
  const queue = await createJobQueue({
    database: backend.database,
    config: backend.config,
    definitions: [noopJob],
    log,
  });
  try {
    const rows: JobBenchRow[] = [];
    {
      const worker = queue.startWorker({ concurrency: backend.config.concurrency });
      rows.push({ backend: backend.label, workers: '1 (in-process)', ...(await measure(backend, queue)) });
      await worker.stop(10_000);
    }
    const processes: WorkerProcess[] = [1, 2, 3, 4].map(() => startWorkerProcess(backend.processEnv));
    try {
      await Promise.all(processes.map((p) => p.started()));
      rows.push({ backend: backend.label, workers: '4 (processes)', ...(await measure(backend, queue)) });
    } finally {
      for (const p of processes) p.child.kill('SIGTERM');
      await Promise.all(processes.map((p) => p.exited));
    }
    return rows;
  } finally {
    await queue.close(0);
  }
}

async function measure(backend: JobBenchBackend, queue: JobQueue) {
  const db = backend.database.db;
  const ids: number[] = [];
  const startedAt = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < JOBS) {
        next++;
        ids.push((await queue.enqueue('test.noop', {}, { orgId: null })).job.id);
      }
    }),
  );
  const enqueueMs = performance.now() - startedAt;
  const first = Math.min(...ids);
  await until(async () => (await finishedSince(backend, first)) >= JOBS);
  const span = await db
    .selectFrom('jobs')
    .select([sql<Date | string>`min(created_at)`.as('from'), sql<Date | string>`max(finished_at)`.as('to')])
    .where('id', '>=', first)
    .executeTakeFirstOrThrow();
  const processMs = toDate(span.to).getTime() - toDate(span.from).getTime();

  const latencyIds: number[] = [];
  for (let i = 0; i < LATENCY_JOBS; i++) {
    latencyIds.push((await queue.enqueue('test.noop', {}, { orgId: null })).job.id);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const latencyFirst = Math.min(...latencyIds);
  await until(async () => (await finishedSince(backend, latencyFirst)) >= LATENCY_JOBS);
  const rows = await db
    .selectFrom('jobs')
    .innerJoin('job_attempts', 'job_attempts.job_id', 'jobs.id')
    .select(['jobs.created_at', 'job_attempts.started_at'])
    .where('jobs.id', '>=', latencyFirst)
    .where('job_attempts.attempt', '=', 1)
    .execute();
  const latencies = rows
    .map((r) => toDate(r.started_at).getTime() - toDate(r.created_at).getTime())
    .sort((a, b) => a - b);
  return {
    enqueuedPerS: (JOBS / enqueueMs) * 1000,
    processedPerS: (JOBS / Math.max(processMs, 1)) * 1000,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

async function finishedSince(backend: JobBenchBackend, firstId: number): Promise<number> {
  const row = await backend.database.db
    .selectFrom('jobs')
    .select(sql<number>`count(*)`.as('n'))
    .where('id', '>=', firstId)
    .where('state', '=', 'succeeded')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function until(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the benchmark jobs did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

/** The rows as a table (one per backend and worker set-up). */
export function printJobTable(rows: readonly JobBenchRow[]): void {
  const header = ['backend', 'workers', 'enqueued/s', 'processed/s', 'start p50 ms', 'start p99 ms'];
  const cells = rows.map((r) => [
    r.backend,
    r.workers,
    Math.round(r.enqueuedPerS).toLocaleString('en-US'),
    Math.round(r.processedPerS).toLocaleString('en-US'),
    String(Math.round(r.p50Ms)),
    String(Math.round(r.p99Ms)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) =>
    `| ${c.map((v, i) => (i < 2 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join(' | ')} |\n`;
  process.stdout.write(line(header));
  process.stdout.write(
    `|${widths.map((w, i) => (i < 2 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|\n`,
  );
  for (const c of cells) process.stdout.write(line(c));
}

/** The database backend on one dialect, with the default job settings. */
export async function databaseBenchBackend(dialect: Dialect): Promise<JobBenchBackend> {
  const testDb = await createTestDatabase(dialect);
  const database = connect(testDb.target);
  await migrateToLatest(database.db);
  const url = testDb.target.dialect === 'sqlite' ? `sqlite:${testDb.target.file}` : testDb.target.url;
  return {
    label: `database (${dialect})`,
    database,
    config: {
      backend: 'database',
      redisUrl: null,
      workerName: null,
      concurrency: 4,
      orgConcurrency: 2,
      leaseMs: 30_000,
      pollMs: 1_000,
      retentionDays: 14,
    },
    processEnv: { DATABASE_URL: url, LANEWISE_JOB_BACKEND: 'database' },
    close: async () => {
      await database.close();
      await testDb.drop();
    },
  };
}

/** Extra backends (BullMQ) append themselves here. */
export const jobBenchBackends: Array<() => Promise<JobBenchBackend>> = testDialects.map(
  (dialect) => () => databaseBenchBackend(dialect),
);

export const benchmark = {
  name: 'jobs',
  run: async () => {
    section(
      `background jobs: ${JOBS.toLocaleString('en-US')} no-op jobs; start latency over ${LATENCY_JOBS} jobs added every 10 ms`,
    );
    const rows: JobBenchRow[] = [];
    for (const make of jobBenchBackends) {
      const backend = await make();
      try {
        rows.push(...(await benchJobs(backend)));
      } finally {
        await backend.close();
      }
    }
    printJobTable(rows);
  },
};

// --- BullMQ rows (the BullMQ helper's part) ---------------------------------------------------

/**
 * BullMQ on a Redis of its own (a private `redis-server`, so the production key prefix is safe),
 * with the record on one dialect. Same default settings as the database rows; a worker gets its
 * jobs pushed by Redis, and the database is polled only by the reconcile (every 5 s).
 */
export async function bullmqBenchBackend(dialect: Dialect): Promise<JobBenchBackend> {
  const { startPrivateRedis } = await import('../test/support/redis-server.js');
  const redis = await startPrivateRedis();
  const record = await databaseBenchBackend(dialect);
  return {
    ...record,
    label: `bullmq (record on ${dialect})`,
    config: { ...record.config, backend: 'bullmq', redisUrl: redis.url },
    processEnv: { ...record.processEnv, LANEWISE_JOB_BACKEND: 'bullmq', REDIS_URL: redis.url },
    close: async () => {
      await record.close();
      await redis.stop();
    },
  };
}

jobBenchBackends.push(...testDialects.map((dialect) => () => bullmqBenchBackend(dialect)));
