import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/lib/errors.js';
import { defineJob, type JobQueue } from '../../src/modules/jobs/index.js';
import { bullmqJobFixture } from '../support/bullmq-fixture.js';
import type { JobBackendFixture } from '../support/job-behaviour.js';
import { gate, uniqueType, waitFor } from '../support/job-behaviour.js';
import { freePort, type PrivateRedis, startPrivateRedis, testRedisUrl } from '../support/redis-server.js';

/**
 * What the BullMQ backend adds to the shared behaviour: Redis carries the jobs, and Redis going
 * away (at start, at run time, or losing its data) never loses a job. Redis faults do not depend
 * on the dialect of the record, so these run on SQLite.
 */

const payload = z.object({ n: z.number().int() });

function recordingJob(type: string, done: Set<number>) {
  return defineJob({
    type,
    payload,
    async handle({ jobId }) {
      done.add(jobId);
    },
  });
}

describe('BullMQ backend: start-up', () => {
  it('refuses to start when Redis cannot be reached, naming the address but not the password', async () => {
    const fx = await bullmqJobFixture('sqlite');
    try {
      const port = await freePort();
      const error = await fx
        .queue({
          definitions: [recordingJob(uniqueType('never'), new Set())],
          config: { redisUrl: `redis://lanewise:s3cret-word@127.0.0.1:${port}/0` },
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('JOBS_BACKEND_UNAVAILABLE');
      expect((error as AppError).message).toContain(`redis://127.0.0.1:${port}/0`);
      expect((error as AppError).message).toContain('ECONNREFUSED');
      expect((error as AppError).message).not.toContain('s3cret-word');
    } finally {
      await fx.close();
    }
  });
});

describe('BullMQ backend: delivery through Redis', () => {
  let fx: Awaited<ReturnType<typeof bullmqJobFixture>>;
  let redis: Redis;
  const open: JobQueue[] = [];
  const queue = async (...args: Parameters<JobBackendFixture['queue']>) => {
    const q = await fx.queue(...args);
    open.push(q);
    return q;
  };

  beforeAll(async () => {
    fx = await bullmqJobFixture('sqlite');
    redis = new Redis(testRedisUrl);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close(0)));
  });
  afterAll(async () => {
    await redis.quit();
    await fx?.close();
  });

  /** Keys of BullMQ jobs (not of the queue's own bookkeeping) in a type's queue, whatever the prefix. */
  const bullJobKeys = async (type: string) =>
    (await redis.keys(`lwtest-*:${type}:*`)).filter((key) => /:\d+-\d+$/.test(key));

  it('puts an enqueued job in Redis and removes it from there once a worker took it', async () => {
    const done = new Set<number>();
    const type = uniqueType('through-redis');
    const q = await queue({ definitions: [recordingJob(type, done)] });
    expect(q.backend).toBe('bullmq');
    const { job } = await q.enqueue(type, { n: 1 }, { orgId: null });
    // Nobody consumes yet: the job waits in Redis, named by its row and due time.
    expect(await bullJobKeys(type)).toEqual([expect.stringMatching(new RegExp(`:${job.id}-\\d+$`))]);
    q.startWorker({ concurrency: 1 });
    await waitFor('the job ran', () => done.has(job.id));
    await waitFor('Redis let go of the job', async () => (await bullJobKeys(type)).length === 0);
  });

  it('still runs a job Redis lost (the reconcile announces it again)', async () => {
    const done = new Set<number>();
    const type = uniqueType('lost');
    const q = await queue({ definitions: [recordingJob(type, done)] });
    const { job } = await q.enqueue(type, { n: 1 }, { orgId: null });
    for (const key of await redis.keys(`lwtest-*:${type}:*`)) await redis.del(key);
    q.startWorker({ concurrency: 1 });
    await waitFor('the lost job ran', () => done.has(job.id));
  });

  it('drops a BullMQ job that carries no job id and goes on with the others', async () => {
    const done = new Set<number>();
    const type = uniqueType('foreign');
    const q = await queue({ definitions: [recordingJob(type, done)] });
    const foreign = new Queue(type, { connection: redis, prefix: fx.redisPrefix });
    try {
      await foreign.add('not-ours', { hello: 'world' }, { jobId: 'foreign-1' });
      q.startWorker({ concurrency: 1 });
      const { job } = await q.enqueue(type, { n: 1 }, { orgId: null });
      await waitFor('our job ran', () => done.has(job.id));
      // Acknowledged (its own options keep it as completed), not retried or left waiting.
      await waitFor(
        'the foreign job acknowledged',
        async () => (await foreign.getJobState('foreign-1')) === 'completed',
      );
    } finally {
      await foreign.close();
    }
  });

  it('never runs more than the worker concurrency at once, across all its job types', async () => {
    const release = gate();
    let running = 0;
    let most = 0;
    const types = [uniqueType('mix'), uniqueType('mix'), uniqueType('mix')];
    const definitions = types.map((type) =>
      defineJob({
        type,
        payload,
        async handle() {
          running += 1;
          most = Math.max(most, running);
          try {
            await release.opened;
          } finally {
            running -= 1;
          }
        },
      }),
    );
    const q = await queue({ definitions });
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push((await q.enqueue(types[i % 3] as string, { n: i }, { orgId: null })).job.id);
    }
    q.startWorker({ concurrency: 2 });
    await waitFor('two running', () => running === 2);
    // Time for a third to start if the limit leaked (it must not).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(running).toBe(2);
    release.open();
    await waitFor('all done', async () => {
      const rows = await fx.database.db
        .selectFrom('jobs')
        .select('id')
        .where('id', 'in', ids)
        .where('state', '=', 'succeeded')
        .execute();
      return rows.length === ids.length;
    });
    expect(most).toBe(2);
  });
});

describe('BullMQ backend: Redis lost at run time', () => {
  let server: PrivateRedis;
  let fx: JobBackendFixture;

  beforeAll(async () => {
    server = await startPrivateRedis();
    fx = await bullmqJobFixture('sqlite', server.url);
  });
  afterAll(async () => {
    await fx?.close();
    await server?.stop();
  });

  it('reports Redis as unhealthy, keeps accepting jobs, and runs them once Redis is back', async () => {
    const done = new Set<number>();
    const type = uniqueType('outage');
    const q = await fx.queue({ definitions: [recordingJob(type, done)] });
    try {
      q.startWorker({ concurrency: 2 });
      expect(await q.health()).toBeNull();
      const before = (await q.enqueue(type, { n: 1 }, { orgId: null })).job;
      await waitFor('a job before the outage', () => done.has(before.id));

      await server.stop();
      const reason = await waitFor('health to notice', async () => (await q.health()) ?? undefined);
      expect(reason).toMatch(new RegExp(`^redis unreachable at redis://127\\.0\\.0\\.1:${server.port}`));
      // The row is the record: enqueue still succeeds while Redis is away.
      const during = (await q.enqueue(type, { n: 2 }, { orgId: null })).job;
      expect(during.state).toBe('queued');

      // Redis comes back empty (nothing persisted): the worker reconnects by itself, and the
      // reconcile delivers what was enqueued meanwhile.
      await server.start();
      await waitFor('health back', async () => (await q.health()) === null);
      await waitFor('the job enqueued during the outage', () => done.has(during.id));
      const after = (await q.enqueue(type, { n: 3 }, { orgId: null })).job;
      await waitFor('a job after the outage', () => done.has(after.id));
    } finally {
      await q.close(0);
    }
  });

  it('closes while Redis is away, whatever the worker was doing when it went', async () => {
    // Redis going at different moments: idle, right after an announce, after a delivery.
    for (const [enqueue, settleMs] of [
      [false, 0],
      [true, 0],
      [true, 600],
    ] as const) {
      const type = uniqueType('closing');
      const q = await fx.queue({ definitions: [recordingJob(type, new Set())] });
      q.startWorker({ concurrency: 1 });
      if (enqueue) await q.enqueue(type, { n: 1 }, { orgId: null });
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      await server.stop();
      try {
        // close() must not wait for a Redis that is not there (the test times out if it does).
        await q.close(0);
      } finally {
        await server.start();
      }
    }
  });
});
