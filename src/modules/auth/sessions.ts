import type { Kysely } from 'kysely';
import type { DB, Role } from '../../db/types.js';
import { toDate } from '../../db/types.js';
import { AppError, type ErrorCode } from '../../lib/errors.js';
import { type RequestMeta, recordAudit } from '../audit/index.js';
import { organizationById } from '../organizations/index.js';
import { spendIpBudget, spendRefreshBudget } from './limits.js';
import {
  bumpTokenVersions,
  claimRefreshToken,
  findAccountById,
  findPrincipal,
  findRefreshToken,
  insertRefreshToken,
  revokeFamily,
  revokeUserRefreshTokens,
} from './repository.js';
import { type AuthRuntime, forgetUser } from './runtime.js';
import { digest, newOpaqueToken, randomId, tokenPrefixes } from './secrets.js';

/**
 * Login sessions (RFC 9700 §4.14): a login starts a refresh-token family; each refresh uses up
 * the presented token and issues the next one; presenting a used token again means it leaked,
 * so the whole family is revoked and a critical audit event is recorded. A family ends at its
 * absolute expiry however often it is refreshed, and a token unused for the idle lifetime expires.
 *
 * One exception, as the major identity providers make it: a client that sends the same refresh
 * token several times at once (parallel requests, a retry after a lost answer) is not a thief.
 * A token presented again within REFRESH_REUSE_GRACE_MS of its first use, by the client that
 * used it (same IP and User-Agent, kept as a digest in `used_by`), gets a fresh token in the
 * same family, so none of those requests ends the session. Anyone else presenting it, or anyone
 * after the window, is reuse: a thief replaying a token just used must not get a session.
 */
export const REFRESH_REUSE_GRACE_MS = 20_000;

export interface Session {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds the access token lives. */
  readonly expiresIn: number;
  readonly refreshToken: string;
  /** When the refresh token expires unless used (idle expiry). */
  readonly refreshExpiresAt: string;
  /** When the session ends whatever happens (absolute expiry). */
  readonly sessionExpiresAt: string;
  readonly user: { readonly id: number; readonly email: string; readonly name: string };
  readonly organization: { readonly id: number; readonly slug: string; readonly name: string };
  readonly role: Role;
}

export interface SessionSubject {
  readonly user: {
    readonly id: number;
    readonly email: string;
    readonly name: string;
    /** The membership's token version (memberships.token_version): a bump there revokes. */
    readonly tokenVersion: number;
  };
  readonly organization: { readonly id: number; readonly slug: string; readonly name: string };
  readonly role: Role;
}

/** Starts a session (a new refresh-token family) and signs its first access token. */
export async function startSession(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  subject: SessionSubject,
): Promise<Session> {
  const familyExpiresAt = new Date(Date.now() + runtime.config.refreshAbsoluteTtlS * 1000);
  return issue(db, runtime, subject, await signFor(runtime, subject), randomId(), familyExpiresAt);
}

function signFor(runtime: AuthRuntime, subject: SessionSubject) {
  return runtime.tokens.sign({
    userId: subject.user.id,
    orgId: subject.organization.id,
    role: subject.role,
    version: subject.user.tokenVersion,
  });
}

// Writes the refresh token; the access token is signed beforehand, outside any transaction
// (the first signature may read the key from the database).
async function issue(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  subject: SessionSubject,
  access: { token: string; expiresIn: number },
  familyId: string,
  familyExpiresAt: Date,
): Promise<Session> {
  const now = Date.now();
  const expiresAt = new Date(
    Math.min(now + runtime.config.refreshIdleTtlS * 1000, familyExpiresAt.getTime()),
  );
  const refreshToken = newOpaqueToken(tokenPrefixes.refresh);
  await insertRefreshToken(db, {
    org_id: subject.organization.id,
    user_id: subject.user.id,
    family_id: familyId,
    token_hash: digest(refreshToken),
    expires_at: expiresAt,
    family_expires_at: familyExpiresAt,
    created_at: new Date(now),
  });
  return {
    accessToken: access.token,
    tokenType: 'Bearer',
    expiresIn: access.expiresIn,
    refreshToken,
    refreshExpiresAt: expiresAt.toISOString(),
    sessionExpiresAt: familyExpiresAt.toISOString(),
    user: { id: subject.user.id, email: subject.user.email, name: subject.user.name },
    organization: subject.organization,
    role: subject.role,
  };
}

const refreshError = (code: ErrorCode, message: string) => new AppError(code, `${message} Log in again.`);

/** Exchanges a refresh token for a new access token and the next refresh token. */
export async function refreshSession(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  refreshToken: string,
  meta: RequestMeta,
): Promise<Session> {
  spendIpBudget(runtime, meta);
  const invalid = refreshError('AUTH_REFRESH_TOKEN_INVALID', 'The refresh token is not valid.');
  if (!refreshToken.startsWith(tokenPrefixes.refresh)) throw invalid;
  const row = await findRefreshToken(db, digest(refreshToken));
  if (!row) throw invalid;
  spendRefreshBudget(runtime, row.user_id);

  const now = new Date();
  const client = clientFingerprint(meta);
  if (row.used_at !== null && !isRetry(row, client, now)) return reuseDetected(db, row, meta);
  if (row.revoked_at !== null) {
    throw refreshError(
      'AUTH_REFRESH_TOKEN_REVOKED',
      'The session was ended (logout, password change or by an admin).',
    );
  }
  if (toDate(row.family_expires_at) <= now || toDate(row.expires_at) <= now) {
    throw refreshError('AUTH_REFRESH_TOKEN_EXPIRED', 'The session has expired.');
  }
  const [principal, user, organization] = await Promise.all([
    findPrincipal(db, row.user_id, row.org_id),
    findAccountById(db, row.user_id),
    organizationById(db, row.org_id),
  ]);
  if (!principal?.active || !user || !organization) {
    await revokeFamily(db, row.family_id, 'account_inactive', now);
    throw refreshError(
      'AUTH_REFRESH_TOKEN_REVOKED',
      'The account can no longer log in to this organization.',
    );
  }

  const subject: SessionSubject = {
    user: { id: user.id, email: user.email, name: user.name, tokenVersion: principal.tokenVersion },
    organization: { id: organization.id, slug: organization.slug, name: organization.name },
    role: principal.role,
  };
  // The claim and the next token commit together: a concurrent refresh of the same token waits
  // for this transaction (row lock; SQLite runs one at a time) and then finds the token used.
  // A token used moments ago by the same client (the grace window) gets a sibling in its family.
  const access = await signFor(runtime, subject);
  const familyExpiresAt = toDate(row.family_expires_at);
  if (row.used_at !== null) return issue(db, runtime, subject, access, row.family_id, familyExpiresAt);
  const session = await db.transaction().execute(async (trx) => {
    if (!(await claimRefreshToken(trx, row.id, now, client))) return null;
    return issue(trx, runtime, subject, access, row.family_id, familyExpiresAt);
  });
  if (session) return session;
  const again = await findRefreshToken(db, digest(refreshToken));
  if (again?.used_at && again.revoked_at === null) {
    if (!isRetry(again, client, new Date())) return reuseDetected(db, again, meta);
    return issue(db, runtime, subject, access, row.family_id, familyExpiresAt);
  }
  throw refreshError('AUTH_REFRESH_TOKEN_REVOKED', 'The session was ended.');
}

/**
 * Who presents a token, as far as the server can tell: a digest of the client IP and User-Agent
 * (stored, so no raw address is kept on the token). Both are needed for a match; neither is a
 * secret, but a thief has to be on the same address with the same agent, within seconds.
 */
function clientFingerprint(meta: Pick<RequestMeta, 'ip' | 'userAgent'>): string {
  return digest(JSON.stringify([meta.ip ?? '', meta.userAgent ?? '']));
}

/**
 * Whether a used token presented again is its own client's retry: the same fingerprint that
 * claimed it, soon enough. A token without a recorded client never is.
 */
function isRetry(
  used: { used_at: Date | string | null; used_by: string | null },
  client: string,
  now: Date,
): boolean {
  if (used.used_at === null || used.used_by === null || used.used_by !== client) return false;
  return now.getTime() - toDate(used.used_at).getTime() < REFRESH_REUSE_GRACE_MS;
}

async function reuseDetected(
  db: Kysely<DB>,
  row: { org_id: number; user_id: number; family_id: string; id: number },
  meta: RequestMeta,
): Promise<never> {
  const revoked = await revokeFamily(db, row.family_id, 'reuse', new Date());
  await recordAudit(db, {
    orgId: row.org_id,
    actor: { type: 'user', userId: row.user_id },
    action: 'auth.refresh_reuse',
    outcome: 'failure',
    severity: 'critical',
    target: { type: 'user', id: row.user_id },
    details: { family: row.family_id, tokenId: row.id, revokedTokens: revoked },
    meta,
  });
  throw refreshError(
    'AUTH_REFRESH_TOKEN_REUSED',
    'This refresh token was already used, so it may have been stolen; the session has been ended.',
  );
}

/** Ends the session of a refresh token (its whole family). Unknown tokens are ignored. */
export async function logout(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  refreshToken: string,
  meta: RequestMeta,
): Promise<void> {
  spendIpBudget(runtime, meta);
  if (!refreshToken.startsWith(tokenPrefixes.refresh)) return;
  const row = await findRefreshToken(db, digest(refreshToken));
  if (!row) return;
  const revoked = await revokeFamily(db, row.family_id, 'logout', new Date());
  if (revoked > 0) {
    await recordAudit(db, {
      orgId: row.org_id,
      actor: { type: 'user', userId: row.user_id },
      action: 'auth.logout',
      target: { type: 'user', id: row.user_id },
      details: { family: row.family_id },
      meta,
    });
  }
}

/**
 * Ends a user's sessions in one organization (a change an admin made there: only that
 * membership's refresh tokens and token version) or, with orgId null, everywhere (account-wide
 * events: password change, logout-all, the operator's reset or disable). Access tokens stop
 * working at their next check. Run it in the transaction of the change that requires it, then
 * call `forgetUser` once committed.
 */
export async function endUserSessions(
  db: Kysely<DB>,
  userId: number,
  reason: string,
  orgId: number | null = null,
): Promise<void> {
  await revokeUserRefreshTokens(db, userId, orgId, reason, new Date());
  await bumpTokenVersions(db, userId, orgId);
}

/** "Log out everywhere": ends all of the caller's sessions in every organization. */
export async function logoutEverywhere(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  who: { userId: number; orgId: number },
  meta: RequestMeta,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endUserSessions(trx, who.userId, 'logout_all');
    await recordAudit(trx, {
      orgId: who.orgId,
      actor: { type: 'user', userId: who.userId },
      action: 'auth.logout_all',
      target: { type: 'user', id: who.userId },
      meta,
    });
  });
  forgetUser(runtime, who.userId);
}
