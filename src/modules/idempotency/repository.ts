import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/** One caller's key: keys are scoped to the organization and the caller who sent them. */
export interface KeyScope {
  readonly orgId: number;
  readonly caller: string;
  readonly key: string;
}

const scoped = (scope: KeyScope) =>
  ({ org_id: scope.orgId, caller: scope.caller, idempotency_key: scope.key }) as const;

/** Deletes every key created before `before` (any organization: expiry is global). */
export async function deleteExpiredKeys(db: Kysely<DB>, before: Date): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('created_at', '<', before).execute();
}

/** The stored request and (once finished) response for a key, if any. */
export function findKey(db: Kysely<DB>, scope: KeyScope) {
  const k = scoped(scope);
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response_body'])
    .where('org_id', '=', k.org_id)
    .where('caller', '=', k.caller)
    .where('idempotency_key', '=', k.idempotency_key)
    .executeTakeFirst();
}

/** Claims a key for a request now running; a unique violation means another request holds it. */
export async function insertKey(
  db: Kysely<DB>,
  scope: KeyScope,
  request: { method: string; path: string; hash: string },
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ ...scoped(scope), method: request.method, path: request.path, request_hash: request.hash })
    .execute();
}

/** Stores the finished response of a claimed key. */
export async function storeResponse(
  db: Kysely<DB>,
  scope: KeyScope,
  response: { status: number; body: string },
): Promise<void> {
  const k = scoped(scope);
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: response.status, response_body: response.body })
    .where('org_id', '=', k.org_id)
    .where('caller', '=', k.caller)
    .where('idempotency_key', '=', k.idempotency_key)
    .execute();
}

/** Releases a claimed key (the request failed with a 5xx, so a retry runs again). */
export async function deleteKey(db: Kysely<DB>, scope: KeyScope): Promise<void> {
  const k = scoped(scope);
  await db
    .deleteFrom('idempotency_keys')
    .where('org_id', '=', k.org_id)
    .where('caller', '=', k.caller)
    .where('idempotency_key', '=', k.idempotency_key)
    .execute();
}
