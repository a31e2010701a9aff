import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { insertOne } from '../../src/db/bulk.js';
import type { DB, Role } from '../../src/db/types.js';
import { createApiKey, createServiceAccount } from '../../src/modules/api-keys/index.js';
import { noRequest } from '../../src/modules/audit/index.js';
import {
  apiKeyScopes,
  callerOf,
  hashPassword,
  type Permission,
  roles,
  type Session,
} from '../../src/modules/auth/index.js';
import { createOrganization } from '../../src/modules/organizations/index.js';

/**
 * Authentication helpers for integration tests: organizations with one user per role, logins
 * through the real endpoint, and cheap tokens for tests that need many.
 */
export const TEST_PASSWORD = 'correct horse battery staple';

// One argon2 hash per password for the whole run: test accounts share it (production hashes
// each password with its own salt), which keeps factories fast.
const hashes = new Map<string, Promise<string>>();
function sharedHash(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    hashes.set(password, hash);
  }
  return hash;
}

export interface TestUser {
  /** The account's id (access tokens, audit actors). */
  readonly id: number;
  /** The membership's id in its organization (the /users/{id} routes). */
  readonly memberId: number;
  readonly email: string;
  readonly role: Role;
}

export interface TestOrg {
  readonly orgId: number;
  readonly slug: string;
  readonly password: string;
  /** One user per role: `<role>@<slug>.test`. */
  readonly users: Readonly<Record<Role, TestUser>>;
}

/**
 * Creates an organization with one active user per role (all with `password`), or adds such
 * users to an existing organization (`orgId`, e.g. one made by createOrgDataset).
 */
export async function createOrgWithUsers(
  db: Kysely<DB>,
  { slug, password = TEST_PASSWORD, orgId }: { slug: string; password?: string; orgId?: number },
): Promise<TestOrg> {
  const id = orgId ?? (await createOrganization(db, { slug, name: `Org ${slug}` })).id;
  const hash = await sharedHash(password);
  const users = {} as Record<Role, TestUser>;
  for (const role of roles) {
    const email = `${role}@${slug}.test`;
    const name = `${role} of ${slug}`;
    const userId = await insertOne(db, 'users', { email, name, password_hash: hash });
    const memberId = await insertOne(db, 'memberships', { org_id: id, user_id: userId, role, name });
    users[role] = { id: userId, memberId, email, role };
  }
  return { orgId: id, slug, password, users };
}

/**
 * An API key of the organization with these scopes, made by its owner through the service as the
 * admin screens do (a service account of its own per call): the key to send as a Bearer token.
 */
export async function apiKeyFor(
  db: Kysely<DB>,
  org: TestOrg,
  scopes: readonly Permission[],
  name = `key ${scopes.join(' ')}`,
): Promise<string> {
  const owner = callerOf({
    kind: 'user',
    orgId: org.orgId,
    userId: org.users.owner.id,
    apiKeyId: null,
    role: 'owner',
    permissions: new Set(apiKeyScopes),
  });
  const account = await createServiceAccount(db, owner, { name }, noRequest);
  return (await createApiKey(db, owner, account.id, { name, scopes: [...scopes] }, noRequest)).key;
}

/** Logs in through POST /api/v1/auth/login; fails the test unless it answers 200. */
export async function login(
  app: FastifyInstance,
  email: string,
  password = TEST_PASSWORD,
  organization?: string,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password, ...(organization ? { organization } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`login of ${email} answered ${res.statusCode}: ${res.body}`);
  return res.json() as Session;
}

/** Logs in as the organization's user of that role. */
export function loginAs(app: FastifyInstance, org: TestOrg, role: Role): Promise<Session> {
  return login(app, org.users[role].email, org.password, org.slug);
}

/**
 * A valid access token for a member without the cost of a login (no argon2, no refresh token):
 * signed by the app's own signer with the member's current role and token version.
 */
export async function accessTokenFor(app: FastifyInstance, userId: number, orgId: number): Promise<string> {
  const row = await app.db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['m.token_version', 'm.role'])
    .where('u.id', '=', userId)
    .where('m.org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  const { token } = await app.authRuntime.tokens.sign({
    userId,
    orgId,
    role: row.role,
    version: row.token_version,
  });
  return token;
}

/** Headers of an authenticated request. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** Asserts a problem+json answer with the status and stable code; returns the parsed body. */
export function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code: string,
): Record<string, unknown> {
  if (res.statusCode !== status || !res.body.includes(`"code":"${code}"`)) {
    throw new Error(`expected ${status} ${code}, got ${res.statusCode}: ${res.body}`);
  }
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected application/problem+json, got ${String(res.headers['content-type'])}`);
  }
  return JSON.parse(res.body) as Record<string, unknown>;
}
