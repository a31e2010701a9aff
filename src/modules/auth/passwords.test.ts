import { type Algorithm, hash, type Options, parseOptions } from '@node-rs/argon2';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../lib/errors.js';
import {
  assertPasswordAcceptable,
  hashPassword,
  needsRehash,
  passwordHashParams,
  passwordProblem,
  verifyNothing,
  verifyPassword,
} from './passwords.js';

describe('password policy', () => {
  // The list of common passwords is built once per process, on first use: a fresh module per
  // test means each test checks the list the code builds, not one left by an earlier test.
  let policy: typeof import('./passwords.js');
  beforeEach(async () => {
    vi.resetModules();
    policy = await import('./passwords.js');
  });

  it('refuses the product name as a password, in any case', () => {
    for (const pw of ['lanewiselanewise', 'LANEWISE1234', 'Lanewise123456']) {
      expect(policy.passwordProblem(pw), pw).toMatch(/too common/);
    }
  });

  it('refuses passwords from the list of common ones, whatever their case', () => {
    expect(policy.passwordProblem('Password1234')).toMatch(/too common/);
    expect(policy.passwordProblem('a quiet lamp by the dock')).toBeNull();
  });

  it('refuses a password made of two characters, accepts one made of three', () => {
    expect(policy.passwordProblem('Zq'.repeat(7))).toMatch(/repeats too few characters/);
    expect(policy.passwordProblem('Zq7'.repeat(5))).toBeNull();
  });

  it('refuses the email address, its local part or the name, however they were typed', () => {
    const context = [' Dispatcher.Jane@ACME.test ', 'Jonathan Harker'];
    for (const pw of ['dispatcher.jane', 'DISPATCHER.JANE@acme.test', 'jonathan harker']) {
      expect(policy.passwordProblem(pw, context), pw).toBe('must not be your email or name');
    }
    expect(policy.passwordProblem('dispatcher.jane', [])).toBeNull();
    expect(policy.passwordProblem('dispatcher jane and harker', context)).toBeNull();
  });

  it('wants 12 to 128 characters, counted as people count them', () => {
    expect(passwordProblem('short pass!')).toMatch(/at least 12/);
    expect(passwordProblem('a quiet lamp')).toBeNull();
    expect(passwordProblem('Lw9-'.repeat(32))).toBeNull();
    expect(passwordProblem(`${'Lw9-'.repeat(32)}z`)).toMatch(/at most 128/);
    // Length is in characters, not bytes: 12 emoji are 48 bytes of UTF-8 and a valid password.
    expect(passwordProblem('🚚📦🚢🚆🏭🛳🚚📦🚢🚆🏭🛳')).toBeNull();
    expect(passwordProblem('🚚📦🚢🚆🏭🛳🚚📦🚢🚆🏭')).toMatch(/at least 12/);
  });

  it('refuses common passwords whatever their case, and ones made of the email', () => {
    for (const common of ['password1234', 'QWERTY123456', '1qaz2wsx3edc', 'administrator']) {
      expect(passwordProblem(common), common).toMatch(/too common/);
    }
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/repeats/);
    expect(passwordProblem('dispatcher.jane', ['dispatcher.jane@acme.test'])).toMatch(/email or name/);
  });

  it('throws AUTH_WEAK_PASSWORD with the field and the reason', () => {
    try {
      assertPasswordAcceptable('short');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({
        code: 'AUTH_WEAK_PASSWORD',
        status: 422,
        message: 'The new password must be at least 12 characters long.',
        details: { errors: [{ path: 'password', message: 'must be at least 12 characters long' }] },
      });
    }
    expect(() => assertPasswordAcceptable('dispatcher.jane', ['dispatcher.jane@acme.test'])).toThrow(
      'The new password must not be your email or name.',
    );
    expect(() => assertPasswordAcceptable('a quiet lamp by the dock')).not.toThrow();
  });
});

describe('password hashing', () => {
  it('stores argon2id with m=19 MiB, t=2, p=1 and a unique 16-byte salt', async () => {
    const a = await hashPassword('a quiet lamp by the dock');
    const b = await hashPassword('a quiet lamp by the dock');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    const o = parseOptions(a);
    expect(o).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1, saltLen: 16 });
    expect(needsRehash(a)).toBe(false);
  });

  it('verifies every character of a 128-character password (no truncation)', async () => {
    const long = 'Lw'.repeat(64);
    const hash = await hashPassword(long);
    expect(await verifyPassword(hash, long)).toBe(true);
    expect(await verifyPassword(hash, `${long.slice(0, 127)}x`)).toBe(false);
    expect(await verifyPassword(hash, long.slice(0, 72))).toBe(false);
  });

  it('treats differently composed Unicode as the same password', async () => {
    const hash = await hashPassword('Zu\u0308rich-harbour-42');
    expect(await verifyPassword(hash, 'Zürich-harbour-42')).toBe(true);
  });

  it('answers false for malformed hashes and for the timing stand-in', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever whatever')).toBe(false);
    expect(await verifyNothing('whatever whatever')).toBe(false);
    expect(
      needsRehash(
        '$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$0Tn9rXyAPJ7DRmRZ3fvUG8ZtdXobuKh6pEnxRclQPIU',
      ),
    ).toBe(true);
  });

  it('rehashes at login anything weaker than today, and nothing stronger', async () => {
    const withParams = (params: Options) =>
      hash('a quiet lamp by the dock', { ...passwordHashParams, ...params });
    expect(needsRehash(await withParams({ memoryCost: 8_192 }))).toBe(true);
    expect(needsRehash(await withParams({ timeCost: 1 }))).toBe(true);
    // argon2i: same costs, weaker against side channels than argon2id.
    expect(needsRehash(await withParams({ algorithm: 1 as Algorithm }))).toBe(true);
    expect(needsRehash(await withParams({ memoryCost: 32_768, timeCost: 3 }))).toBe(false);
    expect(needsRehash('not-a-hash')).toBe(true);
  });

  it('spends as long on an unknown account as on a wrong password, so timing tells nothing', async () => {
    const stored = await hashPassword('a quiet lamp by the dock');
    await verifyNothing('warm up the stand-in hash');
    const fastest = async (run: () => Promise<unknown>) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await run();
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const wrongPassword = await fastest(() => verifyPassword(stored, 'not the password at all'));
    const noAccount = await fastest(() => verifyNothing('not the password at all'));
    // The same argon2 work, so within noise; a check skipped would be hundreds of times faster.
    expect(noAccount).toBeGreaterThan(wrongPassword * 0.3);
  });
});
