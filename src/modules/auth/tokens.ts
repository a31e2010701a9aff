import { webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { isRole } from './permissions.js';
import { randomId } from './secrets.js';

/**
 * Access tokens (RFC 8725, RFC 9068): HS256 JWTs with `typ: at+jwt`, issuer, audience, subject
 * (user id), organization, role and the membership's token version. Verification accepts only the
 * algorithms listed here (never `none`), checks every claim, and bounds the age of a token by
 * the configured lifetime whatever its `exp` says.
 */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const ACCESS_TOKEN_AUDIENCE = 'lanewise-api';
export const ACCESS_TOKEN_ALGORITHMS = ['HS256'] as const;
const CLOCK_TOLERANCE_S = 5;

export interface AccessClaims {
  readonly userId: number;
  readonly orgId: number;
  readonly role: Role;
  /** memberships.token_version of (userId, orgId) when issued; a bump there revokes the token. */
  readonly version: number;
}

export interface AccessTokens {
  /** Signs a token for the claims; `expiresIn` is its lifetime in seconds. */
  sign(claims: AccessClaims): Promise<{ token: string; expiresIn: number }>;
  /** Verifies signature and claims; throws AUTH_TOKEN_EXPIRED or AUTH_INVALID_TOKEN (401). */
  verify(token: string): Promise<AccessClaims>;
  /** The claims of a token this process verified before and that is still valid, without waiting. */
  cached(token: string): AccessClaims | undefined;
}

export interface AccessTokenOptions {
  readonly issuer: string;
  readonly ttlS: number;
  /** Resolves the signing secret (loaded lazily: the first request, not start-up, reads it). */
  readonly secret: () => Promise<string>;
}

const MAX_VERIFIED = 10_000;
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Creates the signer/verifier for one process. */
export function createAccessTokens(options: AccessTokenOptions): AccessTokens {
  let key: Promise<webcrypto.CryptoKey> | undefined;
  const signingKey = (): Promise<webcrypto.CryptoKey> => {
    key ??= options
      .secret()
      .then((secret) =>
        webcrypto.subtle.importKey(
          'raw',
          new TextEncoder().encode(secret),
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign', 'verify'],
        ),
      )
      .catch((err) => {
        key = undefined; // try again on the next request (e.g. once migrations have run)
        throw err;
      });
    return key;
  };

  // Tokens already verified by this process, so a client's next requests with the same token
  // skip the signature check (WebCrypto HMAC costs ~150 µs a call in Node 20). Keyed by the whole
  // token: only the identical string hits. Revocation is unaffected: the token version is
  // re-checked on every request after this.
  const verified = new Map<string, { claims: AccessClaims; until: number }>();

  return {
    async sign(claims) {
      const token = await new SignJWT({ org: claims.orgId, role: claims.role, ver: claims.version })
        .setProtectedHeader({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE })
        .setIssuer(options.issuer)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setSubject(String(claims.userId))
        .setJti(randomId(12))
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime(`${options.ttlS}s`)
        .sign(await signingKey());
      return { token, expiresIn: options.ttlS };
    },

    cached(token) {
      const known = verified.get(token);
      if (!known) return undefined;
      if (known.until > Date.now()) return known.claims;
      verified.delete(token);
      return undefined;
    },

    async verify(token) {
      const known = this.cached(token);
      if (known) return known;
      if (!JWS_COMPACT.test(token)) throw invalid('The access token is not a JWT.');
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, await signingKey(), {
          algorithms: [...ACCESS_TOKEN_ALGORITHMS],
          issuer: options.issuer,
          audience: ACCESS_TOKEN_AUDIENCE,
          typ: ACCESS_TOKEN_TYPE,
          requiredClaims: ['sub', 'org', 'role', 'ver', 'iat', 'exp', 'jti'],
          clockTolerance: CLOCK_TOLERANCE_S,
          maxTokenAge: options.ttlS + CLOCK_TOLERANCE_S,
        }));
      } catch (err) {
        if (err instanceof errors.JWTExpired) {
          throw new AppError(
            'AUTH_TOKEN_EXPIRED',
            'The access token has expired; refresh it or log in again.',
          );
        }
        if (err instanceof errors.JOSEError) throw invalid(reasonOf(err));
        throw err;
      }
      const userId = Number(payload.sub);
      const { org, role, ver } = payload;
      if (!Number.isSafeInteger(userId) || userId <= 0 || String(userId) !== payload.sub) {
        throw invalid('The token subject is not a user.');
      }
      if (!Number.isSafeInteger(org) || (org as number) <= 0)
        throw invalid('The token names no organization.');
      if (!isRole(role)) throw invalid('The token names no known role.');
      if (!Number.isSafeInteger(ver) || (ver as number) < 0) throw invalid('The token has no valid version.');
      const claims = { userId, orgId: org as number, role, version: ver as number };
      // Valid until exp or the age bound, whichever comes first.
      const until = Math.min(Number(payload.exp), Number(payload.iat) + options.ttlS) * 1000;
      if (verified.size >= MAX_VERIFIED) verified.clear();
      verified.set(token, { claims, until });
      return claims;
    },
  };
}

function invalid(message: string): AppError {
  return new AppError('AUTH_INVALID_TOKEN', `${message} Log in again to get a new one.`);
}

// A reason a person can act on, without echoing the token.
function reasonOf(err: InstanceType<typeof errors.JOSEError>): string {
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'The access token signature is not valid.';
  if (err instanceof errors.JOSEAlgNotAllowed)
    return 'The access token uses an algorithm this server does not accept.';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return 'The access token is not valid yet.';
    if (err.claim === 'iat') return 'The access token is too old.';
    return `The access token's "${err.claim}" claim is not valid.`;
  }
  return 'The access token is not valid.';
}
