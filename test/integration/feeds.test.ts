import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFeedRequest } from '../../src/modules/feeds/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import {
  accessTokenFor,
  apiKeyFor,
  bearer,
  createOrgWithUsers,
  expectProblem,
  type TestOrg,
} from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * Webhook feeds end to end on each database (issue #12): a feed is created with a secret shown
 * once; a carrier's key that may only post events sends signed requests; events move their
 * shipments through the tracking-event write path, redeliveries change nothing, events for a
 * shipment that does not exist yet wait in quarantine until replayed; unsigned, stale or forged
 * requests, other organizations and malformed payloads are refused before anything is stored.
 */

type Headers = Record<string, string>;
type Json = Record<string, unknown>;
/** What POST /feeds answers, as far as these tests read it. */
type Feed = { id: number; intakePath: string; secret: string; eventIdPath: string } & Json;

describe.each(testDialects)('feeds on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: Headers;
  let operator: Headers;
  let carrierKey: Headers;
  let otherOrgKey: Headers;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    org = await createOrgWithUsers(ctx.database.db, { slug: 'feeds-a' });
    const other = await createOrgWithUsers(ctx.database.db, { slug: 'feeds-b' });
    admin = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
    operator = bearer(await accessTokenFor(ctx.app, org.users.operator.id, org.orgId));
    carrierKey = bearer(await apiKeyFor(ctx.database.db, org, ['feeds:ingest']));
    otherOrgKey = bearer(await apiKeyFor(ctx.database.db, other, ['feeds:ingest']));
  });
  afterAll(() => ctx?.close());

  const createFeed = async (body: Json): Promise<Feed> => {
    const res = await send(ctx.app, 'POST', '/api/v1/feeds', admin, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const createShipment = async (reference: string) => {
    const res = await send(ctx.app, 'POST', '/api/v1/shipments', admin, { reference, mode: 'ftl' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number } & Json;
  };
  const shipment = async (id: number) =>
    (await send(ctx.app, 'GET', `/api/v1/shipments/${id}`, admin)).json();
  const eventsOf = async (id: number) =>
    (await send(ctx.app, 'GET', `/api/v1/shipments/${id}/events`, admin)).json().data as Json[];

  /** Posts `body` to the feed as its sender does: the exact bytes, signed at `at` (Unix seconds). */
  const post = (
    feed: Feed,
    body: unknown,
    options: { key?: Headers; secret?: string; at?: number; signature?: string; raw?: string } = {},
  ) => {
    const raw = options.raw ?? JSON.stringify(body);
    const at = String(options.at ?? Math.floor(Date.now() / 1000));
    return ctx.app.inject({
      method: 'POST',
      url: feed.intakePath,
      headers: {
        ...(options.key ?? carrierKey),
        'content-type': 'application/json',
        'lanewise-timestamp': at,
        'lanewise-signature': options.signature ?? signFeedRequest(options.secret ?? feed.secret, at, raw),
      },
      payload: raw,
    });
  };

  it('creates a feed whose secret is shown once, for those who manage connectors', async () => {
    const feed = await createFeed({ name: 'Carrier A' });
    expect(feed.secret).toMatch(/^lwfs_/);
    expect(feed).toMatchObject({ kind: 'webhook', shape: 'json', eventIdPath: 'id', eventsReceived: 0 });
    expect(feed.intakePath).toBe(`/api/v1/feeds/${feed.id}/events`);
    const read = await send(ctx.app, 'GET', `/api/v1/feeds/${feed.id}`, admin);
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(feed.secret);
    const listed = await send(ctx.app, 'GET', '/api/v1/feeds', admin);
    expect(listed.json().data.map((f: { name: string }) => f.name)).toContain('Carrier A');
    expect(listed.body).not.toContain(feed.secret);
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/feeds', operator, { name: 'x' }),
      403,
      'AUTH_FORBIDDEN',
    );
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/feeds', admin, { name: 'Carrier A' }),
      409,
      'RESOURCE_CONFLICT',
    );
    // A mapping must be a tracking-events mapping whose fields exist.
    const wrong = await send(ctx.app, 'POST', '/api/v1/feeds', admin, {
      name: 'wrong',
      mapping: { target: 'tracking-events', fields: { shipment: { column: 'ref' }, nope: { column: 'x' } } },
    });
    expectProblem(wrong, 422, 'IMPORT_MAPPING_INVALID');
  });

  it('applies a signed event to its shipment, once however often it is delivered', async () => {
    const feed = await createFeed({ name: 'Carrier B' });
    const s = await createShipment('FEED-1');
    const event = {
      id: 'evt-1',
      shipment: 'FEED-1',
      code: 'PICKED_UP',
      occurredAt: '2026-11-30T08:00:00Z',
      city: 'Lyon',
    };
    const res = await post(feed, event);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ received: 1, applied: 1, quarantined: 0, duplicates: 0 });
    expect(res.json().events[0]).toMatchObject({ sourceEventId: 'evt-1', result: 'applied' });
    expect((await shipment(s.id)).status).toBe('in_transit');
    expect(await eventsOf(s.id)).toHaveLength(1);

    // The same event again, alone or in a batch with a new one: acknowledged, ignored.
    const again = await post(feed, event);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ received: 1, applied: 0, duplicates: 1 });
    const batch = await post(feed, {
      events: [
        event,
        { id: 'evt-2', shipment: 'FEED-1', code: 'DELIVERED', occurredAt: '2026-12-01T15:00:00Z' },
      ],
    });
    expect(batch.json()).toMatchObject({ received: 2, applied: 1, duplicates: 1 });
    const after = await shipment(s.id);
    expect(after.status).toBe('delivered');
    expect(after.actualDeliveryAt).toBe('2026-12-01T15:00:00.000Z');
    expect(await eventsOf(s.id)).toHaveLength(2);
    // Two copies within one request: the second is the duplicate.
    const twice = await post(feed, [
      { id: 'evt-3', shipment: 'FEED-1', code: 'IN_TRANSIT', occurredAt: '2026-11-30T12:00:00Z' },
      { id: 'evt-3', shipment: 'FEED-1', code: 'IN_TRANSIT', occurredAt: '2026-11-30T12:00:00Z' },
    ]);
    expect(twice.json()).toMatchObject({ received: 2, applied: 1, duplicates: 1 });
    // That late "in transit" scan did not move the delivered shipment back.
    expect((await shipment(s.id)).status).toBe('delivered');

    // Out of order on a shipment still moving: an exception scan older than the newest event.
    const moving = await createShipment('FEED-2');
    const scans = [
      { id: 'o-1', shipment: 'FEED-2', code: 'PICKED_UP', occurredAt: '2026-11-30T08:00:00Z' },
      { id: 'o-2', shipment: 'FEED-2', code: 'OUT_FOR_DELIVERY', occurredAt: '2026-11-30T14:00:00Z' },
    ];
    expect((await post(feed, scans)).json().applied).toBe(2);
    const late = { id: 'o-3', shipment: 'FEED-2', code: 'EXCEPTION', occurredAt: '2026-11-30T09:00:00Z' };
    expect((await post(feed, late)).json().applied).toBe(1);
    expect((await shipment(moving.id)).status).toBe('in_transit');
    expect(await eventsOf(moving.id)).toHaveLength(3);
    // A newer exception does move it.
    const newer = { id: 'o-4', shipment: 'FEED-2', code: 'EXCEPTION', occurredAt: '2026-11-30T15:00:00Z' };
    expect((await post(feed, newer)).json().applied).toBe(1);
    expect((await shipment(moving.id)).status).toBe('exception');
    const counted = (await send(ctx.app, 'GET', `/api/v1/feeds/${feed.id}`, admin)).json();
    expect(counted).toMatchObject({ eventsReceived: 7, eventsQuarantined: 0 });
    expect(counted.lastEventAt).not.toBeNull();
  });

  it('keeps an event without an id from being applied twice (identified by its content)', async () => {
    const feed = await createFeed({ name: 'No ids' });
    const s = await createShipment('FEED-NOID');
    const event = { shipment: 'FEED-NOID', code: 'PICKED_UP', occurredAt: '2026-11-29T08:00:00Z' };
    expect((await post(feed, event)).json()).toMatchObject({ applied: 1 });
    const again = (await post(feed, event)).json();
    expect(again).toMatchObject({ applied: 0, duplicates: 1 });
    expect(again.events[0].sourceEventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await eventsOf(s.id)).toHaveLength(1);
  });

  it('refuses unsigned, forged, stale and replayed-later requests, storing nothing', async () => {
    const feed = await createFeed({ name: 'Guarded' });
    const s = await createShipment('FEED-G');
    const event = { id: 'g-1', shipment: 'FEED-G', code: 'PICKED_UP', occurredAt: '2026-11-30T08:00:00Z' };
    const now = Math.floor(Date.now() / 1000);
    expectProblem(await post(feed, event, { signature: 'sha256=' }), 401, 'FEED_SIGNATURE_INVALID');
    expectProblem(await post(feed, event, { secret: 'lwfs_guess' }), 401, 'FEED_SIGNATURE_INVALID');
    // A body changed after signing.
    const signed = signFeedRequest(feed.secret, now, JSON.stringify(event));
    const tampered = { ...event, code: 'DELIVERED' };
    expectProblem(await post(feed, tampered, { at: now, signature: signed }), 401, 'FEED_SIGNATURE_INVALID');
    // Signed properly, but six minutes ago (or ahead): a captured request replayed later.
    expectProblem(await post(feed, event, { at: now - 360 }), 401, 'FEED_TIMESTAMP_STALE');
    expectProblem(await post(feed, event, { at: now + 360 }), 401, 'FEED_TIMESTAMP_STALE');
    const unsigned = await ctx.app.inject({
      method: 'POST',
      url: feed.intakePath,
      headers: { ...carrierKey, 'content-type': 'application/json' },
      payload: JSON.stringify(event),
    });
    expectProblem(unsigned, 401, 'FEED_SIGNATURE_INVALID');
    // Without a key (the signature alone is not enough), and with another organization's key.
    const anonymous = await ctx.app.inject({
      method: 'POST',
      url: feed.intakePath,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(event),
    });
    expect(anonymous.statusCode).toBe(401);
    expectProblem(await post(feed, event, { key: otherOrgKey }), 404, 'RESOURCE_NOT_FOUND');
    expect(await eventsOf(s.id)).toHaveLength(0);
    expect((await send(ctx.app, 'GET', `/api/v1/feeds/${feed.id}`, admin)).json().eventsReceived).toBe(0);
    // The old secret stops working when it is rotated.
    const rotated = await send(ctx.app, 'POST', `/api/v1/feeds/${feed.id}/rotate-secret`, admin);
    expect(rotated.statusCode).toBe(200);
    expectProblem(await post(feed, event), 401, 'FEED_SIGNATURE_INVALID');
    expect((await post(feed, event, { secret: rotated.json().secret })).statusCode).toBe(202);
    // An archived feed is gone for its senders.
    expect((await send(ctx.app, 'DELETE', `/api/v1/feeds/${feed.id}`, admin)).statusCode).toBe(204);
    expectProblem(await post(feed, event, { secret: rotated.json().secret }), 404, 'RESOURCE_NOT_FOUND');
  });

  it('refuses payloads that are not events, too many events and broken JSON', async () => {
    const feed = await createFeed({ name: 'Strict' });
    expectProblem(await post(feed, { events: [] }), 422, 'FEED_PAYLOAD_INVALID');
    const mixed = expectProblem(
      await post(feed, { events: [{ id: 'a' }, 'text', 3] }),
      422,
      'FEED_PAYLOAD_INVALID',
    );
    expect(mixed.errors).toEqual([
      { path: 'events.1', message: 'not an object' },
      { path: 'events.2', message: 'not an object' },
    ]);
    const many = Array.from({ length: 1001 }, (_, i) => ({
      id: `m-${i}`,
      shipment: 'X',
      code: 'IN_TRANSIT',
    }));
    expectProblem(await post(feed, many), 413, 'FEED_BATCH_TOO_LARGE');
    expectProblem(await post(feed, null, { raw: '{"id": "x",' }), 400, 'REQUEST_MALFORMED_JSON');
    expect((await send(ctx.app, 'GET', `/api/v1/feeds/${feed.id}`, admin)).json().eventsReceived).toBe(0);
  });

  it('quarantines an event for a shipment that does not exist yet, and applies it once on replay', async () => {
    const feed = await createFeed({ name: 'Early' });
    const early = { id: 'e-1', shipment: 'FEED-LATER', code: 'DEPARTED', occurredAt: '2026-11-30T09:00:00Z' };
    const bad = { id: 'e-2', shipment: 'FEED-LATER', code: 'TELEPORTED', occurredAt: '2026-11-30T10:00:00Z' };
    const res = (await post(feed, [early, bad])).json();
    expect(res).toMatchObject({ received: 2, applied: 0, quarantined: 2 });
    expect(res.events[0].reasons[0]).toMatchObject({ field: 'shipment', rule: 'lookup' });
    expect(res.events[1].reasons.map((r: { field: string }) => r.field)).toContain('code');
    const listed = await send(ctx.app, 'GET', `/api/v1/feeds/${feed.id}/events?status=quarantined`, admin);
    expect(listed.json().data).toHaveLength(2);
    expect(
      listed
        .json()
        .data.map((e: { payload: { id: string } }) => e.payload.id)
        .sort(),
    ).toEqual(['e-1', 'e-2']);

    const s = await createShipment('FEED-LATER');
    const replay = await send(ctx.app, 'POST', `/api/v1/feeds/${feed.id}/events/replay`, admin, {});
    expect(replay.json()).toEqual({ tried: 2, applied: 1, quarantined: 1 });
    expect((await shipment(s.id)).status).toBe('in_transit');
    expect(await eventsOf(s.id)).toHaveLength(1);
    // The applied one is not tried again; the bad one still waits, with its reason.
    const second = await send(ctx.app, 'POST', `/api/v1/feeds/${feed.id}/events/replay`, admin, {});
    expect(second.json()).toEqual({ tried: 1, applied: 0, quarantined: 1 });
    expect(await eventsOf(s.id)).toHaveLength(1);
    expect((await send(ctx.app, 'GET', `/api/v1/feeds/${feed.id}`, admin)).json()).toMatchObject({
      eventsReceived: 2,
      eventsQuarantined: 1,
    });
  });

  it('takes EPCIS 2.0 documents on an epcis feed', async () => {
    const feed = await createFeed({ name: 'Partner EPCIS', shape: 'epcis' });
    expect(feed.eventIdPath).toBe('eventID');
    const s = await createShipment('DESADV-77');
    const document = {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-11-30T10:00:00Z',
      epcisBody: {
        eventList: [
          {
            type: 'ObjectEvent',
            eventID: 'ni:///sha-256;abc?ver=CBV2.0',
            eventTime: '2026-11-30T09:30:00+01:00',
            eventTimeZoneOffset: '+01:00',
            action: 'OBSERVE',
            bizStep: 'shipping',
            epcList: ['urn:epc:id:sgtin:4012345.011111.1'],
            bizTransactionList: [
              { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000009:DESADV-77' },
            ],
          },
          {
            type: 'AssociationEvent',
            eventID: 'ni:///sha-256;def?ver=CBV2.0',
            eventTime: '2026-11-30T09:31:00Z',
          },
        ],
      },
    };
    const res = (await post(feed, document)).json();
    expect(res).toMatchObject({ received: 2, applied: 1, quarantined: 1 });
    expect(res.events[1].reasons[0].message).toMatch(/AssociationEvent/);
    const events = await eventsOf(s.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ code: 'DEPARTED', occurredAt: '2026-11-30T08:30:00.000Z' });
  });

  it('counts events by result and how late they came, in the metrics', async () => {
    const feed = await createFeed({ name: 'Metered' });
    await createShipment('FEED-M');
    const metric = async (line: RegExp) => {
      const text = (await ctx.app.inject({ method: 'GET', url: '/metrics' })).body;
      return Number(line.exec(text)?.[1] ?? 0);
    };
    const applied = /^lanewise_feed_events_total\{shape="json",result="applied"\} (\d+)$/m;
    const duplicate = /^lanewise_feed_events_total\{shape="json",result="duplicate"\} (\d+)$/m;
    const lagged = /^lanewise_feed_event_lag_seconds_count\{shape="json"\} (\d+)$/m;
    const withinHour = /^lanewise_feed_event_lag_seconds_bucket\{le="3600",shape="json"\} (\d+)$/m;
    const before = {
      applied: await metric(applied),
      duplicate: await metric(duplicate),
      lagged: await metric(lagged),
    };
    const hour = await metric(withinHour);
    // Ten minutes late.
    const event = {
      id: 'm-1',
      shipment: 'FEED-M',
      code: 'PICKED_UP',
      occurredAt: new Date(Date.now() - 600_000).toISOString(),
    };
    await post(feed, event);
    await post(feed, event);
    expect(await metric(applied)).toBe(before.applied + 1);
    expect(await metric(duplicate)).toBe(before.duplicate + 1);
    expect(await metric(lagged)).toBe(before.lagged + 1);
    expect(await metric(withinHour)).toBe(hour + 1);
  });

  it('gives the carrier key nothing but the intake', async () => {
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/shipments', carrierKey, { reference: 'NOPE', mode: 'ftl' }),
      403,
      'AUTH_FORBIDDEN',
    );
    expectProblem(await send(ctx.app, 'GET', '/api/v1/feeds', carrierKey), 403, 'AUTH_FORBIDDEN');
  });

  it('stores each event once when the same request arrives twice at the same moment', async () => {
    const feed = await createFeed({ name: 'Racy' });
    const s = await createShipment('FEED-RACE');
    const events = Array.from({ length: 20 }, (_, i) => ({
      id: `r-${i}`,
      shipment: 'FEED-RACE',
      code: 'IN_TRANSIT',
      occurredAt: new Date(Date.UTC(2026, 10, 30, 8, i)).toISOString(),
    }));
    const [a, b] = await Promise.all([post(feed, events), post(feed, events)]);
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(a.json().applied + b.json().applied).toBe(20);
    expect(a.json().duplicates + b.json().duplicates).toBe(20);
    expect(await eventsOf(s.id)).toHaveLength(20);
  });
});
