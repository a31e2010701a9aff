import type { Kysely } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import type { DB, Role } from '../../db/types.js';

/**
 * Memberships (who is in an organization, with which role, as what name) and invitations. The
 * account itself (credentials, status) and the session columns of memberships belong to auth's
 * repository (ADR 0009): this one never writes the users table.
 */

/**
 * A member as the organization knows it: the name it entered and its own last login, never the
 * account's (another organization's entries stay there). `id` is the membership's: always a
 * fresh one, so it tells nothing about when the account was made.
 */
export function members(db: Kysely<DB>, orgId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.id',
      'm.user_id',
      'u.email',
      'm.name',
      'm.role',
      'm.disabled_at',
      'm.invited_at',
      'm.last_login_at',
      'm.created_at',
    ])
    .where('m.org_id', '=', orgId);
}

export type MemberRow = Awaited<ReturnType<typeof findMemberRow>> & object;

/** The organization's members as one query (a derived table, so the keyset sees plain columns). */
export function memberListQuery(db: Kysely<DB>, orgId: number, filter: { role?: Role | undefined }) {
  let q = members(db, orgId);
  if (filter.role) q = q.where('m.role', '=', filter.role);
  return db.selectFrom(q.as('members')).selectAll();
}

/** A member of the organization by membership id, or undefined (also for other organizations'). */
export function findMemberRow(db: Kysely<DB>, orgId: number, memberId: number) {
  return members(db, orgId).where('m.id', '=', memberId).executeTakeFirst();
}

/** The organization's membership of an account, if any. */
export function findMemberRowByUser(db: Kysely<DB>, orgId: number, userId: number) {
  return members(db, orgId).where('m.user_id', '=', userId).executeTakeFirst();
}

export function insertMembership(
  db: Kysely<DB>,
  row: {
    orgId: number;
    userId: number;
    role: Role;
    name: string;
    /** Null: joined at once (seeding); otherwise the person has to accept. */
    invitedAt: Date | null;
    createdAccount: boolean;
  },
): Promise<number> {
  return insertOne(db, 'memberships', {
    org_id: row.orgId,
    user_id: row.userId,
    role: row.role,
    name: row.name,
    invited_at: row.invitedAt,
    created_account: row.createdAccount ? 1 : 0,
  });
}

export async function setMembershipRole(db: Kysely<DB>, memberId: number, role: Role): Promise<void> {
  await db.updateTable('memberships').set({ role }).where('id', '=', memberId).execute();
}

export async function setMembershipDisabled(
  db: Kysely<DB>,
  memberId: number,
  at: Date | null,
): Promise<void> {
  await db.updateTable('memberships').set({ disabled_at: at }).where('id', '=', memberId).execute();
}

/** Joined, enabled owners of an organization (the last one can be neither demoted nor disabled). */
export async function countActiveOwners(db: Kysely<DB>, orgId: number): Promise<number> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', 'owner')
    .where('m.disabled_at', 'is', null)
    .where('m.invited_at', 'is', null)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertInvitation(
  db: Kysely<DB>,
  row: { orgId: number; membershipId: number; email: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('invitations')
    .values({
      org_id: row.orgId,
      membership_id: row.membershipId,
      email: row.email,
      token_hash: row.tokenHash,
      expires_at: row.expiresAt,
      created_at: new Date(),
    })
    .execute();
}

/** Revokes the membership's invitations not used yet (a newer one replaces them, or it was joined). */
export async function revokeInvitations(db: Kysely<DB>, membershipId: number, at: Date): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ revoked_at: at })
    .where('membership_id', '=', membershipId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

/** An invitation by token hash, with the membership it is bound to. */
export function findInvitation(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('memberships as m', 'm.id', 'i.membership_id')
    .select([
      'i.id',
      'i.org_id',
      'i.membership_id',
      'i.email',
      'i.expires_at',
      'i.used_at',
      'i.revoked_at',
      'm.user_id',
      'm.org_id as membership_org_id',
      'm.role',
      'm.name',
      'm.token_version',
      'm.invited_at',
      'm.disabled_at',
      'm.created_account',
    ])
    .where('i.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export type InvitationRow = Awaited<ReturnType<typeof findInvitation>> & object;

/** Uses an invitation up, once: false when it was used or revoked meanwhile. */
export async function claimInvitation(db: Kysely<DB>, id: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
