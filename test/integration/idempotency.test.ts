import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest } from '../../src/db/migrator.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

describe.each(testDialects)('Idempotency-Key per caller on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: Record<string, string>;
  let owner: Record<string, string>;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    org = await createOrgWithUsers(ctx.database.db, { slug: 'idem' });
    admin = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
    owner = bearer(await accessTokenFor(ctx.app, org.users.owner.id, org.orgId));
  });
  afterAll(() => ctx?.close());

  const post = (headers: Record<string, string>, key: string, payload: object) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: { ...headers, 'idempotency-key': key },
      payload,
    });

  it("never answers one caller's key with another caller's response", async () => {
    const first = await post(admin, 'order-77', { reference: 'IDEM-A', mode: 'ftl' });
    expect(first.statusCode).toBe(201);
    // Same organization, same key, another person: a request of its own, not a replay.
    const other = await post(owner, 'order-77', { reference: 'IDEM-B', mode: 'air' });
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.json().reference).toBe('IDEM-B');
    // Each caller's retry still replays its own answer.
    const retry = await post(owner, 'order-77', { reference: 'IDEM-B', mode: 'air' });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(other.json().id);
    const mine = await post(admin, 'order-77', { reference: 'IDEM-A', mode: 'ftl' });
    expect(mine.json().id).toBe(first.json().id);
  });

  it('keeps API keys apart from people', async () => {
    const account = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      headers: owner,
      payload: { name: 'idem-erp' },
    });
    const created = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/service-accounts/${account.json().id}/api-keys`,
      headers: owner,
      payload: { name: 'k', scopes: ['shipments:write'] },
    });
    const machine = bearer(created.json().key);
    const res = await post(machine, 'order-77', { reference: 'IDEM-C', mode: 'rail' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('migration 0006 runs down and up again', async () => {
    await migrateDown(ctx.database.db);
    await migrateToLatest(ctx.database.db);
    const res = await post(admin, 'after-migrations', { reference: 'IDEM-D', mode: 'ftl' });
    expect(res.statusCode).toBe(201);
  });
});
