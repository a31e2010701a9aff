import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { digest, REFRESH_REUSE_GRACE_MS, type Session } from '../../src/modules/auth/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import {
  bearer,
  createOrgWithUsers,
  expectProblem,
  login,
  loginAs,
  TEST_PASSWORD,
  type TestOrg,
} from '../support/auth.js';
import { testDialects } from '../support/databases.js';

const refresh = (app: FastifyInstance, refreshToken: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
const me = (app: FastifyInstance, accessToken: string) =>
  app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(accessToken) });

describe.each(testDialects)('login sessions on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    org = await createOrgWithUsers(ctx.database.db, { slug: 'acme' });
  });
  afterAll(() => ctx?.close());

  const auditRows = (action: string) =>
    ctx.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', action)
      .orderBy('id')
      .execute();

  it('logs in and answers who the caller is', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'Analyst@ACME.test', password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const session = res.json() as Session;
    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: org.users.analyst.id, email: 'analyst@acme.test' },
      organization: { id: org.orgId, slug: 'acme' },
      role: 'analyst',
    });
    expect(session.refreshToken).toMatch(/^lwr_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(session.refreshExpiresAt)).toBeLessThanOrEqual(Date.parse(session.sessionExpiresAt));

    const profile = await me(ctx.app, session.accessToken);
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toMatchObject({
      user: { email: 'analyst@acme.test' },
      organization: { slug: 'acme' },
      role: 'analyst',
      permissions: expect.arrayContaining(['assistant:ask', 'shipments:read']),
    });
    expect(profile.json().permissions).not.toContain('shipments:write');

    const [event] = (await auditRows('auth.login')).filter((e) => e.outcome === 'success');
    expect(event).toMatchObject({ org_id: org.orgId, actor_user_id: org.users.analyst.id, ip: '127.0.0.1' });
  });

  it('answers an unknown email exactly like a wrong password, in about the same time', async () => {
    const attempt = async (email: string) => {
      const start = process.hrtime.bigint();
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'not the password at all' },
      });
      return { res, ms: Number(process.hrtime.bigint() - start) / 1e6 };
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    let bodies: string[] = [];
    await attempt('warm-up@acme.test'); // the first unknown email prepares the stand-in hash
    for (let i = 0; i < 7; i++) {
      const a = await attempt(`nobody-${i}@acme.test`);
      const b = await attempt(org.users.owner.email);
      unknown.push(a.ms);
      wrong.push(b.ms);
      const problemA = expectProblem(a.res, 401, 'AUTH_INVALID_CREDENTIALS');
      const problemB = expectProblem(b.res, 401, 'AUTH_INVALID_CREDENTIALS');
      bodies = [problemA, problemB].map(({ requestId: _r, ...rest }) => JSON.stringify(rest));
      expect(bodies[0]).toBe(bodies[1]);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    // Both do one argon2 verification (~10–50 ms); skipping it would make unknown emails ~50×
    // faster. The bounds are loose because other suites share the CPU.
    const ratio = median(unknown) / median(wrong);
    expect(ratio, `unknown ${unknown.join(', ')} ms; wrong ${wrong.join(', ')} ms`).toBeGreaterThan(0.33);
    expect(ratio, `unknown ${unknown.join(', ')} ms; wrong ${wrong.join(', ')} ms`).toBeLessThan(3);
    const failures = (await auditRows('auth.login')).filter((e) => e.outcome === 'failure');
    expect(failures.map((f) => JSON.parse(f.details ?? '{}').reason)).toEqual(
      expect.arrayContaining(['unknown_email', 'wrong_password']),
    );
  });

  // Moves a used token's first use back beyond the grace window (instead of waiting for it).
  const ageUse = (refreshToken: string) =>
    ctx.database.db
      .updateTable('refresh_tokens')
      .set({ used_at: new Date(Date.now() - REFRESH_REUSE_GRACE_MS - 1000) })
      .where('token_hash', '=', digest(refreshToken))
      .execute();
  const familyOf = async (refreshToken: string) => {
    const row = await ctx.database.db
      .selectFrom('refresh_tokens')
      .select('family_id')
      .where('token_hash', '=', digest(refreshToken))
      .executeTakeFirstOrThrow();
    return ctx.database.db
      .selectFrom('refresh_tokens')
      .select(['id', 'used_at', 'revoked_at', 'revoked_reason'])
      .where('family_id', '=', row.family_id)
      .execute();
  };

  it('rotates the refresh token on use; reusing an old one after the grace window revokes the family and is recorded', async () => {
    const first = await loginAs(ctx.app, org, 'viewer');
    const r2 = await refresh(ctx.app, first.refreshToken);
    expect(r2.statusCode).toBe(200);
    const second = r2.json() as Session;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.sessionExpiresAt).toBe(first.sessionExpiresAt);
    expect((await me(ctx.app, second.accessToken)).statusCode).toBe(200);

    // The same client retrying at once (a lost answer) gets a sibling, not a revoked session.
    const retry = await refresh(ctx.app, first.refreshToken);
    expect(retry.statusCode).toBe(200);
    expect((retry.json() as Session).sessionExpiresAt).toBe(first.sessionExpiresAt);
    expect((await familyOf(first.refreshToken)).every((t) => t.revoked_at === null)).toBe(true);
    expect(await auditRows('auth.refresh_reuse')).toEqual([]);

    await ageUse(first.refreshToken);
    expectProblem(await refresh(ctx.app, first.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REUSED');
    expectProblem(await refresh(ctx.app, second.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REVOKED');
    expectProblem(
      await refresh(ctx.app, (retry.json() as Session).refreshToken),
      401,
      'AUTH_REFRESH_TOKEN_REVOKED',
    );
    expect((await familyOf(first.refreshToken)).every((t) => t.revoked_at !== null)).toBe(true);
    const [event] = await auditRows('auth.refresh_reuse');
    expect(event).toMatchObject({
      org_id: org.orgId,
      severity: 'critical',
      outcome: 'failure',
      target_id: String(org.users.viewer.id),
    });
    expectProblem(await refresh(ctx.app, 'lwr_not-a-token'), 401, 'AUTH_REFRESH_TOKEN_INVALID');
    expectProblem(await refresh(ctx.app, 'garbage'), 401, 'AUTH_REFRESH_TOKEN_INVALID');
  });

  it('keeps the session when one client refreshes one token 30 times at once', async () => {
    const session = await loginAs(ctx.app, org, 'operator');
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => refresh(ctx.app, session.refreshToken)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(30).fill(200));
    const tokens = answers.map((a) => (a.json() as Session).refreshToken);
    expect(new Set(tokens).size).toBe(30);
    // Nothing was revoked, exactly one claim used the presented token, and every answer works.
    const family = await familyOf(session.refreshToken);
    expect(family.filter((t) => t.revoked_at !== null)).toEqual([]);
    expect(family.filter((t) => t.used_at !== null)).toHaveLength(1);
    const next = await Promise.all(tokens.slice(0, 3).map((t) => refresh(ctx.app, t)));
    expect(next.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(await auditRows('auth.refresh_reuse')).toHaveLength(1); // the earlier test's only
  });

  it('treats a replay within the grace window from another client as reuse', async () => {
    const replays = [
      { name: 'another User-Agent', headers: { 'user-agent': 'curl/8.5.0' } },
      { name: 'another IP', remoteAddress: '203.0.113.9' },
    ];
    for (const [i, replay] of replays.entries()) {
      const session = await loginAs(ctx.app, org, 'operator');
      const used = await refresh(ctx.app, session.refreshToken);
      expect(used.statusCode, replay.name).toBe(200);
      const stolen = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refreshToken: session.refreshToken },
        ...(replay.headers ? { headers: replay.headers } : {}),
        ...(replay.remoteAddress ? { remoteAddress: replay.remoteAddress } : {}),
      });
      expectProblem(stolen, 401, 'AUTH_REFRESH_TOKEN_REUSED');
      // The whole family ends, the rightful client's new token included, and it is recorded.
      expect((await familyOf(session.refreshToken)).every((t) => t.revoked_reason !== null)).toBe(true);
      expectProblem(
        await refresh(ctx.app, (used.json() as Session).refreshToken),
        401,
        'AUTH_REFRESH_TOKEN_REVOKED',
      );
      const events = await auditRows('auth.refresh_reuse');
      expect(events, replay.name).toHaveLength(2 + i);
      expect(events.at(-1)).toMatchObject({ severity: 'critical', outcome: 'failure' });
    }
    // The rightful client itself, within the window, still gets its sibling (the same IP and agent).
    const session = await loginAs(ctx.app, org, 'operator');
    const headers = { 'user-agent': 'lanewise-app/1.0' };
    const first = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: session.refreshToken },
      headers,
      remoteAddress: '198.51.100.7',
    });
    const retry = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: session.refreshToken },
      headers,
      remoteAddress: '198.51.100.7',
    });
    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(await auditRows('auth.refresh_reuse')).toHaveLength(1 + replays.length);
  });

  it('logout ends one session; logout-all ends every session and access token at once', async () => {
    const a = await loginAs(ctx.app, org, 'admin');
    const b = await loginAs(ctx.app, org, 'admin');
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: { refreshToken: a.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect(out.headers['content-type']).toBeUndefined();
    expectProblem(await refresh(ctx.app, a.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REVOKED');
    const b2 = await refresh(ctx.app, b.refreshToken);
    expect(b2.statusCode).toBe(200);
    const current = b2.json() as Session;

    const all = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: bearer(current.accessToken),
    });
    expect(all.statusCode).toBe(204);
    expectProblem(await me(ctx.app, current.accessToken), 401, 'AUTH_TOKEN_REVOKED');
    expectProblem(await me(ctx.app, a.accessToken), 401, 'AUTH_TOKEN_REVOKED');
    expectProblem(await refresh(ctx.app, current.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REVOKED');
    expect((await me(ctx.app, (await loginAs(ctx.app, org, 'admin')).accessToken)).statusCode).toBe(200);
    expect(await auditRows('auth.logout_all')).toHaveLength(1);
  });

  it('a password change ends the other sessions and keeps the changing one', async () => {
    const email = org.users.analyst.email;
    const other = await login(ctx.app, email);
    const mine = await login(ctx.app, email);
    const change = (currentPassword: string, newPassword: string) =>
      ctx.app.inject({
        method: 'PATCH',
        url: '/api/v1/me/password',
        headers: bearer(mine.accessToken),
        payload: { currentPassword, newPassword },
      });
    expectProblem(
      await change('wrong current password', 'a brand new passphrase'),
      401,
      'AUTH_INVALID_CREDENTIALS',
    );
    expectProblem(await change(TEST_PASSWORD, 'password1234'), 422, 'AUTH_WEAK_PASSWORD');
    expectProblem(await change(TEST_PASSWORD, 'too short'), 422, 'AUTH_WEAK_PASSWORD');
    const res = await change(TEST_PASSWORD, 'a brand new passphrase');
    expect(res.statusCode).toBe(200);
    const renewed = res.json() as Session;

    expectProblem(await me(ctx.app, other.accessToken), 401, 'AUTH_TOKEN_REVOKED');
    expectProblem(await me(ctx.app, mine.accessToken), 401, 'AUTH_TOKEN_REVOKED');
    expectProblem(await refresh(ctx.app, other.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REVOKED');
    expect((await me(ctx.app, renewed.accessToken)).statusCode).toBe(200);
    expect((await refresh(ctx.app, renewed.refreshToken)).statusCode).toBe(200);
    await expect(login(ctx.app, email)).rejects.toThrow(/401/);
    await login(ctx.app, email, 'a brand new passphrase');
  });

  it('disabling a member or changing their role revokes their tokens at once', async () => {
    const fresh = await createOrgWithUsers(ctx.database.db, { slug: 'acme-revoke' });
    const admin = await loginAs(ctx.app, fresh, 'admin');
    const viewer = await loginAs(ctx.app, fresh, 'viewer');
    const operator = await loginAs(ctx.app, fresh, 'operator');

    const disabled = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/users/${fresh.users.viewer.memberId}/disable`,
      headers: bearer(admin.accessToken),
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ status: 'disabled' });
    expectProblem(await me(ctx.app, viewer.accessToken), 401, 'AUTH_TOKEN_REVOKED');
    expectProblem(await refresh(ctx.app, viewer.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REVOKED');
    await expect(loginAs(ctx.app, fresh, 'viewer')).rejects.toThrow(/AUTH_INVALID_CREDENTIALS/);

    const demoted = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${fresh.users.operator.memberId}/role`,
      headers: bearer(admin.accessToken),
      payload: { role: 'viewer' },
    });
    expect(demoted.statusCode).toBe(200);
    expectProblem(await me(ctx.app, operator.accessToken), 401, 'AUTH_TOKEN_REVOKED');
    expectProblem(await refresh(ctx.app, operator.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REVOKED');
    expect((await loginAs(ctx.app, fresh, 'operator')).role).toBe('viewer');
    const [event] = await auditRows('users.role_changed');
    expect(JSON.parse(event?.details ?? '{}')).toEqual({ from: 'operator', to: 'viewer' });
  });

  it('expires refresh tokens when idle and sessions at their absolute end', async () => {
    const { db } = ctx.database;
    const past = new Date(Date.now() - 1000);
    const idle = await loginAs(ctx.app, org, 'owner');
    await db
      .updateTable('refresh_tokens')
      .set({ expires_at: past })
      .where('user_id', '=', org.users.owner.id)
      .execute();
    expectProblem(await refresh(ctx.app, idle.refreshToken), 401, 'AUTH_REFRESH_TOKEN_EXPIRED');

    const session = await loginAs(ctx.app, org, 'owner');
    const next = (await refresh(ctx.app, session.refreshToken)).json() as Session;
    await db
      .updateTable('refresh_tokens')
      .set({ family_expires_at: past })
      .where('user_id', '=', org.users.owner.id)
      .execute();
    expectProblem(await refresh(ctx.app, next.refreshToken), 401, 'AUTH_REFRESH_TOKEN_EXPIRED');
  });

  it('keeps its generated signing key across restarts, and rejects tokens of another key', async () => {
    const session = await loginAs(ctx.app, org, 'owner');
    const restarted = await buildApp(ctx.config, { database: ctx.database });
    const otherKey = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', LANEWISE_JWT_SECRET: 'x'.repeat(40) }),
      {
        database: ctx.database,
      },
    );
    try {
      expect((await me(restarted, session.accessToken)).statusCode).toBe(200);
      expectProblem(await me(otherKey, session.accessToken), 401, 'AUTH_INVALID_TOKEN');
      const stored = await ctx.database.db.selectFrom('settings').select(['key', 'value']).execute();
      expect(stored).toEqual([
        { key: 'auth.jwt_secret', value: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
      ]);
    } finally {
      await restarted.close();
      await otherKey.close();
    }
  });
});
