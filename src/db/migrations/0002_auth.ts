import type { Kysely } from 'kysely';
import { columnTypes, createTable, withOrg, withTimestamps } from './columns.js';

/**
 * Authentication and access control: session versions on users, per-organization disabling of
 * members, instance settings (the generated token-signing key), service accounts with hashed API
 * keys, rotating refresh tokens, and the audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema
    .alterTable('users')
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('password_changed_at', t.instant).execute();
  await db.schema.alterTable('users').addColumn('last_login_at', t.instant).execute();
  await db.schema.alterTable('memberships').addColumn('disabled_at', t.instant).execute();

  await withTimestamps(
    createTable(db, t, 'settings')
      .addColumn('key', 'varchar(100)', (c) => c.notNull().unique())
      .addColumn('value', 'varchar(2000)', (c) => c.notNull()),
    t,
    { updated: false },
  ).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'service_accounts'), 'service_accounts')
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('description', 'varchar(500)')
      .addColumn('created_by_user_id', 'bigint')
      .addColumn('disabled_at', t.instant)
      // The list of an organization's service accounts, by name; names are unique per org.
      .addUniqueConstraint('service_accounts_org_name_uq', ['org_id', 'name']),
    t,
  ).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'api_keys'), 'api_keys')
      .addColumn('service_account_id', 'bigint', (c) => c.notNull())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('prefix', 'varchar(16)', (c) => c.notNull())
      // Every authenticated machine request looks its key up by hash.
      .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('scopes', 'varchar(2000)', (c) => c.notNull())
      .addColumn('expires_at', t.instant)
      .addColumn('revoked_at', t.instant)
      .addColumn('last_used_at', t.instant)
      .addColumn('created_by_user_id', 'bigint')
      .addForeignKeyConstraint('api_keys_service_account_fk', ['service_account_id'], 'service_accounts', [
        'id',
      ]),
    t,
    { updated: false },
  ).execute();
  // An organization's keys (admin list) and a service account's keys (revoke all on disable).
  await db.schema.createIndex('api_keys_org_idx').on('api_keys').columns(['org_id', 'created_at']).execute();
  await db.schema
    .createIndex('api_keys_service_account_idx')
    .on('api_keys')
    .column('service_account_id')
    .execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'refresh_tokens'), 'refresh_tokens')
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('family_id', 'varchar(64)', (c) => c.notNull())
      // Refresh looks the presented token up by hash.
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('expires_at', t.instant, (c) => c.notNull())
      .addColumn('family_expires_at', t.instant, (c) => c.notNull())
      .addColumn('used_at', t.instant)
      .addColumn('revoked_at', t.instant)
      .addColumn('revoked_reason', 'varchar(32)')
      .addForeignKeyConstraint('refresh_tokens_user_fk', ['user_id'], 'users', ['id']),
    t,
    { updated: false },
  ).execute();
  // Revoking a family (logout, reuse) and all of a user's sessions (logout-all, disable).
  await db.schema.createIndex('refresh_tokens_family_idx').on('refresh_tokens').column('family_id').execute();
  await db.schema
    .createIndex('refresh_tokens_user_idx')
    .on('refresh_tokens')
    .columns(['user_id', 'org_id'])
    .execute();
  await db.schema.createIndex('refresh_tokens_org_idx').on('refresh_tokens').column('org_id').execute();

  await withTimestamps(
    createTable(db, t, 'audit_events')
      // Nullable: a failed login for an unknown email belongs to no organization.
      .addColumn('org_id', 'bigint')
      .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('actor_user_id', 'bigint')
      .addColumn('actor_api_key_id', 'bigint')
      .addColumn('action', 'varchar(64)', (c) => c.notNull())
      .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
      .addColumn('severity', 'varchar(16)', (c) => c.notNull())
      .addColumn('target_type', 'varchar(32)')
      .addColumn('target_id', 'varchar(64)')
      .addColumn('ip', 'varchar(64)')
      .addColumn('user_agent', 'varchar(255)')
      .addColumn('request_id', 'varchar(128)')
      .addColumn('details', 'varchar(2000)')
      .addForeignKeyConstraint('audit_events_org_fk', ['org_id'], 'organizations', ['id']),
    t,
    { updated: false },
  ).execute();
  // The audit list, newest first, optionally filtered by action or by actor.
  await db.schema.createIndex('audit_events_org_idx').on('audit_events').columns(['org_id', 'id']).execute();
  await db.schema
    .createIndex('audit_events_org_action_idx')
    .on('audit_events')
    .columns(['org_id', 'action', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_events_org_actor_idx')
    .on('audit_events')
    .columns(['org_id', 'actor_user_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_events', 'refresh_tokens', 'api_keys', 'service_accounts', 'settings']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('memberships').dropColumn('disabled_at').execute();
  for (const column of ['last_login_at', 'password_changed_at', 'token_version']) {
    await db.schema.alterTable('users').dropColumn(column).execute();
  }
}
