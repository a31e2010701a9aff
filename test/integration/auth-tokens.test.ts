import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { bearer, createOrgWithUsers, expectProblem, loginAs, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

const SECRET = 'test-signing-secret-0123456789-abcdefghij';
const key = new TextEncoder().encode(SECRET);

describe.each(testDialects)('access tokens and API keys on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  beforeAll(async () => {
    ctx = await createTestApp(dialect, { env: { LANEWISE_JWT_SECRET: SECRET } });
    org = await createOrgWithUsers(ctx.database.db, { slug: 'tok' });
  });
  afterAll(() => ctx?.close());

  const me = (headers: Record<string, string>) =>
    ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers });

  /** A token like the server's own, with parts overridden. */
  function craft({
    alg = 'HS256',
    typ = 'at+jwt',
    iss = 'lanewise',
    aud = 'lanewise-api',
    iat = Math.floor(Date.now() / 1000),
    nbf,
    exp,
    signWith = key,
    claims = {},
  }: {
    alg?: string;
    typ?: string;
    iss?: string;
    aud?: string;
    iat?: number;
    nbf?: number;
    exp?: number;
    signWith?: Uint8Array;
    claims?: Record<string, unknown>;
  } = {}) {
    return new SignJWT({ org: org.orgId, role: 'owner', ver: 0, ...claims })
      .setProtectedHeader({ alg, typ })
      .setIssuer(iss)
      .setAudience(aud)
      .setSubject(String(org.users.owner.id))
      .setJti('test')
      .setIssuedAt(iat)
      .setNotBefore(nbf ?? iat)
      .setExpirationTime(exp ?? iat + 600)
      .sign(signWith);
  }

  it('accepts a well-formed token signed with the key', async () => {
    expect((await me(bearer(await craft()))).statusCode).toBe(200);
  });

  it('refuses alg none, other algorithms, other keys, and tampered payloads', async () => {
    const good = await craft();
    const [, payload] = good.split('.');
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    expectProblem(await me(bearer(`${noneHeader}.${payload}.`)), 401, 'AUTH_INVALID_TOKEN');
    expectProblem(await me(bearer(await craft({ alg: 'HS512' }))), 401, 'AUTH_INVALID_TOKEN');
    const otherKey = new TextEncoder().encode('another-secret-of-the-same-length-0123456');
    expectProblem(await me(bearer(await craft({ signWith: otherKey }))), 401, 'AUTH_INVALID_TOKEN');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
        role: 'owner',
        org: 999,
      }),
    ).toString('base64url');
    const [header, , signature] = good.split('.');
    expectProblem(await me(bearer(`${header}.${forged}.${signature}`)), 401, 'AUTH_INVALID_TOKEN');
  });

  it('refuses expired, not-yet-valid and too-old tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await craft({ iat: now - 1200, exp: now - 300 });
    const res = await me(bearer(expired));
    expectProblem(res, 401, 'AUTH_TOKEN_EXPIRED');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="lanewise", error="invalid_token"');
    expectProblem(await me(bearer(await craft({ nbf: now + 3600 }))), 401, 'AUTH_INVALID_TOKEN');
    // Signed for a day: still refused once older than the configured lifetime.
    expectProblem(
      await me(bearer(await craft({ iat: now - 1000, exp: now + 86_400 }))),
      401,
      'AUTH_TOKEN_EXPIRED',
    );
  });

  it('refuses a wrong issuer, audience or type', async () => {
    expectProblem(await me(bearer(await craft({ iss: 'someone-else' }))), 401, 'AUTH_INVALID_TOKEN');
    expectProblem(await me(bearer(await craft({ aud: 'another-api' }))), 401, 'AUTH_INVALID_TOKEN');
    expectProblem(await me(bearer(await craft({ typ: 'JWT' }))), 401, 'AUTH_INVALID_TOKEN');
    expectProblem(await me(bearer(await craft({ typ: 'invite+jwt' }))), 401, 'AUTH_INVALID_TOKEN');
  });

  it('refuses bad claims: unknown role, missing version, another organization', async () => {
    expectProblem(
      await me(bearer(await craft({ claims: { role: 'superuser' } }))),
      401,
      'AUTH_INVALID_TOKEN',
    );
    expectProblem(await me(bearer(await craft({ claims: { ver: undefined } }))), 401, 'AUTH_INVALID_TOKEN');
    const other = await createOrgWithUsers(ctx.database.db, { slug: 'tok-other' });
    // Validly signed, but the user is no member there: the database says no.
    expectProblem(await me(bearer(await craft({ claims: { org: other.orgId } }))), 401, 'AUTH_TOKEN_REVOKED');
    // Role claim not matching the membership.
    expectProblem(await me(bearer(await craft({ claims: { role: 'viewer' } }))), 401, 'AUTH_TOKEN_REVOKED');
  });

  it('refuses a refresh token used as an access token, and missing or malformed credentials', async () => {
    const session = await loginAs(ctx.app, org, 'viewer');
    expectProblem(await me(bearer(session.refreshToken)), 401, 'AUTH_INVALID_TOKEN');
    const missing = await me({});
    expectProblem(missing, 401, 'AUTH_MISSING_TOKEN');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="lanewise"');
    expectProblem(
      await me({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }),
      401,
      'AUTH_INVALID_TOKEN',
    );
    expectProblem(await me({ authorization: 'Bearer' }), 401, 'AUTH_INVALID_TOKEN');
    expectProblem(await me(bearer('not.a.jwt')), 401, 'AUTH_INVALID_TOKEN');
    // A token in the URL is never read.
    expectProblem(
      await ctx.app.inject({ method: 'GET', url: `/api/v1/me?access_token=${session.accessToken}` }),
      401,
      'AUTH_MISSING_TOKEN',
    );
  });

  it('API keys: shown once, stored hashed, scoped, revocable, expiring', async () => {
    const admin = await loginAs(ctx.app, org, 'admin');
    const post = (url: string, payload: unknown, token = admin.accessToken) =>
      ctx.app.inject({ method: 'POST', url, headers: bearer(token), payload: payload as object });
    const account = await post('/api/v1/service-accounts', { name: 'nightly ETL' });
    expect(account.statusCode).toBe(201);
    const accountId = account.json().id as number;
    expectProblem(
      await post('/api/v1/service-accounts', { name: 'nightly ETL' }),
      409,
      'API_KEYS_NAME_TAKEN',
    );

    expectProblem(
      await post(`/api/v1/service-accounts/${accountId}/api-keys`, { name: 'k', scopes: ['users:manage'] }),
      422,
      'API_KEYS_INVALID_SCOPE',
    );
    expectProblem(
      await post(`/api/v1/service-accounts/${accountId}/api-keys`, {
        name: 'k',
        scopes: ['audit:read'],
        expiresAt: '2001-01-01T00:00:00Z',
      }),
      400,
      'REQUEST_INVALID',
    );
    const analyst = await loginAs(ctx.app, org, 'analyst');
    expectProblem(
      await post(
        `/api/v1/service-accounts/${accountId}/api-keys`,
        { name: 'k', scopes: ['audit:read'] },
        analyst.accessToken,
      ),
      403,
      'AUTH_FORBIDDEN',
    );

    const created = await post(`/api/v1/service-accounts/${accountId}/api-keys`, {
      name: 'audit reader',
      scopes: ['audit:read'],
    });
    expect(created.statusCode).toBe(201);
    const { key: secret, apiKey } = created.json() as { key: string; apiKey: { id: number; prefix: string } };
    expect(secret).toMatch(/^lwk_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);

    const stored = await ctx.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(secret);
    const listed = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: bearer(admin.accessToken),
    });
    expect(listed.body).not.toContain(secret);
    expect(listed.json().data).toEqual([
      expect.objectContaining({ id: apiKey.id, status: 'active', scopes: ['audit:read'] }),
    ]);

    const audit = (headers: Record<string, string>) =>
      ctx.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers });
    expect((await audit(bearer(secret))).statusCode).toBe(200);
    expect((await audit({ 'x-api-key': secret })).statusCode).toBe(200);
    expectProblem(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(secret) }),
      403,
      'AUTH_FORBIDDEN',
    );
    expectProblem(await me(bearer(secret)), 403, 'AUTH_FORBIDDEN');
    expectProblem(await audit(bearer(`${secret.slice(0, -2)}xx`)), 401, 'AUTH_INVALID_TOKEN');

    const revoked = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${apiKey.id}`,
      headers: bearer(admin.accessToken),
    });
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    expectProblem(await audit(bearer(secret)), 401, 'AUTH_TOKEN_REVOKED');

    const expiring = (
      await post(`/api/v1/service-accounts/${accountId}/api-keys`, { name: 'soon', scopes: ['audit:read'] })
    ).json();
    await ctx.database.db
      .updateTable('api_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', expiring.apiKey.id)
      .execute();
    expectProblem(await audit(bearer(expiring.key)), 401, 'AUTH_TOKEN_EXPIRED');

    const live = (
      await post(`/api/v1/service-accounts/${accountId}/api-keys`, { name: 'live', scopes: ['audit:read'] })
    ).json();
    expect((await audit(bearer(live.key))).statusCode).toBe(200);
    expect((await post(`/api/v1/service-accounts/${accountId}/disable`, {})).statusCode).toBe(200);
    expectProblem(await audit(bearer(live.key)), 401, 'AUTH_TOKEN_REVOKED');

    const events = await ctx.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('action', 'like', 'api_keys.%')
      .execute();
    expect(events.map((e) => e.action).sort()).toEqual([
      'api_keys.created',
      'api_keys.created',
      'api_keys.created',
      'api_keys.revoked',
    ]);
    for (const k of [secret, expiring.key, live.key]) expect(JSON.stringify(events)).not.toContain(k);
  });
});
