import type { Kysely } from 'kysely';
import { type DB, toDate } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type RequestMeta, recordAudit } from '../audit/index.js';
import {
  type Account,
  type AuthRuntime,
  assertPasswordAcceptable,
  type Caller,
  digest,
  findAccountById,
  forgetUser,
  hashPassword,
  markMembershipJoined,
  newOpaqueToken,
  type Session,
  setFirstPasswordHash,
  spendIpBudget,
  startSession,
  tokenPrefixes,
} from '../auth/index.js';
import { organizationById } from '../organizations/index.js';
import { memberNotFound } from './members.js';
import {
  claimInvitation,
  findInvitation,
  findMemberRow,
  type InvitationRow,
  insertInvitation,
  revokeInvitations,
} from './repository.js';

/**
 * Invitations (ADR 0009): an opaque token, stored as a SHA-256 digest, bound to one membership
 * and one e-mail, usable once, and replaced by a newer one for the same membership. No e-mail is
 * sent yet: the answer to the admin carries the token, and the admin passes it on.
 *
 * - For an account that adding this member created (and that has no password yet), the token
 *   sets the first password at POST /auth/accept-invitation and joins the organization.
 * - For any other account the token sets nothing: the person signs in with their own password
 *   and presents it at POST /me/invitations/accept. So an admin holding a token never holds a
 *   credential for an account someone else made, and joining needs both the person's password
 *   and the token this organization issued.
 */
export const INVITATION_TTL_S = 7 * 86_400;

export interface Invitation {
  readonly token: string;
  readonly expiresAt: string;
}

/** Issues a new invitation for a membership; its earlier ones stop working. */
export async function createInvitation(
  db: Kysely<DB>,
  target: { orgId: number; membershipId: number; email: string },
  now = new Date(),
): Promise<Invitation> {
  await revokeInvitations(db, target.membershipId, now);
  const token = newOpaqueToken(tokenPrefixes.invitation);
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_S * 1000);
  await insertInvitation(db, { ...target, tokenHash: digest(token), expiresAt });
  return { token, expiresAt: expiresAt.toISOString() };
}

/** How an invitation is being used: to set a first password, or by a signed-in account. */
export type InvitationUse =
  | { readonly kind: 'first_password' }
  | { readonly kind: 'signed_in'; readonly userId: number };

/**
 * Why an invitation cannot be used this way, or null when it can: 'invalid' for anything that
 * is not a live invitation of this very person to a membership still waiting (the same answer
 * for each, so it tells nothing about whose it is), 'sign_in' when it is live but for an account
 * it may not set a password of.
 */
export function invitationRefusal(
  invitation: InvitationRow | undefined,
  account: Account | undefined,
  use: InvitationUse,
  now: Date,
): 'invalid' | 'sign_in' | null {
  if (!invitation || !account) return 'invalid';
  if (invitation.used_at !== null || invitation.revoked_at !== null) return 'invalid';
  if (toDate(invitation.expires_at).getTime() <= now.getTime()) return 'invalid';
  if (invitation.membership_org_id !== invitation.org_id) return 'invalid';
  if (invitation.invited_at === null || invitation.disabled_at !== null) return 'invalid';
  if (account.id !== invitation.user_id || account.email !== invitation.email) return 'invalid';
  if (account.status !== 'active') return 'invalid';
  if (use.kind === 'signed_in') return use.userId === account.id ? null : 'invalid';
  if (invitation.created_account !== 1 || account.hasPassword) return 'sign_in';
  return null;
}

const invalidInvitation = () =>
  new AppError(
    'AUTH_INVITATION_INVALID',
    'The invitation is not valid, was already used or has expired; ask an admin for a new one.',
  );

const TOKEN_SHAPE = /^lwi_[A-Za-z0-9_-]{43}$/;

async function lookUp(db: Kysely<DB>, token: string) {
  if (!TOKEN_SHAPE.test(token)) return { invitation: undefined, account: undefined };
  const invitation = await findInvitation(db, digest(token));
  const account = invitation ? await findAccountById(db, invitation.user_id) : undefined;
  return { invitation, account };
}

/** A new invitation for a member who has not joined yet; earlier ones stop working. */
export async function reinvite(
  db: Kysely<DB>,
  caller: Caller,
  memberId: number,
  meta: RequestMeta,
): Promise<Invitation> {
  return db.transaction().execute(async (trx) => {
    const member = await findMemberRow(trx, caller.orgId, memberId);
    if (!member) throw memberNotFound(memberId);
    if (member.invited_at === null) {
      throw new AppError('USERS_ALREADY_ACTIVE', 'This member has already joined the organization.');
    }
    const issued = await createInvitation(trx, {
      orgId: caller.orgId,
      membershipId: member.id,
      email: member.email,
    });
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: 'users.invited',
      target: { type: 'member', id: member.id },
      meta,
    });
    return issued;
  });
}

/** Uses the invitation up and joins its membership, in the caller's transaction. */
async function join(
  trx: Kysely<DB>,
  invitation: InvitationRow,
  userId: number,
  via: string,
  meta: RequestMeta,
) {
  const now = new Date();
  if (!(await claimInvitation(trx, invitation.id, now))) throw invalidInvitation();
  if (!(await markMembershipJoined(trx, invitation.membership_id))) throw invalidInvitation();
  await revokeInvitations(trx, invitation.membership_id, now);
  await recordAudit(trx, {
    orgId: invitation.org_id,
    actor: { type: 'user', userId },
    action: 'users.invitation_accepted',
    target: { type: 'member', id: invitation.membership_id },
    details: { via },
    meta,
  });
}

async function sessionIn(db: Kysely<DB>, runtime: AuthRuntime, invitation: InvitationRow, account: Account) {
  const organization = await organizationById(db, invitation.org_id);
  if (!organization) throw invalidInvitation();
  return startSession(db, runtime, {
    user: {
      id: account.id,
      email: account.email,
      name: account.name,
      tokenVersion: invitation.token_version,
    },
    organization: { id: organization.id, slug: organization.slug, name: organization.name },
    role: invitation.role,
  });
}

/**
 * Sets the first password of an account this invitation's organization created, joins it and
 * starts a session there. Any other account is told to sign in and accept (409).
 */
export async function acceptInvitation(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  input: { token: string; password: string },
  meta: RequestMeta,
): Promise<Session> {
  spendIpBudget(runtime, meta);
  const { invitation, account } = await lookUp(db, input.token);
  const refusal = invitationRefusal(invitation, account, { kind: 'first_password' }, new Date());
  if (refusal === 'sign_in') {
    throw new AppError(
      'AUTH_INVITATION_SIGN_IN',
      'This invitation is for an account that already exists: sign in with its password, then accept the invitation at POST /api/v1/me/invitations/accept.',
    );
  }
  if (refusal || !invitation || !account) throw invalidInvitation();
  assertPasswordAcceptable(input.password, [account.email, invitation.name]);
  const hash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    if (!(await setFirstPasswordHash(trx, account.id, hash))) throw invalidInvitation();
    await join(trx, invitation, account.id, 'first_password', meta);
  });
  forgetUser(runtime, account.id);
  return sessionIn(db, runtime, invitation, account);
}

/**
 * Accepts an invitation as the signed-in person it was made for (any account: this is how an
 * existing account joins another organization) and starts a session in that organization.
 */
export async function acceptInvitationSignedIn(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  who: { userId: number },
  token: string,
  meta: RequestMeta,
): Promise<Session> {
  spendIpBudget(runtime, meta);
  const { invitation, account } = await lookUp(db, token);
  const refusal = invitationRefusal(
    invitation,
    account,
    { kind: 'signed_in', userId: who.userId },
    new Date(),
  );
  if (refusal || !invitation || !account) throw invalidInvitation();
  await db.transaction().execute((trx) => join(trx, invitation, account.id, 'signed_in', meta));
  forgetUser(runtime, account.id);
  return sessionIn(db, runtime, invitation, account);
}
