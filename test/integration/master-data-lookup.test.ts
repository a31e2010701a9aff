import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/modules/auth/index.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { lookupKey, resolveMasterData } from '../../src/modules/master-data/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/** Finding master data by what files say, and creating what is missing (issue #11 part 3). */
describe.each(testDialects)('master-data lookups on %s', (dialect) => {
  let ctx: TestContext;
  let a: TestOrg;
  let b: TestOrg;
  let admin: Record<string, string>;
  let carrierA: number;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    a = await createOrgWithUsers(ctx.database.db, { slug: 'lookup-a' });
    b = await createOrgWithUsers(ctx.database.db, { slug: 'lookup-b' });
    admin = bearer(await accessTokenFor(ctx.app, a.users.admin.id, a.orgId));
    const res = await send(ctx.app, 'POST', '/api/v1/carriers', admin, {
      name: 'Swift Freight',
      scac: 'SWFT',
    });
    expect(res.statusCode, res.body).toBe(201);
    carrierA = (res.json() as { id: number }).id;
  });
  afterAll(() => ctx?.close());

  const resolve = (caller: Caller, lookups: Parameters<typeof resolveMasterData>[2]) =>
    ctx.database.db.transaction().execute((trx) => resolveMasterData(trx, caller, lookups));

  it('finds a row by name or code ignoring case and spacing, only in the caller’s organization', async () => {
    const lookups = [
      { table: 'carriers', by: 'name', text: '  swift   FREIGHT ', create: false },
      { table: 'carriers', by: 'code', text: 'swft', create: false },
    ] as const;
    const mine = await resolve(systemCaller(a.orgId), lookups);
    expect(mine.ids.get(lookupKey(lookups[0]))).toBe(carrierA);
    expect(mine.ids.get(lookupKey(lookups[1]))).toBe(carrierA);
    const theirs = await resolve(systemCaller(b.orgId), lookups);
    expect(theirs.ids.size).toBe(0);
    expect(theirs.problems.get(lookupKey(lookups[0]))?.message).toContain('no carrier with name');
  });

  it('creates a missing row once however many records name it, through the resource’s own rules', async () => {
    const lookups = [
      { table: 'customers', by: 'name', text: 'Société Générale Logistique', create: true },
      { table: 'customers', by: 'name', text: 'société générale logistique', create: true },
      { table: 'facilities', by: 'code', text: 'DC-7', create: true },
      { table: 'products', by: 'code', text: 'bad sku with spaces', create: true },
    ] as const;
    const first = await resolve(systemCaller(a.orgId), lookups);
    expect(first.created).toEqual({ customers: 1 });
    const customer = first.ids.get(lookupKey(lookups[0]));
    expect(customer).toBeGreaterThan(0);
    expect(first.ids.get(lookupKey(lookups[1]))).toBe(customer);
    // What the resource's rules refuse is reported, not written: a SKU with spaces; a facility
    // with only a code (a facility needs its city, country and time zone).
    expect(first.problems.get(lookupKey(lookups[3]))?.message).toMatch(/cannot create product/);
    expect(first.problems.get(lookupKey(lookups[2]))?.message).toMatch(/cannot create facility "DC-7": city/);
    const res = await send(ctx.app, 'GET', `/api/v1/customers/${customer}`, admin);
    expect(res.json()).toMatchObject({
      code: 'SOCIETE-GENERALE-LOGISTIQUE',
      name: 'Société Générale Logistique',
    });
    // A second import finds what the first created.
    const again = await resolve(systemCaller(a.orgId), lookups.slice(0, 3));
    expect(again.created).toEqual({});
    expect(again.ids.size).toBe(1);
    expect(again.ids.get(lookupKey(lookups[0]))).toBe(customer);
  });

  it('makes a free code when two names make the same one', async () => {
    const lookups = [
      { table: 'suppliers', by: 'name', text: 'A&B Co', create: true },
      { table: 'suppliers', by: 'name', text: 'A-B Co', create: true },
    ] as const;
    const out = await resolve(systemCaller(a.orgId), lookups);
    expect(out.created).toEqual({ suppliers: 2 });
    const codes = await Promise.all(
      lookups.map(async (l) => {
        const res = await send(ctx.app, 'GET', `/api/v1/suppliers/${out.ids.get(lookupKey(l))}`, admin);
        return (res.json() as { code: string }).code;
      }),
    );
    expect(codes).toEqual(['A-B-CO', 'A-B-CO-2']);
  });

  it('refuses to create without master-data:write', async () => {
    const reader: Caller = { ...systemCaller(a.orgId), has: (p) => p !== 'master-data:write' };
    await expect(
      resolve(reader, [{ table: 'suppliers', by: 'name', text: 'New Supplier', create: true }]),
    ).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
  });
});
