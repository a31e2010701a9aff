import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type RequestMeta, recordAudit } from '../audit/index.js';
import { countLoginFailure, failureKeys, loginRefusal, rateLimited, spendIpBudget } from './limits.js';
import {
  assertPasswordAcceptable,
  hashPassword,
  needsRehash,
  verifyNothing,
  verifyPassword,
} from './passwords.js';
import {
  findCredentialsByEmail,
  findCredentialsById,
  findMembershipOrgBySlug,
  findUsableMemberships,
  markMembershipJoined,
  purgeEndedRefreshTokens,
  setLastLogin,
  setPasswordHash,
} from './repository.js';
import { type AuthRuntime, forgetUser } from './runtime.js';
import { endUserSessions, type Session, startSession } from './sessions.js';

export interface LoginInput {
  readonly email: string;
  readonly password: string;
  /** Slug of the organization to log in to; default: the user's first. */
  readonly organization?: string | undefined;
}

/** Emails compare case-insensitively; stored and looked up lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const invalidCredentials = () =>
  new AppError('AUTH_INVALID_CREDENTIALS', 'The email or password is incorrect.');

/**
 * Checks a password and starts a session. An unknown email, a wrong password, a disabled
 * account and an organization the user is not in all answer the same 401 after the same
 * argon2 work, so neither the answer nor its timing tells which emails have accounts.
 */
export async function login(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  input: LoginInput,
  meta: RequestMeta,
): Promise<Session> {
  spendIpBudget(runtime, meta);
  const email = normalizeEmail(input.email);
  const refusal = loginRefusal(runtime, email, meta.ip);
  if (refusal) {
    if (refusal.firstRefusal) {
      await recordAudit(db, {
        orgId: null,
        actor: { type: 'anonymous' },
        action: 'auth.login_rate_limited',
        outcome: 'failure',
        severity: 'warning',
        details: { email, retryAfter: refusal.retryAfterS },
        meta,
      });
    }
    throw rateLimited(refusal);
  }

  const user = await findCredentialsByEmail(db, email);
  // Where a login can go: joined memberships, and invited ones whose account was created by that
  // organization (its admin set this password, so logging in there is accepting). An invitation
  // to an account that existed before is joined only with its token, after signing in.
  const memberships = user
    ? (await findUsableMemberships(db, user.id)).filter((m) => m.invitedAt === null || m.createdAccount === 1)
    : [];
  const membership = input.organization
    ? memberships.find((m) => m.slug === input.organization)
    : memberships[0];
  const hash = user?.status === 'active' && membership ? user.password_hash : null;
  const ok = hash ? await verifyPassword(hash, input.password) : await verifyNothing(input.password);

  if (!ok || !user || !membership) {
    countLoginFailure(runtime, email, meta.ip);
    const reason = !user ? 'unknown_email' : !hash ? 'cannot_log_in' : 'wrong_password';
    await recordAudit(db, {
      orgId: user ? await attemptedOrg(db, user.id, input.organization, membership?.orgId) : null,
      actor: user ? { type: 'user', userId: user.id } : { type: 'anonymous' },
      action: 'auth.login',
      outcome: 'failure',
      severity: 'warning',
      target: user ? { type: 'user', id: user.id } : undefined,
      details: { email, reason },
      meta,
    });
    throw invalidCredentials();
  }

  runtime.limiter.reset(failureKeys(email, meta.ip).account);
  const now = new Date();
  if (hash && needsRehash(hash)) await setPasswordHash(db, user.id, await hashPassword(input.password));
  if (membership.invitedAt !== null && (await markMembershipJoined(db, membership.membershipId))) {
    await recordAudit(db, {
      orgId: membership.orgId,
      actor: { type: 'user', userId: user.id },
      action: 'users.invitation_accepted',
      target: { type: 'user', id: user.id },
      details: { via: 'first_login' },
      meta,
    });
  }
  await setLastLogin(db, user.id, membership.orgId, now);
  await purgeEndedRefreshTokens(db, user.id, new Date(now.getTime() - 86_400_000));
  const session = await startSession(db, runtime, {
    user: { id: user.id, email: user.email, name: user.name, tokenVersion: membership.tokenVersion },
    organization: { id: membership.orgId, slug: membership.slug, name: membership.name },
    role: membership.role,
  });
  await recordAudit(db, {
    orgId: membership.orgId,
    actor: { type: 'user', userId: user.id },
    action: 'auth.login',
    target: { type: 'user', id: user.id },
    details: { role: membership.role },
    meta,
  });
  return session;
}

/**
 * The organization a failed login was aimed at, where its audit event lands: the named one if
 * the account is a member there (joined or not), else the default target; none otherwise (an
 * attempt on an organization the account is not in is nobody's event but the installation's).
 */
async function attemptedOrg(
  db: Kysely<DB>,
  userId: number,
  slug: string | undefined,
  target: number | undefined,
): Promise<number | null> {
  if (slug === undefined) return target ?? null;
  return (await findMembershipOrgBySlug(db, userId, slug)) ?? null;
}

/**
 * Changes the caller's password after checking the current one; ends every other session
 * (all refresh tokens, all access tokens via the token version) and starts a new one for this
 * client, so the person who changed it stays logged in.
 */
export async function changePassword(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  who: { userId: number; orgId: number },
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<Session> {
  const user = await findCredentialsById(db, who.userId);
  if (!user) throw new AppError('AUTH_TOKEN_REVOKED', 'The account no longer exists.');
  const refusal = loginRefusal(runtime, user.email, meta.ip);
  if (refusal) throw rateLimited(refusal);
  const ok = user.password_hash
    ? await verifyPassword(user.password_hash, input.currentPassword)
    : await verifyNothing(input.currentPassword);
  if (!ok) {
    countLoginFailure(runtime, user.email, meta.ip);
    await recordAudit(db, {
      orgId: who.orgId,
      actor: { type: 'user', userId: user.id },
      action: 'auth.password_change',
      outcome: 'failure',
      severity: 'warning',
      target: { type: 'user', id: user.id },
      details: { reason: 'wrong_current_password' },
      meta,
    });
    throw new AppError('AUTH_INVALID_CREDENTIALS', 'The current password is incorrect.');
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError('AUTH_WEAK_PASSWORD', 'The new password must differ from the current one.');
  }
  assertPasswordAcceptable(input.newPassword, [user.email, user.name]);
  const hash = await hashPassword(input.newPassword);

  await db.transaction().execute(async (trx) => {
    await replacePassword(trx, user.id, hash, 'password_changed');
    await recordAudit(trx, {
      orgId: who.orgId,
      actor: { type: 'user', userId: user.id },
      action: 'auth.password_change',
      target: { type: 'user', id: user.id },
      meta,
    });
  });
  forgetUser(runtime, user.id);

  const membership = (await findUsableMemberships(db, user.id)).find(
    (m) => m.orgId === who.orgId && m.invitedAt === null,
  );
  if (!membership) throw new AppError('AUTH_TOKEN_REVOKED', 'The account can no longer log in here.');
  return startSession(db, runtime, {
    user: { id: user.id, email: user.email, name: user.name, tokenVersion: membership.tokenVersion },
    organization: { id: membership.orgId, slug: membership.slug, name: membership.name },
    role: membership.role,
  });
}

/**
 * The one password write of an account once it exists (a change by its owner, a reset by the
 * operator): the new hash, and every session of the account ends in the same transaction.
 */
export async function replacePassword(
  trx: Transaction<DB>,
  userId: number,
  hash: string,
  reason: 'password_changed' | 'password_reset',
): Promise<void> {
  await setPasswordHash(trx, userId, hash);
  await endUserSessions(trx, userId, reason);
}
