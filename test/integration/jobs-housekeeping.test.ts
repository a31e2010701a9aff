import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinitions, jobSchedules } from '../../src/jobs.js';
import { createJobQueue, findJob, type JobQueue } from '../../src/modules/jobs/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, loginAs, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';
import { silentLog, testJobsConfig, waitFor } from '../support/job-behaviour.js';

const DAY = 86_400_000;

/** Housekeeping runs as scheduled installation jobs (issue #8): each sweep through a real queue. */
describe.each(testDialects)('housekeeping jobs on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let queue: JobQueue;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    org = await createOrgWithUsers(ctx.database.db, { slug: 'sweeps' });
    queue = await createJobQueue({
      database: ctx.database,
      config: testJobsConfig,
      definitions: jobDefinitions(ctx.config),
      schedules: jobSchedules,
      log: silentLog,
    });
    queue.startWorker({ concurrency: 1 });
  });
  afterAll(async () => {
    await queue?.close(0);
    await ctx?.close();
  });

  const run = async (type: string) => {
    const { job } = await queue.enqueue(type, {}, { orgId: null, createdBy: 'system' });
    return waitFor(`${type} done`, async () => {
      const found = await findJob(ctx.database.db, 'all', job.id);
      return found?.state === 'succeeded' ? found : undefined;
    });
  };

  it('writes one row per schedule', async () => {
    await waitFor('schedules written', async () => {
      const rows = await ctx.database.db.selectFrom('job_schedules').select('name').execute();
      return rows.length === jobSchedules.length;
    });
  });

  it('treats an Idempotency-Key older than 24 hours as absent, and sweeps it', async () => {
    const headers = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
    const post = (key: string, reference: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/shipments',
        headers: { ...headers, 'idempotency-key': key },
        payload: { reference, mode: 'ftl' },
      });
    const first = await post('old-key', 'SWEEP-1');
    expect(first.statusCode).toBe(201);
    expect((await post('fresh-key', 'SWEEP-2')).statusCode).toBe(201);
    await ctx.database.db
      .updateTable('idempotency_keys')
      .set({ created_at: new Date(Date.now() - DAY - 60_000) } as never)
      .where('idempotency_key', '=', 'old-key')
      .execute();
    // The expired key is free again: another request with it runs (it is neither replayed nor refused).
    const reused = await post('old-key', 'SWEEP-3');
    expect(reused.statusCode).toBe(201);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
    expect(reused.json().reference).toBe('SWEEP-3');
    // The fresh answer is what a retry replays now.
    const retry = await post('old-key', 'SWEEP-3');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(reused.json().id);

    await ctx.database.db
      .updateTable('idempotency_keys')
      .set({ created_at: new Date(Date.now() - 2 * DAY) } as never)
      .where('idempotency_key', '=', 'old-key')
      .execute();
    const done = await run('housekeeping.idempotency-keys');
    expect(done.result).toEqual({ deleted: 1 });
    const keys = await ctx.database.db.selectFrom('idempotency_keys').select('idempotency_key').execute();
    expect(keys.map((k) => k.idempotency_key)).toEqual(['fresh-key']);
  });

  it('deletes refresh tokens of ended sessions only, so reuse is still detected', async () => {
    await loginAs(ctx.app, org, 'viewer');
    const live = await loginAs(ctx.app, org, 'analyst');
    const refresh = (token: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: token } });
    expect((await refresh(live.refreshToken)).statusCode).toBe(200);
    // The viewer's session is past its absolute expiry.
    await ctx.database.db
      .updateTable('refresh_tokens')
      .set({ family_expires_at: new Date(Date.now() - 60_000), expires_at: new Date(Date.now() - 60_000) })
      .where('user_id', '=', org.users.viewer.id)
      .execute();
    const before = await ctx.database.db
      .selectFrom('refresh_tokens')
      .select(sql<number>`count(*)`.as('n'))
      .where('user_id', '=', org.users.analyst.id)
      .executeTakeFirstOrThrow();
    const done = await run('housekeeping.refresh-tokens');
    expect(done.result).toMatchObject({ deleted: expect.any(Number) });
    expect((done.result as { deleted: number }).deleted).toBeGreaterThanOrEqual(1);
    const left = await ctx.database.db
      .selectFrom('refresh_tokens')
      .select(['user_id'])
      .where('user_id', 'in', [org.users.viewer.id, org.users.analyst.id])
      .execute();
    expect(left.filter((r) => r.user_id === org.users.viewer.id)).toEqual([]);
    expect(left.length).toBe(Number(before.n));
    // The analyst's used token is still there: presenting it again ends that session.
    const replay = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'user-agent': 'another client' },
      payload: { refreshToken: live.refreshToken },
    });
    expect(replay.json().code).toBe('AUTH_REFRESH_TOKEN_REUSED');
  });

  it('deletes finished jobs past the retention period with their attempts and events', async () => {
    const old = await run('housekeeping.idempotency-keys');
    const recent = await run('housekeeping.idempotency-keys');
    const waiting = await queue.enqueue(
      'housekeeping.idempotency-keys',
      {},
      {
        orgId: null,
        runAt: new Date(Date.now() + 3_600_000),
      },
    );
    const longAgo = new Date(Date.now() - (testJobsConfig.retentionDays + 1) * DAY);
    await ctx.database.db
      .updateTable('jobs')
      .set({ finished_at: longAgo })
      .where('id', '=', old.id)
      .execute();
    await ctx.database.db
      .updateTable('jobs')
      .set({ created_at: longAgo } as never)
      .where('id', '=', waiting.job.id)
      .execute();
    const sweep = await run('housekeeping.finished-jobs');
    expect((sweep.result as { deleted: number }).deleted).toBeGreaterThanOrEqual(1);
    expect(await findJob(ctx.database.db, 'all', old.id)).toBeNull();
    expect(await findJob(ctx.database.db, 'all', recent.id)).not.toBeNull();
    expect((await findJob(ctx.database.db, 'all', waiting.job.id))?.state).toBe('queued');
    const orphans = await ctx.database.db
      .selectFrom('job_events')
      .select('id')
      .where('job_id', '=', old.id)
      .execute();
    expect(orphans).toEqual([]);
    const attempts = await ctx.database.db
      .selectFrom('job_attempts')
      .select('job_id')
      .where('job_id', '=', old.id)
      .execute();
    expect(attempts).toEqual([]);
  });
});
