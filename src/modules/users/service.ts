import type { Kysely, Transaction } from 'kysely';
import type { DB, Role } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type RequestMeta, recordAudit } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import {
  type AuthRuntime,
  assertPasswordAcceptable,
  endUserSessions,
  findUserByEmail,
  forgetUser,
  hashPassword,
  normalizeEmail,
} from '../auth/index.js';
import { type Invitation, issueInvitation } from './invitations.js';
import { type Member, memberNotFound, toMember } from './members.js';
import {
  countActiveOwners,
  findMemberRow,
  insertAccount,
  insertMembership,
  listMemberRows,
  setMembershipDisabled,
  setMembershipRole,
} from './repository.js';

/** The organization's members, optionally of one role. */
export async function listMembers(db: Kysely<DB>, orgId: number, filter: { role?: Role | undefined } = {}) {
  return (await listMemberRows(db, orgId, filter)).map(toMember);
}

/** One member, or 404 (also for users who exist only in other organizations). */
export async function getMember(db: Kysely<DB>, orgId: number, userId: number): Promise<Member> {
  const row = await findMemberRow(db, orgId, userId);
  if (!row) throw memberNotFound(userId);
  return toMember(row);
}

function assertMayGrant(caller: Caller, ...roles: Role[]): void {
  if (roles.includes('owner') && !caller.has('org:transfer-ownership')) {
    throw new AppError('AUTH_FORBIDDEN', 'Only an owner can make someone an owner or change an owner.', {
      permission: 'org:transfer-ownership',
    });
  }
}

export interface NewMember {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** Set a password now; without one the answer carries an invitation to set it. */
  readonly password?: string | undefined;
}

/**
 * Adds a person to the caller's organization: a new account (with the given password, or an
 * invitation to set one), or an existing account of another organization (its password is its
 * own: giving one is refused rather than silently ignored).
 */
export async function addMember(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  caller: Caller,
  input: NewMember,
  meta: RequestMeta,
): Promise<{ user: Member; invitation: Invitation | null }> {
  assertMayGrant(caller, input.role);
  const email = normalizeEmail(input.email);
  const existing = await findUserByEmail(db, email);
  if (existing && (await findMemberRow(db, caller.orgId, existing.id))) {
    throw new AppError('USERS_ALREADY_MEMBER', `${email} is already a member of this organization.`);
  }
  if (existing && input.password !== undefined) {
    throw new AppError(
      'USERS_EMAIL_TAKEN',
      `${email} already has an account; add it without a password (it keeps its own).`,
    );
  }
  if (input.password !== undefined) assertPasswordAcceptable(input.password, [email, input.name]);
  const hash = input.password !== undefined ? await hashPassword(input.password) : null;

  const userId = await db.transaction().execute(async (trx) => {
    const id =
      existing?.id ?? (await insertAccount(trx, { email, name: input.name.trim(), password_hash: hash }));
    await insertMembership(trx, caller.orgId, id, input.role);
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: 'users.added',
      target: { type: 'user', id },
      details: { email, role: input.role, existingAccount: existing !== undefined, invited: hash === null },
      meta,
    });
    return id;
  });
  const account = await findUserByEmail(db, email);
  const invitation =
    account && account.password_hash === null
      ? await issueInvitation(runtime, { userId, orgId: caller.orgId, version: account.token_version })
      : null;
  return { user: await getMember(db, caller.orgId, userId), invitation };
}

/** Runs a change to a member and ends their sessions in the organization, in one transaction. */
async function changeMember(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  caller: Caller,
  userId: number,
  change: (trx: Transaction<DB>, member: Member) => Promise<Record<string, unknown> | null>,
  action: string,
  meta: RequestMeta,
): Promise<Member> {
  const changed = await db.transaction().execute(async (trx) => {
    const row = await findMemberRow(trx, caller.orgId, userId);
    if (!row) throw memberNotFound(userId);
    const details = await change(trx, toMember(row));
    if (details === null) return false;
    await endUserSessions(trx, userId, action.replace('users.', ''), caller.orgId);
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action,
      target: { type: 'user', id: userId },
      details,
      meta,
    });
    return true;
  });
  if (changed) forgetUser(runtime, userId);
  return getMember(db, caller.orgId, userId);
}

async function assertNotLastOwner(trx: Transaction<DB>, orgId: number, member: Member): Promise<void> {
  if (member.role === 'owner' && member.status !== 'disabled' && (await countActiveOwners(trx, orgId)) <= 1) {
    throw new AppError(
      'USERS_LAST_OWNER',
      'The organization needs at least one active owner; make another owner first.',
    );
  }
}

/** Changes a member's role; their sessions end (the new role applies at their next login). */
export function changeRole(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  caller: Caller,
  userId: number,
  role: Role,
  meta: RequestMeta,
): Promise<Member> {
  return changeMember(
    db,
    runtime,
    caller,
    userId,
    async (trx, member) => {
      assertMayGrant(caller, role, member.role);
      if (member.role === role) return null;
      if (role !== 'owner') await assertNotLastOwner(trx, caller.orgId, member);
      await setMembershipRole(trx, caller.orgId, userId, role);
      return { from: member.role, to: role };
    },
    'users.role_changed',
    meta,
  );
}

/** Disables a member in this organization (their account stays usable elsewhere). */
export function disableMember(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  caller: Caller,
  userId: number,
  meta: RequestMeta,
): Promise<Member> {
  return changeMember(
    db,
    runtime,
    caller,
    userId,
    async (trx, member) => {
      if (caller.userId === userId) {
        throw new AppError('USERS_CANNOT_DISABLE_SELF', 'You cannot disable yourself; ask another admin.');
      }
      assertMayGrant(caller, member.role);
      if (member.status === 'disabled') return null;
      await assertNotLastOwner(trx, caller.orgId, member);
      await setMembershipDisabled(trx, caller.orgId, userId, new Date());
      return { role: member.role };
    },
    'users.disabled',
    meta,
  );
}

/** Re-enables a member disabled in this organization. */
export async function enableMember(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  caller: Caller,
  userId: number,
  meta: RequestMeta,
): Promise<Member> {
  return changeMember(
    db,
    runtime,
    caller,
    userId,
    async (trx, member) => {
      assertMayGrant(caller, member.role);
      await setMembershipDisabled(trx, caller.orgId, userId, null);
      return member.status === 'disabled' ? { role: member.role } : null;
    },
    'users.enabled',
    meta,
  );
}
