import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/modules/auth/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { bearer, createOrgWithUsers, expectProblem, login, loginAs, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

describe.each(testDialects)('members and invitations on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: Session;
  let owner: Session;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    org = await createOrgWithUsers(ctx.database.db, { slug: 'team' });
    admin = await loginAs(ctx.app, org, 'admin');
    owner = await loginAs(ctx.app, org, 'owner');
  });
  afterAll(() => ctx?.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, session: Session, payload?: object) =>
    ctx.app.inject({ method, url, headers: bearer(session.accessToken), ...(payload ? { payload } : {}) });
  const account = (email: string) =>
    ctx.database.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

  it('creates a member with a password stored as argon2id (m=19 MiB, t=2, p=1)', async () => {
    const password = 'Ω'.repeat(4) + 'pallet-jack-'.repeat(11).slice(0, 124); // 128 characters
    expect([...password]).toHaveLength(128);
    const res = await call('POST', '/api/v1/users', admin, {
      email: 'New.Hire@Team.test',
      name: 'New Hire',
      role: 'operator',
      password,
    });
    expect(res.statusCode).toBe(201);
    // Invited until the first login (the answer would be the same for an e-mail with an account).
    expect(res.json()).toMatchObject({
      user: { email: 'new.hire@team.test', name: 'New Hire', role: 'operator', status: 'invited' },
      invitation: null,
    });
    const row = await account('new.hire@team.test');
    expect(row?.password_hash).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(JSON.stringify(row)).not.toContain(password);
    expect((await login(ctx.app, 'new.hire@team.test', password)).role).toBe('operator');
    await expect(login(ctx.app, 'new.hire@team.test', password.slice(0, 127))).rejects.toThrow(/401/);
    const joined = await call('GET', `/api/v1/users/${res.json().user.id}`, admin);
    expect(joined.json()).toMatchObject({ status: 'active', lastLoginAt: expect.any(String) });
  });

  it('refuses short, overlong and common passwords', async () => {
    const add = (email: string, password: string) =>
      call('POST', '/api/v1/users', admin, { email, name: 'X', role: 'viewer', password });
    expectProblem(await add('a@team.test', 'eleven char'), 422, 'AUTH_WEAK_PASSWORD');
    expectProblem(await add('b@team.test', 'x1-'.repeat(43)), 422, 'AUTH_WEAK_PASSWORD');
    expectProblem(await add('c@team.test', 'qwerty123456'), 422, 'AUTH_WEAK_PASSWORD');
    expectProblem(await add('d@team.test', 'Password1234'), 422, 'AUTH_WEAK_PASSWORD');
    expect(await account('a@team.test')).toBeUndefined();
  });

  it('ignores nothing silently: orgId, id and unknown members in bodies are refused', async () => {
    const other = await createOrgWithUsers(ctx.database.db, { slug: 'team-other' });
    const bodies = [
      { email: 'm1@team.test', name: 'M', role: 'viewer', orgId: other.orgId },
      { email: 'm2@team.test', name: 'M', role: 'viewer', id: 1 },
      { email: 'm3@team.test', name: 'M', role: 'viewer', status: 'active', tokenVersion: 5 },
    ];
    for (const body of bodies)
      expectProblem(await call('POST', '/api/v1/users', admin, body), 400, 'REQUEST_INVALID');
    expect(await account('m1@team.test')).toBeUndefined();
    expectProblem(
      await call('PATCH', `/api/v1/users/${org.users.viewer.memberId}/role`, admin, {
        role: 'analyst',
        orgId: other.orgId,
      }),
      400,
      'REQUEST_INVALID',
    );
    const change = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/password',
      headers: bearer(admin.accessToken),
      payload: { currentPassword: org.password, newPassword: 'another good passphrase', role: 'owner' },
    });
    expectProblem(change, 400, 'REQUEST_INVALID');
    expectProblem(
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: org.users.viewer.email, password: org.password, role: 'owner' },
      }),
      400,
      'REQUEST_INVALID',
    );
    const viewer = await ctx.database.db
      .selectFrom('memberships')
      .select(['org_id', 'role'])
      .where('user_id', '=', org.users.viewer.id)
      .execute();
    expect(viewer).toEqual([{ org_id: org.orgId, role: 'viewer' }]);
  });

  it('invites without a password; the invitation sets it once and logs in', async () => {
    const res = await call('POST', '/api/v1/users', admin, {
      email: 'invitee@team.test',
      name: 'Invitee',
      role: 'analyst',
    });
    expect(res.statusCode).toBe(201);
    const { user, invitation } = res.json() as {
      user: { id: number; status: string };
      invitation: { token: string };
    };
    expect(user.status).toBe('invited');
    await expect(login(ctx.app, 'invitee@team.test', 'whatever it is now')).rejects.toThrow(/401/);

    const accept = (token: string, password: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/auth/accept-invitation', payload: { token, password } });
    expectProblem(await accept(invitation.token, 'short'), 422, 'AUTH_WEAK_PASSWORD');
    // A newer invitation replaces the first.
    const again = await call('POST', `/api/v1/users/${user.id}/invitation`, admin);
    expect(again.statusCode).toBe(201);
    expectProblem(await accept(invitation.token, 'my own first passphrase'), 400, 'AUTH_INVITATION_INVALID');
    const accepted = await accept(again.json().token, 'my own first passphrase');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ role: 'analyst', organization: { slug: 'team' } });
    expectProblem(await accept(again.json().token, 'yet another passphrase'), 400, 'AUTH_INVITATION_INVALID');
    expectProblem(
      await call('POST', `/api/v1/users/${user.id}/invitation`, admin),
      409,
      'USERS_ALREADY_ACTIVE',
    );
    expect((await login(ctx.app, 'invitee@team.test', 'my own first passphrase')).role).toBe('analyst');
    // An access token is not an invitation, nor the other way round.
    expectProblem(await accept(admin.accessToken, 'my own first passphrase'), 400, 'AUTH_INVITATION_INVALID');
  });

  it('adds an account of another organization only as an invitation the person accepts signed in', async () => {
    const other = await createOrgWithUsers(ctx.database.db, { slug: 'team-elsewhere' });
    const email = other.users.viewer.email;
    const before = await account(email);
    // With a password: the same answer as for a new e-mail, and the account's password is untouched.
    const withPassword = await call('POST', '/api/v1/users', admin, {
      email,
      name: 'Renamed',
      role: 'viewer',
      password: 'taking over this account',
    });
    expect(withPassword.statusCode).toBe(201);
    expect(withPassword.json()).toMatchObject({
      user: { email, name: 'Renamed', role: 'viewer', status: 'invited', lastLoginAt: null },
      invitation: null,
    });
    expect(await account(email)).toEqual(before);
    await expect(login(ctx.app, email, 'taking over this account', 'team')).rejects.toThrow(/401/);
    await expect(login(ctx.app, email, other.password, 'team')).rejects.toThrow(/401/);
    expectProblem(
      await call('POST', '/api/v1/users', admin, { email, name: 'X', role: 'viewer' }),
      409,
      'USERS_ALREADY_MEMBER',
    );
    // The invitation sets no password of an existing account; signed in, the person accepts it.
    const token = (
      await call('POST', `/api/v1/users/${withPassword.json().user.id}/invitation`, admin)
    ).json().token as string;
    expectProblem(
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/accept-invitation',
        payload: { token, password: 'taking over this account' },
      }),
      409,
      'AUTH_INVITATION_SIGN_IN',
    );
    expect(await account(email)).toEqual(before);
    const someoneElse = await login(ctx.app, other.users.analyst.email, other.password);
    const acceptAs = (session: Session) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/me/invitations/accept',
        headers: bearer(session.accessToken),
        payload: { token },
      });
    expectProblem(await acceptAs(someoneElse), 400, 'AUTH_INVITATION_INVALID');
    const joined = await acceptAs(await login(ctx.app, email, other.password));
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ role: 'viewer', organization: { slug: 'team' } });
    expectProblem(
      await acceptAs(await login(ctx.app, email, other.password)),
      400,
      'AUTH_INVITATION_INVALID',
    );
    // Same password, two organizations: the login picks one; each token is for one.
    const here = await login(ctx.app, email, other.password, 'team');
    const there = await login(ctx.app, email, other.password, 'team-elsewhere');
    expect([here.organization.slug, there.organization.slug]).toEqual(['team', 'team-elsewhere']);
    await expect(login(ctx.app, email, other.password, 'no-such-org')).rejects.toThrow(
      /AUTH_INVALID_CREDENTIALS/,
    );
  });

  it('closes the cross-organization takeover: B adding an invitee of A gets no credential, learns nothing, changes nothing in A', async () => {
    const b = await createOrgWithUsers(ctx.database.db, { slug: 'team-b' });
    const bAdmin = await loginAs(ctx.app, b, 'admin');
    // A ("team") invites a new person; B's admin adds the same e-mail, once without, once with a password.
    const invitedByA = await call('POST', '/api/v1/users', admin, {
      email: 'target@shared.test',
      name: 'Target in A',
      role: 'analyst',
    });
    const tokenA = invitedByA.json().invitation.token as string;
    const fresh = await call('POST', '/api/v1/users', bAdmin, {
      email: 'nobody-yet@shared.test',
      name: 'Somebody',
      role: 'viewer',
    });
    const overlap = await call('POST', '/api/v1/users', bAdmin, {
      email: 'target@shared.test',
      name: 'Somebody',
      role: 'viewer',
    });
    // Indistinguishable answers: same status, same shape, same values but for ids and tokens.
    expect(overlap.statusCode).toBe(fresh.statusCode);
    const shape = (r: typeof fresh) => {
      const { user, invitation } = r.json();
      return { ...user, id: 0, email: '', memberSince: '', invitation: Object.keys(invitation).sort() };
    };
    expect(shape(overlap)).toEqual(shape(fresh));
    expect(overlap.json().user).toMatchObject({ name: 'Somebody', status: 'invited', lastLoginAt: null });
    const withPassword = await call('POST', '/api/v1/users', bAdmin, {
      email: 'owner@team.test',
      name: 'Somebody',
      role: 'viewer',
      password: 'b admin chose this one',
    });
    const newWithPassword = await call('POST', '/api/v1/users', bAdmin, {
      email: 'nobody-else@shared.test',
      name: 'Somebody',
      role: 'viewer',
      password: 'b admin chose this one',
    });
    expect(withPassword.statusCode).toBe(201);
    expect({ ...withPassword.json().user, id: 0, email: '', memberSince: '' }).toEqual({
      ...newWithPassword.json().user,
      id: 0,
      email: '',
      memberSince: '',
    });

    // B's token sets no password: the shared account keeps none, and A's own invitation still works.
    const tokenB = overlap.json().invitation.token as string;
    const takeover = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/accept-invitation',
      payload: { token: tokenB, password: 'the attacker chose this' },
    });
    expectProblem(takeover, 409, 'AUTH_INVITATION_SIGN_IN');
    expect((await account('target@shared.test'))?.password_hash).toBeNull();
    await expect(login(ctx.app, 'target@shared.test', 'the attacker chose this')).rejects.toThrow(/401/);
    await expect(login(ctx.app, 'owner@team.test', 'b admin chose this one')).rejects.toThrow(/401/);
    const person = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/accept-invitation',
      payload: { token: tokenA, password: 'the person chose this' },
    });
    expect(person.statusCode).toBe(200);
    expect(person.json()).toMatchObject({ organization: { slug: 'team' }, role: 'analyst' });
    // Acceptance is recorded in A only; B's list still shows B's entry, invited.
    const accepted = await ctx.database.db
      .selectFrom('audit_events')
      .select('org_id')
      .where('action', '=', 'users.invitation_accepted')
      .where('target_id', '=', String(invitedByA.json().user.id))
      .execute();
    expect(accepted).toEqual([{ org_id: org.orgId }]);
    const inB = await call('GET', `/api/v1/users/${overlap.json().user.id}`, bAdmin);
    expect(inB.json()).toMatchObject({ name: 'Somebody', status: 'invited', lastLoginAt: null });

    // The person joins B only signed in, with B's token; then B's role change leaves A's tokens alone.
    const signedIn = person.json() as Session;
    const joined = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/me/invitations/accept',
      headers: bearer(signedIn.accessToken),
      payload: { token: tokenB },
    });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ organization: { slug: 'team-b' }, role: 'viewer' });
    const changed = await call('PATCH', `/api/v1/users/${overlap.json().user.id}/role`, bAdmin, {
      role: 'analyst',
    });
    expect(changed.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/me', signedIn)).statusCode).toBe(200);
    expectProblem(await call('GET', '/api/v1/me', joined.json() as Session), 401, 'AUTH_TOKEN_REVOKED');
    const refreshedA = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: signedIn.refreshToken },
    });
    expect(refreshedA.statusCode).toBe(200);
  });

  it('answers concurrent adds of one new e-mail in two organizations without a 500', async () => {
    const b = await createOrgWithUsers(ctx.database.db, { slug: 'team-race' });
    const bAdmin = await loginAs(ctx.app, b, 'admin');
    const body = { email: 'raced@shared.test', name: 'Raced', role: 'viewer' };
    const answers = await Promise.all([
      call('POST', '/api/v1/users', admin, body),
      call('POST', '/api/v1/users', bAdmin, body),
      call('POST', '/api/v1/users', admin, body),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 201, 409]);
    const accounts = await ctx.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'raced@shared.test')
      .execute();
    expect(accounts).toHaveLength(1);
  });

  it('records a failed login in the organization it was aimed at, or in none', async () => {
    const other = await createOrgWithUsers(ctx.database.db, { slug: 'team-audit' });
    const email = other.users.viewer.email;
    const failureOrg = async (password: string, organization?: string) => {
      await expect(login(ctx.app, email, password, organization)).rejects.toThrow(/401/);
      const [event] = await ctx.database.db
        .selectFrom('audit_events')
        .select(['org_id', 'action', 'outcome'])
        .where('action', '=', 'auth.login')
        .orderBy('id', 'desc')
        .limit(1)
        .execute();
      expect(event?.outcome).toBe('failure');
      return event?.org_id ?? null;
    };
    expect(await failureOrg('not the right password', 'team-audit')).toBe(other.orgId);
    expect(await failureOrg(other.password, 'team')).toBeNull();
    expect(await failureOrg('not the right password')).toBe(other.orgId);
  });

  it('keeps ownership with owners: admins cannot grant, change or disable an owner; the last owner stays', async () => {
    const viewerId = org.users.viewer.memberId;
    const ownerId = org.users.owner.memberId;
    expectProblem(
      await call('PATCH', `/api/v1/users/${viewerId}/role`, admin, { role: 'owner' }),
      403,
      'AUTH_FORBIDDEN',
    );
    expectProblem(
      await call('PATCH', `/api/v1/users/${ownerId}/role`, admin, { role: 'viewer' }),
      403,
      'AUTH_FORBIDDEN',
    );
    expectProblem(await call('POST', `/api/v1/users/${ownerId}/disable`, admin), 403, 'AUTH_FORBIDDEN');
    expectProblem(
      await call('POST', '/api/v1/users', admin, { email: 'o2@team.test', name: 'O', role: 'owner' }),
      403,
      'AUTH_FORBIDDEN',
    );
    expectProblem(
      await call('PATCH', `/api/v1/users/${ownerId}/role`, owner, { role: 'admin' }),
      409,
      'USERS_LAST_OWNER',
    );
    expectProblem(
      await call('POST', `/api/v1/users/${org.users.admin.memberId}/disable`, admin),
      409,
      'USERS_CANNOT_DISABLE_SELF',
    );
    const promoted = await call('PATCH', `/api/v1/users/${org.users.analyst.memberId}/role`, owner, {
      role: 'owner',
    });
    expect(promoted.json()).toMatchObject({ role: 'owner' });
  });

  it('lists, gets, disables and enables members, and records it all in the audit log', async () => {
    const list = await call('GET', '/api/v1/users?role=viewer', admin);
    expect(list.json().data.map((u: { email: string }) => u.email)).toContain(org.users.viewer.email);
    expect(list.json().data.every((u: { role: string }) => u.role === 'viewer')).toBe(true);
    const id = org.users.operator.memberId;
    expect((await call('POST', `/api/v1/users/${id}/disable`, admin)).json()).toMatchObject({
      status: 'disabled',
    });
    expect((await call('GET', `/api/v1/users/${id}`, admin)).json()).toMatchObject({ status: 'disabled' });
    expect((await call('POST', `/api/v1/users/${id}/enable`, admin)).json()).toMatchObject({
      status: 'active',
    });
    expect((await loginAs(ctx.app, org, 'operator')).role).toBe('operator');

    const audit = await call('GET', `/api/v1/audit-events?action=users.*&limit=100`, owner);
    expect(audit.statusCode).toBe(200);
    const actions = audit.json().data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['users.added', 'users.role_changed', 'users.disabled', 'users.enabled']),
    );
    const byAdmin = await call(
      'GET',
      `/api/v1/audit-events?actorUserId=${org.users.admin.id}&action=users.disabled`,
      owner,
    );
    expect(byAdmin.json().data).toEqual([
      expect.objectContaining({ action: 'users.disabled', target: { type: 'member', id: String(id) } }),
    ]);
    const page = await call('GET', '/api/v1/audit-events?limit=2', owner);
    expect(page.json().data).toHaveLength(2);
    const next = await call('GET', `/api/v1/audit-events?limit=2&cursor=${page.json().nextCursor}`, owner);
    expect(next.json().data[0].id).toBeLessThan(page.json().data[1].id);
    const failures = await call('GET', '/api/v1/audit-events?action=auth.login&outcome=failure', owner);
    expect(failures.json().data.length).toBeGreaterThan(0);
    const raw = await ctx.database.db.selectFrom('audit_events').select(['details']).execute();
    for (const secret of [admin.accessToken, admin.refreshToken, owner.refreshToken, org.password]) {
      expect(JSON.stringify(raw)).not.toContain(secret);
    }
  });
});
