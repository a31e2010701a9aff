import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/** For each resource: a valid body by index, a filter that selects a subset, and a patch. */
const resources = [
  {
    path: 'carriers',
    key: 'name',
    make: (i: number) => ({ name: `Carrier ${String(i).padStart(2, '0')}`, scac: i % 2 ? 'ODDS' : 'EVEN' }),
    filter: ['scac=ODDS', (item: Record<string, unknown>) => item.scac === 'ODDS'],
    patch: { scac: null },
    sorts: ['name', 'createdAt'],
  },
  {
    path: 'customers',
    key: 'code',
    make: (i: number) => ({
      code: `C-${String(i).padStart(2, '0')}`,
      name: `Customer ${i}`,
      city: i % 3 ? 'Lyon' : 'Paris',
      country: 'FR',
    }),
    filter: ['city=Paris', (item: Record<string, unknown>) => item.city === 'Paris'],
    patch: { city: null, name: 'Renamed' },
    sorts: ['code', 'name', 'createdAt'],
  },
  {
    path: 'suppliers',
    key: 'code',
    make: (i: number) => ({ code: `S-${i}`, name: `Supplier ${i}`, country: i % 2 ? 'DE' : 'PL' }),
    filter: ['country=PL', (item: Record<string, unknown>) => item.country === 'PL'],
    patch: { country: 'CZ' },
    sorts: ['code', 'name', 'createdAt'],
  },
  {
    path: 'facilities',
    key: 'code',
    make: (i: number) => ({
      code: `F-${i}`,
      name: `DC ${i}`,
      kind: i % 2 ? 'dc' : 'warehouse',
      city: 'Memphis',
      country: 'US',
      latitude: 35.15,
      longitude: -90.05,
      timezone: 'America/Chicago',
    }),
    filter: ['kind=dc', (item: Record<string, unknown>) => item.kind === 'dc'],
    patch: { timezone: 'America/New_York', latitude: null },
    sorts: ['code', 'name', 'createdAt'],
  },
  {
    path: 'products',
    key: 'sku',
    make: (i: number) => ({
      sku: `SKU-${i}`,
      name: `Part ${i}`,
      category: i % 4 ? 'filters' : 'belts',
      unitWeightKg: 1.25,
      unitCost: { amount: 3.5, currency: 'EUR' },
    }),
    filter: ['category=belts', (item: Record<string, unknown>) => item.category === 'belts'],
    patch: { unitCost: null },
    sorts: ['sku', 'name', 'createdAt'],
  },
] as const;

describe.each(testDialects)('master data API on %s', (dialect) => {
  let ctx: TestContext;
  let a: TestOrg;
  let b: TestOrg;
  let admin: Record<string, string>;
  let operator: Record<string, string>;
  let other: Record<string, string>;
  const call = (method: string, url: string, headers: Record<string, string>, payload?: unknown) =>
    send(ctx.app, method, url, headers, payload);

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    a = await createOrgWithUsers(ctx.database.db, { slug: 'md-a' });
    b = await createOrgWithUsers(ctx.database.db, { slug: 'md-b' });
    admin = bearer(await accessTokenFor(ctx.app, a.users.admin.id, a.orgId));
    operator = bearer(await accessTokenFor(ctx.app, a.users.operator.id, a.orgId));
    other = bearer(await accessTokenFor(ctx.app, b.users.admin.id, b.orgId));
  });
  afterAll(() => ctx?.close());

  it('refuses unknown countries and currencies, invisible codes and more decimals than stored', async () => {
    const pathsOf = async (path: string, body: Record<string, unknown>) =>
      (
        expectProblem(await call('POST', `/api/v1/${path}`, admin, body), 400, 'REQUEST_INVALID').errors as {
          path: string;
        }[]
      ).map((e) => e.path);
    const facility = { code: 'F-V', name: 'V', kind: 'dc', city: 'X', country: 'US', timezone: 'UTC' };
    expect(await pathsOf('facilities', { ...facility, country: 'ZZ' })).toEqual(['body.country']);
    expect(await pathsOf('customers', { code: 'C-V', name: 'V', country: 'EU' })).toEqual(['body.country']);
    expect(await pathsOf('customers', { code: '\u200b', name: 'V' })).toContain('body.code');
    expect(await pathsOf('suppliers', { code: 'S\uffff', name: 'V' })).toContain('body.code');
    expect(
      await pathsOf('products', { sku: 'P-V', name: 'V', unitCost: { amount: 1, currency: 'QQQ' } }),
    ).toEqual(['body.unitCost.currency']);
    expect(
      await pathsOf('products', { sku: 'P-V', name: 'V', unitCost: { amount: 1.00001, currency: 'USD' } }),
    ).toEqual(['body.unitCost.amount']);
    expect(await pathsOf('products', { sku: 'P-V', name: 'V', unitWeightKg: 0.0005 })).toEqual([
      'body.unitWeightKg',
    ]);
    // What the numeric columns keep comes back exactly on every database.
    const ok = await call('POST', '/api/v1/products', admin, {
      sku: 'P-EXACT',
      name: 'Exact',
      unitWeightKg: 12.345,
      unitCost: { amount: 0.1235, currency: 'EUR' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ unitWeightKg: 12.345, unitCost: { amount: 0.1235, currency: 'EUR' } });
    const patched = await call('PATCH', `/api/v1/products/${ok.json().id}`, admin, { unitWeightKg: 1.23456 });
    expectProblem(patched, 400, 'REQUEST_INVALID');
    await call('DELETE', `/api/v1/products/${ok.json().id}`, admin);
  });

  describe.each(resources)('/api/v1/$path', (r) => {
    const created: Record<string, unknown>[] = [];

    it('creates, conflicts on the natural key, and rejects unknown fields', async () => {
      for (let i = 0; i < 12; i++) {
        const res = await call('POST', `/api/v1/${r.path}`, admin, r.make(i));
        expect(res.statusCode, res.body).toBe(201);
        const body = res.json();
        expect(body).toMatchObject({ ...(r.make(i) as object), archivedAt: null });
        created.push(body);
      }
      expectProblem(await call('POST', `/api/v1/${r.path}`, admin, r.make(0)), 409, 'RESOURCE_CONFLICT');
      // The same natural key in another organization is fine.
      expect((await call('POST', `/api/v1/${r.path}`, other, r.make(0))).statusCode).toBe(201);
      const bad = expectProblem(
        await call('POST', `/api/v1/${r.path}`, admin, { ...r.make(99), org_id: 2 }),
        400,
        'REQUEST_INVALID',
      );
      expect(bad.errors).toEqual([{ path: 'body.org_id', message: 'unknown field' }]);
    });

    it('lists with filters, every sort and stable cursors', async () => {
      const [query, keep] = r.filter;
      const filtered = await call('GET', `/api/v1/${r.path}?${query}&limit=500&includeTotal=true`, admin);
      const expected = created.filter(keep).map((c) => c.id);
      expect(
        filtered
          .json()
          .data.map((c: { id: number }) => c.id)
          .sort(),
      ).toEqual(expected.sort());
      expect(filtered.json().total).toBe(expected.length);
      for (const sort of r.sorts) {
        for (const dir of ['', '-']) {
          const ids: number[] = [];
          let cursor: string | null = null;
          do {
            const res = await call(
              'GET',
              `/api/v1/${r.path}?sort=${dir}${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
              admin,
            );
            expect(res.statusCode, res.body).toBe(200);
            ids.push(...res.json().data.map((c: { id: number }) => c.id));
            cursor = res.json().nextCursor;
          } while (cursor);
          expect(ids.sort(), `${dir}${sort}`).toEqual(created.map((c) => c.id as number).sort());
        }
      }
    });

    it('patches, archives and hides archived rows unless asked', async () => {
      const target = created[3] as { id: number };
      const patched = await call('PATCH', `/api/v1/${r.path}/${target.id}`, admin, r.patch);
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject(r.patch);
      expectProblem(
        await call('PATCH', `/api/v1/${r.path}/${target.id}`, admin, {
          [r.key]: (created[4] as Record<string, unknown>)[r.key],
        }),
        409,
        'RESOURCE_CONFLICT',
      );
      const archived = await call('DELETE', `/api/v1/${r.path}/${target.id}`, admin);
      expect(archived.json().archivedAt).not.toBeNull();
      const list = await call('GET', `/api/v1/${r.path}?limit=500`, admin);
      expect(list.json().data.map((c: { id: number }) => c.id)).not.toContain(target.id);
      const all = await call('GET', `/api/v1/${r.path}?limit=500&includeArchived=true`, admin);
      expect(all.json().data.map((c: { id: number }) => c.id)).toContain(target.id);
      expect((await call('GET', `/api/v1/${r.path}/${target.id}`, admin)).statusCode).toBe(200);
    });

    it("hides other organizations' rows and refuses writes without permission", async () => {
      const target = created[0] as { id: number };
      const before = (await call('GET', `/api/v1/${r.path}/${target.id}`, admin)).json();
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', r.patch],
        ['DELETE', undefined],
      ] as const) {
        expectProblem(
          await call(method, `/api/v1/${r.path}/${target.id}`, other, body),
          404,
          'RESOURCE_NOT_FOUND',
        );
      }
      expect((await call('GET', `/api/v1/${r.path}/${target.id}`, admin)).json()).toEqual(before);
      expect((await call('GET', `/api/v1/${r.path}`, operator)).statusCode).toBe(200);
      expectProblem(await call('POST', `/api/v1/${r.path}`, operator, r.make(50)), 403, 'AUTH_FORBIDDEN');
      expectProblem(await call('GET', `/api/v1/${r.path}/0`, admin), 400, 'REQUEST_INVALID');
    });
  });
});
