import type { Kysely } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import type { DB, NewRow } from '../../db/types.js';

const accountColumns = [
  'id',
  'name',
  'description',
  'created_by_user_id',
  'disabled_at',
  'created_at',
] as const;
const keyColumns = [
  'id',
  'service_account_id',
  'name',
  'prefix',
  'scopes',
  'expires_at',
  'revoked_at',
  'last_used_at',
  'created_by_user_id',
  'created_at',
] as const;

export function insertServiceAccount(db: Kysely<DB>, row: NewRow<'service_accounts'>): Promise<number> {
  return insertOne(db, 'service_accounts', row);
}

/** The organization's service accounts, as a query to page (see listAnswer). */
export function serviceAccountsQuery(db: Kysely<DB>, orgId: number) {
  return db.selectFrom('service_accounts').select(accountColumns).where('org_id', '=', orgId);
}

export function findServiceAccountRow(db: Kysely<DB>, orgId: number, id: number) {
  return db
    .selectFrom('service_accounts')
    .select(accountColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function setServiceAccountDisabled(
  db: Kysely<DB>,
  orgId: number,
  id: number,
  at: Date,
): Promise<void> {
  await db
    .updateTable('service_accounts')
    .set({ disabled_at: at, updated_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .execute();
}

export function insertApiKey(db: Kysely<DB>, row: NewRow<'api_keys'>): Promise<number> {
  return insertOne(db, 'api_keys', row);
}

/** The organization's API keys (of one service account when given), as a query to page. */
export function apiKeysQuery(db: Kysely<DB>, orgId: number, serviceAccountId?: number) {
  let q = db.selectFrom('api_keys').select(keyColumns).where('org_id', '=', orgId);
  if (serviceAccountId !== undefined) q = q.where('service_account_id', '=', serviceAccountId);
  return q;
}

export function findApiKeyRow(db: Kysely<DB>, orgId: number, id: number) {
  return db
    .selectFrom('api_keys')
    .select(keyColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Revokes live keys of an organization: one key, or all of a service account's. */
export async function revokeApiKeyRows(
  db: Kysely<DB>,
  orgId: number,
  which: { id: number } | { serviceAccountId: number },
  at: Date,
): Promise<number[]> {
  let q = db.selectFrom('api_keys').select('id').where('org_id', '=', orgId).where('revoked_at', 'is', null);
  q =
    'id' in which ? q.where('id', '=', which.id) : q.where('service_account_id', '=', which.serviceAccountId);
  const ids = (await q.execute()).map((r) => r.id);
  if (ids.length > 0) {
    await db
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute();
  }
  return ids;
}

/** The key a request presents, by hash, with its service account's state. */
export function findApiKeyByHash(db: Kysely<DB>, keyHash: string) {
  return db
    .selectFrom('api_keys as k')
    .innerJoin('service_accounts as s', 's.id', 'k.service_account_id')
    .select([
      'k.id',
      'k.org_id',
      'k.scopes',
      'k.expires_at',
      'k.revoked_at',
      'k.last_used_at',
      's.disabled_at',
    ])
    .where('k.key_hash', '=', keyHash)
    .executeTakeFirst();
}

export async function touchApiKey(db: Kysely<DB>, id: number, at: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}
