import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Config } from '../../src/config.js';
import type { Database } from '../../src/db/connect.js';
import {
  createJobQueue,
  defineJob,
  type Job,
  type JobDefinition,
  type JobDetail,
} from '../../src/modules/jobs/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';
import { parseSse, type SseEvent } from '../support/sse.js';

/**
 * The jobs API as a client uses it: list, show, cancel, retry and the event stream, against a
 * queue with test-only job types and a real in-process worker.
 */

// How far each `test.steps` job may go, by its payload's key: the test opens the gate step by
// step to see the job mid-run. Infinity lets it run through. Keys carry the dialect: the suites
// of all dialects share this map.
const gates = new Map<string, number>();

const stepsJob = defineJob({
  type: 'test.steps',
  payload: z.object({ key: z.string(), steps: z.number().int().min(1).max(20) }),
  maxAttempts: 1,
  async handle({ payload, signal, progress }) {
    for (let step = 1; step <= payload.steps; step++) {
      while ((gates.get(payload.key) ?? 0) < step) {
        if (signal.aborted) throw new Error('stopped');
        await sleep(10);
      }
      progress({ done: step, total: payload.steps, unit: 'steps' });
    }
    return { steps: payload.steps };
  },
});

const failingJob = defineJob({
  type: 'test.fails',
  payload: z.object({}),
  maxAttempts: 1,
  async handle() {
    throw new Error('the test handler always fails');
  },
});

const testJobs = [stepsJob, failingJob] as unknown as JobDefinition[];

/** A queue that knows the test job types (production's src/jobs.ts never lists them). */
const testQueue = (database: Database, config: Config) =>
  createJobQueue({
    database,
    config: config.jobs,
    definitions: testJobs,
    schedules: [],
    log: pino({ level: 'silent' }),
  });

const deadline = 30_000;
/** Polls until `check` returns a value (not undefined), or fails after a generous deadline. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + deadline;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe.each(testDialects)('jobs API on %s', (dialect) => {
  const gate = (name: string) => `${dialect}:${name}`;
  let ctx: TestContext;
  let a: TestOrg;
  let b: TestOrg;
  let ownerA: Record<string, string>;
  let ownerB: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestApp(dialect, {
      env: { LANEWISE_JOB_POLL_MS: '50' },
      worker: true,
      queue: testQueue,
    });
    a = await createOrgWithUsers(ctx.database.db, { slug: 'jobs-a' });
    b = await createOrgWithUsers(ctx.database.db, { slug: 'jobs-b' });
    ownerA = bearer(await accessTokenFor(ctx.app, a.users.owner.id, a.orgId));
    ownerB = bearer(await accessTokenFor(ctx.app, b.users.owner.id, b.orgId));
  });
  afterAll(async () => {
    for (const key of gates.keys()) gates.set(key, Number.POSITIVE_INFINITY);
    await ctx?.close();
  });

  const later = () => new Date(Date.now() + 24 * 3600_000);
  const enqueue = async (
    org: TestOrg,
    type: 'test.steps' | 'test.fails',
    payload: Record<string, unknown>,
    options: { runAt?: Date } = {},
  ) => (await ctx.queue.enqueue(type, payload, { orgId: org.orgId, createdBy: 'system', ...options })).job;
  const get = (url: string, headers = ownerA) => ctx.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers = ownerA) => ctx.app.inject({ method: 'POST', url, headers });
  const show = async (id: number, headers = ownerA) =>
    (await get(`/api/v1/jobs/${id}`, headers)).json() as JobDetail;
  const untilState = (id: number, state: Job['state']) =>
    eventually(`job ${id} ${state}`, async () => {
      const job = await show(id);
      return job.state === state ? job : undefined;
    });

  describe('GET /jobs', () => {
    let org: TestOrg;
    let headers: Record<string, string>;
    let ids: number[];
    beforeAll(async () => {
      // An organization of its own, with jobs that stay queued (due tomorrow), so nothing runs.
      org = await createOrgWithUsers(ctx.database.db, { slug: 'jobs-list' });
      headers = bearer(await accessTokenFor(ctx.app, org.users.viewer.id, org.orgId));
      ids = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          (
            await enqueue(org, i % 2 ? 'test.fails' : 'test.steps', i % 2 ? {} : { key: `l${i}`, steps: 1 }, {
              runAt: later(),
            })
          ).id,
        );
      }
      await ctx.queue.cancel({ orgId: org.orgId }, ids[4] as number);
      // Creation instants a day apart, to filter on.
      for (const [index, id] of ids.entries()) {
        // created_at is never written by the app after insert; the test backdates it directly.
        await (ctx.database.db as unknown as Kysely<Record<string, { id: number; created_at: Date }>>)
          .updateTable('jobs')
          .set({ created_at: new Date(Date.UTC(2026, 2, 1 + index, 12)) })
          .where('id', '=', id)
          .execute();
      }
      await enqueue(b, 'test.steps', { key: gate('b-list'), steps: 1 }, { runAt: later() });
    });
    const list = async (query: string) => {
      const res = await get(`/api/v1/jobs${query}`, headers);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { data: Job[]; nextCursor: string | null; total?: number };
    };

    it("lists the organization's jobs newest first, without their payload", async () => {
      const page = await list('');
      expect(page.data.map((j) => j.id)).toEqual([...ids].reverse());
      expect(page.nextCursor).toBeNull();
      expect(page.data[0]).toMatchObject({ type: 'test.steps', state: 'cancelled', attempts: 0 });
      expect(JSON.stringify(page.data)).not.toContain('"key"');
    });

    it('filters by type, state and creation range', async () => {
      expect((await list('?type=test.fails')).data.map((j) => j.id)).toEqual([ids[3], ids[1]]);
      expect((await list('?state=cancelled')).data.map((j) => j.id)).toEqual([ids[4]]);
      expect((await list('?state=queued&type=test.steps')).data.map((j) => j.id)).toEqual([ids[2], ids[0]]);
      const range = await list('?createdFrom=2026-03-02T12:00:00Z&createdTo=2026-03-04T12:00:00Z');
      expect(range.data.map((j) => j.id)).toEqual([ids[2], ids[1]]);
      expect((await list('?state=running')).data).toEqual([]);
      expect((await list('?includeTotal=true&type=test.steps')).total).toBe(3);
    });

    it('pages with sealed cursors: every job once, in order', async () => {
      const seen: number[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.data.map((j) => j.id));
        cursor = page.nextCursor;
      }
      expect(seen).toEqual([...ids].reverse());
      const first = await list('?limit=2');
      const forged = `${(first.nextCursor as string).slice(0, -2)}AA`;
      expectProblem(
        await get(`/api/v1/jobs?cursor=${encodeURIComponent(forged)}`, headers),
        400,
        'REQUEST_INVALID_CURSOR',
      );
    });

    it('refuses a state that does not exist and unknown parameters', async () => {
      expectProblem(await get('/api/v1/jobs?state=paused', headers), 400, 'REQUEST_INVALID');
      expectProblem(await get('/api/v1/jobs?orgId=1', headers), 400, 'REQUEST_INVALID');
    });
  });

  describe('GET /jobs/{id}, cancel and retry', () => {
    it('shows a finished job with its result, attempts and progress', async () => {
      gates.set(gate('show'), Number.POSITIVE_INFINITY);
      const { id } = await enqueue(a, 'test.steps', { key: gate('show'), steps: 2 });
      const job = await untilState(id, 'succeeded');
      const res = await get(`/api/v1/jobs/${id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        id,
        type: 'test.steps',
        state: 'succeeded',
        attempts: 1,
        result: { steps: 2 },
        error: null,
        progress: { done: 2, total: 2, unit: 'steps' },
        attemptHistory: [{ attempt: 1, outcome: 'succeeded', error: null }],
      });
      expect(job.finishedAt).not.toBeNull();
      expect(res.body).not.toContain('"payload"');
    });

    it('cancels a queued job: it never runs', async () => {
      const { id } = await enqueue(a, 'test.steps', { key: gate('never'), steps: 1 }, { runAt: later() });
      const res = await post(`/api/v1/jobs/${id}:cancel`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id, state: 'cancelled', attempts: 0 });
      expect((await show(id)).attemptHistory ?? []).toEqual([]);
      // Finished now: a second cancel is a conflict, and the audit log says who cancelled it.
      expectProblem(await post(`/api/v1/jobs/${id}:cancel`), 409, 'JOBS_NOT_CANCELLABLE');
      const audit = await ctx.database.db
        .selectFrom('audit_events')
        .select(['action', 'actor_type', 'target_id'])
        .where('org_id', '=', a.orgId)
        .where('action', '=', 'jobs.cancelled')
        .execute();
      expect(audit).toContainEqual({ action: 'jobs.cancelled', actor_type: 'user', target_id: String(id) });
    });

    it('cancels a running job: its signal fires and it ends cancelled', async () => {
      const { id } = await enqueue(a, 'test.steps', { key: gate('stuck'), steps: 3 });
      await untilState(id, 'running');
      const res = await post(`/api/v1/jobs/${id}:cancel`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id });
      const job = await untilState(id, 'cancelled');
      expect(job.result).toBeNull();
      expect(job.attemptHistory).toMatchObject([{ attempt: 1, outcome: 'cancelled' }]);
    });

    it('retries a dead job with a fresh set of attempts, and refuses to retry a live one', async () => {
      const { id } = await enqueue(a, 'test.fails', {});
      const dead = await untilState(id, 'dead');
      expect(dead.error?.message).toContain('always fails');
      expect(JSON.stringify(dead)).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      const res = await post(`/api/v1/jobs/${id}:retry`);
      expect(res.statusCode, res.body).toBe(200);
      expect(['queued', 'running', 'dead']).toContain(res.json().state);
      const again = await eventually('the second run', async () => {
        const job = await show(id);
        return job.state === 'dead' && job.attemptHistory.length === 2 ? job : undefined;
      });
      // Attempts keep counting across the retry (the history keeps both); the allowance is fresh.
      expect(again).toMatchObject({ attempts: 2, maxAttempts: 2 });
      expect(again.attemptHistory.map((t) => t.outcome)).toEqual(['failed', 'failed']);

      const { id: waiting } = await enqueue(
        a,
        'test.steps',
        { key: gate('waiting'), steps: 1 },
        { runAt: later() },
      );
      expectProblem(await post(`/api/v1/jobs/${waiting}:retry`), 409, 'JOBS_NOT_RETRYABLE');
    });

    it("answers 404 JOBS_NOT_FOUND for another organization's job and leaves it alone", async () => {
      const { id } = await enqueue(b, 'test.steps', { key: gate('b-private'), steps: 1 }, { runAt: later() });
      expectProblem(await get(`/api/v1/jobs/${id}`), 404, 'JOBS_NOT_FOUND');
      expectProblem(await get(`/api/v1/jobs/${id}/events`), 404, 'JOBS_NOT_FOUND');
      expectProblem(await post(`/api/v1/jobs/${id}:cancel`), 404, 'JOBS_NOT_FOUND');
      expectProblem(await post(`/api/v1/jobs/${id}:retry`), 404, 'JOBS_NOT_FOUND');
      expect(await show(id, ownerB)).toMatchObject({ id, state: 'queued', cancelRequested: false });
      expectProblem(await get('/api/v1/jobs/987654321'), 404, 'JOBS_NOT_FOUND');
    });

    it('lets readers look and only managers act', async () => {
      const { id } = await enqueue(a, 'test.steps', { key: gate('perm'), steps: 1 }, { runAt: later() });
      const viewer = bearer(await accessTokenFor(ctx.app, a.users.viewer.id, a.orgId));
      const analyst = bearer(await accessTokenFor(ctx.app, a.users.analyst.id, a.orgId));
      expect((await get(`/api/v1/jobs/${id}`, viewer)).statusCode).toBe(200);
      expectProblem(await post(`/api/v1/jobs/${id}:cancel`, viewer), 403, 'AUTH_FORBIDDEN');
      expectProblem(await post(`/api/v1/jobs/${id}:retry`, analyst), 403, 'AUTH_FORBIDDEN');
      expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/v1/jobs' }), 401, 'AUTH_MISSING_TOKEN');
      expect((await show(id)).state).toBe('queued');
    });

    it('refuses ids that are not canonical integers', async () => {
      expectProblem(await get('/api/v1/jobs/012'), 400, 'REQUEST_INVALID');
      expectProblem(await post('/api/v1/jobs/012:cancel'), 400, 'REQUEST_INVALID');
    });
  });

  describe('GET /jobs/{id}/events', () => {
    it('streams a finished job from its first event to its last, then ends', async () => {
      gates.set(gate('stream'), Number.POSITIVE_INFINITY);
      const { id } = await enqueue(a, 'test.steps', { key: gate('stream'), steps: 3 });
      await untilState(id, 'succeeded');
      const res = await get(`/api/v1/jobs/${id}/events`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(res.headers['content-encoding']).toBeUndefined();
      const events = parseSse(res.body);
      expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((x, y) => x - y));
      expect(events[0]).toMatchObject({ event: 'state', data: { state: 'queued' } });
      expect(events.at(-1)).toMatchObject({ event: 'state', data: { state: 'succeeded' } });
      expect(events.filter((e) => e.event === 'progress').at(-1)?.data).toMatchObject({ done: 3, total: 3 });
      expect(events.some((e) => e.event === 'state' && e.data.state === 'running')).toBe(true);
    });

    it('resumes after Last-Event-ID with only the later events, and answers 204 once all were sent', async () => {
      gates.set(gate('resume'), Number.POSITIVE_INFINITY);
      const { id } = await enqueue(a, 'test.steps', { key: gate('resume'), steps: 2 });
      await untilState(id, 'succeeded');
      const all = parseSse((await get(`/api/v1/jobs/${id}/events`)).body);
      expect(all.length).toBeGreaterThan(2);
      const cut = all[1] as SseEvent;
      const resumed = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/jobs/${id}/events`,
        headers: { ...ownerA, 'last-event-id': String(cut.id) },
      });
      expect(resumed.statusCode).toBe(200);
      expect(parseSse(resumed.body)).toEqual(all.slice(2));
      const done = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/jobs/${id}/events`,
        headers: { ...ownerA, 'last-event-id': String(all.at(-1)?.id) },
      });
      expect(done.statusCode).toBe(204);
      expect(done.body).toBe('');
      const bad = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/jobs/${id}/events`,
        headers: { ...ownerA, 'last-event-id': 'yesterday' },
      });
      expectProblem(bad, 400, 'REQUEST_INVALID');
    });

    it('sends progress live while the job runs, over a real connection', async () => {
      const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const { id } = await enqueue(a, 'test.steps', { key: gate('live'), steps: 3 });
      const res = await fetch(`${address}/api/v1/jobs/${id}/events`, { headers: ownerA });
      expect(res.status).toBe(200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      let ended = false;
      const readUntil = async (what: string, done: (events: SseEvent[]) => boolean) => {
        const until = Date.now() + deadline;
        while (!done(parseSse(text))) {
          if (ended) throw new Error(`the stream ended before ${what}:\n${text}`);
          if (Date.now() > until) throw new Error(`no ${what} within ${deadline} ms:\n${text}`);
          const chunk = await reader.read();
          if (chunk.done) ended = true;
          else text += decoder.decode(chunk.value, { stream: true });
        }
        return parseSse(text);
      };
      await readUntil('running', (events) => events.some((e) => e.data.state === 'running'));
      // The job is held at its first step: nothing more has come, and the stream stays open.
      gates.set(gate('live'), 1);
      const first = await readUntil('the first step', (events) =>
        events.some((e) => e.event === 'progress' && e.data.done === 1),
      );
      expect(first.some((e) => e.data.state === 'succeeded')).toBe(false);
      gates.set(gate('live'), 3);
      const events = await readUntil('the end', (all) => all.some((e) => e.data.state === 'succeeded'));
      expect(events.at(-1)).toMatchObject({ event: 'state', data: { state: 'succeeded' } });
      // The server ends the stream once the job has finished.
      while (!ended) {
        const chunk = await reader.read();
        if (chunk.done) ended = true;
        else text += decoder.decode(chunk.value, { stream: true });
      }
      expect(parseSse(text).map((e) => e.id)).toEqual(events.map((e) => e.id));
    });
  });
});

describe.each(testDialects)('jobs and the app lifecycle on %s', (dialect) => {
  const gate = (name: string) => `${dialect}:lifecycle:${name}`;
  it('is not ready while the queue says its backend is unreachable, and says why', async () => {
    let problem: string | null = 'Redis at 127.0.0.1:6379: connection lost';
    const ctx = await createTestApp(dialect, {
      queue: async (database, config) => {
        const queue = await testQueue(database, config);
        return { ...queue, health: async () => problem ?? queue.health() };
      },
    });
    try {
      const body = expectProblem(
        await ctx.app.inject({ method: 'GET', url: '/readyz' }),
        503,
        'SERVICE_NOT_READY',
      );
      expect(body.detail).toContain('Redis at 127.0.0.1:6379: connection lost');
      problem = null;
      expect((await ctx.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    } finally {
      await ctx.close();
    }
  });

  it('closes with a job running and a client following it: the stream ends and the job goes back to the queue', async () => {
    const ctx = await createTestApp(dialect, {
      env: { LANEWISE_JOB_POLL_MS: '50', LANEWISE_SHUTDOWN_TIMEOUT_MS: '1000' },
      worker: true,
      queue: testQueue,
    });
    try {
      const org = await createOrgWithUsers(ctx.database.db, { slug: 'jobs-close' });
      const headers = bearer(await accessTokenFor(ctx.app, org.users.owner.id, org.orgId));
      const { job } = await ctx.queue.enqueue(
        'test.steps',
        { key: gate('held'), steps: 1 },
        { orgId: org.orgId },
      );
      const state = async () =>
        (
          await ctx.database.db
            .selectFrom('jobs')
            .select('state')
            .where('id', '=', job.id)
            .executeTakeFirstOrThrow()
        ).state;
      await eventually('the job running', async () => ((await state()) === 'running' ? true : undefined));
      const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const res = await fetch(`${address}/api/v1/jobs/${job.id}/events`, { headers });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      expect((await reader.read()).done).toBe(false);

      await ctx.app.close();
      // The stream was ended by the server (not left for the shutdown timeout to cut)...
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        // drain what was sent before the end
      }
      // ...and the job that did not finish within the grace is queued again for another worker.
      expect(await state()).toBe('queued');
      const attempts = await ctx.database.db
        .selectFrom('job_attempts')
        .select('outcome')
        .where('job_id', '=', job.id)
        .execute();
      expect(attempts).toEqual([{ outcome: 'released' }]);
    } finally {
      gates.set(gate('held'), Number.POSITIVE_INFINITY);
      await ctx.close();
    }
  });
});
