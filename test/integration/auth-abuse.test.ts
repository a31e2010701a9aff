import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Session } from '../../src/modules/auth/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { bearer, createOrgWithUsers, expectProblem, login, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

describe.each(testDialects)('abuse limits and secrecy on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    org = await createOrgWithUsers(ctx.database.db, { slug: 'abuse' });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await ctx?.close();
  });

  /** Another app on the same database, with its own limits (and its own counters). */
  async function appWith(
    env: Record<string, string>,
    logger?: { level: string; stream: Writable },
  ): Promise<FastifyInstance> {
    const app = await buildApp(loadConfig({ LOG_LEVEL: logger?.level ?? 'silent', ...env }), {
      database: ctx.database,
      ...(logger ? { logStream: logger.stream } : {}),
    });
    apps.push(app);
    return app;
  }
  const attempt = (app: FastifyInstance, email: string, password: string, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  it('answers 429 with Retry-After once an account has too many failed logins, and logs it', async () => {
    const app = await appWith({ LANEWISE_LOGIN_MAX_FAILURES: '3' });
    const email = org.users.viewer.email;
    for (let i = 0; i < 3; i++)
      expectProblem(await attempt(app, email, 'wrong password here'), 401, 'AUTH_INVALID_CREDENTIALS');
    for (const password of ['wrong password here', org.password]) {
      const refused = await attempt(app, email, password);
      const body = expectProblem(refused, 429, 'AUTH_RATE_LIMITED');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect(body.retryAfter).toBe(retryAfter);
    }
    // Other accounts are unaffected.
    expect((await attempt(app, org.users.analyst.email, org.password)).statusCode).toBe(200);

    const events = await ctx.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'details'])
      .where('action', 'in', ['auth.login', 'auth.login_rate_limited'])
      .where('details', 'like', `%${email}%`)
      .execute();
    expect(events.filter((e) => e.action === 'auth.login' && e.outcome === 'failure')).toHaveLength(3);
    // One record of the lock-out per window, not one per refused attempt.
    expect(events.filter((e) => e.action === 'auth.login_rate_limited')).toHaveLength(1);
  });

  it('limits failed logins per IP across accounts, and requests per IP', async () => {
    const app = await appWith({
      LANEWISE_LOGIN_MAX_FAILURES_PER_IP: '5',
      LANEWISE_AUTH_MAX_REQUESTS_PER_IP: '8',
    });
    for (let i = 0; i < 5; i++) {
      expectProblem(
        await attempt(app, `spray-${i}@abuse.test`, 'password spraying', '10.9.8.7'),
        401,
        'AUTH_INVALID_CREDENTIALS',
      );
    }
    expectProblem(
      await attempt(app, org.users.owner.email, org.password, '10.9.8.7'),
      429,
      'AUTH_RATE_LIMITED',
    );
    expect((await attempt(app, org.users.owner.email, org.password, '10.9.8.6')).statusCode).toBe(200);
    // The per-IP request budget also covers refresh: 6 so far from .7, two more refreshes, then 429.
    const refresh = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refreshToken: 'lwr_x' },
        remoteAddress: '10.9.8.7',
      });
    expectProblem(await refresh(), 401, 'AUTH_REFRESH_TOKEN_INVALID');
    expectProblem(await refresh(), 401, 'AUTH_REFRESH_TOKEN_INVALID');
    expectProblem(await refresh(), 429, 'AUTH_RATE_LIMITED');
  });

  it('refuses large bodies on the unauthenticated endpoints before reading them', async () => {
    for (const url of ['/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/accept-invitation']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url,
        payload: { email: 'a@b.test', password: 'x'.repeat(20_000) },
      });
      expectProblem(res, 413, 'REQUEST_BODY_TOO_LARGE');
    }
  });

  it('limits refreshes per account', async () => {
    const app = await appWith({ LANEWISE_REFRESH_MAX_PER_ACCOUNT: '2' });
    let session = await login(app, org.users.operator.email);
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refreshToken: session.refreshToken },
      });
      expect(res.statusCode).toBe(200);
      session = res.json() as Session;
    }
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: session.refreshToken },
    });
    expectProblem(refused, 429, 'AUTH_RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('never writes passwords, tokens or keys to the logs or the audit log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await appWith({}, { level: 'trace', stream });
    const password = org.password;
    const failed = 'a-wrong-password-never-to-be-logged';
    await attempt(app, org.users.admin.email, failed);
    const session = await login(app, org.users.admin.email, password);
    const renewed = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refreshToken: session.refreshToken },
      })
    ).json() as Session;
    const account = await app.inject({
      method: 'POST',
      url: '/api/v1/service-accounts',
      headers: bearer(renewed.accessToken),
      payload: { name: 'log check' },
    });
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/service-accounts/${account.json().id}/api-keys`,
      headers: bearer(renewed.accessToken),
      payload: { name: 'k', scopes: ['audit:read'] },
    });
    const key = created.json().key as string;
    await app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: bearer(key) });
    await app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: { 'x-api-key': key } });
    await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(`${renewed.accessToken}x`) });
    const invited = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(renewed.accessToken),
      payload: { email: 'log.check@abuse.test', name: 'L', role: 'viewer' },
    });
    const invitation = invited.json().invitation.token as string;
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/accept-invitation',
      payload: { token: invitation, password: 'the invited person chose this' },
    });

    const log = lines.join('');
    expect(log).toContain('"url":"/api/v1/auth/login"'); // the log did capture the requests
    const audit = JSON.stringify(await ctx.database.db.selectFrom('audit_events').selectAll().execute());
    const secrets = [
      password,
      failed,
      'the invited person chose this',
      session.accessToken,
      session.refreshToken,
      renewed.accessToken,
      renewed.refreshToken,
      key,
      invitation,
    ];
    for (const secret of secrets) {
      expect(log).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
    const signingKey = await ctx.database.db.selectFrom('settings').select('value').executeTakeFirstOrThrow();
    expect(log).not.toContain(signingKey.value);
  });
});
