import type { Caller } from '../auth/index.js';

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
