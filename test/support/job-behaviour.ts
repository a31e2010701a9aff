import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JobsConfig } from '../../src/config.js';
import { insertOne } from '../../src/db/bulk.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { Dialect } from '../../src/db/url.js';
import { AppError } from '../../src/lib/errors.js';
import {
  defineJob,
  findJob,
  type Job,
  type JobDefinition,
  type JobQueue,
  jobEventsAfter,
  type ScheduleDefinition,
} from '../../src/modules/jobs/index.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

/**
 * The behaviour every job backend must show (issue #8), written once and run on the database
 * backend (each dialect) and on BullMQ (Redis). A backend supplies a fixture: a migrated
 * database and a way to create queues on it — each queue stands for one process.
 */
export interface JobBackendFixture {
  readonly database: Database;
  /** A new queue on this backend (as a new process would create), with test-friendly timings. */
  queue(options: QueueSetup): Promise<JobQueue>;
  /** Drops what the fixture created. */
  close(): Promise<void>;
}

export interface QueueSetup {
  readonly definitions: readonly JobDefinition[];
  readonly schedules?: readonly ScheduleDefinition[];
  /** Overrides of testJobsConfig. */
  readonly config?: Partial<JobsConfig>;
}

/**
 * Fast polls, so jobs start within milliseconds. The lease is long enough that a loaded machine
 * stalling a heartbeat never hands a live run to another worker; tests of lease expiry set their own.
 */
export const testJobsConfig: JobsConfig = {
  backend: 'database',
  redisUrl: null,
  workerName: null,
  concurrency: 2,
  orgConcurrency: 2,
  leaseMs: 5_000,
  pollMs: 50,
  retentionDays: 14,
};

export const silentLog = pino({ level: process.env.LANEWISE_TEST_JOB_LOG ?? 'silent' });

/** The database backend on one dialect: a fresh migrated database. */
export async function databaseJobFixture(dialect: Dialect): Promise<JobBackendFixture> {
  const testDb: TestDatabase = await createTestDatabase(dialect);
  const database = connect(testDb.target);
  await migrateToLatest(database.db);
  const { createJobQueue } = await import('../../src/modules/jobs/index.js');
  return {
    database,
    queue: ({ definitions, schedules, config }) =>
      createJobQueue({
        database,
        config: { ...testJobsConfig, ...config },
        definitions,
        ...(schedules ? { schedules } : {}),
        log: silentLog,
      }),
    close: async () => {
      await database.close();
      await testDb.drop();
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A promise a test resolves when it wants a blocked handler to go on. */
export function gate(): { readonly opened: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Rejects when the signal fires (what a well-behaved long handler does). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Error('aborted'));
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

let typeCounter = 0;
/** A job type name no other test uses, so leftovers of one test never reach another's workers. */
export function uniqueType(verb: string): string {
  typeCounter += 1;
  return `test.${verb}-${process.pid}-${typeCounter}`;
}

export async function createOrg(database: Database, slug: string): Promise<number> {
  return insertOne(database.db, 'organizations', { slug: `${slug}-${Date.now().toString(36)}`, name: slug });
}

const payloadN = z.object({ n: z.number().int() });

export function describeJobBehaviour(label: string, makeFixture: () => Promise<JobBackendFixture>): void {
  describe(`job behaviour on ${label}`, () => {
    let fx: JobBackendFixture;
    let orgA: number;
    let orgB: number;
    const open: JobQueue[] = [];
    const queue = async (setup: QueueSetup) => {
      const q = await fx.queue(setup);
      open.push(q);
      return q;
    };
    const job = async (id: number) => {
      const found = await findJob(fx.database.db, 'all', id);
      if (!found) throw new Error(`job ${id} not found`);
      return found;
    };
    const until = (id: number, state: Job['state']) =>
      waitFor(`job ${id} ${state}`, async () => {
        const j = await job(id);
        return j.state === state ? j : undefined;
      });

    beforeAll(async () => {
      fx = await makeFixture();
      orgA = await createOrg(fx.database, 'jobs-a');
      orgB = await createOrg(fx.database, 'jobs-b');
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((q) => q.close(0)));
    });
    afterAll(() => fx?.close());

    it('runs an enqueued job and stores its result', async () => {
      const seen: unknown[] = [];
      const type = uniqueType('double');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            async handle({ payload, orgId, attempt }) {
              seen.push({ orgId, attempt });
              return { doubled: payload.n * 2 };
            },
          }),
        ],
      });
      q.startWorker({ concurrency: 1 });
      const { job: added, created } = await q.enqueue(type, { n: 21 }, { orgId: orgA, createdBy: 'user:1' });
      expect(created).toBe(true);
      expect(added.state).toBe('queued');
      const done = await until(added.id, 'succeeded');
      expect(done.result).toEqual({ doubled: 42 });
      expect(done.attempts).toBe(1);
      expect(done.createdBy).toBe('user:1');
      expect(done.attemptHistory).toMatchObject([{ attempt: 1, outcome: 'succeeded', error: null }]);
      expect(done.finishedAt).not.toBeNull();
      expect(seen).toEqual([{ orgId: orgA, attempt: 1 }]);
    });

    it('refuses an unknown type, a bad payload and options out of range, adding nothing', async () => {
      const type = uniqueType('strict');
      const q = await queue({
        definitions: [defineJob({ type, payload: payloadN, handle: async () => undefined })],
      });
      const refusal = (promise: Promise<unknown>) =>
        promise.then(
          () => null,
          (error: unknown) => error as AppError,
        );
      const unknown = await refusal(q.enqueue('test.no-such-type', { n: 1 }, { orgId: orgA }));
      expect(unknown?.code).toBe('JOBS_UNKNOWN_TYPE');
      const bad = await refusal(q.enqueue(type, { n: 'one' }, { orgId: orgA }));
      expect(bad?.code).toBe('JOBS_INVALID_PAYLOAD');
      expect(bad?.details.errors).toEqual([{ path: 'n', message: expect.any(String) }]);
      for (const options of [
        { orgId: orgA, priority: 1001 },
        { orgId: orgA, priority: 1.5 },
        { orgId: orgA, maxAttempts: 0 },
        { orgId: orgA, dedupeKey: '' },
        { orgId: orgA, dedupeKey: 'k'.repeat(201) },
        { orgId: orgA, runAt: new Date('not a date') },
      ]) {
        const refused = await refusal(q.enqueue(type, { n: 1 }, options));
        expect(refused?.code, JSON.stringify(options)).toBe('JOBS_INVALID_OPTIONS');
      }
      const rows = await fx.database.db.selectFrom('jobs').select('id').where('type', '=', type).execute();
      expect(rows).toEqual([]);
    });

    it('retries with backoff, then dead-letters keeping every attempt and the last error', async () => {
      const type = uniqueType('flaky');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            maxAttempts: 3,
            backoff: { baseMs: 100, maxMs: 400 },
            async handle({ attempt }) {
              throw new Error(`boom ${attempt}`);
            },
          }),
        ],
      });
      q.startWorker({ concurrency: 1 });
      const { job: added } = await q.enqueue(type, { n: 1 }, { orgId: orgA });
      const dead = await until(added.id, 'dead');
      expect(dead.attempts).toBe(3);
      expect(dead.error).toEqual({ code: 'INTERNAL_ERROR', message: 'boom 3' });
      expect(dead.attemptHistory.map((a) => [a.attempt, a.outcome, a.error?.message])).toEqual([
        [1, 'failed', 'boom 1'],
        [2, 'failed', 'boom 2'],
        [3, 'failed', 'boom 3'],
      ]);
      // Each retry started only after the previous attempt ended.
      for (let i = 1; i < dead.attemptHistory.length; i++) {
        const previous = dead.attemptHistory[i - 1];
        const current = dead.attemptHistory[i];
        expect(Date.parse(current?.startedAt ?? '')).toBeGreaterThanOrEqual(
          Date.parse(previous?.finishedAt ?? ''),
        );
      }
      const states = (await jobEventsAfter(fx.database.db, 'all', added.id, 0, 100))
        .filter((e) => e.kind === 'state')
        .map((e) => e.data.state);
      expect(states).toEqual(['queued', 'running', 'queued', 'running', 'queued', 'running', 'dead']);
    });

    it("keeps an AppError's code and never stores a stack", async () => {
      const type = uniqueType('refuses');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            maxAttempts: 1,
            async handle() {
              throw new AppError('REQUEST_UNPROCESSABLE', 'The carrier refused the booking.');
            },
          }),
        ],
      });
      q.startWorker({ concurrency: 1 });
      const { job: added } = await q.enqueue(type, { n: 1 }, { orgId: orgA });
      const dead = await until(added.id, 'dead');
      expect(dead.error).toEqual({
        code: 'REQUEST_UNPROCESSABLE',
        message: 'The carrier refused the booking.',
      });
      const row = await fx.database.db
        .selectFrom('jobs')
        .select('error')
        .where('id', '=', added.id)
        .executeTakeFirst();
      expect(row?.error).not.toMatch(/\bat .*\(/);
    });

    it('never runs a job cancelled while queued', async () => {
      const ran: number[] = [];
      const type = uniqueType('cancel-queued');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            async handle({ payload }) {
              ran.push(payload.n);
            },
          }),
        ],
      });
      const { job: doomed } = await q.enqueue(type, { n: 1 }, { orgId: orgA });
      const cancelled = await q.cancel({ orgId: orgA }, doomed.id);
      expect(cancelled.state).toBe('cancelled');
      q.startWorker({ concurrency: 1 });
      // A job added after it runs; by then the cancelled one would have run too.
      const { job: later } = await q.enqueue(type, { n: 2 }, { orgId: orgA });
      await until(later.id, 'succeeded');
      expect(ran).toEqual([2]);
      expect((await job(doomed.id)).attemptHistory).toEqual([]);
      const again = await q.cancel({ orgId: orgA }, doomed.id).catch((e: AppError) => e);
      expect((again as AppError).code).toBe('JOBS_NOT_CANCELLABLE');
    });

    it('fires the signal of a running job on cancel, here or from another process, and ends it cancelled', async () => {
      const started = new Set<number>();
      const signalled = new Set<number>();
      const type = uniqueType('cancel-running');
      const definitions = [
        defineJob({
          type,
          payload: payloadN,
          async handle({ jobId, signal }) {
            started.add(jobId);
            signal.addEventListener('abort', () => signalled.add(jobId));
            await untilAborted(signal);
          },
        }),
      ];
      const runs = await queue({ definitions });
      const other = await queue({ definitions });
      runs.startWorker({ concurrency: 2 });
      const { job: here } = await runs.enqueue(type, { n: 1 }, { orgId: orgA });
      const { job: there } = await runs.enqueue(type, { n: 2 }, { orgId: orgA });
      await waitFor('both running', () => started.has(here.id) && started.has(there.id));
      const asked = await runs.cancel({ orgId: orgA }, here.id);
      expect(asked.cancelRequested).toBe(true);
      // The other queue has no worker running the job: the request travels through the database.
      await other.cancel({ orgId: orgA }, there.id);
      const a = await until(here.id, 'cancelled');
      const b = await until(there.id, 'cancelled');
      expect([...signalled].sort()).toEqual([here.id, there.id].sort());
      expect(a.attemptHistory.map((x) => x.outcome)).toEqual(['cancelled']);
      expect(b.attemptHistory.map((x) => x.outcome)).toEqual(['cancelled']);
    });

    it('runs a dead job again when retried by hand, with a fresh set of attempts', async () => {
      let failing = true;
      const type = uniqueType('retry-by-hand');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            maxAttempts: 2,
            backoff: { baseMs: 10, maxMs: 20 },
            async handle() {
              if (failing) throw new Error('not yet');
              return { ok: true };
            },
          }),
        ],
      });
      q.startWorker({ concurrency: 1 });
      const { job: added } = await q.enqueue(type, { n: 1 }, { orgId: orgA });
      await until(added.id, 'dead');
      const refused = await q.retry({ orgId: orgB }, added.id).catch((e: AppError) => e);
      expect((refused as AppError).code).toBe('JOBS_NOT_FOUND');
      failing = false;
      const queued = await q.retry({ orgId: orgA }, added.id);
      expect(queued.state).toBe('queued');
      expect(queued.maxAttempts).toBe(4);
      const done = await until(added.id, 'succeeded');
      expect(done.attemptHistory.map((a) => a.outcome)).toEqual(['failed', 'failed', 'succeeded']);
      const again = await q.retry({ orgId: orgA }, added.id).catch((e: AppError) => e);
      expect((again as AppError).code).toBe('JOBS_NOT_RETRYABLE');
    });

    it('returns the queued or running job for a second enqueue with the same dedupe key', async () => {
      const release = gate();
      const type = uniqueType('dedupe');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            async handle() {
              await release.opened;
            },
          }),
        ],
      });
      const first = await q.enqueue(type, { n: 1 }, { orgId: orgA, dedupeKey: 'nightly' });
      const second = await q.enqueue(type, { n: 2 }, { orgId: orgA, dedupeKey: 'nightly' });
      expect(second).toMatchObject({ created: false, job: { id: first.job.id } });
      // Another organization's key is its own.
      const elsewhere = await q.enqueue(type, { n: 3 }, { orgId: orgB, dedupeKey: 'nightly' });
      expect(elsewhere.created).toBe(true);
      q.startWorker({ concurrency: 2 });
      await until(first.job.id, 'running');
      const whileRunning = await q.enqueue(type, { n: 4 }, { orgId: orgA, dedupeKey: 'nightly' });
      expect(whileRunning).toMatchObject({ created: false, job: { id: first.job.id } });
      release.open();
      await until(first.job.id, 'succeeded');
      const after = await q.enqueue(type, { n: 5 }, { orgId: orgA, dedupeKey: 'nightly' });
      expect(after.created).toBe(true);
      expect(after.job.id).not.toBe(first.job.id);
      await until(after.job.id, 'succeeded');
    });

    it('runs higher priority first among due jobs', async () => {
      const order: number[] = [];
      const type = uniqueType('priority');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            async handle({ payload }) {
              order.push(payload.n);
            },
          }),
        ],
      });
      const ids: number[] = [];
      for (const [n, priority] of [
        [1, -5],
        [2, 10],
        [3, 0],
        [4, 10],
      ] as const) {
        ids.push((await q.enqueue(type, { n }, { orgId: null, priority })).job.id);
      }
      q.startWorker({ concurrency: 1 });
      for (const id of ids) await until(id, 'succeeded');
      expect(order).toEqual([2, 4, 3, 1]);
    });

    it('does not start a job before its runAt', async () => {
      let startedAt = 0;
      const type = uniqueType('later');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            async handle() {
              startedAt = Date.now();
            },
          }),
        ],
      });
      q.startWorker({ concurrency: 1 });
      const runAt = new Date(Date.now() + 1_500);
      const { job: added } = await q.enqueue(type, { n: 1 }, { orgId: orgA, runAt });
      expect(added.runAt).toBe(runAt.toISOString());
      await until(added.id, 'succeeded');
      expect(startedAt).toBeGreaterThanOrEqual(runAt.getTime());
    });

    it('lets another organization run while one floods the queue, within the per-organization limit', async () => {
      const release = gate();
      const running = new Map<number, number>();
      const most = new Map<number, number>();
      const type = uniqueType('fair');
      const definitions = [
        defineJob({
          type,
          payload: payloadN,
          async handle({ orgId, payload }) {
            const org = orgId as number;
            running.set(org, (running.get(org) ?? 0) + 1);
            most.set(org, Math.max(most.get(org) ?? 0, running.get(org) ?? 0));
            try {
              if (payload.n >= 0) await release.opened;
            } finally {
              running.set(org, (running.get(org) ?? 0) - 1);
            }
          },
        }),
      ];
      // Two workers (as two processes) with room for six jobs; each organization may run two.
      const one = await queue({ definitions, config: { orgConcurrency: 2 } });
      const two = await queue({ definitions, config: { orgConcurrency: 2 } });
      const flood: number[] = [];
      for (let i = 0; i < 12; i++) flood.push((await one.enqueue(type, { n: i }, { orgId: orgA })).job.id);
      one.startWorker({ concurrency: 3 });
      two.startWorker({ concurrency: 3 });
      await waitFor('two of A running', () => running.get(orgA) === 2);
      const { job: b } = await one.enqueue(type, { n: -1 }, { orgId: orgB });
      await until(b.id, 'succeeded');
      // A's flood is still held back: B did not wait for it.
      const aQueued = await fx.database.db
        .selectFrom('jobs')
        .select('id')
        .where('type', '=', type)
        .where('org_id', '=', orgA)
        .where('state', '=', 'queued')
        .execute();
      expect(aQueued.length).toBe(10);
      release.open();
      for (const id of flood) await until(id, 'succeeded');
      expect(most.get(orgA)).toBe(2);
    });

    it('stores progress, throttled, and streams state and progress events in order', async () => {
      const type = uniqueType('progress');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            async handle({ progress }) {
              for (let i = 1; i <= 1_000; i++) progress({ done: i, total: 1_000, unit: 'rows' });
              return { rows: 1_000 };
            },
          }),
        ],
      });
      q.startWorker({ concurrency: 1 });
      const { job: added } = await q.enqueue(type, { n: 1 }, { orgId: orgA });
      const done = await until(added.id, 'succeeded');
      expect(done.progress).toMatchObject({ done: 1_000, total: 1_000, unit: 'rows' });
      const events = await jobEventsAfter(fx.database.db, { orgId: orgA }, added.id, 0, 1_000);
      const ids = events.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      const progress = events.filter((e) => e.kind === 'progress');
      // A thousand reports in one synchronous loop become a few writes, the last one included.
      expect(progress.length).toBeGreaterThanOrEqual(1);
      expect(progress.length).toBeLessThan(20);
      expect(progress.at(-1)?.data).toMatchObject({ done: 1_000, total: 1_000, unit: 'rows' });
      expect(events.at(-1)?.data).toMatchObject({ state: 'succeeded' });
      // Resuming after an event gives exactly the later ones; another organization sees nothing.
      const first = events[0] as (typeof events)[number];
      expect(
        (await jobEventsAfter(fx.database.db, { orgId: orgA }, added.id, first.id, 1_000)).map((e) => e.id),
      ).toEqual(ids.slice(1));
      expect(await jobEventsAfter(fx.database.db, { orgId: orgB }, added.id, 0, 1_000)).toEqual([]);
      expect(await findJob(fx.database.db, { orgId: orgB }, added.id)).toBeNull();
    });

    it('fails an attempt that passes its timeout, firing its signal', async () => {
      let signalled = false;
      const type = uniqueType('slow');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            maxAttempts: 1,
            timeoutMs: 300,
            async handle({ signal }) {
              signal.addEventListener('abort', () => {
                signalled = true;
              });
              await untilAborted(signal);
            },
          }),
        ],
      });
      q.startWorker({ concurrency: 1 });
      const { job: added } = await q.enqueue(type, { n: 1 }, { orgId: orgA });
      const dead = await until(added.id, 'dead');
      expect(dead.error?.code).toBe('JOBS_TIMEOUT');
      expect(signalled).toBe(true);
    });

    it('lets a running job finish within the shutdown grace', async () => {
      const release = gate();
      const started = new Set<number>();
      const type = uniqueType('graceful');
      const q = await queue({
        definitions: [
          defineJob({
            type,
            payload: payloadN,
            async handle({ jobId }) {
              started.add(jobId);
              await release.opened;
              return { finished: true };
            },
          }),
        ],
      });
      const worker = q.startWorker({ concurrency: 1 });
      const { job: added } = await q.enqueue(type, { n: 1 }, { orgId: orgA });
      await waitFor('started', () => started.has(added.id));
      const stopping = worker.stop(60_000);
      setTimeout(() => release.open(), 200);
      await stopping;
      const done = await job(added.id);
      expect(done.state).toBe('succeeded');
      expect(done.attemptHistory.map((a) => a.outcome)).toEqual(['succeeded']);
    });

    it('releases a job still running past the shutdown grace, and another worker finishes it', async () => {
      const runsOf = new Map<number, number>();
      const type = uniqueType('released');
      const definitions = [
        defineJob({
          type,
          payload: payloadN,
          maxAttempts: 1,
          async handle({ jobId, signal }) {
            const run = (runsOf.get(jobId) ?? 0) + 1;
            runsOf.set(jobId, run);
            // The first run never ends by itself; the second one does.
            if (run === 1) await untilAborted(signal);
            return { run };
          },
        }),
      ];
      const first = await queue({ definitions });
      const worker = first.startWorker({ concurrency: 1 });
      const { job: added } = await first.enqueue(type, { n: 1 }, { orgId: orgA });
      await waitFor('first run', () => runsOf.get(added.id) === 1);
      await worker.stop(100);
      const released = await job(added.id);
      expect(released.state).toBe('queued');
      expect(released.attemptHistory.map((a) => a.outcome)).toEqual(['released']);
      // A release does not use up an attempt, even with maxAttempts 1.
      const second = await queue({ definitions });
      second.startWorker({ concurrency: 1 });
      const done = await until(added.id, 'succeeded');
      expect(done.result).toEqual({ run: 2 });
      expect(done.attemptHistory.map((a) => a.outcome)).toEqual(['released', 'succeeded']);
    });
  });
}
