import type { Kysely } from 'kysely';
import { constraintViolation } from '../../db/errors.js';
import { type ListAnswer, type ListRequest, listAnswer } from '../../db/keyset.js';
import type { DB } from '../../db/types.js';
import { toDate, toIsoString } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type RequestMeta, recordAudit } from '../audit/index.js';
import {
  type ApiKeyState,
  type AuthRuntime,
  apiKeyScopes,
  type Caller,
  digest,
  forgetApiKey,
  isPermission,
  newOpaqueToken,
  type Permission,
  type RequestAuth,
  tokenPrefixes,
} from '../auth/index.js';
import {
  apiKeysQuery,
  findApiKeyByHash,
  findApiKeyRow,
  findServiceAccountRow,
  insertApiKey,
  insertServiceAccount,
  revokeApiKeyRows,
  serviceAccountsQuery,
  setServiceAccountDisabled,
  touchApiKey,
} from './repository.js';
import { apiKeySorts, serviceAccountSorts } from './schema.js';

export interface ServiceAccount {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly disabledAt: string | null;
  readonly createdAt: string;
  readonly createdByUserId: number | null;
}

export interface ApiKey {
  readonly id: number;
  readonly serviceAccountId: number;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: string[];
  readonly status: 'active' | 'revoked' | 'expired';
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
  readonly createdAt: string;
  readonly createdByUserId: number | null;
}

const notFound = (what: string) =>
  new AppError('RESOURCE_NOT_FOUND', `No such ${what} in this organization.`);

type AccountRow = NonNullable<Awaited<ReturnType<typeof findServiceAccountRow>>>;
type KeyRow = NonNullable<Awaited<ReturnType<typeof findApiKeyRow>>>;

function toServiceAccount(r: AccountRow): ServiceAccount {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    disabledAt: toIsoString(r.disabled_at),
    createdAt: toIsoString(r.created_at),
    createdByUserId: r.created_by_user_id,
  };
}

function toApiKey(r: KeyRow): ApiKey {
  const expired = r.expires_at !== null && toDate(r.expires_at) <= new Date();
  return {
    id: r.id,
    serviceAccountId: r.service_account_id,
    name: r.name,
    prefix: r.prefix,
    scopes: JSON.parse(r.scopes) as string[],
    status: r.revoked_at !== null ? 'revoked' : expired ? 'expired' : 'active',
    expiresAt: toIsoString(r.expires_at),
    revokedAt: toIsoString(r.revoked_at),
    lastUsedAt: toIsoString(r.last_used_at),
    createdAt: toIsoString(r.created_at),
    createdByUserId: r.created_by_user_id,
  };
}

/** Creates a service account (a machine client) in the caller's organization. */
export async function createServiceAccount(
  db: Kysely<DB>,
  caller: Caller,
  input: { name: string; description?: string | undefined },
  meta: RequestMeta,
): Promise<ServiceAccount> {
  const id = await db.transaction().execute(async (trx) => {
    let created: number;
    try {
      created = await insertServiceAccount(trx, {
        org_id: caller.orgId,
        name: input.name,
        description: input.description ?? null,
        created_by_user_id: caller.userId,
      });
    } catch (err) {
      if (constraintViolation(err) === 'unique') {
        throw new AppError('API_KEYS_NAME_TAKEN', `A service account named "${input.name}" already exists.`);
      }
      throw err;
    }
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: 'service_accounts.created',
      target: { type: 'service_account', id: created },
      details: { name: input.name },
      meta,
    });
    return created;
  });
  return getServiceAccount(db, caller.orgId, id);
}

/** A page of the organization's service accounts. */
export function listServiceAccounts(
  db: Kysely<DB>,
  orgId: number,
  request: ListRequest,
): Promise<ListAnswer<ServiceAccount>> {
  return listAnswer(serviceAccountsQuery(db, orgId), request, serviceAccountSorts, toServiceAccount);
}

export async function getServiceAccount(db: Kysely<DB>, orgId: number, id: number): Promise<ServiceAccount> {
  const row = await findServiceAccountRow(db, orgId, id);
  if (!row) throw notFound('service account');
  return toServiceAccount(row);
}

/** Disables a service account and revokes all its keys. */
export async function disableServiceAccount(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  caller: Caller,
  id: number,
  meta: RequestMeta,
): Promise<ServiceAccount> {
  const revoked = await db.transaction().execute(async (trx) => {
    const row = await findServiceAccountRow(trx, caller.orgId, id);
    if (!row) throw notFound('service account');
    const at = new Date();
    await setServiceAccountDisabled(trx, caller.orgId, id, at);
    const keys = await revokeApiKeyRows(trx, caller.orgId, { serviceAccountId: id }, at);
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: 'service_accounts.disabled',
      target: { type: 'service_account', id },
      details: { revokedKeys: keys },
      meta,
    });
    return keys;
  });
  for (const keyId of revoked) forgetApiKey(runtime, keyId);
  return getServiceAccount(db, caller.orgId, id);
}

/**
 * Creates an API key for a service account. The key is returned once and stored only as a
 * hash. Its scopes must be permissions an API key may carry and that the creator holds.
 */
export async function createApiKey(
  db: Kysely<DB>,
  caller: Caller,
  serviceAccountId: number,
  input: { name: string; scopes: string[]; expiresAt?: Date | undefined },
  meta: RequestMeta,
): Promise<{ apiKey: ApiKey; key: string }> {
  const scopes = [...new Set(input.scopes)].sort();
  for (const scope of scopes) {
    if (!isPermission(scope) || !apiKeyScopes.includes(scope)) {
      throw new AppError('API_KEYS_INVALID_SCOPE', `"${scope}" cannot be given to an API key.`, {
        allowed: apiKeyScopes,
      });
    }
    if (!caller.has(scope as Permission)) {
      throw new AppError('AUTH_FORBIDDEN', `You cannot give a key "${scope}": you do not hold it yourself.`);
    }
  }
  if (input.expiresAt && input.expiresAt <= new Date()) {
    throw new AppError('REQUEST_INVALID', 'expiresAt must be in the future.', {
      errors: [{ path: 'body.expiresAt', message: 'must be in the future' }],
    });
  }
  const key = newOpaqueToken(tokenPrefixes.apiKey);
  const id = await db.transaction().execute(async (trx) => {
    const account = await findServiceAccountRow(trx, caller.orgId, serviceAccountId);
    if (!account) throw notFound('service account');
    if (account.disabled_at !== null) {
      throw new AppError('API_KEYS_ACCOUNT_DISABLED', 'The service account is disabled.');
    }
    const created = await insertApiKey(trx, {
      org_id: caller.orgId,
      service_account_id: serviceAccountId,
      name: input.name,
      prefix: key.slice(0, 12),
      key_hash: digest(key),
      scopes: JSON.stringify(scopes),
      expires_at: input.expiresAt ?? null,
      created_by_user_id: caller.userId,
    });
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: 'api_keys.created',
      target: { type: 'api_key', id: created },
      details: { serviceAccountId, name: input.name, prefix: key.slice(0, 12), scopes },
      meta,
    });
    return created;
  });
  const row = await findApiKeyRow(db, caller.orgId, id);
  if (!row) throw notFound('API key');
  return { apiKey: toApiKey(row), key };
}

/** A page of the organization's API keys (never the keys themselves). */
export function listApiKeys(
  db: Kysely<DB>,
  orgId: number,
  request: ListRequest & { readonly serviceAccountId?: number | undefined },
): Promise<ListAnswer<ApiKey>> {
  return listAnswer(apiKeysQuery(db, orgId, request.serviceAccountId), request, apiKeySorts, toApiKey);
}

/** Revokes a key at once (in this process; other processes within LANEWISE_AUTH_CACHE_MS). */
export async function revokeApiKey(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  caller: Caller,
  id: number,
  meta: RequestMeta,
): Promise<ApiKey> {
  await db.transaction().execute(async (trx) => {
    const row = await findApiKeyRow(trx, caller.orgId, id);
    if (!row) throw notFound('API key');
    const revoked = await revokeApiKeyRows(trx, caller.orgId, { id }, new Date());
    if (revoked.length > 0) {
      await recordAudit(trx, {
        orgId: caller.orgId,
        actor: caller.actor,
        action: 'api_keys.revoked',
        target: { type: 'api_key', id },
        details: { prefix: row.prefix, serviceAccountId: row.service_account_id },
        meta,
      });
    }
  });
  forgetApiKey(runtime, id);
  const row = await findApiKeyRow(db, caller.orgId, id);
  if (!row) throw notFound('API key');
  return toApiKey(row);
}

const TOUCH_EVERY_MS = 5 * 60_000;

/** The caller behind an API key, or 401 AUTH_INVALID_TOKEN / AUTH_TOKEN_EXPIRED / AUTH_TOKEN_REVOKED. */
export async function authenticateApiKey(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  key: string,
): Promise<RequestAuth> {
  const invalid = new AppError('AUTH_INVALID_TOKEN', 'The API key is not valid.');
  if (!key.startsWith(tokenPrefixes.apiKey) || key.length > 100) throw invalid;
  const hash = digest(key);
  let state = runtime.apiKeys.get(hash);
  if (!state) {
    const epoch = runtime.epoch;
    const row = await findApiKeyByHash(db, hash);
    if (!row) throw invalid;
    if (row.revoked_at !== null || row.disabled_at !== null) {
      throw new AppError('AUTH_TOKEN_REVOKED', 'The API key was revoked.');
    }
    const scopes = (JSON.parse(row.scopes) as string[]).filter(
      (s): s is Permission => isPermission(s) && apiKeyScopes.includes(s),
    );
    state = {
      auth: {
        kind: 'api_key',
        orgId: row.org_id,
        userId: null,
        apiKeyId: row.id,
        role: null,
        permissions: new Set(scopes),
      },
      expiresAt: row.expires_at === null ? null : toDate(row.expires_at).getTime(),
    };
    const now = new Date();
    if (row.last_used_at === null || now.getTime() - toDate(row.last_used_at).getTime() > TOUCH_EVERY_MS) {
      await touchApiKey(db, row.id, now);
    }
    if (epoch === runtime.epoch) runtime.apiKeys.set(hash, state);
  }
  return authOfKey(state);
}

/** The same answer without waiting, when this process read the key recently; else undefined. */
export function authenticateCachedApiKey(runtime: AuthRuntime, key: string): RequestAuth | undefined {
  if (!key.startsWith(tokenPrefixes.apiKey) || key.length > 100) return undefined;
  const state = runtime.apiKeys.get(digest(key));
  return state ? authOfKey(state) : undefined;
}

function authOfKey(state: ApiKeyState): RequestAuth {
  if (state.expiresAt !== null && state.expiresAt <= Date.now()) {
    throw new AppError('AUTH_TOKEN_EXPIRED', 'The API key has expired; ask an admin for a new one.');
  }
  return state.auth;
}
