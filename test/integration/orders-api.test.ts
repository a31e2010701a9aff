import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOne } from '../../src/db/bulk.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/** An organization with tokens and a little master data to refer to. */
interface Tenant {
  readonly orgId: number;
  readonly admin: string;
  readonly viewer: string;
  readonly customers: number[];
  readonly facilities: number[];
  readonly products: number[];
}

type Json = Record<string, unknown>;
interface OrderJson extends Json {
  id: number;
  reference: string;
  orderDate: string;
  updatedAt: string;
  lines: Json[];
}

/** The paths of a problem's field errors. */
const pathsOf = (problem: Record<string, unknown>) =>
  (problem.errors as { path: string }[]).map((e) => e.path);

describe.each(testDialects)('orders API on %s', (dialect) => {
  let ctx: TestContext;
  let a: Tenant;
  let b: Tenant;
  let tenants = 0;
  let references = 0;

  async function tenant(): Promise<Tenant> {
    const db = ctx.database.db;
    const slug = `org-${++tenants}`;
    const org = await createOrgWithUsers(db, { slug });
    const ids = async (n: number, insert: (i: number) => Promise<number>) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push(await insert(i));
      return out;
    };
    return {
      orgId: org.orgId,
      admin: await accessTokenFor(ctx.app, org.users.admin.id, org.orgId),
      viewer: await accessTokenFor(ctx.app, org.users.viewer.id, org.orgId),
      customers: await ids(2, (i) =>
        insertOne(db, 'customers', { org_id: org.orgId, code: `C${i}`, name: `Customer ${i}` }),
      ),
      facilities: await ids(2, (i) =>
        insertOne(db, 'facilities', {
          org_id: org.orgId,
          code: `DC${i}`,
          name: `DC ${i}`,
          kind: 'dc',
          city: 'Zürich',
          country: 'CH',
          timezone: 'Europe/Zurich',
        }),
      ),
      products: await ids(3, (i) =>
        insertOne(db, 'products', { org_id: org.orgId, sku: `SKU-${i}`, name: `P${i}` }),
      ),
    };
  }

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    token: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    send(ctx.app, method, `/api/v1${url}`, { ...bearer(token), ...headers }, payload);

  const orderInput = (t: Tenant, extra: Json = {}) => ({
    reference: `SO-${++references}`,
    customerId: t.customers[0],
    shipFromFacilityId: t.facilities[0],
    orderDate: '2026-03-02',
    lines: [{ productId: t.products[0], qtyOrdered: 10, unitPrice: { amount: 18.5, currency: 'USD' } }],
    ...extra,
  });

  async function create(t: Tenant, extra: Json = {}): Promise<OrderJson> {
    const res = await call('POST', '/orders', t.admin, orderInput(t, extra));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as OrderJson;
  }

  const orderCount = async (orgId: number) =>
    Number(
      (
        await ctx.database.db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    a = await tenant();
    b = await tenant();
  });
  afterAll(() => ctx?.close());

  it('creates an order with its lines in one request and reads it back', async () => {
    const res = await call('POST', '/orders', a.admin, {
      reference: 'SO-Zürich-1',
      customerId: a.customers[0],
      shipFromFacilityId: a.facilities[1],
      orderDate: '2026-02-28',
      requestedDate: '2026-03-04',
      lines: [
        { productId: a.products[0], qtyOrdered: 40, unitPrice: { amount: 18.5, currency: 'EUR' } },
        { productId: a.products[1], qtyOrdered: 6, qtyShipped: 7, qtyDelivered: 5 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as OrderJson;
    expect(created).toMatchObject({
      reference: 'SO-Zürich-1',
      customerId: a.customers[0],
      shipFromFacilityId: a.facilities[1],
      status: 'open',
      orderDate: '2026-02-28',
      requestedDate: '2026-03-04',
      promisedDate: null,
      archivedAt: null,
      lines: [
        {
          lineNo: 1,
          productId: a.products[0],
          qtyOrdered: 40,
          qtyShipped: 0,
          qtyDelivered: 0,
          unitPrice: { amount: 18.5, currency: 'EUR' },
        },
        // Over-shipment and partial delivery are facts, not errors.
        {
          lineNo: 2,
          productId: a.products[1],
          qtyOrdered: 6,
          qtyShipped: 7,
          qtyDelivered: 5,
          unitPrice: null,
        },
      ],
    });
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(created).sort()).toEqual(
      [
        'archivedAt',
        'createdAt',
        'customerId',
        'id',
        'lines',
        'orderDate',
        'promisedDate',
        'reference',
        'requestedDate',
        'shipFromFacilityId',
        'status',
        'updatedAt',
      ].sort(),
    );
    const read = await call('GET', `/orders/${created.id}`, a.viewer);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created);
  });

  it('numbers lines: given numbers stay, missing ones follow the largest given', async () => {
    const p = a.products[0];
    const order = await create(a, {
      lines: [
        { lineNo: 5, productId: p, qtyOrdered: 1 },
        { productId: p, qtyOrdered: 2 },
        { lineNo: 2, productId: p, qtyOrdered: 3 },
        { productId: p, qtyOrdered: 4 },
      ],
    });
    expect(order.lines.map((l) => [l.lineNo, l.qtyOrdered])).toEqual([
      [2, 3],
      [5, 1],
      [6, 2],
      [7, 4],
    ]);
  });

  it('answers 422 with field paths for foreign references, repeated numbers and mixed currencies, writing nothing', async () => {
    const before = await orderCount(a.orgId);
    const res = await call('POST', '/orders', a.admin, {
      reference: `SO-bad-${dialect}`,
      customerId: b.customers[0],
      shipFromFacilityId: 987654,
      orderDate: '2026-03-02',
      lines: [
        { lineNo: 1, productId: a.products[0], qtyOrdered: 1, unitPrice: { amount: 1, currency: 'USD' } },
        { lineNo: 1, productId: b.products[0], qtyOrdered: 1, unitPrice: { amount: 1, currency: 'EUR' } },
      ],
    });
    const problem = expectProblem(res, 422, 'REQUEST_UNPROCESSABLE');
    expect((problem.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'body.customerId',
      'body.lines.1.lineNo',
      'body.lines.1.productId',
      'body.lines.1.unitPrice.currency',
      'body.shipFromFacilityId',
    ]);
    expect(await orderCount(a.orgId)).toBe(before);
  });

  it('answers 400 listing unknown fields and malformed values', async () => {
    const input = orderInput(a);
    const res = await call('POST', '/orders', a.admin, {
      ...input,
      orgId: b.orgId,
      orderDate: '2026-02-30',
      lines: [{ productId: a.products[0], qtyOrdered: -1, colour: 'red' }],
    });
    const problem = expectProblem(res, 400, 'REQUEST_INVALID');
    const paths = (problem.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.orgId',
        'body.orderDate',
        'body.lines.0.qtyOrdered',
        'body.lines.0.colour',
      ]),
    );
    expectProblem(await call('POST', '/orders', a.admin, { ...input, lines: [] }), 400, 'REQUEST_INVALID');
    expectProblem(
      await call('POST', '/orders', a.admin, { ...input, reference: 'SO-\u0000' }),
      400,
      'REQUEST_INVALID',
    );
  });

  it('answers 409 for a reference the organization already uses, on create and on patch', async () => {
    const first = await create(a);
    expectProblem(
      await call('POST', '/orders', a.admin, orderInput(a, { reference: first.reference })),
      409,
      'RESOURCE_CONFLICT',
    );
    const second = await create(a);
    expectProblem(
      await call('PATCH', `/orders/${second.id}`, a.admin, { reference: first.reference }),
      409,
      'RESOURCE_CONFLICT',
    );
    // References are per organization.
    await create(b, { reference: first.reference });
  });

  it('replays a retried POST with the same Idempotency-Key and creates one order', async () => {
    const before = await orderCount(a.orgId);
    const input = orderInput(a);
    const headers = { 'idempotency-key': `order-${dialect}-1` };
    const first = await call('POST', '/orders', a.admin, input, headers);
    expect(first.statusCode).toBe(201);
    const retry = await call('POST', '/orders', a.admin, input, headers);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await orderCount(a.orgId)).toBe(before + 1);
    expectProblem(
      await call('POST', '/orders', a.admin, { ...input, reference: 'SO-other' }, headers),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await orderCount(a.orgId)).toBe(before + 1);
  });

  it('patches header fields; null clears; lines and foreign references are refused', async () => {
    const order = await create(a, { requestedDate: '2026-03-05' });
    const res = await call('PATCH', `/orders/${order.id}`, a.admin, {
      status: 'shipped',
      requestedDate: null,
      promisedDate: '2026-03-07',
      customerId: a.customers[1],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'shipped',
      requestedDate: null,
      promisedDate: '2026-03-07',
      customerId: a.customers[1],
      lines: order.lines,
    });
    expect(Date.parse(res.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(order.updatedAt));
    const withLines = await call('PATCH', `/orders/${order.id}`, a.admin, { lines: [] });
    expect(expectProblem(withLines, 400, 'REQUEST_INVALID').errors).toEqual([
      { path: 'body.lines', message: 'unknown field' },
    ]);
    const foreign = await call('PATCH', `/orders/${order.id}`, a.admin, {
      shipFromFacilityId: b.facilities[0],
    });
    expect(expectProblem(foreign, 422, 'REQUEST_UNPROCESSABLE').errors).toEqual([
      { path: 'body.shipFromFacilityId', message: 'no such facility' },
    ]);
    expect((await call('GET', `/orders/${order.id}`, a.admin)).json().shipFromFacilityId).toBe(
      a.facilities[0],
    );
  });

  it('creates, replaces, patches and removes single lines', async () => {
    const order = await create(a);
    const url = `/orders/${order.id}/lines`;
    const added = await call('PUT', `${url}/3`, a.admin, {
      productId: a.products[2],
      qtyOrdered: 12,
      qtyShipped: 4,
      unitPrice: { amount: 2.25, currency: 'USD' },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect((added.json() as OrderJson).lines.map((l) => l.lineNo)).toEqual([1, 3]);

    const replaced = await call('PUT', `${url}/3`, a.admin, { productId: a.products[1], qtyOrdered: 9 });
    expect(replaced.statusCode).toBe(200);
    expect((replaced.json() as OrderJson).lines[1]).toMatchObject({
      lineNo: 3,
      productId: a.products[1],
      qtyOrdered: 9,
      qtyShipped: 0,
      unitPrice: null,
    });

    const patched = await call('PATCH', `${url}/1`, a.admin, { qtyShipped: 10, qtyDelivered: 8 });
    expect(patched.statusCode).toBe(200);
    expect((patched.json() as OrderJson).lines[0]).toMatchObject({
      lineNo: 1,
      qtyOrdered: 10,
      qtyShipped: 10,
      qtyDelivered: 8,
      unitPrice: { amount: 18.5, currency: 'USD' },
    });

    const euros = await call('PUT', `${url}/4`, a.admin, {
      productId: a.products[0],
      qtyOrdered: 1,
      unitPrice: { amount: 3, currency: 'EUR' },
    });
    expect(expectProblem(euros, 422, 'REQUEST_UNPROCESSABLE').errors).toEqual([
      { path: 'body.unitPrice.currency', message: "must be USD: the order's other lines are priced in it" },
    ]);
    const foreign = await call('PATCH', `${url}/1`, a.admin, { productId: b.products[0] });
    expect(expectProblem(foreign, 422, 'REQUEST_UNPROCESSABLE').errors).toEqual([
      { path: 'body.productId', message: 'no such product' },
    ]);
    expectProblem(await call('PATCH', `${url}/2`, a.admin, { qtyShipped: 1 }), 404, 'RESOURCE_NOT_FOUND');

    const removed = await call('DELETE', `${url}/3`, a.admin);
    expect(removed.statusCode).toBe(200);
    const after = removed.json() as OrderJson;
    expect(after.lines.map((l) => l.lineNo)).toEqual([1]);
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(order.updatedAt));
    expectProblem(await call('DELETE', `${url}/3`, a.admin), 404, 'RESOURCE_NOT_FOUND');
  });

  it('keeps a line that inventory movements refer to (409)', async () => {
    // Two lines, so the line is kept for the ledger's sake, not as the order's last one.
    const order = await create(a, {
      lines: [
        { productId: a.products[0], qtyOrdered: 10 },
        { productId: a.products[1], qtyOrdered: 5 },
      ],
    });
    const line = order.lines[0] as { id: number; productId: number };
    const movement = await call('POST', '/inventory/movements', a.admin, {
      facilityId: a.facilities[0],
      productId: line.productId,
      kind: 'shipment',
      quantity: -10,
      occurredAt: '2026-03-03T10:00:00Z',
      orderLineId: line.id,
    });
    expect(movement.statusCode, movement.body).toBe(201);
    expectProblem(await call('DELETE', `/orders/${order.id}/lines/1`, a.admin), 409, 'RESOURCE_CONFLICT');
    expect((await call('GET', `/orders/${order.id}`, a.admin)).json().lines).toHaveLength(2);
  });

  it('refuses orders that cannot be true: no line left, nothing ordered, dates before the order', async () => {
    const order = await create(a);
    const last = expectProblem(
      await call('DELETE', `/orders/${order.id}/lines/1`, a.admin),
      422,
      'REQUEST_UNPROCESSABLE',
    );
    expect(last.errors).toEqual([{ path: 'lines', message: 'an order keeps at least one line' }]);
    expect((await call('GET', `/orders/${order.id}`, a.admin)).json().lines).toHaveLength(1);

    const zero = await call(
      'POST',
      '/orders',
      a.admin,
      orderInput(a, { lines: [{ productId: a.products[0], qtyOrdered: 0 }] }),
    );
    expect(pathsOf(expectProblem(zero, 400, 'REQUEST_INVALID'))).toEqual(['body.lines.0.qtyOrdered']);
    expectProblem(
      await call('PATCH', `/orders/${order.id}/lines/1`, a.admin, { qtyOrdered: 0 }),
      400,
      'REQUEST_INVALID',
    );
    expectProblem(
      await call('PUT', `/orders/${order.id}/lines/2`, a.admin, { productId: a.products[0], qtyOrdered: 0 }),
      400,
      'REQUEST_INVALID',
    );

    const early = await call(
      'POST',
      '/orders',
      a.admin,
      orderInput(a, { requestedDate: '2026-03-01', promisedDate: '2026-02-20' }),
    );
    expect(expectProblem(early, 422, 'REQUEST_UNPROCESSABLE').errors).toEqual([
      { path: 'body.requestedDate', message: 'is before the order date 2026-03-02' },
      { path: 'body.promisedDate', message: 'is before the order date 2026-03-02' },
    ]);
    // A patch is checked as the order it leaves: the stored order date against the new promise.
    const patched = await call('PATCH', `/orders/${order.id}`, a.admin, { promisedDate: '2026-03-01' });
    expect(pathsOf(expectProblem(patched, 422, 'REQUEST_UNPROCESSABLE'))).toEqual(['body.promisedDate']);
    const later = await call('PATCH', `/orders/${order.id}`, a.admin, { promisedDate: '2026-03-05' });
    expect(later.statusCode, later.body).toBe(200);
    const moved = await call('PATCH', `/orders/${order.id}`, a.admin, { orderDate: '2026-03-06' });
    expect(pathsOf(expectProblem(moved, 422, 'REQUEST_UNPROCESSABLE'))).toEqual(['body.promisedDate']);
  });

  it('refuses far dates, bad references and prices with more decimals than stored', async () => {
    const bad = async (extra: Json, path: string) => {
      const res = await call('POST', '/orders', a.admin, orderInput(a, extra));
      expect(pathsOf(expectProblem(res, 400, 'REQUEST_INVALID')), JSON.stringify(extra)).toContain(path);
    };
    await bad({ orderDate: '0999-12-31' }, 'body.orderDate');
    await bad({ orderDate: '2999-01-01' }, 'body.orderDate');
    await bad({ orderDate: '2200-01-01' }, 'body.orderDate');
    await bad({ reference: '\u200b' }, 'body.reference');
    await bad({ reference: 'SO-\uffff' }, 'body.reference');
    await bad(
      {
        lines: [{ productId: a.products[0], qtyOrdered: 1, unitPrice: { amount: 1.23456, currency: 'USD' } }],
      },
      'body.lines.0.unitPrice.amount',
    );
    await bad(
      { lines: [{ productId: a.products[0], qtyOrdered: 1, unitPrice: { amount: 1, currency: 'QQQ' } }] },
      'body.lines.0.unitPrice.currency',
    );
    // The ends of the window and four decimals are stored and read back alike on every database.
    const far = await create(a, {
      orderDate: '1900-01-01',
      promisedDate: '2199-12-31',
      lines: [{ productId: a.products[0], qtyOrdered: 1, unitPrice: { amount: 0.1235, currency: 'USD' } }],
    });
    const got = (await call('GET', `/orders/${far.id}`, a.admin)).json();
    expect(got).toMatchObject({ orderDate: '1900-01-01', promisedDate: '2199-12-31' });
    expect(got.lines[0].unitPrice).toEqual({ amount: 0.1235, currency: 'USD' });
  });

  it('archives on DELETE: the order leaves lists but stays readable', async () => {
    const t = await tenant();
    const kept = await create(t);
    const order = await create(t);
    const res = await call('DELETE', `/orders/${order.id}`, t.admin);
    expect(res.statusCode).toBe(200);
    const archivedAt = res.json().archivedAt as string;
    expect(Date.parse(archivedAt)).not.toBeNaN();
    const again = await call('DELETE', `/orders/${order.id}`, t.admin);
    expect(again.json().archivedAt).toBe(archivedAt);
    const ids = async (query: string) =>
      ((await call('GET', `/orders${query}`, t.viewer)).json().data as Json[]).map((o) => o.id);
    expect(await ids('')).toEqual([kept.id]);
    expect((await ids('?includeArchived=true')).sort()).toEqual([kept.id, order.id].sort());
    expect((await call('GET', `/orders/${order.id}`, t.viewer)).json().lines).toHaveLength(1);
  });

  it('filters by status, customer, ship-from facility, inclusive order dates and reference prefix', async () => {
    const t = await tenant();
    const [c0, c1] = t.customers as [number, number];
    const [f0, f1] = t.facilities as [number, number];
    const o1 = await create(t, {
      reference: 'A%1',
      orderDate: '2026-01-10',
      customerId: c0,
      shipFromFacilityId: f0,
    });
    const o2 = await create(t, {
      reference: 'A%2',
      orderDate: '2026-01-20',
      customerId: c1,
      shipFromFacilityId: f0,
    });
    const o3 = await create(t, {
      reference: 'AB-3',
      orderDate: '2026-01-31',
      customerId: c1,
      shipFromFacilityId: f1,
      status: 'delivered',
    });
    const o4 = await create(t, { reference: 'B-4', orderDate: '2026-02-01', customerId: null });
    const list = async (query: string) => {
      const res = await call('GET', `/orders?${query}`, t.viewer);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as Json[]).map((o) => o.id);
    };
    expect(await list('status=delivered')).toEqual([o3.id]);
    expect(await list(`customerId=${c1}`)).toEqual([o3.id, o2.id]);
    expect(await list(`shipFromFacilityId=${f0}&sort=orderDate`)).toEqual([o1.id, o2.id, o4.id]);
    expect(await list('orderDateFrom=2026-01-20&orderDateTo=2026-01-31')).toEqual([o3.id, o2.id]);
    // A prefix, not a pattern: % and _ are literal.
    expect(await list(`reference=${encodeURIComponent('A%')}&sort=reference`)).toEqual([o1.id, o2.id]);
    expect(await list('reference=A&sort=reference')).toEqual([o1.id, o2.id, o3.id]);
    expect(await list(`customerId=${b.customers[0]}`)).toEqual([]);
    const total = await call('GET', '/orders?status=open&limit=1&includeTotal=true', t.viewer);
    expect(total.json()).toMatchObject({ total: 3 });
    expect(total.json().data).toHaveLength(1);
    expectProblem(await call('GET', '/orders?colour=red', t.viewer), 400, 'REQUEST_INVALID');
    expectProblem(await call('GET', '/orders?orderDateFrom=2026-13-01', t.viewer), 400, 'REQUEST_INVALID');
  });

  it('sorts by order date, reference and creation, ties broken by id', async () => {
    const t = await tenant();
    const made = [
      await create(t, { reference: 'R-c', orderDate: '2026-01-02' }),
      await create(t, { reference: 'R-a', orderDate: '2026-01-01' }),
      await create(t, { reference: 'R-b', orderDate: '2026-01-02' }),
    ];
    const [c, a1, b1] = made.map((o) => o.id) as [number, number, number];
    const list = async (sort: string) =>
      ((await call('GET', `/orders?sort=${sort}`, t.viewer)).json().data as Json[]).map((o) => o.id);
    expect(await list('orderDate')).toEqual([a1, c, b1]);
    expect(await list('-orderDate')).toEqual([b1, c, a1]);
    expect(await list('reference')).toEqual([a1, b1, c]);
    expect(await list('-reference')).toEqual([c, b1, a1]);
    expect(await list('createdAt')).toEqual([c, a1, b1]);
    expect(await list('-createdAt')).toEqual([b1, a1, c]);
  });

  it('pages without losing or repeating orders while new ones arrive', async () => {
    const t = await tenant();
    const original: number[] = [];
    for (const day of ['01', '02', '02', '03', '04', '04', '05'])
      original.push((await create(t, { orderDate: `2026-01-${day}` })).id);
    const seen: number[] = [];
    const dates: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `sort=-orderDate&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call('GET', `/orders?${query}`, t.viewer);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { data: OrderJson[]; nextCursor: string | null };
      seen.push(...body.data.map((o) => o.id));
      dates.push(...body.data.map((o) => o.orderDate));
      cursor = body.nextCursor;
      // Orders arriving on both sides of the cursor, including on the day of the cursor's row.
      if (pages++ === 0) {
        await create(t, { orderDate: '2026-01-09' });
        await create(t, { orderDate: '2026-01-04' });
        await create(t, { orderDate: '2025-12-31' });
      }
    } while (cursor && pages < 10);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(original));
    expect([...dates].sort().reverse()).toEqual(dates);
    // A cursor belongs to its sort.
    const first = (await call('GET', '/orders?sort=-orderDate&limit=1', t.viewer)).json()
      .nextCursor as string;
    expectProblem(
      await call('GET', `/orders?sort=reference&cursor=${first}`, t.viewer),
      400,
      'REQUEST_INVALID_CURSOR',
    );
  });

  it("answers 404 for another organization's order and leaves it unchanged", async () => {
    const order = await create(a);
    const url = `/orders/${order.id}`;
    expectProblem(await call('GET', url, b.admin), 404, 'RESOURCE_NOT_FOUND');
    expectProblem(await call('PATCH', url, b.admin, { status: 'cancelled' }), 404, 'RESOURCE_NOT_FOUND');
    expectProblem(await call('DELETE', url, b.admin), 404, 'RESOURCE_NOT_FOUND');
    expectProblem(
      await call('PUT', `${url}/lines/2`, b.admin, { productId: b.products[0], qtyOrdered: 1 }),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expectProblem(
      await call('PATCH', `${url}/lines/1`, b.admin, { qtyShipped: 9 }),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expectProblem(await call('DELETE', `${url}/lines/1`, b.admin), 404, 'RESOURCE_NOT_FOUND');
    const list = (await call('GET', '/orders?limit=500&includeArchived=true', b.admin)).json().data as Json[];
    expect(list.map((o) => o.id)).not.toContain(order.id);
    expect((await call('GET', url, a.admin)).json()).toEqual(order);
  });

  it('requires orders:read to read and orders:write to write', async () => {
    const order = await create(a);
    expect((await call('GET', `/orders/${order.id}`, a.viewer)).statusCode).toBe(200);
    expectProblem(await call('POST', '/orders', a.viewer, orderInput(a)), 403, 'AUTH_FORBIDDEN');
    expectProblem(
      await call('PATCH', `/orders/${order.id}`, a.viewer, { status: 'cancelled' }),
      403,
      'AUTH_FORBIDDEN',
    );
    expectProblem(await call('DELETE', `/orders/${order.id}/lines/1`, a.viewer), 403, 'AUTH_FORBIDDEN');
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/orders' });
    expectProblem(anonymous, 401, 'AUTH_MISSING_TOKEN');
  });
});
