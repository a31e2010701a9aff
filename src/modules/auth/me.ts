import type { Kysely } from 'kysely';
import type { DB, Role } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { organizationById } from '../organizations/index.js';
import type { RequestAuth } from './context.js';
import { findAccountById, findUsableMemberships } from './repository.js';

export interface Me {
  readonly user: { readonly id: number; readonly email: string; readonly name: string };
  readonly organization: { readonly id: number; readonly slug: string; readonly name: string };
  readonly role: Role;
  readonly permissions: string[];
  readonly memberships: { organization: { id: number; slug: string; name: string }; role: Role }[];
}

/** The caller's account, current organization and role, permissions and other memberships. */
export async function describeMe(db: Kysely<DB>, auth: RequestAuth): Promise<Me> {
  if (auth.userId === null || auth.role === null) {
    throw new AppError('AUTH_FORBIDDEN', 'Only people have a profile; API keys do not.');
  }
  const [user, organization, memberships] = await Promise.all([
    findAccountById(db, auth.userId),
    organizationById(db, auth.orgId),
    findUsableMemberships(db, auth.userId),
  ]);
  if (!user || !organization) throw new AppError('AUTH_TOKEN_REVOKED', 'The account no longer exists.');
  return {
    user: { id: user.id, email: user.email, name: user.name },
    organization: { id: organization.id, slug: organization.slug, name: organization.name },
    role: auth.role,
    permissions: [...auth.permissions].sort(),
    memberships: memberships
      .filter((m) => m.invitedAt === null)
      .map((m) => ({
        organization: { id: m.orgId, slug: m.slug, name: m.name },
        role: m.role,
      })),
  };
}
