import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type RequestMeta, recordAudit } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import {
  type AuthRuntime,
  assertPasswordAcceptable,
  findUserById,
  forgetUser,
  hashPassword,
  type Session,
  spendIpBudget,
  startSession,
} from '../auth/index.js';
import { memberNotFound } from './members.js';
import {
  bumpAccountTokenVersion,
  claimInvitation,
  findMemberRow,
  findOrganizationRow,
} from './repository.js';

/**
 * Invitations: a person added without a password gets a link token (no email is sent yet: the
 * admin passes it on) with which they set their first password at /api/v1/auth/accept-invitation.
 * The token is a signed, expiring JWT bound to the account's token version, so it works once:
 * setting the password (or a newer invitation) bumps the version.
 */
export const INVITATION_TTL_S = 7 * 86_400;

export interface Invitation {
  readonly token: string;
  readonly expiresAt: string;
}

export async function issueInvitation(
  runtime: AuthRuntime,
  claims: { userId: number; orgId: number; version: number },
): Promise<Invitation> {
  const token = await runtime.tokens.signInvitation(claims, INVITATION_TTL_S);
  return { token, expiresAt: new Date(Date.now() + INVITATION_TTL_S * 1000).toISOString() };
}

/** A new invitation for a member who has not set a password yet; earlier ones stop working. */
export async function reinvite(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  caller: Caller,
  userId: number,
  meta: RequestMeta,
): Promise<Invitation> {
  const version = await db.transaction().execute(async (trx) => {
    const member = await findMemberRow(trx, caller.orgId, userId);
    if (!member) throw memberNotFound(userId);
    if (Number(member.has_password) === 1) {
      throw new AppError('USERS_ALREADY_ACTIVE', 'This user has already set a password.');
    }
    await bumpAccountTokenVersion(trx, userId);
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: 'users.invited',
      target: { type: 'user', id: userId },
      meta,
    });
    return member.token_version + 1;
  });
  forgetUser(runtime, userId);
  return issueInvitation(runtime, { userId, orgId: caller.orgId, version });
}

/** Sets the first password with an invitation and starts a session in the inviting organization. */
export async function acceptInvitation(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  input: { token: string; password: string },
  meta: RequestMeta,
): Promise<Session> {
  spendIpBudget(runtime, meta);
  const claims = await runtime.tokens.verifyInvitation(input.token);
  const invalid = new AppError(
    'AUTH_INVITATION_INVALID',
    'The invitation is not valid, was already used or has expired; ask an admin for a new one.',
  );
  const [account, member] = await Promise.all([
    findUserById(db, claims.userId),
    findMemberRow(db, claims.orgId, claims.userId),
  ]);
  if (!account || !member || account.status !== 'active' || member.disabled_at !== null) throw invalid;
  if (account.password_hash !== null || account.token_version !== claims.version) throw invalid;
  assertPasswordAcceptable(input.password, [account.email, account.name]);
  const hash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    if (!(await claimInvitation(trx, account.id, claims.version, hash))) throw invalid;
    await recordAudit(trx, {
      orgId: claims.orgId,
      actor: { type: 'user', userId: account.id },
      action: 'users.invitation_accepted',
      target: { type: 'user', id: account.id },
      meta,
    });
  });
  forgetUser(runtime, account.id);
  const organization = await findOrganizationRow(db, claims.orgId);
  if (!organization) throw invalid;
  return startSession(db, runtime, {
    user: { id: account.id, email: account.email, name: account.name, tokenVersion: claims.version + 1 },
    organization,
    role: member.role,
  });
}
