import { type Kysely, sql } from 'kysely';
import type { DB, NewRow, Role } from '../../db/types.js';

/** The account with this (normalized) email, if any: logins, invitations, demo seeding. */
export function findUserByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'status', 'token_version'])
    .where('email', '=', email)
    .executeTakeFirst();
}

/** An account by id (any status). */
export function findUserById(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'status', 'token_version'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** A user's active memberships with their organizations, oldest first. */
export function findActiveMemberships(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['m.org_id as orgId', 'm.role', 'o.slug', 'o.name'])
    .where('m.user_id', '=', userId)
    .where('m.disabled_at', 'is', null)
    .orderBy('m.id')
    .execute();
}

/** What every request re-checks: account status, membership and token version. */
export async function findPrincipal(
  db: Kysely<DB>,
  userId: number,
  orgId: number,
): Promise<{ active: boolean; tokenVersion: number; role: Role } | undefined> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.status', 'u.token_version', 'm.role', 'm.disabled_at'])
    .where('u.id', '=', userId)
    .where('m.org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    active: row.status === 'active' && row.disabled_at === null,
    tokenVersion: row.token_version,
    role: row.role,
  };
}

export function findOrganization(db: Kysely<DB>, orgId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name'])
    .where('id', '=', orgId)
    .executeTakeFirst();
}

/** Ends every session of a user: later checks of older access tokens fail. */
export async function bumpTokenVersion(db: Kysely<DB>, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ token_version: sql<number>`token_version + 1`, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function setPasswordHash(db: Kysely<DB>, userId: number, hash: string): Promise<void> {
  const now = new Date();
  await db
    .updateTable('users')
    .set({ password_hash: hash, password_changed_at: now, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

export async function setLastLogin(db: Kysely<DB>, userId: number, at: Date): Promise<void> {
  await db.updateTable('users').set({ last_login_at: at }).where('id', '=', userId).execute();
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
export async function claimRefreshToken(db: Kysely<DB>, id: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ used_at: at })
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
