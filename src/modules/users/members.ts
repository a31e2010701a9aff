import { type Role, toIsoString } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type { MemberRow } from './repository.js';

/**
 * A member of an organization as the API shows it: only what this organization entered or saw
 * happen here (ADR 0009) — never the account's name, status or logins elsewhere.
 */
export interface Member {
  /** The membership's id (the person's account has its own, never shown). */
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** invited: has not joined yet (accepting, or a first login); disabled: in this organization. */
  readonly status: 'active' | 'invited' | 'disabled';
  /** Their last login to this organization. */
  readonly lastLoginAt: string | null;
  readonly memberSince: string;
}

export function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    status: r.disabled_at !== null ? 'disabled' : r.invited_at !== null ? 'invited' : 'active',
    lastLoginAt: toIsoString(r.last_login_at),
    memberSince: toIsoString(r.created_at),
  };
}

export const memberNotFound = (id: number) =>
  new AppError('RESOURCE_NOT_FOUND', `No member with id ${id} in this organization.`);
