import { type Kysely, sql } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import type { DB, Role } from '../../db/types.js';

/** A member of an organization: the account joined with its membership there. */
function members(db: Kysely<DB>, orgId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.status',
      'u.token_version',
      'u.last_login_at',
      'm.role',
      'm.disabled_at',
      'm.created_at',
      sql<number>`case when u.password_hash is null then 0 else 1 end`.as('has_password'),
    ])
    .where('m.org_id', '=', orgId);
}

export type MemberRow = Awaited<ReturnType<typeof findMemberRow>> & object;

export function listMemberRows(db: Kysely<DB>, orgId: number, filter: { role?: Role | undefined }) {
  let q = members(db, orgId);
  if (filter.role) q = q.where('m.role', '=', filter.role);
  return q.orderBy('u.id').execute();
}

/** A member of the organization, or undefined (also when the user exists only elsewhere). */
export function findMemberRow(db: Kysely<DB>, orgId: number, userId: number) {
  return members(db, orgId).where('u.id', '=', userId).executeTakeFirst();
}

export function insertAccount(
  db: Kysely<DB>,
  row: { email: string; name: string; password_hash: string | null },
) {
  const now = new Date();
  return insertOne(db, 'users', {
    ...row,
    password_changed_at: row.password_hash ? now : null,
    created_at: now,
    updated_at: now,
  });
}

export function insertMembership(db: Kysely<DB>, orgId: number, userId: number, role: Role) {
  return insertOne(db, 'memberships', { org_id: orgId, user_id: userId, role });
}

export async function setMembershipRole(
  db: Kysely<DB>,
  orgId: number,
  userId: number,
  role: Role,
): Promise<void> {
  await db
    .updateTable('memberships')
    .set({ role })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
}

export async function setMembershipDisabled(
  db: Kysely<DB>,
  orgId: number,
  userId: number,
  at: Date | null,
): Promise<void> {
  await db
    .updateTable('memberships')
    .set({ disabled_at: at })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
}

export async function setAccountStatus(
  db: Kysely<DB>,
  userId: number,
  status: 'active' | 'disabled',
): Promise<void> {
  await db.updateTable('users').set({ status, updated_at: new Date() }).where('id', '=', userId).execute();
}

/** Active owners of an organization (the last one can be neither demoted nor disabled). */
export async function countActiveOwners(db: Kysely<DB>, orgId: number): Promise<number> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', 'owner')
    .where('m.disabled_at', 'is', null)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Sets the first password of an invited account, once: only while it still has none and its
 * token version is the invitation's (the bump makes the invitation unusable afterwards).
 */
export async function claimInvitation(
  db: Kysely<DB>,
  userId: number,
  version: number,
  hash: string,
): Promise<boolean> {
  const now = new Date();
  const result = await db
    .updateTable('users')
    .set({
      password_hash: hash,
      password_changed_at: now,
      updated_at: now,
      token_version: sql<number>`token_version + 1`,
    })
    .where('id', '=', userId)
    .where('token_version', '=', version)
    .where('password_hash', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every account with its memberships, for the CLI (`lanewise users list`). */
export function listAccountsWithMemberships(db: Kysely<DB>, orgId?: number) {
  let q = db
    .selectFrom('users as u')
    .leftJoin('memberships as m', 'm.user_id', 'u.id')
    .leftJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['u.id', 'u.email', 'u.name', 'u.status', 'm.role', 'm.disabled_at', 'o.slug']);
  if (orgId !== undefined) q = q.where('m.org_id', '=', orgId);
  return q.orderBy('u.id').orderBy('o.id').execute();
}

export async function bumpAccountTokenVersion(db: Kysely<DB>, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ token_version: sql<number>`token_version + 1`, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export function findOrganizationRow(db: Kysely<DB>, orgId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name'])
    .where('id', '=', orgId)
    .executeTakeFirst();
}

export async function setAccountPassword(db: Kysely<DB>, userId: number, hash: string): Promise<void> {
  const now = new Date();
  await db
    .updateTable('users')
    .set({ password_hash: hash, password_changed_at: now, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** The organizations an account is a member of. */
export async function membershipOrgIds(db: Kysely<DB>, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('memberships').select('org_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.org_id);
}
