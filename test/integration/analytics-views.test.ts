import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../src/modules/analytics/index.js';
import { apiKeyScopes, type Permission } from '../../src/modules/auth/index.js';
import { insertHandBuiltOrg } from '../support/analytics-data.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import {
  accessTokenFor,
  apiKeyFor,
  bearer,
  createOrgWithUsers,
  expectProblem,
  type TestOrg,
} from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * Saved views through the API: who sees which (personal views exist only for their owner, shared
 * ones for every member), who may change them, unique names per scope, API keys, other
 * organizations, and running one.
 */

type Headers = Record<string, string>;
type Json = Record<string, unknown>;
interface Listed {
  data: Json[];
  nextCursor: string | null;
  total?: number;
}

const byCarrier = {
  metrics: ['shipments'],
  dimensions: ['carrier'],
  orderBy: [{ field: 'carrier', direction: 'asc' }],
};

describe.each(testDialects)('saved views on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let as: Record<'owner' | 'admin' | 'analyst' | 'viewer', Headers>;
  let managerKey: Headers;
  let readerKey: Headers;
  let otherOrg: Headers;

  const keyWith = async (scopes: Permission[]): Promise<Headers> =>
    bearer(await apiKeyFor(ctx.database.db, org, scopes, `views ${scopes.length}`));

  const call = (who: Headers, method: string, path = '', body?: unknown) =>
    send(ctx.app, method, `/api/v1/analytics/views${path}`, who, body);
  const create = async (who: Headers, body: Json): Promise<Json> => {
    const res = await call(who, 'POST', '', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const names = async (who: Headers, query = ''): Promise<string[]> => {
    const res = await call(who, 'GET', query);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as Listed).data.map((v) => String(v.name));
  };

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const db = ctx.database.db;
    await insertHandBuiltOrg(db, 900, 'views-a');
    await rebuildRollups(db, 900);
    org = await createOrgWithUsers(db, { slug: 'views-a', orgId: 900 });
    const token = async (role: keyof typeof as) =>
      bearer(await accessTokenFor(ctx.app, org.users[role].id, org.orgId));
    as = {
      owner: await token('owner'),
      admin: await token('admin'),
      analyst: await token('analyst'),
      viewer: await token('viewer'),
    };
    managerKey = await keyWith([...apiKeyScopes]);
    readerKey = await keyWith(['analytics:read']);
    const b = await createOrgWithUsers(db, { slug: 'views-b' });
    otherOrg = bearer(await accessTokenFor(ctx.app, b.users.owner.id, b.orgId));
  });
  afterAll(() => ctx?.close());

  it('saves a personal view for anyone who reads analytics, with the query as it will run', async () => {
    const view = await create(as.viewer, { name: 'My carriers', query: byCarrier });
    expect(view).toEqual({
      id: expect.any(Number),
      name: 'My carriers',
      description: null,
      query: { ...byCarrier, filters: [], limit: 1000, having: [] },
      shared: false,
      ownerUserId: org.users.viewer.id,
      createdBy: `user:${org.users.viewer.id}`,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const got = await call(as.viewer, 'GET', `/${view.id}`);
    expect(got.json()).toEqual(view);
  });

  it("hides a person's views from everyone else, owners and admins included", async () => {
    const mine = await create(as.analyst, { name: 'Secret lane study', query: { metrics: ['shipments'] } });
    for (const who of [as.viewer, as.admin, as.owner, managerKey, otherOrg]) {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { name: 'taken over' }],
        ['DELETE', undefined],
        ['POST', undefined],
      ] as const) {
        const path = method === 'POST' ? `/${mine.id}:run` : `/${mine.id}`;
        expectProblem(await call(who, method, path, body), 404, 'ANALYTICS_VIEW_NOT_FOUND');
      }
      expect(await names(who)).not.toContain('Secret lane study');
    }
    expect((await call(as.analyst, 'GET', `/${mine.id}`)).json()).toMatchObject({
      name: 'Secret lane study',
    });
    expectProblem(await call(as.analyst, 'GET', '/987654'), 404, 'ANALYTICS_VIEW_NOT_FOUND');
  });

  it('shows shared views to every member and lets only managers change them', async () => {
    expectProblem(
      await call(as.viewer, 'POST', '', { name: 'Team', query: byCarrier, shared: true }),
      403,
      'AUTH_FORBIDDEN',
    );
    const team = await create(as.analyst, {
      name: 'Team on-time',
      description: 'For the Monday call',
      query: { metrics: ['onTimeRate'], dimensions: ['carrier'] },
      shared: true,
    });
    expect(team).toMatchObject({
      shared: true,
      ownerUserId: null,
      createdBy: `user:${org.users.analyst.id}`,
    });
    for (const who of [as.viewer, as.owner, managerKey, readerKey]) {
      expect((await call(who, 'GET', `/${team.id}`)).json()).toEqual(team);
      expect(await names(who, '?scope=shared')).toContain('Team on-time');
    }
    expectProblem(await call(as.viewer, 'PATCH', `/${team.id}`, { name: 'Mine now' }), 403, 'AUTH_FORBIDDEN');
    expectProblem(await call(as.viewer, 'DELETE', `/${team.id}`), 403, 'AUTH_FORBIDDEN');
    expectProblem(await call(readerKey, 'DELETE', `/${team.id}`), 403, 'AUTH_FORBIDDEN');
    const renamed = await call(as.admin, 'PATCH', `/${team.id}`, { name: 'Team on-time by carrier' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'Team on-time by carrier',
      description: 'For the Monday call',
    });
  });

  it('keeps names unique per scope: per person for personal views, per organization for shared ones', async () => {
    await create(as.analyst, { name: 'Weekly', query: byCarrier });
    expectProblem(
      await call(as.analyst, 'POST', '', { name: 'Weekly', query: byCarrier }),
      409,
      'ANALYTICS_VIEW_NAME_TAKEN',
    );
    // Another person, and the shared scope, have names of their own.
    await create(as.viewer, { name: 'Weekly', query: byCarrier });
    const shared = await create(as.analyst, { name: 'Weekly', query: byCarrier, shared: true });
    expectProblem(
      await call(as.admin, 'POST', '', { name: 'Weekly', query: byCarrier, shared: true }),
      409,
      'ANALYTICS_VIEW_NAME_TAKEN',
    );
    // Renaming into a taken name, or sharing into one, is refused too.
    const other = await create(as.analyst, { name: 'Monthly', query: byCarrier });
    expectProblem(
      await call(as.analyst, 'PATCH', `/${other.id}`, { name: 'Weekly' }),
      409,
      'ANALYTICS_VIEW_NAME_TAKEN',
    );
    const sameName = await create(as.admin, { name: 'Weekly', query: byCarrier });
    expectProblem(
      await call(as.admin, 'PATCH', `/${sameName.id}`, { shared: true }),
      409,
      'ANALYTICS_VIEW_NAME_TAKEN',
    );
    // Saves racing for one name: the organization's writers take turns, so one wins.
    const racing = await Promise.all(
      [as.analyst, as.admin, as.owner].map((who) =>
        call(who, 'POST', '', { name: 'Race', query: byCarrier, shared: true }),
      ),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    // A rename to its own name is no conflict.
    expect((await call(as.analyst, 'PATCH', `/${shared.id}`, { name: 'Weekly' })).statusCode).toBe(200);
  });

  it('changes what is sent: description cleared by null, a new query, sharing and unsharing', async () => {
    const view = await create(as.analyst, {
      name: 'Draft',
      description: 'first try',
      query: { metrics: ['shipments'] },
    });
    const patched = await call(as.analyst, 'PATCH', `/${view.id}`, {
      description: null,
      query: { metrics: ['freightCost'], dimensions: ['mode'], timeRange: { relative: 'last_month' } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Draft',
      description: null,
      query: { metrics: ['freightCost'], dimensions: ['mode'], timeRange: { relative: 'last_month' } },
      shared: false,
    });
    expectProblem(await call(as.viewer, 'GET', `/${view.id}`), 404, 'ANALYTICS_VIEW_NOT_FOUND');
    const shared = await call(as.analyst, 'PATCH', `/${view.id}`, { shared: true });
    expect(shared.json()).toMatchObject({ shared: true, ownerUserId: null });
    expect((await call(as.viewer, 'GET', `/${view.id}`)).statusCode).toBe(200);
    // A manager who makes a shared view personal makes it theirs.
    const taken = await call(as.admin, 'PATCH', `/${view.id}`, { shared: false });
    expect(taken.json()).toMatchObject({ shared: false, ownerUserId: org.users.admin.id });
    expectProblem(await call(as.analyst, 'GET', `/${view.id}`), 404, 'ANALYTICS_VIEW_NOT_FOUND');
    expectProblem(await call(as.viewer, 'PATCH', `/${view.id}`, {}), 400, 'REQUEST_INVALID');
  });

  it('refuses a query that could never run, saying why', async () => {
    const bad = (query: unknown) => call(as.analyst, 'POST', '', { name: 'Bad', query });
    const malformed = expectProblem(await bad({ metrics: [] }), 400, 'REQUEST_INVALID');
    expect(malformed.errors).toEqual([expect.objectContaining({ path: 'body.query.metrics' })]);
    expectProblem(await bad({ metrics: ['shipments'], colour: 'red' }), 400, 'REQUEST_INVALID');
    const unknown = expectProblem(await bad({ metrics: ['ontimerate'] }), 400, 'ANALYTICS_UNKNOWN_NAME');
    expect(unknown.suggestions).toEqual(expect.arrayContaining(['onTimeRate']));
    expectProblem(
      await bad({ metrics: ['onTimeRate'], dimensions: ['product'] }),
      422,
      'ANALYTICS_NOT_COMBINABLE',
    );
    expectProblem(
      await bad({ metrics: ['shipments'], timeRange: { from: '2026-03-02', to: '2026-03-01' } }),
      400,
      'REQUEST_INVALID',
    );
    expect(await names(as.analyst)).not.toContain('Bad');
  });

  it('lists mine and the shared ones, by scope, page by page', async () => {
    const all = await names(as.analyst);
    expect(all).toEqual([...all].sort());
    const personal = await call(as.analyst, 'GET', '?scope=personal&includeTotal=true');
    const personalViews = (personal.json() as Listed).data;
    expect(personalViews.every((v) => v.shared === false && v.ownerUserId === org.users.analyst.id)).toBe(
      true,
    );
    const shared = (await call(as.analyst, 'GET', '?scope=shared')).json() as Listed;
    expect(shared.data.every((v) => v.shared === true)).toBe(true);
    expect(personalViews.length + shared.data.length).toBe(all.length);
    expect((personal.json() as Listed).total).toBe(personalViews.length);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Listed = (
        await call(as.analyst, 'GET', `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      ).json();
      paged.push(...page.data.map((v) => String(v.name)));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    const newest = (await call(as.analyst, 'GET', '?sort=-updatedAt&limit=1')).json() as Listed;
    expect(newest.data).toHaveLength(1);
  });

  it('gives API keys the shared views only, and lets them save shared ones when they manage', async () => {
    expect(await names(managerKey, '?scope=personal')).toEqual([]);
    const all = await names(managerKey);
    expect(all).toEqual(await names(managerKey, '?scope=shared'));
    expectProblem(
      await call(managerKey, 'POST', '', { name: 'Key view', query: byCarrier }),
      403,
      'AUTH_FORBIDDEN',
    );
    expectProblem(
      await call(readerKey, 'POST', '', { name: 'Key view', query: byCarrier, shared: true }),
      403,
      'AUTH_FORBIDDEN',
    );
    const saved = await create(managerKey, { name: 'Key view', query: byCarrier, shared: true });
    expect(saved.createdBy).toMatch(/^api_key:\d+$/);
    expect(await names(as.viewer, '?scope=shared')).toContain('Key view');
    expectProblem(await call(managerKey, 'PATCH', `/${saved.id}`, { shared: false }), 403, 'AUTH_FORBIDDEN');
  });

  it("keeps organizations apart: B sees and changes nothing of A's shared views", async () => {
    const shared = await create(as.analyst, { name: 'Org wide', query: byCarrier, shared: true });
    expect(await names(otherOrg)).toEqual([]);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      expectProblem(await call(otherOrg, method, `/${shared.id}`, body), 404, 'ANALYTICS_VIEW_NOT_FOUND');
    }
    // B's own view of that name is in B's shared scope, not A's.
    await create(otherOrg, { name: 'Org wide', query: byCarrier, shared: true });
    expect((await call(as.viewer, 'GET', `/${shared.id}`)).json()).toMatchObject({ name: 'Org wide' });
  });

  it('runs a saved view as POST /analytics/query answers its query', async () => {
    const view = await create(as.viewer, { name: 'Run me', query: byCarrier });
    const res = await call(as.viewer, 'POST', `/${view.id}:run`);
    expect(res.statusCode, res.body).toBe(200);
    const ran = res.json();
    expect(ran.rows).toContainEqual(expect.objectContaining({ carrier: 'Acme Freight', shipments: 3 }));
    const direct = (await send(ctx.app, 'POST', '/api/v1/analytics/query', as.viewer, byCarrier)).json();
    expect(ran.rows).toEqual(direct.rows);
    expect(ran.columns).toEqual(direct.columns);
    expect(ran.sql).toBe(direct.sql);
    expectProblem(await call(as.viewer, 'POST', '/987654:run'), 404, 'ANALYTICS_VIEW_NOT_FOUND');
  });

  it('deletes a view, once', async () => {
    const view = await create(as.viewer, { name: 'Short-lived', query: byCarrier });
    const res = await call(as.viewer, 'DELETE', `/${view.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expectProblem(await call(as.viewer, 'GET', `/${view.id}`), 404, 'ANALYTICS_VIEW_NOT_FOUND');
    expectProblem(await call(as.viewer, 'DELETE', `/${view.id}`), 404, 'ANALYTICS_VIEW_NOT_FOUND');
    // A name is free again once its view is gone.
    await create(as.viewer, { name: 'Short-lived', query: byCarrier });
  });
});
