import type { Actor } from '../audit/index.js';
import { actorOf, type Permission, type RequestAuth } from '../auth/index.js';

/** Who is managing members: a person or key of the organization, or the operator at the CLI. */
export interface Caller {
  readonly orgId: number;
  readonly actor: Actor;
  /** The person acting (to refuse acting on oneself where that would lock them out). */
  readonly userId: number | null;
  has(permission: Permission): boolean;
}

export function callerOf(auth: RequestAuth): Caller {
  return {
    orgId: auth.orgId,
    actor: actorOf(auth),
    userId: auth.userId,
    has: (p) => auth.permissions.has(p),
  };
}

/** The operator of the installation (CLI): may do anything in the organization. */
export function systemCaller(orgId: number): Caller {
  return { orgId, actor: { type: 'system' }, userId: null, has: () => true };
}
