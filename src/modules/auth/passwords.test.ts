import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import {
  assertPasswordAcceptable,
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyNothing,
  verifyPassword,
} from './passwords.js';

describe('password policy', () => {
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
      expect(err).toMatchObject({ code: 'AUTH_WEAK_PASSWORD', status: 422 });
    }
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
});
