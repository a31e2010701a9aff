import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../src/modules/analytics/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * Every shipment write path keeps the rollups exactly where a rebuild from the shipments would
 * put them (ADR 0015): create, PATCH, archive, the batch upsert (inserted, updated, unchanged) and
 * tracking events, checked after each step by rebuilding and comparing the rollup rows (rows left
 * at zero by moved shipments excepted: a rebuild has none).
 */
describe.each(testDialects)('shipment writes keep the rollups on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Record<string, string>;
  let orgId: number;
  let carriers: number[];

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const org = await createOrgWithUsers(ctx.database.db, { slug: 'rollup-writes' });
    orgId = org.orgId;
    admin = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
    carriers = [];
    for (const name of ['Swift', 'Blue']) {
      carriers.push((await send(ctx.app, 'POST', '/api/v1/carriers', admin, { name })).json().id);
    }
  });
  afterAll(() => ctx?.close());

  async function rollupRows() {
    const rows: Record<string, unknown>[] = [];
    for (const table of ['analytics_shipment_lanes', 'analytics_shipment_parties'] as const) {
      const found = await ctx.database.db
        .selectFrom(table)
        .selectAll()
        .where('org_id', '=', orgId)
        .where('shipments', '<>', 0)
        .execute();
      rows.push(...found.map((r) => ({ table, ...normalise(r) })));
    }
    return rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  const normalise = (row: object) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v,
      ]),
    );

  async function expectRollupsRight(step: string) {
    const kept = await rollupRows();
    expect(kept.length, `${step}: rollup rows exist`).toBeGreaterThan(0);
    await rebuildRollups(ctx.database.db, orgId);
    expect(await rollupRows(), step).toEqual(kept);
  }

  const shipment = (reference: string, extra: Record<string, unknown> = {}) => ({
    reference,
    mode: 'ftl',
    carrierId: carriers[0],
    origin: { city: 'Chicago', country: 'US' },
    destination: { city: 'Dallas', country: 'US', timezone: 'America/Chicago' },
    plannedPickupAt: '2026-03-02T14:00:00Z',
    plannedDeliveryAt: '2026-03-04T17:00:00Z',
    weightKg: 1200,
    freightCost: { amount: 900, currency: 'USD' },
    ...extra,
  });

  it('after a create, a PATCH, an archive, a batch upsert and tracking events', async () => {
    const created = await send(ctx.app, 'POST', '/api/v1/shipments', admin, shipment('RW-1'));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    await expectRollupsRight('create');

    const patched = await send(ctx.app, 'PATCH', `/api/v1/shipments/${id}`, admin, {
      carrierId: carriers[1],
      mode: 'air',
      status: 'delivered',
      actualPickupAt: '2026-03-02T15:00:00Z',
      actualDeliveryAt: '2026-03-05T18:00:00Z',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await expectRollupsRight('patch moving the shipment to another carrier, mode and status');

    const batch = await send(ctx.app, 'PUT', '/api/v1/shipments:batch', admin, {
      items: [
        shipment('RW-1', {
          carrierId: carriers[1],
          mode: 'air',
          status: 'delivered',
          actualPickupAt: '2026-03-02T15:00:00Z',
          actualDeliveryAt: '2026-03-05T18:00:00Z',
        }),
        shipment('RW-2'),
        shipment('RW-3', { freightCost: { amount: 450, currency: 'EUR' } }),
      ],
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json().data.map((i: { result: string }) => i.result)).toEqual([
      'unchanged',
      'inserted',
      'inserted',
    ]);
    await expectRollupsRight('batch with unchanged and inserted rows');

    const updated = await send(ctx.app, 'PUT', '/api/v1/shipments:batch', admin, {
      items: [
        shipment('RW-2', { weightKg: 3000 }),
        shipment('RW-3', { destination: { city: 'Denver', country: 'US', timezone: 'America/Denver' } }),
      ],
    });
    expect(updated.json().data.map((i: { result: string }) => i.result)).toEqual(['updated', 'updated']);
    await expectRollupsRight('batch updates');

    const rw2 = batch.json().data[1].id as number;
    for (const [code, occurredAt] of [
      ['PICKED_UP', '2026-03-02T16:00:00Z'],
      ['DELIVERED', '2026-03-04T20:00:00Z'],
    ]) {
      const event = await send(ctx.app, 'POST', `/api/v1/shipments/${rw2}/events`, admin, {
        code,
        occurredAt,
      });
      expect(event.statusCode, event.body).toBe(201);
    }
    await expectRollupsRight('tracking events to delivered');

    expect((await send(ctx.app, 'DELETE', `/api/v1/shipments/${id}`, admin)).statusCode).toBe(200);
    await expectRollupsRight('archive');

    const answer = await send(ctx.app, 'POST', '/api/v1/analytics/query', admin, {
      metrics: ['shipments', 'deliveredShipments'],
    });
    expect(answer.json().rows).toEqual([{ shipments: 2, deliveredShipments: 1 }]);
    expect(answer.json().servedFrom).toBe('rollup');
  });
});
