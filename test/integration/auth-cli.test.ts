import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { orgsCommand } from '../../src/cli/orgs.js';
import { usersCommand } from '../../src/cli/users.js';
import { loadConfig } from '../../src/config.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createOrganization } from '../../src/modules/organizations/index.js';
import { demoLoginLines, SECOND_DEMO_ORG, seedDemoAccess } from '../../src/modules/users/index.js';
import { expectProblem, login } from '../support/auth.js';
import { createTestDatabase, databaseUrlOf, type TestDatabase, testDialects } from '../support/databases.js';

describe.each(testDialects)('demo users and the users CLI on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.drop();
  });

  /** Runs a CLI command in-process against the test database; returns what it printed. */
  async function cli(command: 'orgs' | 'users', args: string[]): Promise<string> {
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const program = command === 'orgs' ? orgsCommand() : usersCommand();
      program.exitOverride();
      await program.parseAsync([...args, '--database-url', databaseUrlOf(testDb.target)], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    return printed.join('');
  }

  it('seeds one demo user per role and a second organization, once, with a printed password', async () => {
    const company = await createOrganization(database.db, { slug: 'demo', name: 'Demo Logistics' });
    const access = await seedDemoAccess(database.db, { orgId: company.id, password: null });
    if (!access) throw new Error('expected the demo users to be seeded');
    expect(access.generated).toBe(true);
    expect(access.organizations[0]?.users.map((u) => u.email)).toEqual([
      'owner@demo.lanewise.test',
      'admin@demo.lanewise.test',
      'analyst@demo.lanewise.test',
      'operator@demo.lanewise.test',
      'viewer@demo.lanewise.test',
    ]);
    expect(access.organizations[1]?.slug).toBe(SECOND_DEMO_ORG.slug);
    const lines = demoLoginLines(access).join('\n');
    expect(lines).toContain(access.password);
    expect(lines).toContain('viewer@demo.lanewise.test');

    const viewer = await login(app, 'viewer@demo.lanewise.test', access.password);
    expect(viewer).toMatchObject({ role: 'viewer', organization: { slug: 'demo' } });
    const northwind = await login(app, 'owner@northwind.demo.lanewise.test', access.password);
    expect(northwind.organization.slug).toBe(SECOND_DEMO_ORG.slug);
    const hashes = await database.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', 'like', '%demo.lanewise.test')
      .execute();
    expect(new Set(hashes.map((h) => h.password_hash)).size).toBe(hashes.length); // a salt each
    expect(await seedDemoAccess(database.db, { orgId: company.id, password: null })).toBeNull();
  });

  it('creates organizations and users, changes roles, resets passwords and disables accounts', async () => {
    expect(await cli('orgs', ['create', 'cli-org', '--name', 'CLI Org'])).toMatch(
      /created organization cli-org/,
    );
    const created = await cli('users', [
      'create',
      '--org',
      'cli-org',
      '--email',
      'Ops@CLI.test',
      '--name',
      'Ops',
      '--role',
      'operator',
    ]);
    const password = /password: (\S+)/.exec(created)?.[1] ?? '';
    expect(password).toHaveLength(24);
    expect((await login(app, 'ops@cli.test', password)).role).toBe('operator');

    expect(
      await cli('users', ['set-role', '--org', 'cli-org', '--email', 'ops@cli.test', '--role', 'analyst']),
    ).toMatch(/now analyst/);
    expect(await cli('users', ['list', '--org', 'cli-org'])).toMatch(
      /ops@cli\.test\s+active\s+cli-org:analyst/,
    );

    const reset = await cli('users', ['reset-password', '--email', 'ops@cli.test']);
    const fresh = /password: (\S+)/.exec(reset)?.[1] ?? '';
    await expect(login(app, 'ops@cli.test', password)).rejects.toThrow(/401/);
    const session = await login(app, 'ops@cli.test', fresh);
    expect(session.role).toBe('analyst');

    await cli('users', ['disable', '--email', 'ops@cli.test']);
    expectProblem(
      await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${session.accessToken}` },
      }),
      401,
      'AUTH_TOKEN_REVOKED',
    );
    await expect(login(app, 'ops@cli.test', fresh)).rejects.toThrow(/AUTH_INVALID_CREDENTIALS/);
    await cli('users', ['enable', '--email', 'ops@cli.test']);
    await login(app, 'ops@cli.test', fresh);

    await cli('users', ['disable', '--email', 'ops@cli.test', '--org', 'cli-org']);
    await expect(login(app, 'ops@cli.test', fresh)).rejects.toThrow(/AUTH_INVALID_CREDENTIALS/);

    await expect(
      cli('users', ['set-role', '--org', 'nope', '--email', 'ops@cli.test', '--role', 'viewer']),
    ).rejects.toThrow(/No organization with the slug "nope"/);
    const events = await database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_type'])
      .where('actor_type', '=', 'system')
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'organizations.created',
        'users.added',
        'users.role_changed',
        'users.password_reset',
      ]),
    );
  });
});
