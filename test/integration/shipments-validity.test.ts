import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/** The paths of a problem's field errors. */
const pathsOf = (problem: Record<string, unknown>) =>
  (problem.errors as { path: string }[]).map((e) => e.path);

// Data that cannot be true is refused on every write path, and what is accepted derives and
// round-trips alike on every database (issue 7, part 2; ADR 0010).
describe.each(testDialects)('shipment validity on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Record<string, string>;
  let n = 0;

  const call = async (method: string, url: string, payload?: unknown) =>
    send(ctx.app, method, `/api/v1${url}`, admin, payload);
  const shipment = (extra: Record<string, unknown> = {}) => ({
    reference: `VAL-${++n}`,
    mode: 'ftl',
    origin: { city: 'Chicago', country: 'US' },
    destination: { city: 'Dallas', country: 'US', timezone: 'UTC' },
    ...extra,
  });
  const create = async (extra: Record<string, unknown> = {}) => {
    const res = await call('POST', '/shipments', shipment(extra));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const org = await createOrgWithUsers(ctx.database.db, { slug: 'validity' });
    admin = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
  });
  afterAll(() => ctx?.close());

  it('derives from the epoch and the ends of the window, and reads them back unchanged', async () => {
    const epoch = await create({
      status: 'delivered',
      plannedDeliveryAt: '1970-01-01T06:00:00Z',
      actualPickupAt: '1969-12-30T00:00:00Z',
      actualDeliveryAt: '1970-01-01T00:00:00Z',
    });
    expect(epoch).toMatchObject({
      actualDeliveryAt: '1970-01-01T00:00:00.000Z',
      transitDays: 2,
      delayHours: -6,
      onTime: true,
    });
    const first = await create({
      plannedPickupAt: '1900-01-01T00:00:00Z',
      plannedDeliveryAt: '1900-01-02T00:00:00Z',
      actualPickupAt: '1900-01-01T00:00:00Z',
      actualDeliveryAt: '1900-01-03T00:00:00Z',
    });
    expect(first).toMatchObject({
      status: 'delivered',
      plannedPickupAt: '1900-01-01T00:00:00.000Z',
      actualDeliveryAt: '1900-01-03T00:00:00.000Z',
      transitDays: 2,
      delayHours: 24,
      onTime: false,
    });
    // Planned only: an actual time in 2199 has not happened yet.
    const last = await create({
      plannedPickupAt: '2199-12-30T00:00:00Z',
      plannedDeliveryAt: '2199-12-31T23:59:59.999Z',
    });
    expect(last).toMatchObject({ status: 'planned', plannedDeliveryAt: '2199-12-31T23:59:59.999Z' });
    for (const s of [epoch, first, last]) {
      expect((await call('GET', `/shipments/${s.id}`)).json()).toEqual(s);
    }
  });

  it('refuses instants out of the window (400, with the path), on create, patch and batch', async () => {
    for (const at of [
      '0000-01-01T00:00:00Z',
      '0999-12-31T23:59:59Z',
      '1899-12-31T23:59:59Z',
      '2200-01-01T00:00:00Z',
      '2999-01-01T00:00:00Z',
    ]) {
      const res = await call('POST', '/shipments', shipment({ plannedDeliveryAt: at }));
      expect(pathsOf(expectProblem(res, 400, 'REQUEST_INVALID')), at).toEqual(['body.plannedDeliveryAt']);
    }
    const s = await create();
    expectProblem(
      await call('PATCH', `/shipments/${s.id}`, { plannedPickupAt: '0000-01-01T00:00:00Z' }),
      400,
      'REQUEST_INVALID',
    );
    const batch = await call('PUT', '/shipments:batch', {
      items: [shipment({ plannedDeliveryAt: '2999-01-01T00:00:00Z' })],
    });
    expect(pathsOf(expectProblem(batch, 400, 'REQUEST_INVALID'))).toEqual(['body.items.0.plannedDeliveryAt']);
    expect((await call('GET', '/shipments?plannedFrom=0000-01-01T00:00:00Z')).statusCode).toBe(400);
  });

  it('refuses shipments that cannot be true (422, with the path)', async () => {
    const refused = async (extra: Record<string, unknown>, paths: string[]) => {
      const res = await call('POST', '/shipments', shipment(extra));
      expect(pathsOf(expectProblem(res, 422, 'REQUEST_UNPROCESSABLE')), JSON.stringify(extra)).toEqual(paths);
    };
    // Delivery before pickup (transit −9 days).
    await refused(
      {
        status: 'delivered',
        actualPickupAt: '2026-03-10T00:00:00Z',
        actualDeliveryAt: '2026-03-01T00:00:00Z',
      },
      ['body.actualDeliveryAt'],
    );
    await refused({ plannedPickupAt: '2026-03-10T00:00:00Z', plannedDeliveryAt: '2026-03-01T00:00:00Z' }, [
      'body.plannedDeliveryAt',
    ]);
    // Status and actual times disagree.
    await refused({ status: 'delivered' }, ['body.actualDeliveryAt']);
    await refused({ status: 'in_transit' }, ['body.actualPickupAt']);
    await refused({ status: 'planned', actualPickupAt: '2026-03-01T00:00:00Z' }, ['body.actualPickupAt']);
    // An actual time that has not happened, or decades before the plan.
    await refused({ actualPickupAt: '2199-01-01T00:00:00Z' }, ['body.actualPickupAt']);
    await refused({ plannedPickupAt: '2027-03-01T00:00:00Z', actualPickupAt: '1970-01-01T00:00:00Z' }, [
      'body.actualPickupAt',
    ]);

    // A patch is checked as the shipment it leaves: stored pickup against the new delivery.
    const s = await create({ actualPickupAt: '2026-03-10T00:00:00Z' });
    expect(s.status).toBe('in_transit');
    const back = await call('PATCH', `/shipments/${s.id}`, {
      status: 'delivered',
      actualDeliveryAt: '2026-03-01T00:00:00Z',
    });
    expect(pathsOf(expectProblem(back, 422, 'REQUEST_UNPROCESSABLE'))).toEqual(['body.actualDeliveryAt']);
    const ok = await call('PATCH', `/shipments/${s.id}`, {
      status: 'delivered',
      actualDeliveryAt: '2026-03-12T00:00:00Z',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const cleared = await call('PATCH', `/shipments/${s.id}`, { actualDeliveryAt: null });
    expect(pathsOf(expectProblem(cleared, 422, 'REQUEST_UNPROCESSABLE'))).toEqual(['body.actualDeliveryAt']);

    // The batch applies the same rules to each item, against its stored row; nothing is written.
    const batch = await call('PUT', '/shipments:batch', {
      items: [shipment({ reference: 'VAL-BATCH-OK' }), shipment({ status: 'delivered' })],
    });
    expect(pathsOf(expectProblem(batch, 422, 'REQUEST_UNPROCESSABLE'))).toEqual(['items.1.actualDeliveryAt']);
    expect((await call('GET', '/shipments?reference=VAL-BATCH-OK')).json().data).toEqual([]);
  });

  it('refuses tracking events that cannot be true', async () => {
    const s = await create({
      plannedPickupAt: '2027-03-01T08:00:00Z',
      plannedDeliveryAt: '2027-03-04T17:00:00Z',
    });
    const events = `/shipments/${s.id}/events`;
    const early = await call('POST', events, { code: 'DELIVERED', occurredAt: '1970-01-01T00:00:00Z' });
    expect(pathsOf(expectProblem(early, 422, 'REQUEST_UNPROCESSABLE'))).toContain('body.occurredAt');
    const future = await call('POST', events, { code: 'DEPARTED', occurredAt: '2199-01-01T00:00:00Z' });
    expect(pathsOf(expectProblem(future, 422, 'REQUEST_UNPROCESSABLE'))).toContain('body.occurredAt');
    expectProblem(
      await call('POST', events, { code: 'DEPARTED', occurredAt: '2999-01-01T00:00:00Z' }),
      400,
      'REQUEST_INVALID',
    );
    expect((await call('GET', events)).json().data).toEqual([]);

    // A first scan in transit records the pickup, so status and times agree; delivery before it is refused.
    const t = await create({
      plannedPickupAt: '2026-11-02T08:00:00Z',
      plannedDeliveryAt: '2026-11-04T17:00:00Z',
    });
    const departed = await call('POST', `/shipments/${t.id}/events`, {
      code: 'DEPARTED',
      occurredAt: '2026-11-02T09:00:00Z',
    });
    expect(departed.statusCode, departed.body).toBe(201);
    expect((await call('GET', `/shipments/${t.id}`)).json()).toMatchObject({
      status: 'in_transit',
      actualPickupAt: '2026-11-02T09:00:00.000Z',
    });
    const before = await call('POST', `/shipments/${t.id}/events`, {
      code: 'DELIVERED',
      occurredAt: '2026-11-01T09:00:00Z',
    });
    expect(pathsOf(expectProblem(before, 422, 'REQUEST_UNPROCESSABLE'))).toEqual(['body.occurredAt']);
  });

  it('refuses invisible or control-character references, unknown codes and more decimals than stored', async () => {
    const invalid = async (extra: Record<string, unknown>, path: string) => {
      const res = await call('POST', '/shipments', shipment(extra));
      expect(pathsOf(expectProblem(res, 400, 'REQUEST_INVALID')), JSON.stringify(extra)).toEqual([path]);
    };
    await invalid({ reference: 'A\u0007B' }, 'body.reference');
    await invalid({ reference: 'A\uffff' }, 'body.reference');
    await invalid({ reference: '\u200b' }, 'body.reference');
    await invalid({ origin: { city: 'Nowhere', country: 'ZZ' } }, 'body.origin.country');
    await invalid({ freightCost: { amount: 10, currency: 'QQQ' } }, 'body.freightCost.currency');
    await invalid({ freightCost: { amount: 12.345, currency: 'USD' } }, 'body.freightCost.amount');
    await invalid({ weightKg: 1.0005 }, 'body.weightKg');
    await invalid({ volumeM3: 0.0001 }, 'body.volumeM3');
    await invalid({ distanceKm: 12.25 }, 'body.distanceKm');
    const tracked = await create();
    const raw = await call('POST', `/shipments/${tracked.id}/events`, {
      code: 'BOOKED',
      occurredAt: '2026-03-01T00:00:00Z',
      rawCode: 'X\u0000',
    });
    expect(raw.statusCode).toBe(400);
    // What the columns keep is stored and read back exactly, binary fractions included.
    const exact = await create({
      freightCost: { amount: 12.35, currency: 'USD' },
      weightKg: 0.1,
      volumeM3: 1.005,
      distanceKm: 0.3,
    });
    expect((await call('GET', `/shipments/${exact.id}`)).json()).toMatchObject({
      freightCost: { amount: 12.35, currency: 'USD' },
      weightKg: 0.1,
      volumeM3: 1.005,
      distanceKm: 0.3,
    });
  });
});
