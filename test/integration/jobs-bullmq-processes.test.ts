import { describe, expect, it } from 'vitest';
import { findJob } from '../../src/modules/jobs/index.js';
import { testDialects } from '../support/databases.js';
import { waitFor } from '../support/job-behaviour.js';
import { drainThousandWithFour, useProcessFixture } from '../support/job-processes.js';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.js';

/**
 * Real worker processes on the BullMQ backend (issue #8): each suite has a Redis of its own (the
 * processes use the production key prefix), and the jobs table on each dialect is the record.
 */
describe.each(testDialects)('BullMQ worker processes (record on %s)', (dialect) => {
  let redis: PrivateRedis;
  const f = useProcessFixture(dialect, {
    start: async () => {
      redis = await startPrivateRedis();
    },
    stop: () => redis.stop(),
    env: () => ({ REDIS_URL: redis.url, LANEWISE_JOB_BACKEND: 'bullmq' }),
    queueConfig: () => ({ backend: 'bullmq', redisUrl: redis.url }),
  });
  const { startWorker, runsOf, effectsOf } = f;

  it('runs a job again after its worker is killed mid-job, and its effect happens once', async () => {
    const lease = { LANEWISE_JOB_LEASE_MS: '1500' };
    const doomed = startWorker(lease);
    // The rescuer is already up and idle on Redis: what reaches it is the reconcile's
    // re-announce once the lease expires (the first delivery was acknowledged at the claim).
    const rescuer = startWorker(lease);
    await Promise.all([doomed.started(), rescuer.started()]);
    const { job } = await f.queue().enqueue('test.effect', { holdFirstMs: 120_000 }, { orgId: null });
    const first = await waitFor('the first run to begin', async () => (await runsOf(job.id))[0]);
    const victim = first.pid === doomed.pid ? doomed : rescuer;
    const survivor = victim === doomed ? rescuer : doomed;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const done = await waitFor(
      'the job to succeed',
      async () => {
        const found = await findJob(f.database().db, 'all', job.id);
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
    // Redis pushed work to every process, not just one.
    expect(await drainThousandWithFour(f, 'bull-drain')).toBe(4);
  });
});
