import type { Role } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type { Permission } from './permissions.js';

/**
 * Who is calling, as the auth plugin established it for a non-public route. `orgId` comes from
 * the verified credential and is the only organization the request may read or change.
 */
export interface RequestAuth {
  readonly kind: 'user' | 'api_key';
  readonly orgId: number;
  /** The person (kind 'user'); null for API keys. */
  readonly userId: number | null;
  /** The key (kind 'api_key'); null for people. */
  readonly apiKeyId: number | null;
  /** The person's role in orgId; null for API keys (they carry scopes instead). */
  readonly role: Role | null;
  readonly permissions: ReadonlySet<Permission>;
}

/** The audit actor of an authenticated request. */
export function actorOf(auth: RequestAuth) {
  return auth.kind === 'user' && auth.userId !== null
    ? ({ type: 'user', userId: auth.userId } as const)
    : ({ type: 'api_key', apiKeyId: auth.apiKeyId ?? 0 } as const);
}

/** The person behind a request; 403 for API keys (routes for people only). */
export function requireUser(auth: RequestAuth): { userId: number; orgId: number; role: Role } {
  if (auth.kind !== 'user' || auth.userId === null || auth.role === null) {
    throw new AppError('AUTH_FORBIDDEN', 'This action is for people; API keys cannot perform it.');
  }
  return { userId: auth.userId, orgId: auth.orgId, role: auth.role };
}
