import { CompactSign, type JWTPayload, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_TYPE, createAccessTokens } from './tokens.js';

const SECRET = 'a-test-secret-of-enough-length-0123456789';
const ISSUER = 'lanewise-test';
const TTL_S = 900;
const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const claims = { userId: 7, orgId: 3, role: 'analyst' as const, version: 2 };

const tokens = (secret = SECRET) =>
  createAccessTokens({ issuer: ISSUER, ttlS: TTL_S, secret: async () => secret });
const key = new TextEncoder().encode(SECRET);
const nowS = () => Math.floor(Date.now() / 1000);

/** A token as this server signs it, with some part replaced, to show each check refuses it. */
function forge(
  payload: JWTPayload = {},
  { header = {}, omit = [], secret = key }: { header?: object; omit?: string[]; secret?: Uint8Array } = {},
) {
  const base: JWTPayload = {
    iss: ISSUER,
    aud: ACCESS_TOKEN_AUDIENCE,
    sub: '7',
    org: 3,
    role: 'analyst',
    ver: 2,
    jti: 'abcdefghijklmnop',
    iat: nowS(),
    nbf: nowS(),
    exp: nowS() + TTL_S,
    ...payload,
  };
  for (const name of omit) delete base[name];
  return new SignJWT(base)
    .setProtectedHeader({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE, ...header })
    .sign(secret);
}

async function refusal(token: string | Promise<string>, verifier = tokens()): Promise<AppError> {
  const err = await verifier.verify(await token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

afterEach(() => {
  vi.useRealTimers();
});

describe('access tokens', () => {
  it('signs the claims as an at+jwt of this issuer and audience, and verifies them back', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const t = tokens();
    const signed = await t.sign(claims);
    expect(signed.expiresIn).toBe(TTL_S);
    const [header, payload] = signed.token.split('.').map((p, i) => (i < 2 ? decode(p) : p));
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      iss: ISSUER,
      aud: 'lanewise-api',
      sub: '7',
      org: 3,
      role: 'analyst',
      ver: 2,
      iat: T0 / 1000,
      nbf: T0 / 1000,
      exp: T0 / 1000 + TTL_S,
    });
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await t.verify(signed.token)).toEqual(claims);
    // Two signatures of the same claims are different tokens (the jti).
    expect((await t.sign(claims)).token).not.toBe(signed.token);
  });

  it('remembers a verified token only until it expires, then refuses it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const t = tokens();
    const { token } = await t.sign(claims);
    expect(t.cached(token)).toBeUndefined();
    expect(await t.verify(token)).toEqual(claims);
    expect(t.cached(token)).toEqual(claims);

    vi.setSystemTime(T0 + TTL_S * 1000 - 1);
    expect(t.cached(token)).toEqual(claims);
    vi.setSystemTime(T0 + TTL_S * 1000);
    expect(t.cached(token)).toBeUndefined();
    // Forgotten for good: going back in time does not bring it back.
    vi.setSystemTime(T0);
    expect(t.cached(token)).toBeUndefined();

    vi.setSystemTime(T0 + (TTL_S + 6) * 1000);
    const expired = await refusal(token, t);
    expect(expired.code).toBe('AUTH_TOKEN_EXPIRED');
    expect(expired.status).toBe(401);
    expect(expired.message).toBe('The access token has expired; refresh it or log in again.');
    expect(t.cached(token)).toBeUndefined();
  });

  it('checks the signature of a token once per process, then answers from memory', async () => {
    const t = tokens();
    const token = await forge();
    const checks = vi.spyOn(crypto.subtle, 'verify');
    try {
      expect(await t.verify(token)).toEqual(claims);
      expect(checks).toHaveBeenCalledTimes(1);
      expect(await t.verify(token)).toEqual(claims);
      expect(await t.verify(token)).toEqual(claims);
      expect(checks).toHaveBeenCalledTimes(1);
      // Another process (a fresh verifier) checks it again.
      expect(await tokens().verify(token)).toEqual(claims);
      expect(checks).toHaveBeenCalledTimes(2);
    } finally {
      checks.mockRestore();
    }
  });

  it('passes on a failure to load the key as it is, instead of telling the caller to log in again', async () => {
    const secret = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('settings table missing'))
      .mockResolvedValue(SECRET);
    const t = createAccessTokens({ issuer: ISSUER, ttlS: TTL_S, secret });
    const token = await forge();
    const err = await t.verify(token).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(AppError);
    expect((err as Error).message).toBe('settings table missing');
    expect(await t.verify(token)).toEqual(claims);
  });

  it('a freshly loaded module signs at+jwt for lanewise-api and refuses what is not a JWT up front', async () => {
    // Module-level values (the token type, audience and the JWT shape check) are built when the
    // module loads: load it inside the test so a broken one is noticed.
    vi.resetModules();
    const fresh = await import('./tokens.js');
    expect(fresh.ACCESS_TOKEN_TYPE).toBe('at+jwt');
    expect(fresh.ACCESS_TOKEN_AUDIENCE).toBe('lanewise-api');
    const t = fresh.createAccessTokens({ issuer: ISSUER, ttlS: TTL_S, secret: async () => SECRET });
    const { token } = await t.sign(claims);
    const [header, payload] = token.split('.').slice(0, 2).map(decode);
    expect(header.typ).toBe('at+jwt');
    expect(payload.aud).toBe('lanewise-api');
    expect(await t.verify(token)).toEqual(claims);
    expect(
      await fresh
        .createAccessTokens({ issuer: ISSUER, ttlS: TTL_S, secret: async () => SECRET })
        .verify(await forge()),
    ).toEqual(claims);
    const [h, p, sig] = token.split('.');
    for (const bad of [
      '',
      'a.b',
      'a.b.c.d',
      'a b.c.d',
      '!a.b.c',
      'a.b!.c',
      'a.b.c!',
      `${h}.${p}.${sig}.`,
      `${h}..${sig}`,
      `.${p}.${sig}`,
      `${h}.${p}.${sig} x`,
    ]) {
      const err = await t.verify(bad).then(
        () => undefined,
        (e: unknown) => e as { code?: string; message?: string },
      );
      expect(err?.code, bad).toBe('AUTH_INVALID_TOKEN');
      expect(err?.message, bad).toBe('The access token is not a JWT. Log in again to get a new one.');
    }
  });

  it('says a token is not valid when it has the shape of a JWT but is none', async () => {
    // A correctly signed token whose payload is not a claims object, and headers that are not JSON.
    const notClaims = await new CompactSign(new TextEncoder().encode('not json'))
      .setProtectedHeader({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE })
      .sign(key);
    for (const bad of ['abc.def.ghi', 'e30.e30.e30', notClaims]) {
      const err = await refusal(bad);
      expect(err.code, bad).toBe('AUTH_INVALID_TOKEN');
      expect(err.message, bad).toBe('The access token is not valid. Log in again to get a new one.');
    }
  });

  it('accepts a token within the clock tolerance of its expiry, but caches it no longer than its expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const t = tokens();
    const { token } = await t.sign(claims);
    vi.setSystemTime(T0 + (TTL_S + 3) * 1000);
    expect(await t.verify(token)).toEqual(claims);
    expect(t.cached(token)).toBeUndefined();
  });

  it('bounds the cache by the configured lifetime, whatever a longer exp says', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const t = tokens();
    const token = await forge({ exp: nowS() + 10 * TTL_S });
    expect(await t.verify(token)).toEqual(claims);
    vi.setSystemTime(T0 + TTL_S * 1000);
    expect(t.cached(token)).toBeUndefined();
    // An age beyond the lifetime (plus twice the tolerance: jose adds it to maxTokenAge again) is expired.
    vi.setSystemTime(T0 + (TTL_S + 10) * 1000);
    expect(await t.verify(token)).toEqual(claims);
    vi.setSystemTime(T0 + (TTL_S + 11) * 1000);
    expect((await refusal(token, t)).code).toBe('AUTH_TOKEN_EXPIRED');
  });

  it('keeps the cache bounded: at 10,000 entries it starts over', async () => {
    const t = tokens();
    const first = await forge({ jti: 'first-of-many-000' });
    await t.verify(first);
    for (let i = 1; i < 10_000; i++) await t.verify(await forge({ jti: `jti-${i}` }));
    expect(t.cached(first)).toEqual(claims);
    const last = await forge({ jti: 'one-too-many-0000' });
    await t.verify(last);
    expect(t.cached(first)).toBeUndefined();
    expect(t.cached(last)).toEqual(claims);
  }, 60_000);

  it('refuses what is not a JWT, without looking further', async () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'a b.c.d', 'Bearer x.y.z']) {
      const err = await refusal(bad);
      expect(err.code).toBe('AUTH_INVALID_TOKEN');
      expect(err.message).toBe('The access token is not a JWT. Log in again to get a new one.');
    }
  });

  it('refuses tokens of another key, algorithm, type, issuer or audience', async () => {
    const cases: [Promise<string>, RegExp][] = [
      [
        forge({}, { secret: new TextEncoder().encode('another secret of enough length!!') }),
        /signature is not valid/,
      ],
      [
        new SignJWT({ sub: '7' }).setProtectedHeader({ alg: 'HS512', typ: ACCESS_TOKEN_TYPE }).sign(key),
        /algorithm/,
      ],
      [forge({}, { header: { typ: 'JWT' } }), /"typ" claim/],
      [forge({}, { header: { typ: 'invite+jwt' } }), /"typ" claim/],
      [forge({ iss: 'someone-else' }), /"iss" claim/],
      [forge({ aud: 'lanewise-invitation' }), /"aud" claim/],
      [forge({ nbf: nowS() + 60 }), /not valid yet/],
    ];
    for (const [token, reason] of cases) {
      const err = await refusal(token);
      expect(err.code).toBe('AUTH_INVALID_TOKEN');
      expect(err.message).toMatch(reason);
      expect(err.message).toMatch(/Log in again to get a new one\.$/);
    }
    const unsigned = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ iss: ISSUER, aud: ACCESS_TOKEN_AUDIENCE, sub: '7', org: 3, role: 'analyst', ver: 2 }),
    ).toString('base64url')}.`;
    expect((await refusal(unsigned)).code).toBe('AUTH_INVALID_TOKEN');
    expect((await refusal(forge({ exp: nowS() - 60 }))).code).toBe('AUTH_TOKEN_EXPIRED');
    expect((await refusal(forge({ iat: nowS() - TTL_S - 60 }))).code).toBe('AUTH_TOKEN_EXPIRED');
    // Within the tolerance of nbf is fine (clocks differ a little).
    expect(await tokens().verify(await forge({ nbf: nowS() + 3 }))).toEqual(claims);
  });

  it('refuses a token missing any required claim', async () => {
    for (const claim of ['sub', 'org', 'role', 'ver', 'iat', 'exp', 'jti']) {
      const err = await refusal(forge({}, { omit: [claim] }));
      expect(err.code, claim).toBe('AUTH_INVALID_TOKEN');
      expect(err.message, claim).toContain(claim === 'iat' ? 'too old' : `"${claim}" claim`);
    }
  });

  it('refuses subjects, organizations, roles and versions that are not what the server signs', async () => {
    const refused: [JWTPayload, string][] = [
      [{ sub: '0' }, 'The token subject is not a user.'],
      [{ sub: '-1' }, 'The token subject is not a user.'],
      [{ sub: '07' }, 'The token subject is not a user.'],
      [{ sub: '7.5' }, 'The token subject is not a user.'],
      [{ sub: 'seven' }, 'The token subject is not a user.'],
      [{ sub: '9007199254740993' }, 'The token subject is not a user.'],
      [{ org: 0 }, 'The token names no organization.'],
      [{ org: -3 }, 'The token names no organization.'],
      [{ org: 1.5 }, 'The token names no organization.'],
      [{ org: '3' }, 'The token names no organization.'],
      [{ role: 'superuser' }, 'The token names no known role.'],
      [{ role: 3 }, 'The token names no known role.'],
      [{ ver: -1 }, 'The token has no valid version.'],
      [{ ver: 0.5 }, 'The token has no valid version.'],
      [{ ver: '2' }, 'The token has no valid version.'],
    ];
    for (const [payload, message] of refused) {
      const err = await refusal(forge(payload));
      expect(err.code, JSON.stringify(payload)).toBe('AUTH_INVALID_TOKEN');
      expect(err.message, JSON.stringify(payload)).toBe(`${message} Log in again to get a new one.`);
    }
    // The smallest values that are valid.
    expect(await tokens().verify(await forge({ sub: '1', org: 1, ver: 0, role: 'viewer' }))).toEqual({
      userId: 1,
      orgId: 1,
      role: 'viewer',
      version: 0,
    });
  });

  it('reads the secret lazily and tries again after a failure', async () => {
    const secret = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('settings table missing'))
      .mockResolvedValue(SECRET);
    const t = createAccessTokens({ issuer: ISSUER, ttlS: TTL_S, secret });
    expect(secret).not.toHaveBeenCalled();
    await expect(t.sign(claims)).rejects.toThrow('settings table missing');
    const { token } = await t.sign(claims);
    expect(await t.verify(token)).toEqual(claims);
    await t.sign(claims);
    expect(secret).toHaveBeenCalledTimes(2);
  });
});
