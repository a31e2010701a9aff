import type { Kysely } from 'kysely';
import type { AuthConfig } from '../../config.js';
import type { DB, Role } from '../../db/types.js';
import { createMemoryRateLimiter, type RateLimiter } from '../../lib/rate-limit.js';
import { createTtlCache, type TtlCache } from '../../lib/ttl-cache.js';
import type { RequestAuth } from './context.js';
import { loadSigningSecret } from './signing-key.js';
import { type AccessTokens, createAccessTokens } from './tokens.js';

/** What the database says about a user in one organization, as checked on every request. */
export interface PrincipalState {
  readonly active: boolean;
  readonly tokenVersion: number;
  readonly role: Role | null;
}

/** An API key as checked on every request. */
export interface ApiKeyState {
  readonly auth: RequestAuth;
  readonly expiresAt: number | null;
}

/**
 * The per-process state of authentication: the token signer, abuse-limit counters and short
 * caches of principal state. One per app (and one per CLI run); passed to services explicitly.
 */
export interface AuthRuntime {
  readonly config: AuthConfig;
  readonly tokens: AccessTokens;
  readonly limiter: RateLimiter;
  /** Keyed `${userId}:${orgId}`. */
  readonly principals: TtlCache<string, PrincipalState>;
  /** Keyed by key hash. */
  readonly apiKeys: TtlCache<string, ApiKeyState>;
  /** Bumped on every invalidation, so a read that raced a change is not cached. */
  epoch: number;
}

export function createAuthRuntime(db: Kysely<DB>, config: AuthConfig): AuthRuntime {
  return {
    config,
    tokens: createAccessTokens({
      issuer: config.issuer,
      ttlS: config.accessTokenTtlS,
      secret: () => loadSigningSecret(db, config.jwtSecret),
    }),
    limiter: createMemoryRateLimiter(),
    principals: createTtlCache({ ttlMs: config.cacheMs }),
    apiKeys: createTtlCache({ ttlMs: config.cacheMs }),
    epoch: 0,
  };
}

/** Forgets what this process cached about a user (call after the change is committed). */
export function forgetUser(runtime: AuthRuntime, userId: number): void {
  runtime.epoch++;
  runtime.principals.deleteWhere((key) => key.startsWith(`${userId}:`));
}

/** Forgets what this process cached about an API key (call after the change is committed). */
export function forgetApiKey(runtime: AuthRuntime, apiKeyId: number): void {
  runtime.epoch++;
  runtime.apiKeys.deleteWhere((_, state) => state.auth.apiKeyId === apiKeyId);
}
