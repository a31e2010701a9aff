import type { Kysely } from 'kysely';
import type { DB, Role } from '../../db/types.js';
import {
  assertPasswordAcceptable,
  createAccount,
  findAccountByEmail,
  hashPassword,
  roles,
} from '../auth/index.js';
import { createOrganization, findOrganization, getOrganization } from '../organizations/index.js';
import { generatePassword } from './accounts.js';
import { findMemberRowByUser, insertMembership } from './repository.js';

/**
 * Demo users, so a new installation can be explored at once: one per role in the demo company
 * (`<role>@demo.lanewise.test`) and a few in a second, small organization, so that tenant
 * isolation can be seen (they see none of the demo company's data, and the other way round).
 */
export const DEMO_DOMAIN = 'demo.lanewise.test';
export const SECOND_DEMO_ORG = { slug: 'northwind-demo', name: 'Northwind Traders (demo)' } as const;
export const SECOND_DEMO_DOMAIN = 'northwind.demo.lanewise.test';
const SECOND_DEMO_ROLES: readonly Role[] = ['owner', 'analyst', 'viewer'];

export interface DemoUser {
  readonly email: string;
  readonly role: Role;
}

/**
 * Creates `<role>@<domain>` for each role as a member of the organization, with the password
 * (each hash with its own salt). Existing accounts and memberships are left as they are.
 */
export async function seedDemoUsers(
  db: Kysely<DB>,
  options: { orgId: number; password: string; domain?: string; roles?: readonly Role[] },
): Promise<DemoUser[]> {
  const domain = options.domain ?? DEMO_DOMAIN;
  assertPasswordAcceptable(options.password);
  const seeded: DemoUser[] = [];
  for (const role of options.roles ?? roles) {
    const email = `${role}@${domain}`;
    const name = `Demo ${role[0]?.toUpperCase()}${role.slice(1)}`;
    const existing = await findAccountByEmail(db, email);
    const hash = existing ? null : await hashPassword(options.password);
    await db.transaction().execute(async (trx) => {
      const id = existing?.id ?? (await createAccount(trx, { email, name, passwordHash: hash }));
      // The operator seeds joined members (no one to accept on their behalf).
      if (!(await findMemberRowByUser(trx, options.orgId, id))) {
        await insertMembership(trx, {
          orgId: options.orgId,
          userId: id,
          role,
          name,
          invitedAt: null,
          createdAccount: existing === undefined,
        });
      }
    });
    seeded.push({ email, role });
  }
  return seeded;
}

export interface DemoAccess {
  /** The demo password; print it when `generated` (it is not stored anywhere else). */
  readonly password: string;
  readonly generated: boolean;
  readonly organizations: readonly {
    readonly orgId: number;
    readonly slug: string;
    readonly users: DemoUser[];
  }[];
}

/**
 * Seeds the demo users of the demo company (`orgId`) and the second demo organization with its
 * users, once: returns null when they already exist (the password is then not known any more).
 * `password` is LANEWISE_DEMO_PASSWORD (config.demo.password); null generates one.
 */
export async function seedDemoAccess(
  db: Kysely<DB>,
  options: { orgId: number; password: string | null },
): Promise<DemoAccess | null> {
  if (await findAccountByEmail(db, `owner@${DEMO_DOMAIN}`)) return null;
  const password = options.password ?? generatePassword();
  const company = await getOrganization(db, options.orgId);
  const users = await seedDemoUsers(db, { orgId: options.orgId, password });
  const second =
    (await findOrganization(db, SECOND_DEMO_ORG.slug)) ?? (await createOrganization(db, SECOND_DEMO_ORG));
  const secondUsers = await seedDemoUsers(db, {
    orgId: second.id,
    password,
    domain: SECOND_DEMO_DOMAIN,
    roles: SECOND_DEMO_ROLES,
  });
  return {
    password,
    generated: options.password === null,
    organizations: [
      { orgId: options.orgId, slug: company.slug, users },
      { orgId: second.id, slug: second.slug, users: secondUsers },
    ],
  };
}

/** What to print for the person at the terminal after seeding. */
export function demoLoginLines(access: DemoAccess): string[] {
  const lines = ['Demo logins (POST /api/v1/auth/login with email and password):'];
  for (const org of access.organizations) {
    lines.push(`  ${org.slug}: ${org.users.map((u) => u.email).join(', ')}`);
  }
  lines.push(
    access.generated
      ? `  password: ${access.password}  (generated; shown only now — set LANEWISE_DEMO_PASSWORD to choose one)`
      : '  password: the value of LANEWISE_DEMO_PASSWORD',
  );
  return lines;
}
