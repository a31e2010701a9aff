import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateTo, migrateToLatest } from '../../src/db/migrator.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

/** 0005_memberships keeps existing accounts and memberships valid, and goes back down cleanly. */
describe.each(testDialects)('migration 0005_memberships on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it('turns existing memberships into joined ones with their names and last logins', async () => {
    const db = database.db as unknown as Kysely<unknown>;
    await migrateTo(database.db, '0004_orders_inventory');
    const lastLogin = new Date('2026-11-30T08:00:00.000Z');
    await sql`insert into organizations (id, slug, name) values (1, 'one', 'One'), (2, 'two', 'Two')`.execute(
      db,
    );
    await sql`insert into users (id, email, name, password_hash, token_version, last_login_at) values (1, 'a@x.test', 'Ann', 'h', 4, ${lastLogin})`.execute(
      db,
    );
    await sql`insert into memberships (id, org_id, user_id, role) values (1, 1, 1, 'admin'), (2, 2, 1, 'viewer')`.execute(
      db,
    );
    await migrateToLatest(database.db);
    const rows = await database.db
      .selectFrom('memberships')
      .select(['id', 'name', 'token_version', 'invited_at', 'created_account', 'last_login_at', 'role'])
      .orderBy('id')
      .execute();
    expect(
      rows.map((r) => ({ ...r, last_login_at: r.last_login_at && new Date(r.last_login_at).toISOString() })),
    ).toEqual([
      {
        id: 1,
        name: 'Ann',
        token_version: 0,
        invited_at: null,
        created_account: 0,
        last_login_at: lastLogin.toISOString(),
        role: 'admin',
      },
      {
        id: 2,
        name: 'Ann',
        token_version: 0,
        invited_at: null,
        created_account: 0,
        last_login_at: lastLogin.toISOString(),
        role: 'viewer',
      },
    ]);
    const columns = (await database.db.introspection.getTables()).find((t) => t.name === 'users')?.columns;
    expect(columns?.map((c) => c.name)).not.toContain('token_version');

    await migrateTo(database.db, '0004_orders_inventory');
    const back = (await database.db.introspection.getTables()).map((t) => t.name);
    expect(back).not.toContain('invitations');
    const users = await sql<{ token_version: number }>`select token_version from users`.execute(db);
    expect(users.rows.map((r) => Number(r.token_version))).toEqual([0]);
    await migrateToLatest(database.db);
  });
});
