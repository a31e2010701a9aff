import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOne } from '../../src/db/bulk.js';
import { dataVersionOf } from '../../src/modules/analytics/index.js';
import { refreshAllOrderFacts, refreshOrderFacts } from '../../src/modules/orders/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * The derived delivery facts of orders (delivered_day, on_time, lead_time_days) as stored after
 * real writes through the API, and the data version every order and order-line write bumps.
 * Shipments are written through the API; the facts are refreshed explicitly as well, so these
 * tests hold whether or not the shipment write path refreshes them itself (it should: the second
 * refresh then changes nothing).
 */

interface Tenant {
  readonly orgId: number;
  readonly admin: string;
  readonly customer: number;
  readonly product: number;
}

type Json = Record<string, unknown>;
const CHICAGO = 'America/Chicago';

describe.each(testDialects)('order delivery facts on %s', (dialect) => {
  let ctx: TestContext;
  let a: Tenant;
  let b: Tenant;
  let tenants = 0;
  let references = 0;

  async function tenant(): Promise<Tenant> {
    const db = ctx.database.db;
    const org = await createOrgWithUsers(db, { slug: `facts-${++tenants}` });
    await db
      .updateTable('organizations')
      .set({ reporting_timezone: CHICAGO })
      .where('id', '=', org.orgId)
      .execute();
    return {
      orgId: org.orgId,
      admin: await accessTokenFor(ctx.app, org.users.admin.id, org.orgId),
      customer: await insertOne(db, 'customers', { org_id: org.orgId, code: 'C1', name: 'Customer' }),
      product: await insertOne(db, 'products', { org_id: org.orgId, sku: 'SKU-1', name: 'P1' }),
    };
  }

  const call = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, t: Tenant, payload?: unknown) =>
    send(ctx.app, method, `/api/v1${url}`, bearer(t.admin), payload);
  const ok = (res: LightMyRequestResponse, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as Json & { id: number };
  };

  /** An order placed on 2026-03-01, promised for the 5th and requested for the 6th unless told. */
  const order = async (t: Tenant, extra: Json = {}) =>
    ok(
      await call('POST', '/orders', t, {
        reference: `SO-${++references}`,
        customerId: t.customer,
        orderDate: '2026-03-01',
        promisedDate: '2026-03-05',
        requestedDate: '2026-03-06',
        lines: [{ productId: t.product, qtyOrdered: 10 }],
        ...extra,
      }),
      201,
    ).id;

  /** A shipment of the order to Chicago (unless told), delivered at `deliveredAt` when given. */
  const ship = async (t: Tenant, orderId: number, deliveredAt: string | null, extra: Json = {}) =>
    ok(
      await call('POST', '/shipments', t, {
        reference: `SH-${++references}`,
        orderId,
        mode: 'ftl',
        destination: { city: 'Chicago', country: 'US', timezone: CHICAGO },
        actualPickupAt: '2026-03-02T14:00:00Z',
        ...(deliveredAt ? { actualDeliveryAt: deliveredAt } : {}),
        ...extra,
      }),
      201,
    ).id;

  const facts = async (orderId: number) => {
    const row = await ctx.database.db
      .selectFrom('orders')
      .select(['delivered_day', 'on_time', 'lead_time_days'])
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    return {
      delivered_day: row.delivered_day,
      on_time: row.on_time === null ? null : Number(row.on_time),
      lead_time_days: row.lead_time_days === null ? null : Number(row.lead_time_days),
    };
  };
  /** Refreshes in a transaction of its own, as a write path would, and reads the facts back. */
  const refreshed = async (t: Tenant, orderId: number) => {
    await ctx.database.db.transaction().execute((trx) => refreshOrderFacts(trx, t.orgId, [orderId]));
    return facts(orderId);
  };
  const none = { delivered_day: null, on_time: null, lead_time_days: null };

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    a = await tenant();
    b = await tenant();
  });
  afterAll(() => ctx?.close());

  it('are null until an order has a shipment, and take the latest of split deliveries; one late makes it late', async () => {
    const id = await order(a);
    expect(await refreshed(a, id)).toEqual(none);
    await ship(a, id, '2026-03-03T15:00:00Z');
    expect(await refreshed(a, id)).toEqual({ delivered_day: '2026-03-03', on_time: 1, lead_time_days: 2 });
    await ship(a, id, '2026-03-06T15:00:00Z');
    expect(await refreshed(a, id)).toEqual({ delivered_day: '2026-03-06', on_time: 0, lead_time_days: 5 });
  });

  it('are null while one shipment is still under way, and set once it is delivered', async () => {
    const id = await order(a);
    await ship(a, id, '2026-03-03T15:00:00Z');
    const moving = await ship(a, id, null);
    expect(await refreshed(a, id)).toEqual(none);
    ok(
      await call('PATCH', `/shipments/${moving}`, a, {
        actualDeliveryAt: '2026-03-04T18:00:00Z',
        status: 'delivered',
      }),
    );
    expect(await refreshed(a, id)).toEqual({ delivered_day: '2026-03-04', on_time: 1, lead_time_days: 3 });
  });

  it('ignore cancelled and archived shipments', async () => {
    const id = await order(a);
    await ship(a, id, '2026-03-04T15:00:00Z');
    await ship(a, id, null, { actualPickupAt: null, status: 'cancelled' });
    const late = await ship(a, id, '2026-03-09T15:00:00Z');
    expect((await refreshed(a, id)).on_time).toBe(0);
    ok(await call('DELETE', `/shipments/${late}`, a));
    expect(await refreshed(a, id)).toEqual({ delivered_day: '2026-03-04', on_time: 1, lead_time_days: 3 });
  });

  it('judge against the requested date without a promised one; without either, on time is unknown', async () => {
    const requested = await order(a, { promisedDate: null });
    await ship(a, requested, '2026-03-06T15:00:00Z');
    expect(await refreshed(a, requested)).toEqual({
      delivered_day: '2026-03-06',
      on_time: 1,
      lead_time_days: 5,
    });
    const undated = await order(a, { promisedDate: null, requestedDate: null });
    await ship(a, undated, '2026-03-06T15:00:00Z');
    expect(await refreshed(a, undated)).toEqual({
      delivered_day: '2026-03-06',
      on_time: null,
      lead_time_days: 5,
    });
  });

  it('judge on-time in the destination zone and count the delivery day in the reporting zone', async () => {
    const t = await tenant();
    // 04:30 UTC on the 6th: 22:30 on the promised 5th in Chicago, 05:30 on the 6th in Berlin.
    const chicago = await order(t);
    await ship(t, chicago, '2026-03-06T04:30:00Z');
    const berlin = await order(t);
    await ship(t, berlin, '2026-03-06T04:30:00Z', {
      destination: { city: 'Berlin', country: 'DE', timezone: 'Europe/Berlin' },
    });
    expect(await refreshed(t, chicago)).toEqual({
      delivered_day: '2026-03-05',
      on_time: 1,
      lead_time_days: 4,
    });
    expect(await refreshed(t, berlin)).toEqual({
      delivered_day: '2026-03-05',
      on_time: 0,
      lead_time_days: 4,
    });
    // A new reporting zone moves the delivery day (and lead time), not the judgement: the backfill.
    await ctx.database.db
      .updateTable('organizations')
      .set({ reporting_timezone: 'Europe/Berlin' })
      .where('id', '=', t.orgId)
      .execute();
    const summary = await refreshAllOrderFacts(ctx.database.db, t.orgId);
    expect(summary).toEqual({ orders: 2, changed: 2 });
    expect(await facts(chicago)).toEqual({ delivered_day: '2026-03-06', on_time: 1, lead_time_days: 5 });
    expect(await facts(berlin)).toEqual({ delivered_day: '2026-03-06', on_time: 0, lead_time_days: 5 });
  });

  it('follow the order write path: a new promised date or a cancellation refreshes them', async () => {
    const id = await order(a);
    await ship(a, id, '2026-03-06T15:00:00Z');
    expect((await refreshed(a, id)).on_time).toBe(0);
    ok(await call('PATCH', `/orders/${id}`, a, { promisedDate: '2026-03-07' }));
    expect(await facts(id)).toEqual({ delivered_day: '2026-03-06', on_time: 1, lead_time_days: 5 });
    ok(await call('PATCH', `/orders/${id}`, a, { promisedDate: null, requestedDate: '2026-03-05' }));
    expect((await facts(id)).on_time).toBe(0);
    ok(await call('PATCH', `/orders/${id}`, a, { status: 'cancelled' }));
    expect(await facts(id)).toEqual(none);
    ok(await call('PATCH', `/orders/${id}`, a, { status: 'delivered' }));
    expect((await facts(id)).delivered_day).toBe('2026-03-06');
  });

  it('are written only when they change, only for the caller’s organization, and then bump the data version', async () => {
    const id = await order(a);
    await ship(a, id, '2026-03-04T15:00:00Z');
    const db = ctx.database.db;
    await db.transaction().execute((trx) => refreshOrderFacts(trx, a.orgId, [id]));
    const version = await dataVersionOf(db, a.orgId);
    expect(await db.transaction().execute((trx) => refreshOrderFacts(trx, a.orgId, [id, id, null]))).toBe(0);
    expect(await dataVersionOf(db, a.orgId)).toBe(version);

    await db.updateTable('orders').set({ on_time: null }).where('id', '=', id).execute();
    expect(await db.transaction().execute((trx) => refreshOrderFacts(trx, a.orgId, [id]))).toBe(1);
    expect(await dataVersionOf(db, a.orgId)).toBe(version + 1);

    // Another organization's order id is not the caller's to refresh.
    const theirs = await order(b);
    await ship(b, theirs, '2026-03-04T15:00:00Z');
    await db.updateTable('orders').set({ delivered_day: null }).where('id', '=', theirs).execute();
    expect(await db.transaction().execute((trx) => refreshOrderFacts(trx, a.orgId, [theirs]))).toBe(0);
    expect((await facts(theirs)).delivered_day).toBeNull();
  });

  it('backfill every order of an organization in pages, reporting progress, and only its orders', async () => {
    const t = await tenant();
    const ids: number[] = [];
    // Another organization's order among them: the pages walk the ids of every organization.
    let theirs = 0;
    for (let i = 0; i < 5; i++) {
      const id = await order(t);
      if (i < 4) await ship(t, id, `2026-03-0${3 + i}T15:00:00Z`);
      ids.push(id);
      if (i === 1) {
        theirs = await order(b);
        await ship(b, theirs, '2026-03-04T15:00:00Z');
      }
    }
    const db = ctx.database.db;
    await db.updateTable('orders').set({ delivered_day: null }).where('id', '=', theirs).execute();
    // As before this release: nothing derived yet (and one order wrongly so).
    await db
      .updateTable('orders')
      .set({ delivered_day: null, on_time: null, lead_time_days: null })
      .where('org_id', '=', t.orgId)
      .execute();
    await db
      .updateTable('orders')
      .set({ on_time: 1 })
      .where('id', '=', ids[4] as number)
      .execute();
    const progress: [number, number][] = [];
    const summary = await refreshAllOrderFacts(
      db,
      t.orgId,
      (done, total) => {
        progress.push([done, total]);
      },
      { pageSize: 2 },
    );
    expect(summary).toEqual({ orders: 5, changed: 5 });
    expect((await facts(theirs)).delivered_day).toBeNull();
    // Pages of two ids: [t, t], [b, t], [t, t].
    expect(progress).toEqual([
      [2, 5],
      [3, 5],
      [5, 5],
    ]);
    expect(await facts(ids[0] as number)).toEqual({
      delivered_day: '2026-03-03',
      on_time: 1,
      lead_time_days: 2,
    });
    expect(await facts(ids[3] as number)).toEqual({
      delivered_day: '2026-03-06',
      on_time: 0,
      lead_time_days: 5,
    });
    expect(await facts(ids[4] as number)).toEqual(none);
    expect(await refreshAllOrderFacts(db, t.orgId)).toEqual({ orders: 5, changed: 0 });
  });

  it('bump the data version on every order and order-line write, and not on a refused one', async () => {
    const db = ctx.database.db;
    const version = () => dataVersionOf(db, a.orgId);
    const bumps = async (write: () => Promise<LightMyRequestResponse>, status = 200) => {
      const before = await version();
      const res = await write();
      expect(res.statusCode, res.body).toBe(status);
      return (await version()) - before;
    };
    let id = 0;
    expect(
      await bumps(async () => {
        const res = await call('POST', '/orders', a, {
          reference: `SO-${++references}`,
          orderDate: '2026-03-01',
          lines: [{ productId: a.product, qtyOrdered: 3 }],
        });
        id = (res.json() as { id: number }).id;
        return res;
      }, 201),
    ).toBe(1);
    expect(await bumps(() => call('PATCH', `/orders/${id}`, a, { reference: `SO-${++references}` }))).toBe(1);
    expect(await bumps(() => call('PATCH', `/orders/${id}`, a, { requestedDate: '2026-03-09' }))).toBe(1);
    expect(
      await bumps(
        () => call('PUT', `/orders/${id}/lines/2`, a, { productId: a.product, qtyOrdered: 4 }),
        201,
      ),
    ).toBe(1);
    expect(await bumps(() => call('PATCH', `/orders/${id}/lines/2`, a, { qtyDelivered: 4 }))).toBe(1);
    expect(await bumps(() => call('DELETE', `/orders/${id}/lines/2`, a))).toBe(1);
    expect(await bumps(() => call('DELETE', `/orders/${id}`, a))).toBe(1);
    // Refused, or nothing to change: no write, no bump.
    expect(await bumps(() => call('PATCH', `/orders/${id}`, a, { promisedDate: '2026-02-01' }), 422)).toBe(0);
    expect(await bumps(() => call('DELETE', `/orders/${id}/lines/1`, a), 422)).toBe(0);
    expect(await bumps(() => call('PATCH', `/orders/${id}/lines/1`, a, {}))).toBe(0);
    expect(await bumps(() => call('DELETE', `/orders/${id}`, a))).toBe(0);
  });
});
