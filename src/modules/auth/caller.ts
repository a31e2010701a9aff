import type { Actor } from '../audit/index.js';
import { actorOf, type RequestAuth } from './context.js';
import type { Permission } from './permissions.js';

/**
 * Who is calling a use case, whoever the caller is: an HTTP request (person or API key), the CLI,
 * a worker or the assistant. Every write use case takes one, so they are all called the same way;
 * `orgId` is the only organization the use case may read or change.
 */
export interface Caller {
  readonly orgId: number;
  /** Recorded as the actor of audit events and of the rows the use case writes. */
  readonly actor: Actor;
  /** The person acting (to refuse acting on oneself where that would lock them out); null otherwise. */
  readonly userId: number | null;
  has(permission: Permission): boolean;
}

/** The caller of an authenticated request. */
export function callerOf(auth: RequestAuth): Caller {
  return {
    orgId: auth.orgId,
    actor: actorOf(auth),
    userId: auth.userId,
    has: (p) => auth.permissions.has(p),
  };
}

/** The operator of the installation (CLI, workers, seeding): may do anything in the organization. */
export function systemCaller(orgId: number): Caller {
  return { orgId, actor: { type: 'system' }, userId: null, has: () => true };
}

/** Who a row or a job was written by, as the jobs table and `created_by` columns spell it. */
export function callerKey(caller: Caller): string {
  const { actor } = caller;
  switch (actor.type) {
    case 'user':
      return `user:${actor.userId}`;
    case 'api_key':
      return `api_key:${actor.apiKeyId}`;
    default:
      return actor.type;
  }
}
