import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Role } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { noRequest, recordAudit } from '../audit/index.js';
import {
  type AuthRuntime,
  assertPasswordAcceptable,
  type Caller,
  endUserSessions,
  findAccountByEmail,
  forgetUser,
  hashPassword,
  listAccountsWithMemberships,
  membershipOrgIds,
  normalizeEmail,
  replacePassword,
  setAccountStatus,
} from '../auth/index.js';
import { findMemberRowByUser } from './repository.js';
import { insertMember } from './service.js';

/**
 * Operations on whole accounts, for the operator of the installation (the `lanewise users` CLI):
 * they act across organizations, so no organization's admin can reach them over HTTP.
 */

/** A random password that meets the policy (24 URL-safe characters, 144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

async function accountByEmail(db: Kysely<DB>, email: string) {
  const account = await findAccountByEmail(db, normalizeEmail(email));
  if (!account) throw new AppError('USERS_NOT_FOUND', `No account with the email ${email}.`);
  return account;
}

/** Sets a new password and ends every session of the account. */
export async function resetPassword(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  input: { email: string; password: string },
): Promise<void> {
  const account = await accountByEmail(db, input.email);
  assertPasswordAcceptable(input.password, [account.email, account.name]);
  const hash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    await replacePassword(trx, account.id, hash, 'password_reset');
    for (const orgId of await membershipOrgIds(trx, account.id)) {
      await recordAudit(trx, {
        orgId,
        actor: { type: 'system' },
        action: 'users.password_reset',
        target: { type: 'user', id: account.id },
        meta: noRequest,
      });
    }
  });
  forgetUser(runtime, account.id);
}

/** Disables (or re-enables) an account everywhere; disabling ends every session at once. */
export async function setAccountDisabled(
  db: Kysely<DB>,
  runtime: AuthRuntime,
  input: { email: string; disabled: boolean },
): Promise<void> {
  const account = await accountByEmail(db, input.email);
  await db.transaction().execute(async (trx) => {
    await setAccountStatus(trx, account.id, input.disabled ? 'disabled' : 'active');
    if (input.disabled) await endUserSessions(trx, account.id, 'account_disabled');
    for (const orgId of await membershipOrgIds(trx, account.id)) {
      await recordAudit(trx, {
        orgId,
        actor: { type: 'system' },
        action: input.disabled ? 'users.account_disabled' : 'users.account_enabled',
        target: { type: 'user', id: account.id },
        meta: noRequest,
      });
    }
  });
  forgetUser(runtime, account.id);
}

export interface AccountListing {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly status: string;
  readonly memberships: { organization: string; role: Role; disabled: boolean; invited: boolean }[];
}

/** Every account (of one organization, when given) with its memberships. */
export async function listAccounts(db: Kysely<DB>, orgId?: number): Promise<AccountListing[]> {
  const byId = new Map<number, AccountListing>();
  for (const r of await listAccountsWithMemberships(db, orgId)) {
    let account = byId.get(r.id);
    if (!account) {
      account = { id: r.id, email: r.email, name: r.name, status: r.status, memberships: [] };
      byId.set(r.id, account);
    }
    if (r.slug && r.role)
      account.memberships.push({
        organization: r.slug,
        role: r.role,
        disabled: r.disabled_at !== null,
        invited: r.invited_at !== null,
      });
  }
  return [...byId.values()];
}

/** The membership id of the account with this email in the organization, or 404 USERS_NOT_FOUND. */
export async function memberIdByEmail(db: Kysely<DB>, orgId: number, email: string): Promise<number> {
  const account = await accountByEmail(db, email);
  const member = await findMemberRowByUser(db, orgId, account.id);
  if (!member) throw new AppError('USERS_NOT_FOUND', `${email} is not a member of this organization.`);
  return member.id;
}

/**
 * The operator adds a person to an organization (`lanewise users create`): a new account with
 * the password, or an existing account as it is (its password untouched, `existing` true). The
 * operator acts for the whole installation, so the membership is joined at once; organization
 * admins go through `addMember`, where an existing account has to accept.
 */
export async function addAccountToOrganization(
  db: Kysely<DB>,
  caller: Caller,
  input: { email: string; name: string; role: Role; password: string },
): Promise<{ memberId: number; existing: boolean }> {
  const { memberId, existing } = await insertMember(db, caller, input, { joined: true, meta: noRequest });
  return { memberId, existing };
}
