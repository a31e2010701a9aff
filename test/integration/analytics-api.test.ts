import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../src/modules/analytics/index.js';
import { insertHandBuiltOrg } from '../support/analytics-data.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/** POST /analytics/query and GET /analytics/catalog through HTTP, checked against the published contract. */
describe.each(testDialects)('analytics API on %s', (dialect) => {
  let ctx: TestContext;
  let viewerA: Record<string, string>;
  let analystA: Record<string, string>;
  let ownerB: Record<string, string>;
  let carriers: { acme: number; blue: number };

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const db = ctx.database.db;
    const org = await insertHandBuiltOrg(db, 900, 'acme-analytics');
    carriers = org.carriers;
    // A carrier name a spreadsheet would run as a formula.
    await db
      .updateTable('carriers')
      .set({ name: '=HYPERLINK("http://x")' })
      .where('id', '=', org.carriers.blue)
      .execute();
    await rebuildRollups(db, 900);
    const a = await createOrgWithUsers(db, { slug: 'acme-analytics', orgId: 900 });
    const b = await createOrgWithUsers(db, { slug: 'other-analytics' });
    viewerA = bearer(await accessTokenFor(ctx.app, a.users.viewer.id, a.orgId));
    analystA = bearer(await accessTokenFor(ctx.app, a.users.analyst.id, a.orgId));
    ownerB = bearer(await accessTokenFor(ctx.app, b.users.owner.id, b.orgId));
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const query = (headers: Record<string, string>, body: unknown, extra: Record<string, string> = {}) =>
    send(ctx.app, 'POST', '/api/v1/analytics/query', { ...headers, ...extra }, body);

  it('answers a semantic query with its columns, SQL, parameters and source', async () => {
    const res = await query(viewerA, { metrics: ['shipments', 'onTimeRate'], dimensions: ['carrier'] });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.columns.map((c: { name: string }) => c.name)).toEqual([
      'carrier',
      'carrierId',
      'shipments',
      'onTimeRate',
    ]);
    expect(body.rows[0]).toMatchObject({ carrier: 'Acme Freight', shipments: 3, onTimeRate: 0.5 });
    expect(body.servedFrom).toBe('rollup');
    expect(body.sql).toContain('analytics_shipment_lanes');
    // Values are parameters: the organization id is one, never part of the text.
    expect(body.params.flat()).toContain(900);
    expect(body.sql).not.toContain('900');
    expect(body.query).toMatchObject({ metrics: ['shipments', 'onTimeRate'], limit: 1000 });
    expect(typeof body.dataVersion).toBe('number');
  });

  it('keeps every organization to its own data', async () => {
    const res = await query(ownerB, { metrics: ['shipments', 'freightCost'] });
    expect(res.json().rows).toEqual([{ shipments: 0, freightCost: 0 }]);
    const byCarrier = await query(ownerB, { metrics: ['shipments'], dimensions: ['carrier'] });
    expect(byCarrier.json().rows).toEqual([]);
  });

  it('answers CSV that a spreadsheet cannot run as a formula', async () => {
    const res = await query(
      viewerA,
      { metrics: ['shipments'], dimensions: ['carrier'], orderBy: [{ field: 'carrier', direction: 'asc' }] },
      { accept: 'text/csv' },
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.body).toBe(
      [
        'Carrier,Carrier id,Shipments',
        `"'=HYPERLINK(""http://x"")",${carriers.blue},2`,
        `Acme Freight,${carriers.acme},3`,
        ',,1',
        '',
      ].join('\r\n'),
    );
  });

  it('names the closest metrics when a name is unknown', async () => {
    const res = await query(viewerA, { metrics: ['ontimerate'] });
    const problem = expectProblem(res, 400, 'ANALYTICS_UNKNOWN_NAME');
    expect(problem.suggestions).toEqual(expect.arrayContaining(['onTimeRate']));
    expect(problem.detail).toContain('onTimeRate');
  });

  it('says why a metric and a dimension do not combine', async () => {
    const res = await query(viewerA, { metrics: ['onTimeRate'], dimensions: ['product'] });
    const problem = expectProblem(res, 422, 'ANALYTICS_NOT_COMBINABLE');
    expect(problem.detail).toContain('commodity');
    const cover = await query(viewerA, { metrics: ['daysOfCover'] });
    expect(expectProblem(cover, 422, 'ANALYTICS_NOT_COMBINABLE').detail).toContain('time range');
  });

  it('refuses a malformed query with the field at fault', async () => {
    const res = await query(viewerA, { metrics: [], limit: 0 });
    expectProblem(res, 400, 'REQUEST_INVALID');
    const filter = await query(viewerA, {
      metrics: ['shipments'],
      filters: [{ field: 'mode', op: 'eq', value: 'teleport' }],
    });
    expect(expectProblem(filter, 400, 'REQUEST_INVALID').detail).toContain('mode is one of');
  });

  it('lists the catalog with money in the reporting currency', async () => {
    const res = await send(ctx.app, 'GET', '/api/v1/analytics/catalog', viewerA);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.reportingCurrency).toBe('USD');
    const cost = body.metrics.find((m: { name: string }) => m.name === 'freightCost');
    expect(cost).toMatchObject({ unit: 'USD', format: 'currency' });
    expect(cost.dimensions).toContain('carrier');
    expect(cost.dimensions).not.toContain('product');
    expect(body.dimensions.find((d: { name: string }) => d.name === 'mode').values).toContain('air');
  });

  it('queues one rollup rebuild at a time as a job', async () => {
    const first = await send(ctx.app, 'POST', '/api/v1/analytics/rollups:rebuild', analystA);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ type: 'analytics.rollups-rebuild', state: 'queued' });
    const again = await send(ctx.app, 'POST', '/api/v1/analytics/rollups:rebuild', analystA);
    expect(again.json().id).toBe(first.json().id);
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/analytics/rollups:rebuild', viewerA),
      403,
      'AUTH_FORBIDDEN',
    );
  });

  it('needs a token', async () => {
    const res = await send(ctx.app, 'GET', '/api/v1/analytics/catalog', {});
    expect(res.statusCode).toBe(401);
  });
});
