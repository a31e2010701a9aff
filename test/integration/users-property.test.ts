import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/types.js';
import type { Session } from '../../src/modules/auth/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { bearer, createOrgWithUsers, loginAs, TEST_PASSWORD } from '../support/auth.js';

/**
 * ADR 0009 as properties: random sequences of what the admins of two organizations A and B do
 * with shared e-mail addresses (add with or without a password, reinvite, change role, disable,
 * enable), what B's people do with everything B was given (invitation tokens, passwords B chose:
 * public acceptance, signing in and accepting, logging in) and what the invited people do with
 * A's invitations. After every step:
 * 1. nothing B holds logs in to A or yields a session there;
 * 2. each organization's member list shows only what it entered and saw (names, statuses, logins);
 * 3. a step on one side changes nothing of the other organization (memberships, token versions,
 *    refresh tokens, passwords of its joined members) and writes no audit event there;
 * 4. answers to adding a member depend only on the request, never on the address's other accounts.
 * SQLite only (the invariants are in the services, not the dialect); users.test.ts pins the
 * original takeover on all three dialects.
 */
const B_PASSWORD = 'b chosen passphrase 42';
const A_PASSWORD = 'a chosen passphrase 17';
const PERSON_PASSWORD = 'my very own passphrase 7';
const PEOPLE = 3; // person 2 is a member of A from the start, with a password of their own
const INSIDER = PEOPLE - 1;

type Side = 'A' | 'B';
const side = fc.constantFrom<Side>('A', 'B');
const person = fc.integer({ min: 0, max: PEOPLE - 1 });
const role = fc.constantFrom<Role>('viewer', 'analyst', 'operator');
// Weighted towards the steps that hand out and use credentials, where a takeover would be.
const action = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      org: side,
      person,
      withPassword: fc.boolean(),
      role,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reinvite' as const), org: side, person }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('role' as const), org: side, person, role }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disable' as const), org: side, person }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('enable' as const), org: side, person }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('bUsesToken' as const),
      pick: fc.nat(),
      signedIn: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('personAccepts' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('bLogin' as const), person }) },
);
type Action = typeof action extends fc.Arbitrary<infer T> ? T : never;

const sideOf = (a: Action): Side =>
  a.kind === 'bUsesToken' || a.kind === 'bLogin' ? 'B' : a.kind === 'personAccepts' ? 'A' : a.org;

interface Org {
  readonly slug: string;
  readonly orgId: number;
  readonly admin: Session;
  /** person -> membership id, and what this organization entered / did. */
  readonly members: Map<number, number>;
  readonly names: Map<number, string>;
  readonly disabled: Set<number>;
}

describe('accounts shared by two organizations (property)', () => {
  let ctx: TestContext;
  let run = 0;
  beforeAll(async () => {
    ctx = await createTestApp('sqlite', {
      env: {
        LANEWISE_LOGIN_MAX_FAILURES: '10000',
        LANEWISE_LOGIN_MAX_FAILURES_PER_IP: '10000',
        LANEWISE_AUTH_MAX_REQUESTS_PER_IP: '10000',
        LANEWISE_REFRESH_MAX_PER_ACCOUNT: '10000',
      },
    });
  });
  afterAll(() => ctx?.close());

  const post = (url: string, payload: object, session?: Session) =>
    ctx.app.inject({
      method: 'POST',
      url,
      payload,
      ...(session ? { headers: bearer(session.accessToken) } : {}),
    });
  const tryLogin = async (email: string, password: string, organization?: string) => {
    const res = await post('/api/v1/auth/login', {
      email,
      password,
      ...(organization ? { organization } : {}),
    });
    return res.statusCode === 200 ? (res.json() as Session) : null;
  };

  /** What one organization's people and data look like, to compare before and after a step. */
  async function snapshot(orgId: number): Promise<string> {
    const { db } = ctx.database;
    const memberships = await db
      .selectFrom('memberships')
      .select([
        'id',
        'user_id',
        'role',
        'name',
        'token_version',
        'invited_at',
        'disabled_at',
        'last_login_at',
      ])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
    const joined = memberships.filter((m) => m.invited_at === null).map((m) => m.user_id);
    const accounts = joined.length
      ? await db
          .selectFrom('users')
          .select(['id', 'password_hash', 'status'])
          .where('id', 'in', joined)
          .orderBy('id')
          .execute()
      : [];
    const sessions = await db
      .selectFrom('refresh_tokens')
      .select(['id', 'used_at', 'revoked_at'])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
    const invitations = await db
      .selectFrom('invitations')
      .select(['id', 'used_at', 'revoked_at'])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
    return JSON.stringify({ memberships, accounts, sessions, invitations });
  }

  const lastAuditId = async () =>
    Number(
      (
        await ctx.database.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirst()
      )?.id ?? 0,
    );

  it('holds for random sequences of admin and invitee actions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 10 }), async (actions) => {
        run++;
        const { db } = ctx.database;
        const orgs = {} as Record<Side, Org>;
        for (const s of ['A', 'B'] as const) {
          const made = await createOrgWithUsers(db, { slug: `p${run}-${s.toLowerCase()}` });
          orgs[s] = {
            slug: made.slug,
            orgId: made.orgId,
            admin: await loginAs(ctx.app, made, 'admin'),
            members: new Map(),
            names: new Map(),
            disabled: new Set(),
          };
          if (s === 'A') {
            orgs.A.members.set(INSIDER, made.users.viewer.memberId);
            orgs.A.names.set(made.users.viewer.memberId, `viewer of ${made.slug}`);
          }
        }
        const A = orgs.A;
        const B = orgs.B;
        const emails = Array.from({ length: INSIDER }, (_, i) => `Person${i}.run${run}@Shared.test`);
        emails.push(`viewer@${A.slug}.test`);
        const accountExists = new Set([INSIDER]);
        const bPasswords = new Set<number>(); // people whose password B chose
        const personPasswords = new Map<number, string>([[INSIDER, TEST_PASSWORD]]);
        const bTokens: { token: string; person: number }[] = [];
        const aTokens: { token: string; person: number }[] = [];
        let n = 0;

        for (const a of actions) {
          n++;
          const acting = sideOf(a);
          const other = acting === 'A' ? B : A;
          const before = await snapshot(other.orgId);
          const auditBefore = await lastAuditId();

          if (a.kind === 'add') {
            const org = orgs[a.org];
            const name = `${a.org} name ${a.person} #${n}`;
            const password = a.org === 'B' ? B_PASSWORD : A_PASSWORD;
            const res = await post(
              '/api/v1/users',
              { email: emails[a.person], name, role: a.role, ...(a.withPassword ? { password } : {}) },
              org.admin,
            );
            if (org.members.has(a.person)) {
              expect(res.statusCode).toBe(409);
              expect(res.json().code).toBe('USERS_ALREADY_MEMBER');
            } else {
              // Property 4: the answer is a function of the request alone.
              expect(res.statusCode, res.body).toBe(201);
              const body = res.json();
              expect(Object.keys(body.user).sort()).toEqual(
                ['email', 'id', 'lastLoginAt', 'memberSince', 'name', 'role', 'status'].sort(),
              );
              expect({ ...body.user, id: 0, memberSince: '' }).toEqual({
                id: 0,
                email: emails[a.person]?.toLowerCase(),
                name,
                role: a.role,
                status: 'invited',
                lastLoginAt: null,
                memberSince: '',
              });
              expect(body.invitation === null).toBe(a.withPassword);
              if (body.invitation) {
                expect(Object.keys(body.invitation).sort()).toEqual(['expiresAt', 'token']);
                (a.org === 'B' ? bTokens : aTokens).push({ token: body.invitation.token, person: a.person });
              }
              org.members.set(a.person, body.user.id);
              org.names.set(body.user.id, name);
              if (!accountExists.has(a.person)) {
                accountExists.add(a.person);
                if (a.withPassword && a.org === 'B') bPasswords.add(a.person);
                if (a.withPassword && a.org === 'A') personPasswords.set(a.person, A_PASSWORD);
              }
            }
          } else if (
            a.kind === 'reinvite' ||
            a.kind === 'role' ||
            a.kind === 'disable' ||
            a.kind === 'enable'
          ) {
            const org = orgs[a.org];
            const id = org.members.get(a.person);
            if (id === undefined) continue;
            const res =
              a.kind === 'role'
                ? await ctx.app.inject({
                    method: 'PATCH',
                    url: `/api/v1/users/${id}/role`,
                    headers: bearer(org.admin.accessToken),
                    payload: { role: a.role },
                  })
                : await post(
                    `/api/v1/users/${id}/${a.kind === 'reinvite' ? 'invitation' : a.kind}`,
                    {},
                    org.admin,
                  );
            if (a.kind === 'reinvite') {
              expect([201, 409]).toContain(res.statusCode);
              if (res.statusCode === 201) {
                (a.org === 'B' ? bTokens : aTokens).push({ token: res.json().token, person: a.person });
              }
            } else {
              expect(res.statusCode, res.body).toBe(200);
              if (a.kind === 'disable') org.disabled.add(id);
              if (a.kind === 'enable') org.disabled.delete(id);
            }
          } else if (a.kind === 'bUsesToken') {
            const held = bTokens[a.pick % Math.max(1, bTokens.length)];
            if (!held) continue;
            const email = emails[held.person] as string;
            if (!a.signedIn) {
              const res = await post('/api/v1/auth/accept-invitation', {
                token: held.token,
                password: B_PASSWORD,
              });
              if (res.statusCode === 200) {
                expect(res.json().organization.slug).toBe(B.slug);
                bPasswords.add(held.person);
              } else {
                expect(['AUTH_INVITATION_INVALID', 'AUTH_INVITATION_SIGN_IN']).toContain(res.json().code);
              }
            } else {
              const session = await tryLogin(email, B_PASSWORD, B.slug);
              if (session) {
                expect(session.organization.slug).toBe(B.slug);
                const res = await post('/api/v1/me/invitations/accept', { token: held.token }, session);
                if (res.statusCode === 200) expect(res.json().organization.slug).toBe(B.slug);
                else expect(res.json().code).toBe('AUTH_INVITATION_INVALID');
              }
            }
          } else if (a.kind === 'personAccepts') {
            const held = aTokens[a.pick % Math.max(1, aTokens.length)];
            if (!held) continue;
            const email = emails[held.person] as string;
            const res = await post('/api/v1/auth/accept-invitation', {
              token: held.token,
              password: PERSON_PASSWORD,
            });
            if (res.statusCode === 200) {
              expect(res.json().organization.slug).toBe(A.slug);
              personPasswords.set(held.person, PERSON_PASSWORD);
            } else if (res.json().code === 'AUTH_INVITATION_SIGN_IN') {
              // Only a password the person owns: one B chose is B's, not theirs.
              const own = personPasswords.get(held.person);
              const session = own && !bPasswords.has(held.person) ? await tryLogin(email, own, A.slug) : null;
              if (session) {
                const accepted = await post('/api/v1/me/invitations/accept', { token: held.token }, session);
                if (accepted.statusCode === 200) expect(accepted.json().organization.slug).toBe(A.slug);
              }
            }
          } else {
            const session = await tryLogin(emails[a.person] as string, B_PASSWORD, B.slug);
            if (session) expect(session.organization.slug).toBe(B.slug);
          }

          // Property 3: the other organization did not change, and got no audit event.
          expect(await snapshot(other.orgId), `after ${JSON.stringify(a)}`).toBe(before);
          const events = await db
            .selectFrom('audit_events')
            .select(['org_id', 'action'])
            .where('id', '>', auditBefore)
            .execute();
          expect(events.filter((e) => e.org_id === other.orgId)).toEqual([]);

          // Property 1: no password B chose opens A, and no B token ever yielded A (checked above).
          for (const p of bPasswords) {
            if (!A.members.has(p)) continue;
            expect(await tryLogin(emails[p] as string, B_PASSWORD, A.slug), `person ${p} into A`).toBeNull();
          }

          // Property 2: each list shows what its organization entered and saw.
          for (const org of [A, B]) {
            const list = await ctx.app.inject({
              method: 'GET',
              url: '/api/v1/users?limit=500',
              headers: bearer(org.admin.accessToken),
            });
            expect(list.statusCode).toBe(200);
            const byId = new Map<number, { name: string; status: string; lastLoginAt: string | null }>(
              list.json().data.map((m: { id: number }) => [m.id, m]),
            );
            for (const [id, name] of org.names) {
              const shown = byId.get(id);
              expect(shown?.name).toBe(name);
              if (org.disabled.has(id)) expect(shown?.status).toBe('disabled');
              else expect(shown?.status).not.toBe('disabled');
              if (shown?.status === 'invited') expect(shown.lastLoginAt).toBeNull();
            }
          }
        }
      }),
      {
        numRuns: 40,
        endOnFailure: true,
        // The original takeover and its relatives run every time, before the random ones.
        examples: [
          [
            [
              { kind: 'add', org: 'A', person: 0, withPassword: false, role: 'analyst' },
              { kind: 'add', org: 'B', person: 0, withPassword: false, role: 'viewer' },
              { kind: 'bUsesToken', pick: 0, signedIn: false },
              { kind: 'personAccepts', pick: 0 },
              { kind: 'bLogin', person: 0 },
            ],
          ],
          [
            [
              { kind: 'add', org: 'B', person: INSIDER, withPassword: true, role: 'viewer' },
              { kind: 'role', org: 'B', person: INSIDER, role: 'analyst' },
              { kind: 'disable', org: 'B', person: INSIDER },
              { kind: 'reinvite', org: 'B', person: INSIDER },
              { kind: 'bUsesToken', pick: 0, signedIn: true },
            ],
          ],
          [
            [
              { kind: 'add', org: 'A', person: 1, withPassword: true, role: 'viewer' },
              { kind: 'add', org: 'B', person: 1, withPassword: true, role: 'viewer' },
              { kind: 'bLogin', person: 1 },
              { kind: 'reinvite', org: 'B', person: 1 },
              { kind: 'bUsesToken', pick: 0, signedIn: false },
              { kind: 'role', org: 'B', person: 1, role: 'operator' },
            ],
          ],
        ],
      },
    );
  }, 600_000);
});
