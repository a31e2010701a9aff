import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Accounts that belong to several organizations (ADR 0009): what an organization knows about a
 * person moves onto the membership (the name it entered, its own last login, its own token
 * version, whether the person has accepted), and invitations become single-use rows bound to one
 * membership and one e-mail, stored hashed. users.token_version goes: access tokens carry the
 * membership's version, so a change in one organization never ends sessions in another.
 *
 * Self-contained on purpose (STYLE 7: a landed migration never changes): the column types are
 * spelled here rather than imported from a helper someone may edit later.
 */
function instant(db: Kysely<unknown>) {
  switch (dialectOf(db)) {
    case 'sqlite':
      return sql`datetime`;
    case 'mysql':
      return sql`datetime(3)`;
    case 'postgres':
      return sql`timestamptz(3)`;
  }
}

function now(db: Kysely<unknown>) {
  switch (dialectOf(db)) {
    case 'sqlite':
      return sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
    case 'mysql':
      return sql`current_timestamp(3)`;
    case 'postgres':
      return sql`current_timestamp`;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const t = instant(db);

  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema
    .alterTable('memberships')
    .addColumn('name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('memberships')
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('memberships').addColumn('last_login_at', t).execute();
  // Non-null while the membership waits for the person to accept it; existing ones are joined.
  await db.schema.alterTable('memberships').addColumn('invited_at', t).execute();
  // 1 when adding this member created the account (only then may its invitation set a password).
  await db.schema
    .alterTable('memberships')
    .addColumn('created_account', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Existing members keep the name and last login they had (one organization's view until now).
  await sql`update memberships set name = (select u.name from users u where u.id = memberships.user_id), last_login_at = (select u.last_login_at from users u where u.id = memberships.user_id)`.execute(
    db,
  );

  let invitations = db.schema
    .createTable('invitations')
    .addColumn(
      'id',
      dialect === 'postgres' ? 'bigserial' : dialect === 'mysql' ? 'bigint' : 'integer',
      (c) => (dialect === 'mysql' ? c.primaryKey().autoIncrement() : c.primaryKey()),
    )
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('membership_id', 'bigint', (c) => c.notNull())
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    // Accepting looks the presented token up by hash.
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('expires_at', t, (c) => c.notNull())
    .addColumn('used_at', t)
    .addColumn('revoked_at', t)
    .addColumn('created_at', t, (c) => c.notNull().defaultTo(now(db)))
    .addForeignKeyConstraint('invitations_org_fk', ['org_id'], 'organizations', ['id'])
    .addForeignKeyConstraint('invitations_membership_fk', ['membership_id'], 'memberships', ['id']);
  if (dialect === 'mysql') {
    invitations = invitations.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`);
  }
  await invitations.execute();
  // A new invitation revokes the membership's earlier ones.
  await db.schema
    .createIndex('invitations_membership_idx')
    .on('invitations')
    .column('membership_id')
    .execute();
  await db.schema.createIndex('invitations_org_idx').on('invitations').column('org_id').execute();

  await db.schema.alterTable('users').dropColumn('token_version').execute();

  // Who used a refresh token (SHA-256 of client IP and User-Agent): only that client's retry
  // within the grace window gets a sibling token; anyone else presenting it is reuse.
  await db.schema.alterTable('refresh_tokens').addColumn('used_by', 'varchar(64)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refresh_tokens').dropColumn('used_by').execute();
  await db.schema
    .alterTable('users')
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.dropTable('invitations').execute();
  for (const column of ['created_account', 'invited_at', 'last_login_at', 'token_version', 'name']) {
    await db.schema.alterTable('memberships').dropColumn(column).execute();
  }
}
