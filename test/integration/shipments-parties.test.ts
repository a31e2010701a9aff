import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../src/modules/analytics/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/** The shipment's parties and commodity (issue #9 part 1): customerId, supplierId, commodity. */

interface Shipment {
  id: number;
  reference: string;
  customerId: number | null;
  supplierId: number | null;
  commodity: string | null;
  mode: string;
}

describe.each(testDialects)('shipment parties and commodity on %s', (dialect) => {
  let ctx: TestContext;
  let a: TestOrg;
  let b: TestOrg;
  let admin: Record<string, string>;
  let otherAdmin: Record<string, string>;
  // Two customers and two suppliers of A; one of each of B.
  let customers: number[];
  let suppliers: number[];
  let customerB: number;
  let supplierB: number;

  const call = (method: string, url: string, headers: Record<string, string>, payload?: unknown) =>
    send(ctx.app, method, url, headers, payload);
  const created = async (path: string, headers: Record<string, string>, body: unknown) => {
    const res = await call('POST', `/api/v1/${path}`, headers, body);
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: number }).id;
  };
  const get = async (id: number) => (await call('GET', `/api/v1/shipments/${id}`, admin)).json() as Shipment;
  const list = async (query: string, headers = admin) => {
    const res = await call('GET', `/api/v1/shipments?limit=500&${query}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { data: Shipment[] }).data;
  };

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    a = await createOrgWithUsers(ctx.database.db, { slug: 'parties-a' });
    b = await createOrgWithUsers(ctx.database.db, { slug: 'parties-b' });
    admin = bearer(await accessTokenFor(ctx.app, a.users.admin.id, a.orgId));
    otherAdmin = bearer(await accessTokenFor(ctx.app, b.users.admin.id, b.orgId));
    customers = [
      await created('customers', admin, { code: 'C-1', name: 'Lakeside Hardware' }),
      await created('customers', admin, { code: 'C-2', name: 'Hill Tools' }),
    ];
    suppliers = [
      await created('suppliers', admin, { code: 'S-1', name: 'Acme Filters' }),
      await created('suppliers', admin, { code: 'S-2', name: 'Łódź Pumps' }),
    ];
    customerB = await created('customers', otherAdmin, { code: 'C-1', name: 'Other customer' });
    supplierB = await created('suppliers', otherAdmin, { code: 'S-1', name: 'Other supplier' });
  });
  afterAll(() => ctx?.close());

  it('creates with the parties and commodity, answers them, and reads them back', async () => {
    const res = await call('POST', '/api/v1/shipments', admin, {
      reference: 'P-1',
      mode: 'ftl',
      customerId: customers[0],
      supplierId: suppliers[1],
      commodity: '  filters ', // trimmed like every text field
    });
    expect(res.statusCode, res.body).toBe(201);
    const shipment = res.json() as Shipment;
    expect(shipment).toMatchObject({
      customerId: customers[0],
      supplierId: suppliers[1],
      commodity: 'filters',
    });
    expect(await get(shipment.id)).toEqual(shipment);
    // Absent fields are unknown, answered as null.
    const bare = (await call('POST', '/api/v1/shipments', admin, { reference: 'P-2', mode: 'air' })).json();
    expect(bare).toMatchObject({ customerId: null, supplierId: null, commodity: null });
  });

  it('patches them: a value replaces, absence keeps, null clears', async () => {
    const id = await created('shipments', admin, {
      reference: 'P-PATCH',
      mode: 'ltl',
      customerId: customers[0],
      supplierId: suppliers[0],
      commodity: 'pumps',
    });
    const changed = await call('PATCH', `/api/v1/shipments/${id}`, admin, {
      customerId: customers[1],
      commodity: 'valves',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      customerId: customers[1],
      supplierId: suppliers[0],
      commodity: 'valves',
    });
    const cleared = await call('PATCH', `/api/v1/shipments/${id}`, admin, {
      supplierId: null,
      commodity: null,
    });
    expect(cleared.json()).toMatchObject({ customerId: customers[1], supplierId: null, commodity: null });
    expect(await get(id)).toEqual(cleared.json());
  });

  it('upserts them in a batch: inserted, updated, unchanged', async () => {
    const item = (reference: string, commodity: string, customerId = customers[0]) => ({
      reference,
      source: 'erp',
      mode: 'ftl',
      customerId,
      supplierId: suppliers[0],
      commodity,
    });
    const first = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [item('PB-1', 'filters'), item('PB-2', 'pumps')],
    });
    expect(first.statusCode, first.body).toBe(200);
    const ids = first.json().data.map((r: { id: number }) => r.id) as number[];
    const second = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [item('PB-1', 'filters', customers[1]), item('PB-2', 'pumps'), item('PB-3', 'hoses')],
    });
    expect(second.json().data.map((r: { result: string }) => r.result)).toEqual([
      'updated',
      'unchanged',
      'inserted',
    ]);
    expect(await get(ids[0] as number)).toMatchObject({ customerId: customers[1], commodity: 'filters' });
    // An upsert that leaves a field out keeps the stored value, as PATCH does.
    await call('PUT', '/api/v1/shipments:batch', admin, {
      items: [{ reference: 'PB-2', source: 'erp', mode: 'ftl' }],
    });
    expect(await get(ids[1] as number)).toMatchObject({
      customerId: customers[0],
      supplierId: suppliers[0],
      commodity: 'pumps',
    });
  });

  it('filters the list by customer, supplier and commodity, alone and together', async () => {
    const spec = [
      ['PF-1', 0, 0, 'cables'],
      ['PF-2', 0, 1, 'cables'],
      ['PF-3', 1, 0, 'cables'],
      ['PF-4', 1, 1, 'motors'],
      ['PF-5', null, null, null],
    ] as const;
    const res = await call('PUT', '/api/v1/shipments:batch', admin, {
      items: spec.map(([reference, c, s, commodity]) => ({
        reference,
        mode: 'road',
        customerId: c === null ? null : customers[c],
        supplierId: s === null ? null : suppliers[s],
        commodity,
      })),
    });
    expect(res.statusCode, res.body).toBe(200);
    const refs = async (query: string) =>
      (await list(`reference=PF-&${query}`)).map((s) => s.reference).sort();
    expect(await refs(`customerId=${customers[0]}`)).toEqual(['PF-1', 'PF-2']);
    expect(await refs(`supplierId=${suppliers[1]}`)).toEqual(['PF-2', 'PF-4']);
    expect(await refs('commodity=cables')).toEqual(['PF-1', 'PF-2', 'PF-3']);
    expect(await refs('commodity=motors')).toEqual(['PF-4']);
    expect(await refs(`customerId=${customers[1]}&supplierId=${suppliers[0]}&commodity=cables`)).toEqual([
      'PF-3',
    ]);
    expect(await refs(`customerId=${customers[1]}&commodity=hoses`)).toEqual([]);
    expectProblem(await call('GET', '/api/v1/shipments?customerId=abc', admin), 400, 'REQUEST_INVALID');
    expectProblem(await call('GET', '/api/v1/shipments?commodity=', admin), 400, 'REQUEST_INVALID');
  });

  it('refuses a commodity that is empty or longer than 120 characters', async () => {
    for (const commodity of ['', '   ', 'x'.repeat(121)]) {
      expectProblem(
        await call('POST', '/api/v1/shipments', admin, { reference: 'P-LONG', mode: 'ftl', commodity }),
        400,
        'REQUEST_INVALID',
      );
    }
    const longest = await call('POST', '/api/v1/shipments', admin, {
      reference: 'P-LONG',
      mode: 'ftl',
      commodity: 'é'.repeat(120),
    });
    expect(longest.statusCode, longest.body).toBe(201);
    expect(longest.json().commodity).toBe('é'.repeat(120));
  });

  it('refuses parties that do not exist or belong to another organization, and writes nothing', async () => {
    const missing = expectProblem(
      await call('POST', '/api/v1/shipments', admin, {
        reference: 'P-BAD',
        mode: 'ftl',
        customerId: 987_654_321,
        supplierId: supplierB,
      }),
      422,
      'REQUEST_UNPROCESSABLE',
    );
    expect(missing.errors).toEqual([
      { path: 'body.customerId', message: 'no such customer' },
      { path: 'body.supplierId', message: 'no such supplier' },
    ]);
    // The other organization's customer is answered exactly like a missing one.
    const foreign = expectProblem(
      await call('POST', '/api/v1/shipments', admin, {
        reference: 'P-BAD',
        mode: 'ftl',
        customerId: customerB,
      }),
      422,
      'REQUEST_UNPROCESSABLE',
    );
    expect(foreign.errors).toEqual([{ path: 'body.customerId', message: 'no such customer' }]);
    expect(await list('reference=P-BAD')).toEqual([]);

    const id = await created('shipments', admin, {
      reference: 'P-KEEP',
      mode: 'ftl',
      customerId: customers[0],
    });
    const before = await get(id);
    expectProblem(
      await call('PATCH', `/api/v1/shipments/${id}`, admin, { customerId: customerB }),
      422,
      'REQUEST_UNPROCESSABLE',
    );
    const batch = expectProblem(
      await call('PUT', '/api/v1/shipments:batch', admin, {
        items: [
          { reference: 'P-NEW', mode: 'ftl', customerId: customers[1] },
          { reference: 'P-KEEP', mode: 'ftl', supplierId: supplierB },
        ],
      }),
      422,
      'REQUEST_UNPROCESSABLE',
    );
    expect(batch.errors).toEqual([{ path: 'items.1.supplierId', message: 'no such supplier' }]);
    expect(await get(id)).toEqual(before);
    expect(await list('reference=P-NEW')).toEqual([]);
  });

  it("keeps each organization's filters to its own shipments", async () => {
    await created('shipments', otherAdmin, {
      reference: 'P-B',
      mode: 'ftl',
      customerId: customerB,
      supplierId: supplierB,
      commodity: 'cables',
    });
    expect(await list(`customerId=${customerB}`)).toEqual([]);
    expect(await list(`supplierId=${supplierB}`)).toEqual([]);
    const theirs = await list('commodity=cables', otherAdmin);
    expect(theirs.map((s) => s.reference)).toEqual(['P-B']);
    const ours = await list('commodity=cables');
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.map((s) => s.reference)).not.toContain('P-B');
  });

  it('moves the shipment between customer, supplier and commodity rollup keys as it changes', async () => {
    const partyKeys = async () =>
      (
        await ctx.database.db
          .selectFrom('analytics_shipment_parties')
          .select(['customer_id', 'supplier_id', 'commodity', 'shipments'])
          .where('org_id', '=', a.orgId)
          .where('shipments', '<>', 0)
          .execute()
      )
        .map((r) => `${r.customer_id}|${r.supplier_id}|${r.commodity}|${Number(r.shipments)}`)
        .sort();
    const expectRebuildEqual = async (step: string) => {
      const kept = await partyKeys();
      await rebuildRollups(ctx.database.db, a.orgId);
      expect(await partyKeys(), step).toEqual(kept);
      return kept;
    };
    const base = await expectRebuildEqual('before');
    const id = await created('shipments', admin, {
      reference: 'P-ROLL',
      mode: 'ftl',
      plannedPickupAt: '2026-05-04T10:00:00Z',
      customerId: customers[0],
      commodity: 'rollers',
    });
    const withOne = await expectRebuildEqual('create');
    expect(withOne).toContain(`${customers[0]}|0|rollers|1`);
    await call('PATCH', `/api/v1/shipments/${id}`, admin, {
      customerId: customers[1],
      supplierId: suppliers[0],
    });
    const moved = await expectRebuildEqual('patch');
    expect(moved).toContain(`${customers[1]}|${suppliers[0]}|rollers|1`);
    expect(moved).not.toContain(`${customers[0]}|0|rollers|1`);
    await call('PATCH', `/api/v1/shipments/${id}`, admin, {
      customerId: null,
      supplierId: null,
      commodity: null,
    });
    const unknown = await expectRebuildEqual('cleared');
    expect(unknown.filter((k) => k.includes('rollers'))).toEqual([]);
    await call('DELETE', `/api/v1/shipments/${id}`, admin);
    expect(await expectRebuildEqual('archive')).toEqual(base);
  });
});
