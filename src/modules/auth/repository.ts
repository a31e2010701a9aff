import { type Kysely, sql } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import type { DB, NewRow, Role } from '../../db/types.js';

/**
 * The one repository of accounts (the `users` table: credentials, status, last login) and of
 * the session columns of memberships (token version, last login there). Password hashes are
 * read only here and in login.ts; what leaves the module is an `Account`, without the hash.
 */
export interface Account {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly status: 'active' | 'disabled';
  readonly hasPassword: boolean;
}

const credentialColumns = ['id', 'email', 'name', 'password_hash', 'status'] as const;

/** The account with this (normalized) email with its password hash: login only. */
export function findCredentialsByEmail(db: Kysely<DB>, email: string) {
  return db.selectFrom('users').select(credentialColumns).where('email', '=', email).executeTakeFirst();
}

/** The account with its password hash: password change only. */
export function findCredentialsById(db: Kysely<DB>, userId: number) {
  return db.selectFrom('users').select(credentialColumns).where('id', '=', userId).executeTakeFirst();
}

const toAccount = (r: {
  id: number;
  email: string;
  name: string;
  password_hash: string | null;
  status: 'active' | 'disabled';
}): Account => ({
  id: r.id,
  email: r.email,
  name: r.name,
  status: r.status,
  hasPassword: r.password_hash !== null,
});

/** The account with this (normalized) email, if any, without its hash. */
export async function findAccountByEmail(db: Kysely<DB>, email: string): Promise<Account | undefined> {
  const row = await findCredentialsByEmail(db, email);
  return row && toAccount(row);
}

/** An account by id (any status), without its hash. */
export async function findAccountById(db: Kysely<DB>, userId: number): Promise<Account | undefined> {
  const row = await findCredentialsById(db, userId);
  return row && toAccount(row);
}

/** Creates an account; `passwordHash` null leaves it to an invitation to set the first one. */
export function createAccount(
  db: Kysely<DB>,
  row: { email: string; name: string; passwordHash: string | null },
): Promise<number> {
  const now = new Date();
  return insertOne(db, 'users', {
    email: row.email,
    name: row.name,
    password_hash: row.passwordHash,
    password_changed_at: row.passwordHash ? now : null,
    created_at: now,
    updated_at: now,
  });
}

export async function setPasswordHash(db: Kysely<DB>, userId: number, hash: string): Promise<void> {
  const now = new Date();
  await db
    .updateTable('users')
    .set({ password_hash: hash, password_changed_at: now, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** Sets the first password, once: only while the account has none (false otherwise). */
export async function setFirstPasswordHash(db: Kysely<DB>, userId: number, hash: string): Promise<boolean> {
  const now = new Date();
  const result = await db
    .updateTable('users')
    .set({ password_hash: hash, password_changed_at: now, updated_at: now })
    .where('id', '=', userId)
    .where('password_hash', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setAccountStatus(
  db: Kysely<DB>,
  userId: number,
  status: 'active' | 'disabled',
): Promise<void> {
  await db.updateTable('users').set({ status, updated_at: new Date() }).where('id', '=', userId).execute();
}

/** Every account with its memberships, for the operator (`lanewise users list`). */
export function listAccountsWithMemberships(db: Kysely<DB>, orgId?: number) {
  let q = db
    .selectFrom('users as u')
    .leftJoin('memberships as m', 'm.user_id', 'u.id')
    .leftJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['u.id', 'u.email', 'u.name', 'u.status', 'm.role', 'm.disabled_at', 'm.invited_at', 'o.slug']);
  if (orgId !== undefined) q = q.where('m.org_id', '=', orgId);
  return q.orderBy('u.id').orderBy('o.id').execute();
}

/** The organizations an account is a member of (joined or invited). */
export async function membershipOrgIds(db: Kysely<DB>, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('memberships').select('org_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.org_id);
}

/**
 * A user's memberships that are not disabled, with their organizations, oldest first: joined
 * ones, and invited ones (a login may accept those the account was created for).
 */
export function findUsableMemberships(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select([
      'm.id as membershipId',
      'm.org_id as orgId',
      'm.role',
      'm.token_version as tokenVersion',
      'm.invited_at as invitedAt',
      'm.created_account as createdAccount',
      'o.slug',
      'o.name',
    ])
    .where('m.user_id', '=', userId)
    .where('m.disabled_at', 'is', null)
    .orderBy('m.id')
    .execute();
}

/** The organization of a login attempt: the member's, joined or not (where its audit lands). */
export async function findMembershipOrgBySlug(
  db: Kysely<DB>,
  userId: number,
  slug: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select('m.org_id')
    .where('m.user_id', '=', userId)
    .where('o.slug', '=', slug)
    .executeTakeFirst();
  return row?.org_id;
}

/** What every request re-checks: account status, membership state and its token version. */
export async function findPrincipal(
  db: Kysely<DB>,
  userId: number,
  orgId: number,
): Promise<{ active: boolean; tokenVersion: number; role: Role } | undefined> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.status', 'm.token_version', 'm.role', 'm.disabled_at', 'm.invited_at'])
    .where('u.id', '=', userId)
    .where('m.org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    active: row.status === 'active' && row.disabled_at === null && row.invited_at === null,
    tokenVersion: row.token_version,
    role: row.role,
  };
}

/**
 * Ends sessions by bumping token versions: of the one membership (orgId), or of every
 * membership of the account (null) for account-wide events.
 */
export async function bumpTokenVersions(db: Kysely<DB>, userId: number, orgId: number | null): Promise<void> {
  let q = db
    .updateTable('memberships')
    .set({ token_version: sql<number>`token_version + 1` })
    .where('user_id', '=', userId);
  if (orgId !== null) q = q.where('org_id', '=', orgId);
  await q.execute();
}

/** Records a login: on the account (for the operator) and on the membership (for its organization). */
export async function setLastLogin(db: Kysely<DB>, userId: number, orgId: number, at: Date): Promise<void> {
  await db.updateTable('users').set({ last_login_at: at }).where('id', '=', userId).execute();
  await db
    .updateTable('memberships')
    .set({ last_login_at: at })
    .where('user_id', '=', userId)
    .where('org_id', '=', orgId)
    .execute();
}

/** Joins an invited membership (the person accepted); false when it was not waiting. */
export async function markMembershipJoined(db: Kysely<DB>, membershipId: number): Promise<boolean> {
  const result = await db
    .updateTable('memberships')
    .set({ invited_at: null })
    .where('id', '=', membershipId)
    .where('invited_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertRefreshToken(db: Kysely<DB>, row: NewRow<'refresh_tokens'>): Promise<void> {
  await db.insertInto('refresh_tokens').values(row).execute();
}

export function findRefreshToken(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens')
    .select([
      'id',
      'org_id',
      'user_id',
      'family_id',
      'expires_at',
      'family_expires_at',
      'used_at',
      'used_by',
      'revoked_at',
      'revoked_reason',
    ])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Marks a refresh token used if, and only if, nobody used or revoked it before: the single
 * conditional UPDATE is what lets exactly one of many concurrent refreshes win.
 */
export async function claimRefreshToken(
  db: Kysely<DB>,
  id: number,
  at: Date,
  client: string,
): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ used_at: at, used_by: client })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeFamily(
  db: Kysely<DB>,
  familyId: string,
  reason: string,
  at: Date,
): Promise<number> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Revokes a user's live refresh tokens, in one organization or (orgId null) everywhere. */
export async function revokeUserRefreshTokens(
  db: Kysely<DB>,
  userId: number,
  orgId: number | null,
  reason: string,
  at: Date,
): Promise<number> {
  let q = db
    .updateTable('refresh_tokens')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (orgId !== null) q = q.where('org_id', '=', orgId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes a user's tokens whose session ended long ago (kept until then for reuse detection). */
export async function purgeEndedRefreshTokens(db: Kysely<DB>, userId: number, before: Date): Promise<void> {
  await db
    .deleteFrom('refresh_tokens')
    .where('user_id', '=', userId)
    .where('family_expires_at', '<', before)
    .execute();
}
