import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../src/modules/auth/index.js';
import { writeShipments } from '../../src/modules/shipments/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

interface Shipment {
  id: number;
  reference: string;
  status: string;
  mode: string;
  carrierId: number | null;
  lane: string | null;
  onTime: boolean | null;
  delayHours: number | null;
  transitDays: number | null;
  plannedDeliveryAt: string | null;
  actualDeliveryAt: string | null;
  actualPickupAt: string | null;
  destination: { city: string | null; country: string | null; timezone: string };
  freightCost: { amount: number; currency: string } | null;
  archivedAt: string | null;
}

const cities = [
  { city: 'Chicago', country: 'US', timezone: 'America/Chicago' },
  { city: 'Dallas', country: 'US', timezone: 'America/Chicago' },
  { city: 'Hamburg', country: 'DE', timezone: 'Europe/Berlin' },
];
const modes = ['ftl', 'ltl', 'air'] as const;
const statuses = ['planned', 'in_transit', 'delivered'] as const;

describe.each(testDialects)('shipments API on %s', (dialect) => {
  let ctx: TestContext;
  let a: TestOrg;
  let b: TestOrg;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let otherAdmin: Record<string, string>;
  let carrierA: number;
  let carrierB: number;

  const call = async (method: string, url: string, headers: Record<string, string>, payload?: unknown) =>
    send(ctx.app, method, url, headers, payload);

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    a = await createOrgWithUsers(ctx.database.db, { slug: 'ship-a' });
    b = await createOrgWithUsers(ctx.database.db, { slug: 'ship-b' });
    admin = bearer(await accessTokenFor(ctx.app, a.users.admin.id, a.orgId));
    viewer = bearer(await accessTokenFor(ctx.app, a.users.viewer.id, a.orgId));
    otherAdmin = bearer(await accessTokenFor(ctx.app, b.users.admin.id, b.orgId));
    carrierA = (await call('POST', '/api/v1/carriers', admin, { name: 'Swift', scac: 'SWFT' })).json().id;
    carrierB = (await call('POST', '/api/v1/carriers', otherAdmin, { name: 'Other', scac: 'OTHR' })).json()
      .id;

    // 27 shipments spread over modes, statuses, destinations and days, through the batch upsert.
    const items = Array.from({ length: 27 }, (_, i) => {
      const dest = cities[i % 3] as (typeof cities)[number];
      const status = statuses[Math.floor(i / 3) % 3] as (typeof statuses)[number];
      const planned = new Date(Date.UTC(2026, 2, 1 + (i % 9), 17));
      const delivered =
        status === 'delivered' ? new Date(planned.getTime() + (i % 2 === 0 ? -3 : 30) * 3600_000) : null;
      return {
        reference: `BULK-${String(i).padStart(3, '0')}`,
        mode: modes[i % 3],
        status,
        carrierId: i % 2 === 0 ? carrierA : null,
        origin: { city: 'Chicago', country: 'US' },
        destination: dest,
        plannedDeliveryAt: planned.toISOString(),
        // In transit and delivered shipments have been picked up (status and actual times agree).
        actualPickupAt:
          status === 'planned' ? null : new Date(planned.getTime() - 48 * 3600_000).toISOString(),
        actualDeliveryAt: delivered?.toISOString() ?? null,
        freightCost: { amount: 100 + i, currency: 'USD' },
      };
    });
    const res = await call('PUT', '/api/v1/shipments:batch', admin, { items });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(() => ctx?.close());

  async function listAll(query: string, headers = admin): Promise<Shipment[]> {
    const all: Shipment[] = [];
    let cursor: string | null = null;
    do {
      const sep = query ? '&' : '';
      const res = await call(
        'GET',
        `/api/v1/shipments?${query}${sep}limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        headers,
      );
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { data: Shipment[]; nextCursor: string | null };
      all.push(...body.data);
      cursor = body.nextCursor;
    } while (cursor);
    return all;
  }

  it('creates a shipment with derived fields and reads it back', async () => {
    const res = await call('POST', '/api/v1/shipments', admin, {
      reference: 'SO-1',
      mode: 'ftl',
      carrierId: carrierA,
      origin: { city: 'Chicago', country: 'US' },
      destination: { city: 'Dallas', country: 'US', timezone: 'America/Chicago' },
      plannedDeliveryAt: '2026-03-04T17:00:00-06:00',
      actualPickupAt: '2026-03-02T08:00:00-06:00',
      actualDeliveryAt: '2026-03-04T23:30:00-06:00',
      weightKg: 12400.5,
      freightCost: { amount: 2150.75, currency: 'USD' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as Shipment;
    expect(created).toMatchObject({
      reference: 'SO-1',
      status: 'delivered', // no status given: the actual times say it

      lane: 'Chicago, US → Dallas, US',
      onTime: true, // 23:30 local on the planned day
      delayHours: 6.5,
      transitDays: 2.65,
      plannedDeliveryAt: '2026-03-04T23:00:00.000Z',
      freightCost: { amount: 2150.75, currency: 'USD' },
    });
    const got = await call('GET', `/api/v1/shipments/${created.id}`, viewer);
    expect(got.json()).toEqual(created);
  });

  it('rejects unknown fields, bad values and foreign references without writing', async () => {
    const before = (await listAll('')).length;
    const unknown = expectProblem(
      await call('POST', '/api/v1/shipments', admin, {
        reference: 'X',
        mode: 'ftl',
        orgId: 2,
        colour: 'red',
      }),
      400,
      'REQUEST_INVALID',
    );
    expect((unknown.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'body.colour',
      'body.orgId',
    ]);
    expectProblem(
      await call('POST', '/api/v1/shipments', admin, { reference: 'X', mode: 'boat' }),
      400,
      'REQUEST_INVALID',
    );
    expectProblem(
      await call('POST', '/api/v1/shipments', admin, {
        reference: 'X',
        mode: 'ftl',
        plannedDeliveryAt: '2026-03-04 17:00',
      }),
      400,
      'REQUEST_INVALID',
    );
    const foreign = expectProblem(
      await call('POST', '/api/v1/shipments', admin, { reference: 'X', mode: 'ftl', carrierId: carrierB }),
      422,
      'REQUEST_UNPROCESSABLE',
    );
    expect(foreign.errors).toEqual([{ path: 'body.carrierId', message: 'no such carrier' }]);
    expectProblem(
      await call('POST', '/api/v1/shipments', admin, { reference: 'BULK-001', mode: 'ftl' }),
      409,
      'RESOURCE_CONFLICT',
    );
    expect((await listAll('')).length).toBe(before);
  });

  it('answers a retried POST with the first response and creates nothing new', async () => {
    const body = { reference: 'IDEM-1', mode: 'parcel' };
    const first = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: { ...admin, 'idempotency-key': 'key-1' },
      payload: body,
    });
    const retry = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: { ...admin, 'idempotency-key': 'key-1' },
      payload: body,
    });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect((await listAll('reference=IDEM-')).length).toBe(1);
    const reused = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: { ...admin, 'idempotency-key': 'key-1' },
      payload: { ...body, mode: 'air' },
    });
    expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    // Keys are per organization: the same key elsewhere is a new request.
    const elsewhere = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: { ...otherAdmin, 'idempotency-key': 'key-1' },
      payload: body,
    });
    expect(elsewhere.statusCode).toBe(201);
    expect(elsewhere.headers['idempotent-replayed']).toBeUndefined();
  });

  it('filters exactly as the definitions say', async () => {
    const all = await listAll('reference=BULK-');
    expect(all).toHaveLength(27);
    const check = async (query: string, keep: (s: Shipment) => boolean) => {
      const scoped = query.startsWith('reference=') ? query : `reference=BULK-&${query}`;
      const got = (await listAll(scoped)).map((s) => s.reference).sort();
      const expected = all
        .filter(keep)
        .map((s) => s.reference)
        .sort();
      expect(got, query).toEqual(expected);
      expect(expected.length, `${query} selects something`).toBeGreaterThan(0);
      expect(expected.length, `${query} leaves something out`).toBeLessThan(all.length);
    };
    await check('status=delivered', (s) => s.status === 'delivered');
    await check('inTransit=true', (s) => s.status === 'in_transit');
    await check('mode=air', (s) => s.mode === 'air');
    await check(`carrierId=${carrierA}`, (s) => s.carrierId === carrierA);
    await check('destinationCity=Hamburg', (s) => s.destination.city === 'Hamburg');
    await check('destinationCountry=US', (s) => s.destination.country === 'US');
    await check(
      `lane=${encodeURIComponent('Chicago, US → Dallas, US')}`,
      (s) => s.lane === 'Chicago, US → Dallas, US',
    );
    await check('late=true', (s) => s.onTime === false);
    await check('late=false', (s) => s.onTime === true);
    await check('plannedFrom=2026-03-03T00:00:00Z&plannedTo=2026-03-05T00:00:00Z', (s) => {
      const t = Date.parse(s.plannedDeliveryAt ?? '');
      return t >= Date.parse('2026-03-03T00:00:00Z') && t < Date.parse('2026-03-05T00:00:00Z');
    });
    await check(
      'deliveredFrom=2026-03-04T00:00:00Z',
      (s) =>
        s.actualDeliveryAt !== null && Date.parse(s.actualDeliveryAt) >= Date.parse('2026-03-04T00:00:00Z'),
    );
    await check('reference=BULK-01', (s) => s.reference.startsWith('BULK-01'));
    await check('status=delivered&mode=ftl', (s) => s.status === 'delivered' && s.mode === 'ftl');
  });

  it('sorts, counts and pages without losing or repeating rows while rows arrive', async () => {
    const byRef = await listAll('reference=BULK-&sort=-reference');
    expect(byRef.map((s) => s.reference)).toEqual([...byRef.map((s) => s.reference)].sort().reverse());
    const counted = await call('GET', '/api/v1/shipments?reference=BULK-&includeTotal=true&limit=5', admin);
    expect(counted.json()).toMatchObject({ total: 27 });
    expect(counted.json().data).toHaveLength(5);

    const seen: number[] = [];
    let cursor: string | null = null;
    let added = 0;
    do {
      const res = await call(
        'GET',
        `/api/v1/shipments?sort=plannedDeliveryAt&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        admin,
      );
      const body = res.json() as { data: Shipment[]; nextCursor: string | null };
      seen.push(...body.data.map((s) => s.id));
      cursor = body.nextCursor;
      await call('POST', '/api/v1/shipments', admin, {
        reference: `LATE-${added++}`,
        mode: 'ftl',
        plannedDeliveryAt: '2026-03-01T00:00:00Z',
      });
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const bulkIds = (await listAll('reference=BULK-')).map((s) => s.id);
    for (const id of bulkIds) expect(seen).toContain(id);

    expectProblem(
      await call('GET', '/api/v1/shipments?cursor=garbage', admin),
      400,
      'REQUEST_INVALID_CURSOR',
    );
    expectProblem(await call('GET', '/api/v1/shipments?limit=501', admin), 400, 'REQUEST_INVALID');
    expectProblem(await call('GET', '/api/v1/shipments?sort=weightKg', admin), 400, 'REQUEST_INVALID');
  });

  it('patches, re-derives, clears with null, and archives', async () => {
    const created = (
      await call('POST', '/api/v1/shipments', admin, {
        reference: 'PATCH-1',
        mode: 'ltl',
        origin: { city: 'Chicago', country: 'US' },
        destination: { city: 'Hamburg', country: 'DE', timezone: 'Europe/Berlin' },
        plannedDeliveryAt: '2026-03-10T10:00:00Z',
        goodsValue: { amount: 5000, currency: 'EUR' },
      })
    ).json() as Shipment;
    const patched = await call('PATCH', `/api/v1/shipments/${created.id}`, admin, {
      actualDeliveryAt: '2026-03-11T09:00:00+01:00',
      status: 'delivered',
    });
    expect(patched.json()).toMatchObject({
      status: 'delivered',
      onTime: false,
      delayHours: 22,
      lane: 'Chicago, US → Hamburg, DE',
    });
    // A delivered shipment cannot lose its delivery time; back to planned, it can.
    expectProblem(
      await call('PATCH', `/api/v1/shipments/${created.id}`, admin, { actualDeliveryAt: null }),
      422,
      'REQUEST_UNPROCESSABLE',
    );
    const cleared = await call('PATCH', `/api/v1/shipments/${created.id}`, admin, {
      actualDeliveryAt: null,
      status: 'planned',
      destination: { city: 'Bremen' },
    });
    expect(cleared.json()).toMatchObject({
      onTime: null,
      delayHours: null,
      lane: 'Chicago, US → Bremen, DE',
    });
    expectProblem(
      await call('PATCH', `/api/v1/shipments/${created.id}`, admin, {
        freightCost: { amount: 1, currency: 'USD' },
      }),
      422,
      'REQUEST_UNPROCESSABLE',
    );
    const archived = await call('DELETE', `/api/v1/shipments/${created.id}`, admin);
    expect(archived.json().archivedAt).not.toBeNull();
    expect((await listAll('reference=PATCH-')).length).toBe(0);
    expect((await listAll('reference=PATCH-&includeArchived=true')).length).toBe(1);
  });

  it('moves the shipment with tracking events', async () => {
    const s = (
      await call('POST', '/api/v1/shipments', admin, {
        reference: 'TRACK-1',
        mode: 'parcel',
        destination: { city: 'Dallas', country: 'US', timezone: 'America/Chicago' },
        plannedDeliveryAt: '2026-03-04T20:00:00Z',
      })
    ).json() as Shipment;
    const post = (code: string, occurredAt: string) =>
      call('POST', `/api/v1/shipments/${s.id}/events`, admin, {
        code,
        occurredAt,
        rawCode: code.toLowerCase(),
      });
    expect((await post('PICKED_UP', '2026-03-02T10:00:00Z')).statusCode).toBe(201);
    expect((await call('GET', `/api/v1/shipments/${s.id}`, admin)).json()).toMatchObject({
      status: 'in_transit',
      actualPickupAt: '2026-03-02T10:00:00.000Z',
    });
    await post('DELIVERED', '2026-03-04T19:00:00Z');
    await post('IN_TRANSIT', '2026-03-04T21:00:00Z'); // a late scan does not reopen it
    const after = (await call('GET', `/api/v1/shipments/${s.id}`, admin)).json() as Shipment;
    expect(after).toMatchObject({
      status: 'delivered',
      actualDeliveryAt: '2026-03-04T19:00:00.000Z',
      onTime: true,
      transitDays: 2.38,
    });
    const events = (await call('GET', `/api/v1/shipments/${s.id}/events?limit=2`, viewer)).json();
    expect(events.data.map((e: { code: string }) => e.code)).toEqual(['PICKED_UP', 'DELIVERED']);
    expect(events.nextCursor).not.toBeNull();
    // The events list is a list like every other: same envelope, sort, total and sealed cursor.
    const rest = await call(
      'GET',
      `/api/v1/shipments/${s.id}/events?limit=2&cursor=${events.nextCursor}`,
      viewer,
    );
    expect(rest.json().data.map((e: { code: string }) => e.code)).toEqual(['IN_TRANSIT']);
    const newest = await call(
      'GET',
      `/api/v1/shipments/${s.id}/events?sort=-occurredAt&includeTotal=true`,
      viewer,
    );
    expect(newest.statusCode).toBe(200);
    expect(newest.json()).toMatchObject({ total: 3, nextCursor: null });
    expect(newest.json().data.map((e: { code: string }) => e.code)).toEqual([
      'IN_TRANSIT',
      'DELIVERED',
      'PICKED_UP',
    ]);
    const shipmentsCursor = (await call('GET', '/api/v1/shipments?limit=1&sort=createdAt', viewer)).json()
      .nextCursor;
    expect(shipmentsCursor).toEqual(expect.any(String));
    expectProblem(
      await call('GET', `/api/v1/shipments/${s.id}/events?sort=occurredAt&cursor=${shipmentsCursor}`, viewer),
      400,
      'REQUEST_INVALID_CURSOR',
    );
    expectProblem(await post('TELEPORTED', '2026-03-04T21:00:00Z'), 400, 'REQUEST_INVALID');
  });

  it('upserts a batch all-or-nothing: malformed items are 400 with body paths, untrue ones 422', async () => {
    const malformed = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [
        { reference: 'B-1', mode: 'ftl' },
        { reference: 'B-2', mode: 'spaceship' },
        { reference: 'B-3', mode: 'ftl' },
        { reference: 'B-4', mode: 'ftl', weightKg: 'heavy' },
      ],
    });
    const invalid = expectProblem(malformed, 400, 'REQUEST_INVALID');
    expect((invalid.errors as { path: string }[]).map((e) => e.path)).toEqual([
      'body.items.1.mode',
      'body.items.3.weightKg',
    ]);
    const untrue = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [
        { reference: 'B-1', mode: 'ftl' },
        { reference: 'B-3', mode: 'ftl', carrierId: carrierB },
        { reference: 'B-1', mode: 'air' },
      ],
    });
    const problem = expectProblem(untrue, 422, 'REQUEST_UNPROCESSABLE');
    expect((problem.errors as { path: string }[]).map((e) => e.path)).toEqual([
      'items.1.carrierId',
      'items.2.reference',
    ]);
    expect((await listAll('reference=B-')).length).toBe(0);
    const ok = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [
        { reference: 'BULK-000', mode: 'rail' },
        { reference: 'B-9', mode: 'ocean' },
      ],
    });
    expect(ok.json().data.map((r: { result: string; index: number }) => [r.index, r.result])).toEqual([
      [0, 'updated'],
      [1, 'inserted'],
    ]);
    const updated = (await listAll('reference=BULK-000'))[0];
    expect(updated).toMatchObject({ mode: 'rail', destination: { city: 'Chicago' } }); // other fields kept
    expectProblem(
      await call('PUT', '/api/v1/shipments:batch', admin, {
        items: Array.from({ length: 1001 }, (_, i) => ({ reference: `M-${i}`, mode: 'ftl' })),
      }),
      400,
      'REQUEST_INVALID',
    );
  });

  it('refuses a batch that would relabel stored money, as PATCH does, and writes nothing', async () => {
    const stored = (
      await call('POST', '/api/v1/shipments', admin, {
        reference: 'MONEY-1',
        mode: 'ftl',
        freightCost: { amount: 100, currency: 'USD' },
      })
    ).json() as Shipment;
    const relabel = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [
        { reference: 'MONEY-NEW', mode: 'ftl' },
        { reference: 'MONEY-1', mode: 'ftl', goodsValue: { amount: 5, currency: 'EUR' } },
      ],
    });
    const problem = expectProblem(relabel, 422, 'REQUEST_UNPROCESSABLE');
    expect((problem.errors as { path: string }[]).map((e) => e.path)).toEqual([
      'items.1.goodsValue.currency',
    ]);
    const patch = await call('PATCH', `/api/v1/shipments/${stored.id}`, admin, {
      goodsValue: { amount: 5, currency: 'EUR' },
    });
    expectProblem(patch, 422, 'REQUEST_UNPROCESSABLE');
    expect((await call('GET', `/api/v1/shipments/${stored.id}`, admin)).json()).toEqual(stored);
    expect(await listAll('reference=MONEY-NEW')).toEqual([]);
    // The same currency, or replacing both amounts at once, is fine.
    const same = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [{ reference: 'MONEY-1', mode: 'ftl', goodsValue: { amount: 5, currency: 'USD' } }],
    });
    expect(same.statusCode, same.body).toBe(200);
    const both = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [
        {
          reference: 'MONEY-1',
          mode: 'ftl',
          freightCost: { amount: 90, currency: 'EUR' },
          goodsValue: { amount: 5, currency: 'EUR' },
        },
      ],
    });
    expect(both.statusCode, both.body).toBe(200);
    expect((await call('GET', `/api/v1/shipments/${stored.id}`, admin)).json()).toMatchObject({
      freightCost: { amount: 90, currency: 'EUR' },
      goodsValue: { amount: 5, currency: 'EUR' },
    });
  });

  it('answers inserted, updated and unchanged per item, in one mixed batch', async () => {
    const item = (reference: string, weightKg: number) => ({
      reference,
      source: 'erp',
      mode: 'ltl',
      carrierId: carrierA,
      origin: { city: 'Chicago', country: 'US' },
      destination: { city: 'Dallas', country: 'US', timezone: 'America/Chicago' },
      plannedDeliveryAt: '2026-03-04T17:00:00-06:00',
      actualDeliveryAt: '2026-03-04T16:00:00-06:00',
      status: 'delivered',
      weightKg,
      freightCost: { amount: 12.5, currency: 'USD' },
    });
    const first = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [item('MIX-1', 10), item('MIX-2', 20)],
    });
    expect(first.json().data.map((r: { result: string }) => r.result)).toEqual(['inserted', 'inserted']);
    const ids = first.json().data.map((r: { id: number }) => r.id) as number[];
    const before = (await call('GET', `/api/v1/shipments/${ids[1]}`, admin)).json() as Shipment;
    const second = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [
        item('MIX-1', 11),
        item('MIX-2', 20),
        item('MIX-3', 30),
        { reference: 'MIX-1', source: 'erp', mode: 'ltl' },
      ],
    });
    // A repeated key is refused even when the first occurrence is valid, and nothing is written.
    const repeated = expectProblem(second, 422, 'REQUEST_UNPROCESSABLE');
    expect(repeated.errors).toEqual([{ path: 'items.3.reference', message: 'repeats item 0' }]);
    expect(await listAll('reference=MIX-3')).toEqual([]);
    const mixed = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [item('MIX-1', 11), item('MIX-2', 20), item('MIX-3', 30)],
    });
    expect(mixed.statusCode, mixed.body).toBe(200);
    const data = mixed.json().data as { index: number; id: number; reference: string; result: string }[];
    expect(data.map((r) => [r.index, r.reference, r.result])).toEqual([
      [0, 'MIX-1', 'updated'],
      [1, 'MIX-2', 'unchanged'],
      [2, 'MIX-3', 'inserted'],
    ]);
    expect(data.slice(0, 2).map((r) => r.id)).toEqual(ids);
    // Every answered id is the shipment of that reference (ids are not re-read but must be right).
    for (const r of data) {
      expect((await call('GET', `/api/v1/shipments/${r.id}`, admin)).json()).toMatchObject({
        reference: r.reference,
        lane: 'Chicago, US → Dallas, US',
        onTime: true,
      });
    }
    expect((await call('GET', `/api/v1/shipments/${ids[0]}`, admin)).json()).toMatchObject({ weightKg: 11 });
    // unchanged means untouched: not even updatedAt moves.
    expect((await call('GET', `/api/v1/shipments/${ids[1]}`, admin)).json()).toEqual(before);
  });

  it('gives concurrent batches the ids of their own rows', async () => {
    const batch = (prefix: string) =>
      call('PUT', '/api/v1/shipments:batch', admin, {
        items: Array.from({ length: 300 }, (_, i) => ({ reference: `${prefix}-${i}`, mode: 'air' })),
      });
    const answers = await Promise.all([batch('CC-A'), batch('CC-B'), batch('CC-C')]);
    const byId = new Map((await listAll('reference=CC-')).map((s) => [s.id, s.reference]));
    expect(byId.size).toBe(900);
    for (const answer of answers) {
      expect(answer.statusCode, answer.body).toBe(200);
      for (const r of answer.json().data as { id: number; reference: string; result: string }[]) {
        expect(r.result).toBe('inserted');
        expect(byId.get(r.id)).toBe(r.reference);
      }
    }
  });

  it('updates 1,000 shipments in one batch, set-wise, and derives each', async () => {
    const items = (hour: number) =>
      Array.from({ length: 1000 }, (_, i) => ({
        reference: `K-${String(i).padStart(4, '0')}`,
        source: 'bulk',
        mode: 'parcel',
        origin: { city: 'Chicago', country: 'US' },
        destination: cities[i % 3],
        plannedDeliveryAt: '2026-05-01T12:00:00Z',
        actualDeliveryAt: `2026-05-01T${String(hour).padStart(2, '0')}:00:00Z`,
        weightKg: i + hour,
      }));
    const created = await call('PUT', '/api/v1/shipments:batch', admin, { items: items(10) });
    expect(created.statusCode, created.body).toBe(200);
    const updated = await call('PUT', '/api/v1/shipments:batch', admin, { items: items(15) });
    expect(updated.statusCode, updated.body).toBe(200);
    const results = updated.json().data as { id: number; result: string }[];
    expect(results.every((r) => r.result === 'updated')).toBe(true);
    expect(results.map((r) => r.id)).toEqual(created.json().data.map((r: { id: number }) => r.id));
    const sample = (await call('GET', `/api/v1/shipments/${results[999]?.id}`, admin)).json();
    expect(sample).toMatchObject({ reference: 'K-0999', weightKg: 1014, delayHours: 3 });
  });

  it('per-row mode (importer, webhooks) refuses bad rows and writes the others; all mode writes none', async () => {
    const money = (
      await call('POST', '/api/v1/shipments', admin, {
        reference: 'ROW-USD',
        mode: 'ftl',
        freightCost: { amount: 100, currency: 'USD' },
      })
    ).json() as Shipment;
    const same = (
      await call('POST', '/api/v1/shipments', admin, { reference: 'ROW-SAME', mode: 'ftl' })
    ).json();
    const rows = [
      { op: 'upsert' as const, item: { reference: 'ROW-1', mode: 'air' as const } },
      {
        op: 'upsert' as const,
        item: { reference: 'ROW-USD', mode: 'ftl' as const, goodsValue: { amount: 1, currency: 'EUR' } },
      },
      { op: 'upsert' as const, item: { reference: 'ROW-2', mode: 'air' as const, carrierId: carrierB } },
      { op: 'update' as const, id: 987_654_321, item: { mode: 'rail' as const } },
      { op: 'update' as const, id: money.id, item: { mode: 'rail' as const } },
      { op: 'update' as const, id: same.id as number, item: { mode: 'ftl' as const } },
      { op: 'update' as const, id: money.id, item: {} },
    ];
    const db = ctx.database.db;
    const none = await db
      .transaction()
      .execute((trx) => writeShipments(trx, systemCaller(a.orgId), rows, { mode: 'all' }));
    expect(none.map((r) => (r.result === 'refused' ? r.cause : r.result))).toEqual([
      'withheld',
      'invalid',
      'invalid',
      'not_found',
      'withheld',
      'unchanged', // nothing to write either way
      'invalid', // the same id twice in one call
    ]);
    expect(await listAll('reference=ROW-1')).toEqual([]);
    expect((await call('GET', `/api/v1/shipments/${money.id}`, admin)).json()).toEqual(money);

    const results = await db
      .transaction()
      .execute((trx) => writeShipments(trx, systemCaller(a.orgId), rows, { mode: 'each' }));
    expect(results.map((r) => r.result)).toEqual([
      'inserted',
      'refused',
      'refused',
      'refused',
      'updated',
      'unchanged',
      'refused',
    ]);
    expect(results[1]).toMatchObject({ cause: 'invalid', reasons: [{ path: 'goodsValue.currency' }] });
    expect(results[2]).toMatchObject({ cause: 'invalid', reasons: [{ path: 'carrierId' }] });
    expect(results[3]).toMatchObject({ cause: 'not_found' });
    const inserted = results[0] as { id: number };
    expect((await call('GET', `/api/v1/shipments/${inserted.id}`, admin)).json()).toMatchObject({
      reference: 'ROW-1',
    });
    expect((await call('GET', `/api/v1/shipments/${money.id}`, admin)).json()).toMatchObject({
      mode: 'rail',
      freightCost: { amount: 100, currency: 'USD' },
      goodsValue: null,
    });
    expect(await listAll('reference=ROW-2')).toEqual([]);
    // Another organization's caller sees none of these rows: its update is "not found".
    const foreign = await db.transaction().execute((trx) =>
      writeShipments(trx, systemCaller(b.orgId), [{ op: 'update', id: money.id, item: { mode: 'air' } }], {
        mode: 'each',
      }),
    );
    expect(foreign).toEqual([
      { result: 'refused', cause: 'not_found', reasons: [expect.objectContaining({ path: 'id' })] },
    ]);
  });

  it("keeps organizations apart: another org's ids are 404 and stay unchanged", async () => {
    const mine = (await listAll('reference=BULK-00'))[0] as Shipment;
    for (const [method, url, body] of [
      ['GET', `/api/v1/shipments/${mine.id}`, undefined],
      ['PATCH', `/api/v1/shipments/${mine.id}`, { mode: 'air' }],
      ['DELETE', `/api/v1/shipments/${mine.id}`, undefined],
      ['GET', `/api/v1/shipments/${mine.id}/events`, undefined],
      [
        'POST',
        `/api/v1/shipments/${mine.id}/events`,
        { code: 'DELIVERED', occurredAt: '2026-03-04T19:00:00Z' },
      ],
    ] as const) {
      expectProblem(await call(method, url, otherAdmin, body), 404, 'RESOURCE_NOT_FOUND');
    }
    expect((await call('GET', `/api/v1/shipments/${mine.id}`, admin)).json()).toEqual(mine);
    expect((await listAll('', otherAdmin)).every((s) => !s.reference.startsWith('BULK-'))).toBe(true);
  });

  it('lets viewers read but not write', async () => {
    expect((await call('GET', '/api/v1/shipments', viewer)).statusCode).toBe(200);
    expectProblem(
      await call('POST', '/api/v1/shipments', viewer, { reference: 'V-1', mode: 'ftl' }),
      403,
      'AUTH_FORBIDDEN',
    );
  });
});
