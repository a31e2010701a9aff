import type { Kysely } from 'kysely';
import { constraintViolation } from '../../db/errors.js';
import type { DB } from '../../db/types.js';
import { toDate } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type RequestMeta, recordAudit } from '../audit/index.js';
import {
  type ApiKeyState,
  type AuthRuntime,
  actorOf,
  apiKeyScopes,
  digest,
  forgetApiKey,
  isPermission,
  newOpaqueToken,
  type Permission,
  type RequestAuth,
  tokenPrefixes,
} from '../auth/index.js';
import {
  findApiKeyByHash,
  findApiKeyRow,
  findServiceAccountRow,
  insertApiKey,
  insertServiceAccount,
  listApiKeyRows,
  listServiceAccountRows,
  revokeApiKeyRows,
  setServiceAccountDisabled,
  touchApiKey,
} from './repository.js';

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

const iso = (v: Date | string | null) => (v === null ? null : toDate(v).toISOString());
const notFound = (what: string) =>
  new AppError('RESOURCE_NOT_FOUND', `No such ${what} in this organization.`);

function toServiceAccount(r: Awaited<ReturnType<typeof listServiceAccountRows>>[number]): ServiceAccount {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    disabledAt: iso(r.disabled_at),
    createdAt: toDate(r.created_at).toISOString(),
    createdByUserId: r.created_by_user_id,
  };
}

function toApiKey(r: Awaited<ReturnType<typeof listApiKeyRows>>[number]): ApiKey {
  const expired = r.expires_at !== null && toDate(r.expires_at) <= new Date();
  return {
    id: r.id,
    serviceAccountId: r.service_account_id,
    name: r.name,
    prefix: r.prefix,
    scopes: JSON.parse(r.scopes) as string[],
    status: r.revoked_at !== null ? 'revoked' : expired ? 'expired' : 'active',
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
    lastUsedAt: iso(r.last_used_at),
    createdAt: toDate(r.created_at).toISOString(),
    createdByUserId: r.created_by_user_id,
  };
}

/** Creates a service account (a machine client) in the caller's organization. */
export async function createServiceAccount(
  db: Kysely<DB>,
  auth: RequestAuth,
  input: { name: string; description?: string | undefined },
  meta: RequestMeta,
): Promise<ServiceAccount> {
  const id = await db.transaction().execute(async (trx) => {
    let created: number;
    try {
      created = await insertServiceAccount(trx, {
        org_id: auth.orgId,
        name: input.name,
        description: input.description ?? null,
        created_by_user_id: auth.userId,
      });
    } catch (err) {
      if (constraintViolation(err) === 'unique') {
        throw new AppError('API_KEYS_NAME_TAKEN', `A service account named "${input.name}" already exists.`);
      }
      throw err;
    }
    await recordAudit(trx, {
      orgId: auth.orgId,
      actor: actorOf(auth),
      action: 'service_accounts.created',
      target: { type: 'service_account', id: created },
      details: { name: input.name },
      meta,
    });
    return created;
  });
  return getServiceAccount(db, auth.orgId, id);
}

export async function listServiceAccounts(db: Kysely<DB>, orgId: number): Promise<ServiceAccount[]> {
  return (await listServiceAccountRows(db, orgId)).map(toServiceAccount);
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
  auth: RequestAuth,
  id: number,
  meta: RequestMeta,
): Promise<ServiceAccount> {
  const revoked = await db.transaction().execute(async (trx) => {
    const row = await findServiceAccountRow(trx, auth.orgId, id);
    if (!row) throw notFound('service account');
    const at = new Date();
    await setServiceAccountDisabled(trx, auth.orgId, id, at);
    const keys = await revokeApiKeyRows(trx, auth.orgId, { serviceAccountId: id }, at);
    await recordAudit(trx, {
      orgId: auth.orgId,
      actor: actorOf(auth),
      action: 'service_accounts.disabled',
      target: { type: 'service_account', id },
      details: { revokedKeys: keys },
      meta,
    });
    return keys;
  });
  for (const keyId of revoked) forgetApiKey(runtime, keyId);
  return getServiceAccount(db, auth.orgId, id);
}

/**
 * Creates an API key for a service account. The key is returned once and stored only as a
 * hash. Its scopes must be permissions an API key may carry and that the creator holds.
 */
export async function createApiKey(
  db: Kysely<DB>,
  auth: RequestAuth,
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
    if (!auth.permissions.has(scope as Permission)) {
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
    const account = await findServiceAccountRow(trx, auth.orgId, serviceAccountId);
    if (!account) throw notFound('service account');
    if (account.disabled_at !== null) {
      throw new AppError('API_KEYS_ACCOUNT_DISABLED', 'The service account is disabled.');
    }
    const created = await insertApiKey(trx, {
      org_id: auth.orgId,
      service_account_id: serviceAccountId,
      name: input.name,
      prefix: key.slice(0, 12),
      key_hash: digest(key),
      scopes: JSON.stringify(scopes),
      expires_at: input.expiresAt ?? null,
      created_by_user_id: auth.userId,
    });
    await recordAudit(trx, {
      orgId: auth.orgId,
      actor: actorOf(auth),
      action: 'api_keys.created',
      target: { type: 'api_key', id: created },
      details: { serviceAccountId, name: input.name, prefix: key.slice(0, 12), scopes },
      meta,
    });
    return created;
  });
  const row = await findApiKeyRow(db, auth.orgId, id);
  if (!row) throw notFound('API key');
  return { apiKey: toApiKey(row), key };
}

export async function listApiKeys(
  db: Kysely<DB>,
  orgId: number,
  serviceAccountId?: number,
): Promise<ApiKey[]> {
  return (await listApiKeyRows(db, orgId, serviceAccountId)).map(toApiKey);
}

/** Revokes a key at once (in this process; other processes within LANEWISE_AUTH_CACHE_MS). */
export async function revokeApiKey(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  auth: RequestAuth,
  id: number,
  meta: RequestMeta,
): Promise<ApiKey> {
  await db.transaction().execute(async (trx) => {
    const row = await findApiKeyRow(trx, auth.orgId, id);
    if (!row) throw notFound('API key');
    const revoked = await revokeApiKeyRows(trx, auth.orgId, { id }, new Date());
    if (revoked.length > 0) {
      await recordAudit(trx, {
        orgId: auth.orgId,
        actor: actorOf(auth),
        action: 'api_keys.revoked',
        target: { type: 'api_key', id },
        details: { prefix: row.prefix, serviceAccountId: row.service_account_id },
        meta,
      });
    }
  });
  forgetApiKey(runtime, id);
  const row = await findApiKeyRow(db, auth.orgId, id);
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
