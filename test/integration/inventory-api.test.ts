import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOne } from '../../src/db/bulk.js';
import type { TableName } from '../../src/db/types.js';
import { dataVersionOf } from '../../src/modules/analytics/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/** An organization with tokens, facilities, products and one order line to refer to. */
interface Tenant {
  readonly orgId: number;
  readonly admin: string;
  readonly viewer: string;
  readonly facilities: [number, number];
  readonly products: [number, number];
  readonly orderLine: number;
}

type Json = Record<string, unknown>;
interface Listed {
  data: Json[];
  nextCursor: string | null;
  total?: number;
}

describe.each(testDialects)('inventory API on %s', (dialect) => {
  let ctx: TestContext;
  let a: Tenant;
  let b: Tenant;
  let tenants = 0;

  async function tenant(): Promise<Tenant> {
    const db = ctx.database.db;
    const org = await createOrgWithUsers(db, { slug: `inv-${++tenants}` });
    const org_id = org.orgId;
    const facility = (code: string) =>
      insertOne(db, 'facilities', {
        org_id,
        code,
        name: code,
        kind: 'warehouse',
        city: 'Łódź',
        country: 'PL',
        timezone: 'Europe/Warsaw',
      });
    const product = (sku: string) => insertOne(db, 'products', { org_id, sku, name: sku });
    const facilities: [number, number] = [await facility('W1'), await facility('W2')];
    const products: [number, number] = [await product('P1'), await product('P2')];
    const orderId = await insertOne(db, 'orders', {
      org_id,
      reference: 'SO-1',
      status: 'open',
      order_date: '2026-03-01',
    });
    const orderLine = await insertOne(db, 'order_lines', {
      org_id,
      order_id: orderId,
      line_no: 1,
      product_id: products[0],
      qty_ordered: 5,
    });
    return {
      orgId: org_id,
      admin: await accessTokenFor(ctx.app, org.users.admin.id, org_id),
      viewer: await accessTokenFor(ctx.app, org.users.viewer.id, org_id),
      facilities,
      products,
      orderLine,
    };
  }

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    token: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    send(ctx.app, method, `/api/v1/inventory${url}`, { ...bearer(token), ...headers }, payload);
  const list = async (url: string, token: string): Promise<Listed> => {
    const res = await call('GET', url, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Listed;
  };
  const ids = (page: Listed) => page.data.map((row) => row.id);
  const rowCount = async (table: TableName, orgId: number) =>
    Number(
      (
        await ctx.database.db
          .selectFrom(table as 'inventory_movements')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function snapshot(t: Tenant, snapshotDate: string, extra: Json = {}): Promise<Json & { id: number }> {
    const res = await call('POST', '/snapshots', t.admin, {
      facilityId: t.facilities[0],
      productId: t.products[0],
      snapshotDate,
      onHand: 100,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  async function movement(t: Tenant, occurredAt: string, extra: Json = {}): Promise<Json & { id: number }> {
    const res = await call('POST', '/movements', t.admin, {
      facilityId: t.facilities[0],
      productId: t.products[0],
      kind: 'receipt',
      quantity: 10,
      occurredAt,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    a = await tenant();
    b = await tenant();
  });
  afterAll(() => ctx?.close());

  describe('snapshots', () => {
    it('records a snapshot with defaults and reads it back', async () => {
      const created = await snapshot(a, '2026-03-04', { allocated: 7 });
      expect(created).toEqual({
        id: expect.any(Number),
        facilityId: a.facilities[0],
        productId: a.products[0],
        snapshotDate: '2026-03-04',
        onHand: 100,
        allocated: 7,
        onOrder: 0,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      const read = await call('GET', `/snapshots/${created.id}`, a.viewer);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(created);
    });

    it('answers 409 with the existing id for a second snapshot of the same facility, product and day', async () => {
      const first = await snapshot(a, '2026-03-05');
      const again = await call('POST', '/snapshots', a.admin, {
        facilityId: a.facilities[0],
        productId: a.products[0],
        snapshotDate: '2026-03-05',
        onHand: 1,
      });
      expect(expectProblem(again, 409, 'RESOURCE_CONFLICT').existingId).toBe(first.id);
      expect((await call('GET', `/snapshots/${first.id}`, a.viewer)).json().onHand).toBe(100);
      // Another organization has its own days.
      await snapshot(b, '2026-03-05');
    });

    it('answers 422 for facilities and products of other organizations, 400 for unknown fields', async () => {
      const before = await rowCount('inventory_snapshots', a.orgId);
      const res = await call('POST', '/snapshots', a.admin, {
        facilityId: b.facilities[0],
        productId: 99_999_999,
        snapshotDate: '2026-03-06',
        onHand: 5,
      });
      expect(expectProblem(res, 422, 'REQUEST_UNPROCESSABLE').errors).toEqual([
        { path: 'body.facilityId', message: 'no such facility' },
        { path: 'body.productId', message: 'no such product' },
      ]);
      const unknown = await call('POST', '/snapshots', a.admin, {
        facilityId: a.facilities[0],
        productId: a.products[0],
        snapshotDate: '0000-01-01',
        onHand: -1,
        orgId: b.orgId,
      });
      const paths = (expectProblem(unknown, 400, 'REQUEST_INVALID').errors as { path: string }[]).map(
        (e) => e.path,
      );
      expect(paths).toEqual(expect.arrayContaining(['body.orgId', 'body.snapshotDate', 'body.onHand']));
      expect(await rowCount('inventory_snapshots', a.orgId)).toBe(before);
    });

    it('corrects quantities with PATCH but not identity fields', async () => {
      const created = await snapshot(a, '2026-03-07');
      const res = await call('PATCH', `/snapshots/${created.id}`, a.admin, { onHand: 92, onOrder: 50 });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ ...created, onHand: 92, onOrder: 50 });
      const identity = await call('PATCH', `/snapshots/${created.id}`, a.admin, {
        snapshotDate: '2026-03-08',
      });
      expect(expectProblem(identity, 400, 'REQUEST_INVALID').errors).toEqual([
        { path: 'body.snapshotDate', message: 'unknown field' },
      ]);
    });

    it('deletes for good', async () => {
      const created = await snapshot(a, '2026-03-09');
      const res = await call('DELETE', `/snapshots/${created.id}`, a.admin);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expectProblem(await call('GET', `/snapshots/${created.id}`, a.admin), 404, 'RESOURCE_NOT_FOUND');
      expectProblem(await call('DELETE', `/snapshots/${created.id}`, a.admin), 404, 'RESOURCE_NOT_FOUND');
      // The day is free again.
      await snapshot(a, '2026-03-09');
    });

    it('filters by facility, product and inclusive days, sorted by day either way', async () => {
      const t = await tenant();
      const [f0, f1] = t.facilities;
      const [p0, p1] = t.products;
      const s1 = await snapshot(t, '2026-01-01');
      const s2 = await snapshot(t, '2026-01-02', { facilityId: f1 });
      const s3 = await snapshot(t, '2026-01-03', { productId: p1 });
      const s4 = await snapshot(t, '2026-01-04', { facilityId: f1, productId: p1 });
      expect(ids(await list('/snapshots', t.viewer))).toEqual([s4.id, s3.id, s2.id, s1.id]);
      expect(ids(await list('/snapshots?sort=snapshotDate', t.viewer))).toEqual([s1.id, s2.id, s3.id, s4.id]);
      expect(ids(await list(`/snapshots?facilityId=${f0}`, t.viewer))).toEqual([s3.id, s1.id]);
      expect(ids(await list(`/snapshots?productId=${p0}`, t.viewer))).toEqual([s2.id, s1.id]);
      expect(ids(await list(`/snapshots?facilityId=${f1}&productId=${p1}`, t.viewer))).toEqual([s4.id]);
      expect(
        ids(await list('/snapshots?snapshotDateFrom=2026-01-02&snapshotDateTo=2026-01-03', t.viewer)),
      ).toEqual([s3.id, s2.id]);
      expect((await list('/snapshots?limit=1&includeTotal=true', t.viewer)).total).toBe(4);
      expect(ids(await list(`/snapshots?facilityId=${a.facilities[0]}`, t.viewer))).toEqual([]);
      expectProblem(await call('GET', '/snapshots?sort=onHand', t.viewer), 400, 'REQUEST_INVALID');
    });

    it("answers 404 for another organization's snapshot and leaves it unchanged", async () => {
      const created = await snapshot(a, '2026-03-10');
      const url = `/snapshots/${created.id}`;
      expectProblem(await call('GET', url, b.admin), 404, 'RESOURCE_NOT_FOUND');
      expectProblem(await call('PATCH', url, b.admin, { onHand: 0 }), 404, 'RESOURCE_NOT_FOUND');
      expectProblem(await call('DELETE', url, b.admin), 404, 'RESOURCE_NOT_FOUND');
      expect(ids(await list('/snapshots?limit=500', b.admin))).not.toContain(created.id);
      expect((await call('GET', url, a.admin)).json()).toEqual(created);
    });
  });

  describe('movements', () => {
    it('appends a movement and reads it back', async () => {
      const created = await movement(a, '2026-03-04T09:30:00.250-06:00', {
        kind: 'shipment',
        quantity: -4,
        reference: 'PICK-Ż-1',
        orderLineId: a.orderLine,
      });
      expect(created).toEqual({
        id: expect.any(Number),
        facilityId: a.facilities[0],
        productId: a.products[0],
        kind: 'shipment',
        quantity: -4,
        occurredAt: '2026-03-04T15:30:00.250Z',
        reference: 'PICK-Ż-1',
        orderLineId: a.orderLine,
        createdAt: expect.any(String),
      });
      expect((await call('GET', `/movements/${created.id}`, a.viewer)).json()).toEqual(created);
    });

    it('is append-only: PATCH and DELETE answer 405', async () => {
      const created = await movement(a, '2026-03-04T10:00:00Z');
      const patch = await call('PATCH', `/movements/${created.id}`, a.admin, { quantity: 1 });
      expectProblem(patch, 405, 'METHOD_NOT_ALLOWED');
      expectProblem(await call('DELETE', `/movements/${created.id}`, a.admin), 405, 'METHOD_NOT_ALLOWED');
      expect((await call('GET', `/movements/${created.id}`, a.admin)).json()).toEqual(created);
    });

    it('answers 422 for wrong signs, foreign references and a line of another product', async () => {
      const before = await rowCount('inventory_movements', a.orgId);
      const post = (body: Json) =>
        call('POST', '/movements', a.admin, {
          facilityId: a.facilities[0],
          productId: a.products[0],
          kind: 'receipt',
          quantity: 1,
          occurredAt: '2026-03-04T10:00:00Z',
          ...body,
        });
      const errorsOf = async (body: Json) =>
        (expectProblem(await post(body), 422, 'REQUEST_UNPROCESSABLE').errors as { path: string }[]).map(
          (e) => e.path,
        );
      expect(await errorsOf({ quantity: -5 })).toEqual(['body.quantity']);
      expect(await errorsOf({ kind: 'transfer_out', quantity: 5 })).toEqual(['body.quantity']);
      expect(await errorsOf({ facilityId: b.facilities[0], productId: b.products[0] })).toEqual([
        'body.facilityId',
        'body.productId',
      ]);
      expect(await errorsOf({ orderLineId: b.orderLine })).toEqual(['body.orderLineId']);
      expect(await errorsOf({ productId: a.products[1], orderLineId: a.orderLine })).toEqual([
        'body.orderLineId',
      ]);
      expectProblem(await post({ quantity: 0 }), 400, 'REQUEST_INVALID');
      expectProblem(await post({ occurredAt: '2026-03-04 10:00' }), 400, 'REQUEST_INVALID');
      expectProblem(await post({ occurredAt: '0999-03-04T10:00:00Z' }), 400, 'REQUEST_INVALID');
      expectProblem(await post({ colour: 'red' }), 400, 'REQUEST_INVALID');
      expect(await rowCount('inventory_movements', a.orgId)).toBe(before);
      // Adjustments go either way.
      await movement(a, '2026-03-04T11:00:00Z', { kind: 'adjustment', quantity: -2 });
      await movement(a, '2026-03-04T11:00:00Z', { kind: 'adjustment', quantity: 3 });
    });

    it('replays a retried POST with the same Idempotency-Key and appends once', async () => {
      const before = await rowCount('inventory_movements', a.orgId);
      const body = {
        facilityId: a.facilities[1],
        productId: a.products[1],
        kind: 'return',
        quantity: 2,
        occurredAt: '2026-03-05T08:00:00Z',
      };
      const headers = { 'idempotency-key': `mv-${dialect}` };
      const first = await call('POST', '/movements', a.admin, body, headers);
      expect(first.statusCode).toBe(201);
      const retry = await call('POST', '/movements', a.admin, body, headers);
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
      expect(await rowCount('inventory_movements', a.orgId)).toBe(before + 1);
      // Keys are per organization: the same key elsewhere is a new request.
      const other = await call(
        'POST',
        '/movements',
        b.admin,
        { ...body, facilityId: b.facilities[1], productId: b.products[1] },
        headers,
      );
      expect(other.statusCode).toBe(201);
      expect(other.headers['idempotent-replayed']).toBeUndefined();
    });

    it('filters by facility, product, kind and time range, newest first by default', async () => {
      const t = await tenant();
      const [f0, f1] = t.facilities;
      const [p0, p1] = t.products;
      const m1 = await movement(t, '2026-01-01T00:00:00Z');
      const m2 = await movement(t, '2026-01-02T00:00:00Z', { facilityId: f1, kind: 'transfer_in' });
      const m3 = await movement(t, '2026-01-03T00:00:00Z', { productId: p1, kind: 'shipment', quantity: -1 });
      const m4 = await movement(t, '2026-01-04T00:00:00Z', {
        facilityId: f1,
        productId: p1,
        kind: 'adjustment',
      });
      expect(ids(await list('/movements', t.viewer))).toEqual([m4.id, m3.id, m2.id, m1.id]);
      expect(ids(await list('/movements?sort=occurredAt', t.viewer))).toEqual([m1.id, m2.id, m3.id, m4.id]);
      expect(ids(await list(`/movements?facilityId=${f0}`, t.viewer))).toEqual([m3.id, m1.id]);
      expect(ids(await list(`/movements?productId=${p0}`, t.viewer))).toEqual([m2.id, m1.id]);
      expect(ids(await list(`/movements?facilityId=${f1}&productId=${p1}`, t.viewer))).toEqual([m4.id]);
      expect(ids(await list('/movements?kind=shipment', t.viewer))).toEqual([m3.id]);
      const range = '/movements?occurredFrom=2026-01-02T00:00:00Z&occurredTo=2026-01-04T00:00:00Z';
      expect(ids(await list(range, t.viewer))).toEqual([m3.id, m2.id]);
      // Offsets count: 2026-01-02T01:00+02:00 is 2026-01-01T23:00Z.
      const offset = `/movements?occurredFrom=${encodeURIComponent('2026-01-02T01:00:00+02:00')}&sort=occurredAt`;
      expect(ids(await list(offset, t.viewer))).toEqual([m2.id, m3.id, m4.id]);
      expect((await list('/movements?kind=adjustment&includeTotal=true', t.viewer)).total).toBe(1);
      expectProblem(await call('GET', '/movements?kind=theft', t.viewer), 400, 'REQUEST_INVALID');
    });

    it('pages without losing or repeating movements while new ones arrive', async () => {
      const t = await tenant();
      const original: number[] = [];
      for (const hour of [1, 2, 2, 3, 4, 4, 5, 6])
        original.push((await movement(t, `2026-02-01T0${hour}:00:00Z`)).id);
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Listed = await list(
          `/movements?sort=occurredAt&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          t.viewer,
        );
        seen.push(...ids(page).map(Number));
        cursor = page.nextCursor;
        if (pages++ === 0) {
          await movement(t, '2026-02-01T00:30:00Z');
          await movement(t, '2026-02-01T02:00:00Z');
          await movement(t, '2026-02-01T09:00:00Z');
        }
      } while (cursor && pages < 10);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(original));
    });

    it("answers 404 for another organization's movement and keeps it out of lists", async () => {
      const created = await movement(a, '2026-03-06T10:00:00Z');
      expectProblem(await call('GET', `/movements/${created.id}`, b.admin), 404, 'RESOURCE_NOT_FOUND');
      expect(ids(await list('/movements?limit=500', b.admin))).not.toContain(created.id);
    });
  });

  it('refuses stock counted or moved when it cannot have been, and far or invisible values', async () => {
    const pathsOf = (problem: Record<string, unknown>) =>
      (problem.errors as { path: string }[]).map((e) => e.path);
    const before = await rowCount('inventory_movements', a.orgId);
    const snap = (snapshotDate: string) =>
      call('POST', '/snapshots', a.admin, {
        facilityId: a.facilities[0],
        productId: a.products[0],
        snapshotDate,
        onHand: 1,
      });
    const move = (extra: Json) =>
      call('POST', '/movements', a.admin, {
        facilityId: a.facilities[0],
        productId: a.products[0],
        kind: 'receipt',
        quantity: 1,
        occurredAt: '2026-03-04T10:00:00Z',
        ...extra,
      });
    // A day to come, a movement in the future: 422 with the path.
    const later = new Date(Date.now() + 3 * 86_400_000);
    expect(
      pathsOf(expectProblem(await snap(later.toISOString().slice(0, 10)), 422, 'REQUEST_UNPROCESSABLE')),
    ).toEqual(['body.snapshotDate']);
    expect(
      pathsOf(expectProblem(await move({ occurredAt: later.toISOString() }), 422, 'REQUEST_UNPROCESSABLE')),
    ).toEqual(['body.occurredAt']);
    // Out of the plausible window, or an invisible reference: 400 with the path.
    for (const day of ['0999-01-01', '1899-12-31', '2999-01-01'])
      expect(pathsOf(expectProblem(await snap(day), 400, 'REQUEST_INVALID'))).toEqual(['body.snapshotDate']);
    for (const occurredAt of ['0000-01-01T00:00:00Z', '2200-01-01T00:00:00Z'])
      expect(pathsOf(expectProblem(await move({ occurredAt }), 400, 'REQUEST_INVALID'))).toEqual([
        'body.occurredAt',
      ]);
    for (const reference of ['\u200b', 'R\uffff', 'R\u0007'])
      expect(pathsOf(expectProblem(await move({ reference }), 400, 'REQUEST_INVALID'))).toEqual([
        'body.reference',
      ]);
    expect(await rowCount('inventory_movements', a.orgId)).toBe(before);
    // The first day of the window and the epoch are stored and read back alike on every database.
    const first = await snap('1900-01-01');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().snapshotDate).toBe('1900-01-01');
    const epoch = await move({ occurredAt: '1970-01-01T00:00:00Z' });
    expect(epoch.statusCode, epoch.body).toBe(201);
    const got = await call('GET', `/movements/${epoch.json().id}`, a.viewer);
    expect(got.json().occurredAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('bumps the data version on every snapshot and movement write, and not on a refused one', async () => {
    const version = () => dataVersionOf(ctx.database.db, a.orgId);
    const bumps = async (write: () => Promise<LightMyRequestResponse>, status: number) => {
      const before = await version();
      const res = await write();
      expect(res.statusCode, res.body).toBe(status);
      return (await version()) - before;
    };
    const body = {
      facilityId: a.facilities[1],
      productId: a.products[1],
      snapshotDate: '2026-05-03',
      onHand: 7,
    };
    let id = 0;
    expect(
      await bumps(async () => {
        const res = await call('POST', '/snapshots', a.admin, body);
        id = (res.json() as { id: number }).id;
        return res;
      }, 201),
    ).toBe(1);
    expect(await bumps(() => call('POST', '/snapshots', a.admin, body), 409)).toBe(0);
    expect(await bumps(() => call('PATCH', `/snapshots/${id}`, a.admin, { onHand: 8 }), 200)).toBe(1);
    expect(await bumps(() => call('PATCH', `/snapshots/${id}`, a.admin, {}), 200)).toBe(0);
    expect(await bumps(() => call('DELETE', `/snapshots/${id}`, a.admin), 204)).toBe(1);
    expect(await bumps(() => call('DELETE', `/snapshots/${id}`, a.admin), 404)).toBe(0);
    expect(await bumps(() => call('PATCH', `/snapshots/${id}`, a.admin, { onHand: 9 }), 404)).toBe(0);
    const move = {
      facilityId: a.facilities[1],
      productId: a.products[1],
      kind: 'receipt',
      quantity: 3,
      occurredAt: '2026-05-03T10:00:00Z',
    };
    expect(await bumps(() => call('POST', '/movements', a.admin, move), 201)).toBe(1);
    expect(await bumps(() => call('POST', '/movements', a.admin, { ...move, quantity: -3 }), 422)).toBe(0);
    // Another organization's writes count in its own version only.
    const theirs = await dataVersionOf(ctx.database.db, b.orgId);
    expect(
      await bumps(
        () =>
          call('POST', '/movements', b.admin, {
            ...move,
            facilityId: b.facilities[0],
            productId: b.products[0],
          }),
        201,
      ),
    ).toBe(0);
    expect(await dataVersionOf(ctx.database.db, b.orgId)).toBe(theirs + 1);
  });

  it('requires inventory:read to read and inventory:write to write', async () => {
    expect((await call('GET', '/snapshots', a.viewer)).statusCode).toBe(200);
    expect((await call('GET', '/movements', a.viewer)).statusCode).toBe(200);
    const body = {
      facilityId: a.facilities[0],
      productId: a.products[0],
      snapshotDate: '2026-04-01',
      onHand: 1,
    };
    expectProblem(await call('POST', '/snapshots', a.viewer, body), 403, 'AUTH_FORBIDDEN');
    expectProblem(
      await call('POST', '/movements', a.viewer, { ...body, kind: 'receipt', quantity: 1 }),
      403,
      'AUTH_FORBIDDEN',
    );
    expectProblem(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/inventory/movements' }),
      401,
      'AUTH_MISSING_TOKEN',
    );
  });
});
