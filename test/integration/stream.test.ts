import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_MS } from '../../src/modules/stream/index.js';
import { sweepStreamEvents } from '../../src/modules/stream/outbox.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import {
  accessTokenFor,
  apiKeyFor,
  bearer,
  createOrgWithUsers,
  expectProblem,
  type TestOrg,
} from '../support/auth.js';
import { type RunningCli, spawnCli } from '../support/cli.js';
import { databaseUrlOf, testDialects } from '../support/databases.js';
import { testRedisUrl } from '../support/redis-server.js';
import { openSse, type SseClient, type SseEvent } from '../support/sse.js';

/**
 * Live updates end to end on each database (issue #12, ADR 0020): shipment writes reach the
 * organization's open streams and no other; a reconnect with Last-Event-ID gets what it missed,
 * once; a resume older than the outbox keeps is told to resync; an event committed after a later
 * one is still delivered; a second API process gets events written by the first, through Redis.
 */

type Headers = Record<string, string>;
const changed = (reference: string) => (events: SseEvent[]) =>
  events.some(
    (e) =>
      e.event === 'shipments.changed' &&
      (e.data.shipments as { reference: string }[]).some((s) => s.reference === reference),
  );

describe.each(testDialects)('live updates on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let admin: Headers;
  let otherAdmin: Headers;
  let address: string;
  const open: SseClient[] = [];

  beforeAll(async () => {
    ctx = await createTestApp(dialect, {
      env: { LANEWISE_STREAM_HEARTBEAT_MS: '300', LANEWISE_STREAM_POLL_MS: '100' },
    });
    org = await createOrgWithUsers(ctx.database.db, { slug: 'stream-a' });
    other = await createOrgWithUsers(ctx.database.db, { slug: 'stream-b' });
    admin = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
    otherAdmin = bearer(await accessTokenFor(ctx.app, other.users.admin.id, other.orgId));
    address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const client of open) await client.close();
    await ctx?.close();
  });

  const stream = async (headers: Headers, query = '') => {
    const client = await openSse(`${address}/api/v1/stream${query}`, headers);
    open.push(client);
    return client;
  };
  const createShipment = async (reference: string) => {
    const res = await send(ctx.app, 'POST', '/api/v1/shipments', admin, { reference, mode: 'ftl' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };

  it('pushes a shipment write to its organization’s streams, and to no other', async () => {
    const mine = await stream(admin);
    const theirs = await stream(otherAdmin);
    expect(mine.status).toBe(200);
    // The hub has its starting point once the stream answers; the first write is after it.
    await mine.until('the retry hint', () => mine.text().startsWith('retry: '));
    const { id } = await createShipment('LIVE-1');
    const live = (await mine.until('the new shipment', changed('LIVE-1'))).find((e) =>
      changed('LIVE-1')([e]),
    );
    expect(live?.data).toMatchObject({
      count: 1,
      truncated: false,
      shipments: [{ id, reference: 'LIVE-1', status: 'planned', change: 'inserted' }],
    });
    const res = await send(ctx.app, 'PATCH', `/api/v1/shipments/${id}`, admin, {
      status: 'in_transit',
      actualPickupAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    await mine.until('the update', (events) =>
      events.some(
        (e) =>
          (e.data.shipments as { status: string; change: string }[] | undefined)?.[0]?.status ===
          'in_transit',
      ),
    );
    // Heartbeats keep the other organization's stream alive, and it has seen no event.
    await theirs.until('a heartbeat', () => theirs.text().includes(': heartbeat'));
    expect(theirs.events()).toEqual([]);
  });

  it('resumes after Last-Event-ID with what was missed, once and in order', async () => {
    const first = await stream(admin);
    await first.until('the retry hint', () => first.text().startsWith('retry: '));
    await createShipment('RESUME-1');
    const [seen] = (await first.until('the first write', changed('RESUME-1'))).filter((e) =>
      changed('RESUME-1')([e]),
    );
    await first.close();
    await createShipment('RESUME-2');
    await createShipment('RESUME-3');
    const again = await stream({ ...admin, 'last-event-id': String(seen?.id) });
    const events = await again.until('the missed writes', changed('RESUME-3'));
    const references = events.flatMap((e) =>
      (e.data.shipments as { reference: string }[]).map((s) => s.reference),
    );
    expect(references).toEqual(['RESUME-2', 'RESUME-3']);
    // Nothing arrives twice: the backlog and the live feed overlap, the stream does not repeat.
    await createShipment('RESUME-4');
    const after = await again.until('a live write', changed('RESUME-4'));
    expect(new Set(after.map((e) => e.id)).size).toBe(after.length);
  });

  it('tells a client whose Last-Event-ID is older than the outbox keeps to resync', async () => {
    await createShipment('OLD-1');
    const { max } = await ctx.database.db
      .selectFrom('stream_events')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirstOrThrow();
    // Everything so far is past its retention.
    await sweepStreamEvents(ctx.database.db, new Date(Date.now() + RETENTION_MS + 60_000));
    await createShipment('OLD-2');
    const client = await stream({ ...admin, 'last-event-id': String(Number(max) - 1) });
    const [resync] = await client.until('resync', (events) => events.some((e) => e.event === 'resync'));
    expect(resync?.event).toBe('resync');
    expect(resync?.id).toBeGreaterThan(Number(max));
  });

  it('delivers an event written by a process that sent no hint, by polling', async () => {
    const client = await stream(admin);
    await client.until('the retry hint', () => client.text().startsWith('retry: '));
    await ctx.database.db
      .insertInto('stream_events')
      .values({
        org_id: org.orgId,
        topic: 'shipments',
        kind: 'shipments.changed',
        data: JSON.stringify({
          count: 1,
          shipments: [{ id: 1, reference: 'POLLED', status: 'planned', change: 'inserted' }],
          truncated: false,
        }),
        created_at: new Date(),
      })
      .execute();
    await client.until('the polled event', changed('POLLED'), 5_000);
  });

  it.skipIf(dialect === 'sqlite')('delivers an event that commits after a later one', async () => {
    const client = await stream(admin);
    await client.until('the retry hint', () => client.text().startsWith('retry: '));
    const row = (reference: string) => ({
      org_id: org.orgId,
      topic: 'shipments',
      kind: 'shipments.changed',
      data: JSON.stringify({
        count: 1,
        shipments: [{ id: 1, reference, status: 'planned', change: 'inserted' }],
        truncated: false,
      }),
      created_at: new Date(),
    });
    let releaseEarly: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      releaseEarly = resolve;
    });
    let inserted: () => void = () => undefined;
    const early = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    // The early event takes its id first and commits last.
    const slow = ctx.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('stream_events').values(row('EARLY')).execute();
      inserted();
      await held;
    });
    await early;
    await ctx.database.db.insertInto('stream_events').values(row('LATE')).execute();
    await client.until('the later event', changed('LATE'), 5_000);
    releaseEarly();
    await slow;
    const events = await client.until('the earlier event', changed('EARLY'), 5_000);
    const earlier = events.find((e) => changed('EARLY')([e]));
    const later = events.find((e) => changed('LATE')([e]));
    expect(earlier?.id).toBeLessThan(later?.id ?? 0);
  });

  it('filters topics by permission and refuses unknown ones', async () => {
    const keyWithout = bearer(await apiKeyFor(ctx.database.db, org, ['shipments:read']));
    const refused = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/stream?topics=alerts',
      headers: keyWithout,
    });
    expectProblem(refused, 403, 'AUTH_FORBIDDEN');
    expect(refused.json().detail).toMatch(/alerts:read/);
    const unknown = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/stream?topics=shipments,parcels',
      headers: admin,
    });
    expectProblem(unknown, 400, 'REQUEST_INVALID');
    expect(unknown.body).toMatch(/parcels/);
    const noRead = bearer(await apiKeyFor(ctx.database.db, org, ['feeds:ingest']));
    expectProblem(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/stream', headers: noRead }),
      403,
      'AUTH_FORBIDDEN',
    );
    const badId = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/stream',
      headers: { ...admin, 'last-event-id': 'x' },
    });
    expectProblem(badId, 400, 'REQUEST_INVALID');
  });

  it('ends a stream after its maximum time, so the client reconnects and is checked again', async () => {
    const short = await createTestApp(dialect, { env: { LANEWISE_STREAM_MAX_SECONDS: '1' } });
    try {
      const shortOrg = await createOrgWithUsers(short.database.db, { slug: 'stream-short' });
      const token = bearer(await accessTokenFor(short.app, shortOrg.users.viewer.id, shortOrg.orgId));
      const at = await short.app.listen({ port: 0, host: '127.0.0.1' });
      const client = await openSse(`${at}/api/v1/stream`, token);
      const started = Date.now();
      await client.end(5_000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await short.close();
    }
  });
});

describe.each(testDialects)('live updates across processes on %s', (dialect) => {
  let ctx: TestContext;
  let server: RunningCli | undefined;
  let client: SseClient | undefined;
  const env = { REDIS_URL: testRedisUrl, LANEWISE_JOB_BACKEND: 'database' };

  beforeAll(async () => {
    ctx = await createTestApp(dialect, { env });
  });
  afterAll(async () => {
    await client?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    await ctx?.close();
  });

  it('reaches a stream on another API process through Redis, long before that process would poll', async () => {
    const org = await createOrgWithUsers(ctx.database.db, { slug: 'stream-x' });
    const admin = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
    // The other process polls the outbox once a minute: only the Redis hint can bring it sooner.
    server = spawnCli(
      ['serve', '--port', '0', '--no-demo', '--no-worker', '--database-url', databaseUrlOf(ctx.target)],
      { ...env, LOG_LEVEL: 'info', LANEWISE_STREAM_POLL_MS: '60000' },
    );
    const [, at] = await server.waitFor(/Lanewise is running at (http:\/\/\S+)/, 60_000);
    client = await openSse(`${at}/api/v1/stream`, admin);
    expect(client.status).toBe(200);
    await client.until('the retry hint', () => client?.text().startsWith('retry: ') ?? false);
    const started = Date.now();
    const res = await send(ctx.app, 'POST', '/api/v1/shipments', admin, {
      reference: 'ACROSS-1',
      mode: 'ftl',
    });
    expect(res.statusCode, res.body).toBe(201);
    await client.until('the write of the other process', changed('ACROSS-1'), 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
