import type { Role } from '../../db/types.js';
import { toDate } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type { MemberRow } from './repository.js';

/** A member of an organization as the API shows it. */
export interface Member {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** invited: has not set a password yet; disabled: in this organization or the whole account. */
  readonly status: 'active' | 'invited' | 'disabled';
  readonly lastLoginAt: string | null;
  readonly memberSince: string;
}

export function toMember(r: MemberRow): Member {
  const disabled = r.status !== 'active' || r.disabled_at !== null;
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    status: disabled ? 'disabled' : Number(r.has_password) === 1 ? 'active' : 'invited',
    lastLoginAt: r.last_login_at === null ? null : toDate(r.last_login_at).toISOString(),
    memberSince: toDate(r.created_at).toISOString(),
  };
}

export const memberNotFound = (id: number) =>
  new AppError('RESOURCE_NOT_FOUND', `No user with id ${id} in this organization.`);
