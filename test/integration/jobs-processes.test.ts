import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { findJob } from '../../src/modules/jobs/index.js';
import { createTestDatabase, testDialects } from '../support/databases.js';
import { waitFor } from '../support/job-behaviour.js';
import { drainThousandWithFour, useProcessFixture } from '../support/job-processes.js';

/**
 * Several real worker processes on one database (issue #8): a process killed mid-job, four
 * processes draining a thousand jobs, a cron schedule with three processes, SIGTERM.
 */
describe.each(testDialects)('worker processes on %s', (dialect) => {
  const f = useProcessFixture(dialect, { env: () => ({}), queueConfig: () => ({}) });
  const { startWorker, runsOf, effectsOf, succeeded } = f;
  const started = (w: { started(): Promise<void> }) => w.started();

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
    const { job } = await f.queue().enqueue('test.effect', { holdFirstMs: 120_000 }, { orgId: null });
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
    expect(await drainThousandWithFour(f, 'drain')).toBeGreaterThan(1);
  });

  it('fires a per-second cron schedule once per tick with three worker processes', async () => {
    const workers = [1, 2, 3].map(() => startWorker({ LANEWISE_TEST_CRON: '1' }));
    await Promise.all(workers.map(started));
    const ticks = async () =>
      (
        await sql<{ run_at: Date | string }>`select run_at from jobs where type = 'test.tick'`.execute(
          f.database().db,
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
    const { job } = await f.queue().enqueue('test.effect', { holdFirstMs: 1_500 }, { orgId: null });
    await waitFor('the run to begin', async () => (await runsOf(job.id)).length === 1);
    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    const done = await findJob(f.database().db, 'all', job.id);
    expect(done?.state).toBe('succeeded');
    expect(done?.attemptHistory.map((a) => a.outcome)).toEqual(['succeeded']);
    expect(await effectsOf(job.id)).toEqual([w.pid]);
  });

  it('releases a job still running when the shutdown timeout passes, for another worker', async () => {
    const w = startWorker({ LANEWISE_SHUTDOWN_TIMEOUT_MS: '200' });
    await started(w);
    const { job } = await f.queue().enqueue('test.effect', { holdFirstMs: 120_000 }, { orgId: null });
    await waitFor('the run to begin', async () => (await runsOf(job.id)).length === 1);
    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    const released = await findJob(f.database().db, 'all', job.id);
    expect(released?.state).toBe('queued');
    expect(released?.attemptHistory.map((a) => a.outcome)).toEqual(['released']);
    const next = startWorker();
    await started(next);
    const done = await succeeded(job.id);
    expect(done.attemptHistory.map((a) => a.outcome)).toEqual(['released', 'succeeded']);
    expect(await effectsOf(job.id)).toEqual([next.pid]);
  });
});
