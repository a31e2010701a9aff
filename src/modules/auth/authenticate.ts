import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type { RequestAuth } from './context.js';
import { permissionsOf } from './permissions.js';
import { findPrincipal } from './repository.js';
import type { AuthRuntime, PrincipalState } from './runtime.js';
import type { AccessClaims } from './tokens.js';

const GONE: PrincipalState = { active: false, tokenVersion: -1, role: null };

/**
 * Verifies an access token and re-checks its holder: the account and membership are active,
 * the token version is current (logout-all, password change, role change and disabling bump
 * it) and the role is the one the token names. The check reads the database at most once per
 * user and organization per LANEWISE_AUTH_CACHE_MS; changes made by this process apply at once.
 */
export async function authenticateAccessToken(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  token: string,
): Promise<RequestAuth> {
  const claims = await runtime.tokens.verify(token);
  const key = `${claims.userId}:${claims.orgId}`;
  let state = runtime.principals.get(key);
  if (!state) {
    const epoch = runtime.epoch;
    state = (await findPrincipal(db, claims.userId, claims.orgId)) ?? GONE;
    if (epoch === runtime.epoch) runtime.principals.set(key, state);
  }
  return authOf(claims, state);
}

/**
 * The same answer without waiting, when this process has verified the token and read its
 * holder's state recently (the common case); undefined when it has to ask the database.
 */
export function authenticateCachedAccessToken(runtime: AuthRuntime, token: string): RequestAuth | undefined {
  const claims = runtime.tokens.cached(token);
  if (!claims) return undefined;
  const state = runtime.principals.get(`${claims.userId}:${claims.orgId}`);
  return state ? authOf(claims, state) : undefined;
}

function authOf(claims: AccessClaims, state: PrincipalState): RequestAuth {
  if (!state.active || state.tokenVersion !== claims.version || state.role !== claims.role) {
    throw new AppError(
      'AUTH_TOKEN_REVOKED',
      'The access token was revoked (logout, password or role change, or the account was disabled). Log in again.',
    );
  }
  return {
    kind: 'user',
    orgId: claims.orgId,
    userId: claims.userId,
    apiKeyId: null,
    role: claims.role,
    permissions: permissionsOf(claims.role),
  };
}
