import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/** One caller's key: keys are scoped to the organization and the caller who sent them. */
export interface KeyScope {
  readonly orgId: number;
  readonly caller: string;
  readonly key: string;
}

/** How long a key and its stored response count (Stripe keeps them 24 hours too). */
export const KEY_TTL_MS = 24 * 3600_000;

/** Keys created before this instant are expired: absent to lookups, and swept by a housekeeping job. */
export function expiryCutoff(now: Date): Date {
  return new Date(now.getTime() - KEY_TTL_MS);
}

const scoped = (scope: KeyScope) =>
  ({ org_id: scope.orgId, caller: scope.caller, idempotency_key: scope.key }) as const;

/** The row of one caller's key (its primary key), for every statement on it. */
const isKey = (scope: KeyScope) => (eb: ExpressionBuilder<DB, 'idempotency_keys'>) =>
  eb.and([
    eb('org_id', '=', scope.orgId),
    eb('caller', '=', scope.caller),
    eb('idempotency_key', '=', scope.key),
  ]);

/** Deletes every key created before `before` (any organization: expiry is global); returns how many. */
export async function deleteExpiredKeys(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The stored request and (once finished) response for a key that has not expired, if any. */
export function findKey(db: Kysely<DB>, scope: KeyScope, now = new Date()) {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response_body'])
    .where(isKey(scope))
    .where('created_at', '>=', expiryCutoff(now))
    .executeTakeFirst();
}

/**
 * Claims a key for a request now running; a unique violation means another request holds it.
 * An expired row of the same key (the sweep has not run yet) is replaced: the key is free again.
 */
export async function insertKey(
  db: Kysely<DB>,
  scope: KeyScope,
  request: { method: string; path: string; hash: string },
  now = new Date(),
): Promise<void> {
  const k = scoped(scope);
  await db
    .deleteFrom('idempotency_keys')
    .where(isKey(scope))
    .where('created_at', '<', expiryCutoff(now))
    .execute();
  await db
    .insertInto('idempotency_keys')
    .values({ ...k, method: request.method, path: request.path, request_hash: request.hash, created_at: now })
    .execute();
}

/** Stores the finished response of a claimed key. */
export async function storeResponse(
  db: Kysely<DB>,
  scope: KeyScope,
  response: { status: number; body: string },
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: response.status, response_body: response.body })
    .where(isKey(scope))
    .execute();
}

/** Releases a claimed key (the request failed with a 5xx, so a retry runs again). */
export async function deleteKey(db: Kysely<DB>, scope: KeyScope): Promise<void> {
  await db.deleteFrom('idempotency_keys').where(isKey(scope)).execute();
}
