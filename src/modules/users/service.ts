import type { Kysely, Transaction } from 'kysely';
import { constraintViolation, isDeadlock } from '../../db/errors.js';
import { type ListRequest, listAnswer } from '../../db/keyset.js';
import type { DB, Role } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type RequestMeta, recordAudit } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import {
  type AuthRuntime,
  assertPasswordAcceptable,
  createAccount,
  endUserSessions,
  findAccountByEmail,
  forgetUser,
  hashPassword,
  normalizeEmail,
} from '../auth/index.js';
import { createInvitation, type Invitation } from './invitations.js';
import { type Member, memberNotFound, toMember } from './members.js';
import {
  countActiveOwners,
  findMemberRow,
  findMemberRowByUser,
  insertMembership,
  memberListQuery,
  setMembershipDisabled,
  setMembershipRole,
} from './repository.js';
import { memberSorts } from './schema.js';

/** A page of the organization's members, optionally of one role. */
export function listMembers(
  db: Kysely<DB>,
  orgId: number,
  request: ListRequest & { role?: Role | undefined },
) {
  return listAnswer(memberListQuery(db, orgId, request), request, memberSorts, toMember);
}

/** One member, or 404 (also for memberships of other organizations). */
export async function getMember(db: Kysely<DB>, orgId: number, memberId: number): Promise<Member> {
  const row = await findMemberRow(db, orgId, memberId);
  if (!row) throw memberNotFound(memberId);
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
  /** A first password for a new account; without one the answer carries an invitation. */
  readonly password?: string | undefined;
}

/**
 * Adds a person to the caller's organization as an invited member (ADR 0009). The answer is
 * the same whether or not the e-mail already has an account somewhere: the member shows what
 * this organization entered, status `invited`, and (without a password) an invitation token.
 * - A new e-mail gets a new account: with the given password (the person joins at their first
 *   login) or none (the invitation sets it).
 * - An existing account is never changed: a password given is hashed (the same work) and
 *   dropped, and the person joins only by signing in and accepting this organization's token.
 */
export async function addMember(
  db: Kysely<DB>,
  caller: Caller,
  input: NewMember,
  meta: RequestMeta,
): Promise<{ user: Member; invitation: Invitation | null }> {
  const { memberId, invitation } = await insertMember(db, caller, input, { joined: false, meta });
  return { user: await getMember(db, caller.orgId, memberId), invitation };
}

/**
 * The one way a person becomes a member of the caller's organization, invited (`addMember`) or
 * joined at once (the operator, `addAccountToOrganization`): a new e-mail gets a new account, an
 * existing account is used as it is and never changed.
 */
export async function insertMember(
  db: Kysely<DB>,
  caller: Caller,
  input: NewMember,
  how: { readonly joined: boolean; readonly meta: RequestMeta },
): Promise<AddedMember> {
  // A concurrent add of the same e-mail (here or in another organization) won the insert, or
  // InnoDB broke a deadlock between such adds (three at once are enough): once more, now finding
  // what the winner made (an existing account, or already a member).
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertMemberOnce(db, caller, input, how);
    } catch (err) {
      const again = constraintViolation(err) === 'unique' || isDeadlock(err);
      if (!again || attempt >= 3) throw err;
    }
  }
}

interface AddedMember {
  readonly memberId: number;
  readonly existing: boolean;
  readonly invitation: Invitation | null;
}

async function insertMemberOnce(
  db: Kysely<DB>,
  caller: Caller,
  input: NewMember,
  { joined, meta }: { readonly joined: boolean; readonly meta: RequestMeta },
): Promise<AddedMember> {
  assertMayGrant(caller, input.role);
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  const existing = await findAccountByEmail(db, email);
  if (existing && (await findMemberRowByUser(db, caller.orgId, existing.id))) {
    throw new AppError('USERS_ALREADY_MEMBER', `${email} is already a member of this organization.`);
  }
  // An invitation hashes a given password even for an existing account, so the answer's timing
  // does not tell whether the e-mail has one; the operator already sees every account.
  let hash: string | null = null;
  if (input.password !== undefined && !(joined && existing)) {
    assertPasswordAcceptable(input.password, [email, name]);
    hash = await hashPassword(input.password);
  }
  const now = new Date();
  const added = await db.transaction().execute(async (trx) => {
    const userId = existing?.id ?? (await createAccount(trx, { email, name, passwordHash: hash }));
    const memberId = await insertMembership(trx, {
      orgId: caller.orgId,
      userId,
      role: input.role,
      name,
      invitedAt: joined ? null : now,
      createdAccount: existing === undefined,
    });
    const invitation =
      !joined && input.password === undefined
        ? await createInvitation(trx, { orgId: caller.orgId, membershipId: memberId, email }, now)
        : null;
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: 'users.added',
      target: { type: 'member', id: memberId },
      details: { email, role: input.role, invited: invitation !== null },
      meta,
    });
    return { memberId, invitation };
  });
  return { ...added, existing: existing !== undefined };
}

/** Runs a change to a member and ends their sessions in the organization, in one transaction. */
async function changeMember(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  caller: Caller,
  memberId: number,
  change: (trx: Transaction<DB>, member: Member, userId: number) => Promise<Record<string, unknown> | null>,
  action: string,
  meta: RequestMeta,
): Promise<Member> {
  const changed = await db.transaction().execute(async (trx) => {
    const row = await findMemberRow(trx, caller.orgId, memberId);
    if (!row) throw memberNotFound(memberId);
    const details = await change(trx, toMember(row), row.user_id);
    if (details === null) return null;
    // Only this organization's sessions: its refresh tokens and its membership's token version.
    await endUserSessions(trx, row.user_id, action.replace('users.', ''), caller.orgId);
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action,
      target: { type: 'member', id: memberId },
      details,
      meta,
    });
    return row.user_id;
  });
  if (changed !== null) forgetUser(runtime, changed);
  return getMember(db, caller.orgId, memberId);
}

async function assertNotLastOwner(trx: Transaction<DB>, orgId: number, member: Member): Promise<void> {
  if (member.role === 'owner' && member.status === 'active' && (await countActiveOwners(trx, orgId)) <= 1) {
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
  memberId: number,
  role: Role,
  meta: RequestMeta,
): Promise<Member> {
  return changeMember(
    db,
    runtime,
    caller,
    memberId,
    async (trx, member) => {
      assertMayGrant(caller, role, member.role);
      if (member.role === role) return null;
      if (role !== 'owner') await assertNotLastOwner(trx, caller.orgId, member);
      await setMembershipRole(trx, memberId, role);
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
  memberId: number,
  meta: RequestMeta,
): Promise<Member> {
  return changeMember(
    db,
    runtime,
    caller,
    memberId,
    async (trx, member, userId) => {
      if (caller.userId === userId) {
        throw new AppError('USERS_CANNOT_DISABLE_SELF', 'You cannot disable yourself; ask another admin.');
      }
      assertMayGrant(caller, member.role);
      if (member.status === 'disabled') return null;
      await assertNotLastOwner(trx, caller.orgId, member);
      await setMembershipDisabled(trx, memberId, new Date());
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
  memberId: number,
  meta: RequestMeta,
): Promise<Member> {
  return changeMember(
    db,
    runtime,
    caller,
    memberId,
    async (trx, member) => {
      assertMayGrant(caller, member.role);
      await setMembershipDisabled(trx, memberId, null);
      return member.status === 'disabled' ? { role: member.role } : null;
    },
    'users.enabled',
    meta,
  );
}
