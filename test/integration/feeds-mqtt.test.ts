import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { connectAsync, type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { createFeed, startMqttSubscribers } from '../../src/modules/feeds/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * MQTT feeds end to end on each database, against the local Mosquitto (issue #12): a feed created
 * through the API subscribes (shared, QoS 1) in a subscriber started as the worker starts it;
 * position, status and temperature messages move their shipments through the webhook intake;
 * redeliveries change nothing; what cannot be applied waits in quarantine; a broker that is down
 * or not allowed is recorded on the feed without stopping anything; a message whose store failed
 * is not acknowledged and comes back. Topics carry a random suffix so parallel runs stay apart.
 */

const BROKER = 'mqtt://127.0.0.1:1883';
const run = randomBytes(4).toString('hex');

type Json = Record<string, unknown>;
type Headers = Record<string, string>;

/** Log lines of a subscriber, to read the codes it logs. */
function capturedLogger() {
  const lines: Json[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Json) });
  return { log, lines };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000) {
  const started = Date.now();
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

/** A port on 127.0.0.1 nothing listens on (taken and released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe.each(testDialects)('mqtt feeds on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: Headers;
  let otherAdmin: Headers;
  let publisher: MqttClient;
  let serial = 0;
  const topicBase = `lanewise-test/${run}/${dialect}`;

  beforeAll(async () => {
    ctx = await createTestApp(dialect, { env: { LANEWISE_IMPORT_ALLOW_HOSTS: '127.0.0.1' } });
    org = await createOrgWithUsers(ctx.database.db, { slug: 'mqtt-a' });
    const other = await createOrgWithUsers(ctx.database.db, { slug: 'mqtt-b' });
    admin = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
    otherAdmin = bearer(await accessTokenFor(ctx.app, other.users.admin.id, other.orgId));
    publisher = await connectAsync(BROKER, {
      protocolVersion: 5,
      clientId: `lanewise-test-pub-${run}-${dialect}`,
    });
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await ctx?.close();
  });

  /** A subscriber as the worker runs it, quick to refresh and retry; closed by the test. */
  const subscriber = (workerName = `t-${run}-${dialect}-${serial++}`, db = ctx.database.db) => {
    const { log, lines } = capturedLogger();
    const running = startMqttSubscribers(db, log, {
      allowHosts: ctx.config.imports.allowHosts,
      refreshMs: 100,
      backoffMs: { initial: 50, max: 300 },
      sessionExpirySeconds: 60,
      workerName,
    });
    return { ...running, lines };
  };

  const createMqttFeed = async (name: string, mqtt: Json = {}, extra: Json = {}) => {
    const topic = `${topicBase}/${name.replace(/\W/g, '-')}`;
    const res = await send(ctx.app, 'POST', '/api/v1/feeds', admin, {
      name,
      kind: 'mqtt',
      shape: 'telemetry',
      mqtt: { url: BROKER, topics: [`${topic}/+`], ...mqtt },
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return { feed: res.json() as { id: number } & Json, topic };
  };
  const readFeed = async (id: number) => (await send(ctx.app, 'GET', `/api/v1/feeds/${id}`, admin)).json();
  const connected = (id: number) =>
    until(
      `feed ${id} to subscribe`,
      () => readFeed(id),
      (f) => f.mqtt?.lastConnectedAt !== null,
    );
  const received = (id: number, n: number) =>
    until(
      `feed ${id} to receive ${n}`,
      () => readFeed(id),
      (f) => f.eventsReceived >= n,
    );
  const createShipment = async (reference: string) => {
    const res = await send(ctx.app, 'POST', '/api/v1/shipments', admin, { reference, mode: 'ftl' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number } & Json;
  };
  const eventsOf = async (id: number) =>
    (await send(ctx.app, 'GET', `/api/v1/shipments/${id}/events?sort=occurredAt`, admin)).json()
      .data as Json[];
  const publish = (topic: string, body: unknown) =>
    publisher.publishAsync(topic, typeof body === 'string' ? body : JSON.stringify(body), { qos: 1 });

  it('creates an mqtt feed whose password is never shown, for its organization only', async () => {
    const res = await send(ctx.app, 'POST', '/api/v1/feeds', admin, {
      name: 'Broker with login',
      kind: 'mqtt',
      mqtt: {
        url: BROKER,
        username: 'lanewise',
        password: 'pw-s3cret-value',
        topics: [`${topicBase}/a/+/b`, `${topicBase}/c/#`],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const feed = res.json();
    expect(feed).toMatchObject({
      kind: 'mqtt',
      shape: 'json',
      intakePath: null,
      secret: null,
      mqtt: {
        url: BROKER,
        username: 'lanewise',
        passwordSet: true,
        topics: [`${topicBase}/a/+/b`, `${topicBase}/c/#`],
        lastConnectedAt: null,
        lastError: null,
      },
    });
    expect(res.body).not.toContain('pw-s3cret-value');
    const read = await send(ctx.app, 'GET', `/api/v1/feeds/${feed.id}`, admin);
    expect(read.json().mqtt.passwordSet).toBe(true);
    const listed = await send(ctx.app, 'GET', '/api/v1/feeds', admin);
    expect(listed.json().data.map((f: Json) => f.name)).toContain('Broker with login');
    for (const body of [read.body, listed.body]) expect(body).not.toContain('pw-s3cret-value');
    // Another organization does not see it.
    expectProblem(
      await send(ctx.app, 'GET', `/api/v1/feeds/${feed.id}`, otherAdmin),
      404,
      'RESOURCE_NOT_FOUND',
    );
    const theirs = await send(ctx.app, 'GET', '/api/v1/feeds', otherAdmin);
    expect(theirs.json().data).toEqual([]);
    // Nothing posts to it, so it has no secret to rotate.
    expectProblem(
      await send(ctx.app, 'POST', `/api/v1/feeds/${feed.id}/rotate-secret`, admin),
      409,
      'FEED_NOT_WEBHOOK',
    );
    const webhook = await send(ctx.app, 'POST', '/api/v1/feeds', admin, { name: 'Plain webhook' });
    expect(webhook.json()).toMatchObject({ kind: 'webhook', mqtt: null });
    expect(webhook.json().secret).toMatch(/^lwfs_/);
  });

  it('refuses broker settings that cannot work, with the field at fault', async () => {
    const refused = async (body: Json, path: string) => {
      const problem = expectProblem(
        await send(ctx.app, 'POST', '/api/v1/feeds', admin, { name: 'bad', ...body }),
        400,
        'REQUEST_INVALID',
      );
      const errors = problem.errors as { path: string }[];
      expect(errors.map((e) => e.path)).toContain(`body.${path}`);
    };
    await refused({ kind: 'mqtt', mqtt: { url: 'http://127.0.0.1:1883', topics: ['a'] } }, 'mqtt.url');
    await refused({ kind: 'mqtt', mqtt: { url: 'not a url', topics: ['a'] } }, 'mqtt.url');
    await refused({ kind: 'mqtt', mqtt: { url: 'mqtt://user:pw@127.0.0.1', topics: ['a'] } }, 'mqtt.url');
    await refused({ kind: 'mqtt', mqtt: { url: 'mqtt://127.0.0.1/path', topics: ['a'] } }, 'mqtt.url');
    await refused({ kind: 'mqtt', mqtt: { url: BROKER, topics: [] } }, 'mqtt.topics');
    await refused({ kind: 'mqtt', mqtt: { url: BROKER } }, 'mqtt.topics');
    const many = Array.from({ length: 21 }, (_, i) => `t/${i}`);
    await refused({ kind: 'mqtt', mqtt: { url: BROKER, topics: many } }, 'mqtt.topics');
    await refused({ kind: 'mqtt', mqtt: { url: BROKER, topics: ['a/#/b'] } }, 'mqtt.topics.0');
    await refused({ kind: 'mqtt', mqtt: { url: BROKER, topics: ['$share/x/y'] } }, 'mqtt.topics.0');
    await refused({ kind: 'mqtt' }, 'mqtt');
    await refused({ mqtt: { url: BROKER, topics: ['a'] } }, 'mqtt');
  });

  it('refuses, at creation, a broker on an address no administrator allowed', async () => {
    // The API's early check (routes given config.imports.allowHosts) is this service call.
    const input = { name: 'private', kind: 'mqtt' as const, shape: 'json' as const };
    const vet = { allowHosts: ['127.0.0.1'] };
    await expect(
      createFeed(
        ctx.database.db,
        systemCaller(org.orgId),
        { ...input, mqtt: { url: 'mqtt://10.1.2.3', topics: ['a'] } },
        vet,
      ),
    ).rejects.toMatchObject({
      code: 'FEED_MQTT_BROKER_REFUSED',
      message: /10\.1\.2\.3:1883 is a private address/,
    });
    await expect(
      createFeed(
        ctx.database.db,
        systemCaller(org.orgId),
        { ...input, mqtt: { url: 'mqtts://169.254.169.254', topics: ['a'] } },
        vet,
      ),
    ).rejects.toMatchObject({ code: 'FEED_MQTT_BROKER_REFUSED' });
  });

  it('applies position, status and temperature messages to the shipment, each once', {
    timeout: 30_000,
  }, async () => {
    const { feed, topic } = await createMqttFeed('Tracker fleet');
    const s = await createShipment(`MQ-${dialect}-1`);
    const sub = subscriber();
    try {
      await connected(feed.id);
      const position = {
        id: 'p-1',
        shipment: `MQ-${dialect}-1`,
        occurredAt: '2026-12-01T08:00:00Z',
        latitude: 45.764043,
        longitude: 4.835659,
        city: 'Lyon',
      };
      await publish(`${topic}/tracker-7`, position);
      await publish(`${topic}/tracker-7`, {
        id: 't-1',
        shipment: `MQ-${dialect}-1`,
        occurredAt: '2026-12-01T09:00:00Z',
        temperature: 4.5,
      });
      await publish(`${topic}/tracker-7`, {
        id: 's-1',
        shipment: `MQ-${dialect}-1`,
        code: 'DELIVERED',
        occurredAt: '2026-12-01T15:00:00Z',
      });
      await received(feed.id, 3);
      const events = await eventsOf(s.id);
      expect(events).toHaveLength(3);
      expect(events.find((e) => e.occurredAt === '2026-12-01T08:00:00.000Z')).toMatchObject({
        code: 'IN_TRANSIT',
        latitude: 45.764043,
        longitude: 4.835659,
        city: 'Lyon',
      });
      expect(events.find((e) => e.occurredAt === '2026-12-01T09:00:00.000Z')).toMatchObject({
        code: 'IN_TRANSIT',
        message: 'Temperature 4.5 °C',
      });
      const shipment = (await send(ctx.app, 'GET', `/api/v1/shipments/${s.id}`, admin)).json();
      expect(shipment.status).toBe('delivered');
      expect(shipment.actualDeliveryAt).toBe('2026-12-01T15:00:00.000Z');

      // A redelivered message (same id) changes nothing; the one after it shows it was processed.
      await publish(`${topic}/tracker-7`, position);
      await publish(`${topic}/tracker-7`, { ...position, id: 'p-2', occurredAt: '2026-12-01T10:00:00Z' });
      const after = await received(feed.id, 4);
      expect(after).toMatchObject({ eventsReceived: 4, eventsQuarantined: 0 });
      expect(await eventsOf(s.id)).toHaveLength(4);
      const stored = (await send(ctx.app, 'GET', `/api/v1/feeds/${feed.id}/events?limit=50`, admin)).json();
      expect(stored.data.filter((e: Json) => e.sourceEventId === 'p-1')).toHaveLength(1);
    } finally {
      await sub.close();
    }
  });

  it('quarantines what it cannot apply, replayably, and drops only what it cannot store', {
    timeout: 30_000,
  }, async () => {
    const { feed, topic } = await createMqttFeed('Early tracker');
    const sub = subscriber();
    try {
      await connected(feed.id);
      const reference = `MQ-${dialect}-LATER`;
      await publish(`${topic}/x`, { id: 'q-1', shipment: reference, occurredAt: '2026-12-01T08:00:00Z' });
      await publish(`${topic}/x`, '{"id": "broken",');
      await publish(`${topic}/x`, {
        id: 'q-2',
        shipment: reference,
        occurredAt: '2026-12-01T09:00:00Z',
        temperature: 'warm',
      });
      // One event larger than every dialect stores: acknowledged and logged, not stored.
      await publish(`${topic}/x`, { id: 'huge', shipment: reference, message: 'x'.repeat(70_000) });
      await publish(`${topic}/x`, [
        { id: 'q-3', shipment: reference, code: 'TELEPORTED', occurredAt: '2026-12-01T10:00:00Z' },
      ]);
      await received(feed.id, 4);
      await until(
        'the dropped message to be logged',
        async () => sub.lines.filter((l) => l.code === 'FEED_MQTT_MESSAGE_DROPPED'),
        (l) => l.length === 1,
      );
      const quarantined = (
        await send(ctx.app, 'GET', `/api/v1/feeds/${feed.id}/events?status=quarantined&limit=50`, admin)
      ).json().data as {
        sourceEventId: string;
        reasons: { field: string; rule: string; message: string }[];
        payload: unknown;
      }[];
      expect(quarantined).toHaveLength(4);
      const by = (id: string) => quarantined.find((e) => e.sourceEventId === id);
      expect(by('q-1')?.reasons[0]).toMatchObject({ field: 'shipment', rule: 'lookup' });
      expect(by('q-2')?.reasons.map((r) => r.field)).toContain('message');
      expect(by('q-3')?.reasons.map((r) => r.field)).toContain('code');
      const notJson = quarantined.find((e) => e.sourceEventId.startsWith('sha256:'));
      expect(notJson?.payload).toBe('{"id": "broken",');
      expect(notJson?.reasons[0]?.message).toMatch(/^The message is not JSON/);

      const s = await createShipment(reference);
      const replay = await send(ctx.app, 'POST', `/api/v1/feeds/${feed.id}/events/replay`, admin, {});
      expect(replay.json()).toEqual({ tried: 4, applied: 1, quarantined: 3 });
      const events = await eventsOf(s.id);
      expect(events).toHaveLength(1);
      expect((await send(ctx.app, 'GET', `/api/v1/shipments/${s.id}`, admin)).json().status).toBe(
        'in_transit',
      );
    } finally {
      await sub.close();
    }
  });

  it('records a broker that is down or not allowed on the feed, and keeps serving the others', {
    timeout: 30_000,
  }, async () => {
    const down = (await createMqttFeed('Down broker', { url: `mqtt://127.0.0.1:${await closedPort()}` }))
      .feed;
    // 127.0.0.2 is loopback too, but only 127.0.0.1 is allowed: refused at creation...
    const refusedAtCreation = await send(ctx.app, 'POST', '/api/v1/feeds', admin, {
      name: 'Refused broker',
      kind: 'mqtt',
      mqtt: { url: 'mqtt://127.0.0.2:1883', topics: ['lanewise/refused'] },
    });
    expect(refusedAtCreation.statusCode, refusedAtCreation.body).toBe(422);
    expect(refusedAtCreation.json().code).toBe('FEED_MQTT_BROKER_REFUSED');
    // ...and by the subscriber before it connects, when the address changed after creation
    // (here the stored URL; in life, what the host name resolves to).
    const notAllowed = (await createMqttFeed('Not allowed')).feed;
    await ctx.database.db
      .updateTable('feeds')
      .set({ mqtt_url: 'mqtt://127.0.0.2:1883' })
      .where('id', '=', notAllowed.id)
      .execute();
    const { feed, topic } = await createMqttFeed('Healthy');
    const s = await createShipment(`MQ-${dialect}-OK`);
    const sub = subscriber();
    try {
      const failed = await until(
        'the connection error',
        () => readFeed(down.id),
        (f) => f.mqtt.lastError !== null,
      );
      expect(failed.mqtt.lastError).toMatch(/ECONNREFUSED/);
      expect(failed.mqtt.lastConnectedAt).toBeNull();
      const refused = await until(
        'the refusal',
        () => readFeed(notAllowed.id),
        (f) => f.mqtt.lastError !== null,
      );
      expect(refused.mqtt.lastError).toMatch(
        /127\.0\.0\.2:1883 is a loopback address, which only hosts in LANEWISE_IMPORT_ALLOW_HOSTS may reach/,
      );
      expect(refused.mqtt.lastConnectedAt).toBeNull();
      // It keeps trying, and the healthy feed works meanwhile.
      const firstError = failed.mqtt.lastErrorAt;
      await until(
        'another attempt',
        () => readFeed(down.id),
        (f) => f.mqtt.lastErrorAt !== firstError,
      );
      await connected(feed.id);
      await publish(`${topic}/a`, {
        id: 'h-1',
        shipment: `MQ-${dialect}-OK`,
        occurredAt: '2026-12-01T08:00:00Z',
      });
      await received(feed.id, 1);
      expect(await eventsOf(s.id)).toHaveLength(1);
      expect(sub.lines.some((l) => l.code === 'FEED_MQTT_CONNECT_FAILED')).toBe(true);
    } finally {
      await sub.close();
    }
    // Archived feeds are not subscribed to.
    for (const id of [down.id, notAllowed.id]) {
      expect((await send(ctx.app, 'DELETE', `/api/v1/feeds/${id}`, admin)).statusCode).toBe(204);
    }
  });

  it('does not acknowledge a message it could not store: the broker delivers it again', {
    timeout: 45_000,
  }, async () => {
    const { feed, topic } = await createMqttFeed('Redelivered');
    const s = await createShipment(`MQ-${dialect}-RE`);
    const workerName = `t-${run}-${dialect}-redelivery`;
    // A subscriber whose database goes away under it: every store fails for real.
    const doomed = connect(ctx.target);
    const first = subscriber(workerName, doomed.db);
    try {
      await connected(feed.id);
      await doomed.close();
      await publish(`${topic}/a`, {
        id: 'r-1',
        shipment: `MQ-${dialect}-RE`,
        occurredAt: '2026-12-01T08:00:00Z',
      });
      await until(
        'the failed store',
        async () => first.lines.filter((l) => l.code === 'FEED_MQTT_STORE_FAILED'),
        (l) => l.length >= 2,
      );
    } finally {
      await first.close();
    }
    expect((await readFeed(feed.id)).eventsReceived).toBe(0);
    // The same worker back, on a database that works: the broker sends the message again.
    const second = subscriber(workerName);
    try {
      await received(feed.id, 1);
      expect(await eventsOf(s.id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
