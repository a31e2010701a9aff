import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque credentials (refresh tokens, API keys, invitations): 256 random bits, shown to their
 * holder once and stored only as a SHA-256 digest. A fast digest is right here: the values are
 * random, not chosen by people, so there is nothing to guess.
 */
export function newOpaqueToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Hex SHA-256 of a credential: what the database keeps and looks up. */
export function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A random identifier (e.g. a refresh-token family), URL-safe. */
export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/** Constant-time string equality. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Credential prefixes, so a leaked value is recognisable (and secret scanners can match it). */
export const tokenPrefixes = { refresh: 'lwr_', apiKey: 'lwk_', invitation: 'lwi_' } as const;
