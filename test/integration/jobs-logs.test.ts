import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/lib/errors.js';
import { createJobQueue, defineJob, findJob } from '../../src/modules/jobs/index.js';
import { testDialects } from '../support/databases.js';
import {
  databaseJobFixture,
  type JobBackendFixture,
  testJobsConfig,
  uniqueType,
  waitFor,
} from '../support/job-behaviour.js';

const SECRET = 'sk_live_payload_secret_9f8e7d';

/**
 * Payloads may carry what a job needs and nobody should read in a log (a connector's token, a
 * customer's e-mail): the queue never writes one, whatever happens to the job (issue #8).
 */
describe.each(testDialects)('job logs on %s', (dialect) => {
  let fx: JobBackendFixture;
  beforeAll(async () => {
    fx = await databaseJobFixture(dialect);
  });
  afterAll(() => fx?.close());

  it('never writes a payload to the log: not at enqueue, run, failure, retry or dead-letter', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged += String(chunk);
        done();
      },
    });
    const failing = defineJob({
      type: uniqueType('leaky'),
      payload: z.object({ token: z.string() }),
      maxAttempts: 2,
      backoff: { baseMs: 10, maxMs: 20 },
      async handle() {
        throw new AppError('JOBS_INVALID_OPTIONS', 'the handler refused to go on');
      },
    });
    const queue = await createJobQueue({
      database: fx.database,
      config: testJobsConfig,
      definitions: [failing],
      log: pino({ level: 'trace' }, sink),
    });
    try {
      // A refused enqueue names the field, not its value.
      await expect(
        queue.enqueue(failing.type, { token: 7, extra: SECRET }, { orgId: null }),
      ).rejects.toThrow();
      const { job } = await queue.enqueue(failing.type, { token: SECRET }, { orgId: null });
      const worker = queue.startWorker({ concurrency: 1 });
      await waitFor('the job to be dead-lettered', async () => {
        const found = await findJob(fx.database.db, 'all', job.id);
        return found?.state === 'dead' ? found : undefined;
      });
      await worker.stop(1_000);
      // The log did record the failures (so the check below looks at real output)...
      expect(logged).toContain('job attempt failed');
      expect(logged).toContain(String(job.id));
    } finally {
      await queue.close(0);
    }
    // ...and never the payload.
    expect(logged).not.toContain(SECRET);
  });
});
