import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { connect } from '../../src/db/connect.js';
import accessPlugin from '../../src/plugins/access.js';
import authPlugin from '../../src/plugins/auth.js';
import databasePlugin from '../../src/plugins/database.js';
import errorsPlugin from '../../src/plugins/errors.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { bearer, createOrgWithUsers, expectProblem, loginAs, type TestOrg } from '../support/auth.js';

/** The authentication check is attached per protected route: every way in must still pass it. */
describe('authentication hook placement', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let token: string;
  beforeAll(async () => {
    ctx = await createTestApp('sqlite', {
      prepare: (app) => {
        app.get('/test/protected', { config: { access: { permission: 'shipments:read' } } }, async () => ({
          ok: true,
        }));
        app.get('/test/public', { config: { access: 'public' } }, async () => ({ ok: true }));
      },
    });
    org = await createOrgWithUsers(ctx.database.db, { slug: 'hook' });
    token = (await loginAs(ctx.app, org, 'analyst')).accessToken;
  });
  afterAll(() => ctx.close());

  it('checks the credential and the permission of a protected route added by any module', async () => {
    const missing = await ctx.app.inject({ method: 'GET', url: '/test/protected' });
    expectProblem(missing, 401, 'AUTH_MISSING_TOKEN');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="lanewise"');
    const forged = await ctx.app.inject({ method: 'GET', url: '/test/protected', headers: bearer('x.y.z') });
    expectProblem(forged, 401, 'AUTH_INVALID_TOKEN');
    const ok = await ctx.app.inject({ method: 'GET', url: '/test/protected', headers: bearer(token) });
    expect(ok.json()).toEqual({ ok: true });
    // The same request again is answered from the process's verification cache: still checked.
    const again = await ctx.app.inject({ method: 'GET', url: '/test/protected', headers: bearer(token) });
    expect(again.statusCode).toBe(200);
  });

  it('checks the HEAD route Fastify derives from a protected GET', async () => {
    // A HEAD answer has no body: the status and the challenge say it.
    const missing = await ctx.app.inject({ method: 'HEAD', url: '/test/protected' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="lanewise"');
    const ok = await ctx.app.inject({ method: 'HEAD', url: '/test/protected', headers: bearer(token) });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses a permission the caller lacks, also on a route of another module', async () => {
    const viewer = (await loginAs(ctx.app, org, 'viewer')).accessToken;
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: bearer(viewer),
      payload: {},
    });
    expectProblem(res, 403, 'AUTH_FORBIDDEN');
  });

  it('runs public routes and unknown paths without a credential', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/test/public' })).json()).toEqual({ ok: true });
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/no/such/path' }), 404, 'ROUTE_NOT_FOUND');
  });
});

describe('authentication plugin start-up', () => {
  it('refuses to start when a protected route was added before it (it would not be checked)', async () => {
    const database = connect({ dialect: 'sqlite', file: ':memory:' });
    const app = Fastify();
    try {
      await app.register(errorsPlugin);
      await app.register(accessPlugin);
      await app.register(databasePlugin, { database, closeOnShutdown: false });
      app.get('/early', { config: { access: { permission: 'shipments:read' } } }, async () => ({
        open: true,
      }));
      await app.register(authPlugin, { config: loadConfig({ LOG_LEVEL: 'silent' }).auth });
      await expect(app.ready()).rejects.toThrow(/GET \/early was added before the authentication plugin/);
    } finally {
      await app.close().catch(() => {});
      await database.close();
    }
  });
});
