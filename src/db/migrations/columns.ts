import { type CreateTableBuilder, type Kysely, type RawBuilder, sql } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { Dialect } from '../url.js';

/**
 * Column types that mean the same thing on SQLite, MySQL/MariaDB and PostgreSQL (ADR 0002).
 * Migrations use these instead of spelling dialect types, so one migration runs on all three.
 * Backup reads the declared types back (datetime/timestamptz → instant, date → calendar day).
 *
 * FROZEN (ADR 0003): landed migrations call these helpers, and a landed migration must generate
 * the same SQL forever. Never change what an existing helper emits; add a new helper (or a
 * `columns-v2.ts`) for new migrations instead. test/migrations-ddl.test.ts fails on any change
 * to the SQL the migrations generate.
 */
export interface ColumnTypes {
  readonly dialect: Dialect;
  /** A point in time, stored in UTC with millisecond precision. */
  readonly instant: RawBuilder<unknown>;
  /** Default "now" for an instant column, in the same format the application writes. */
  readonly now: RawBuilder<unknown>;
  readonly day: RawBuilder<unknown>;
  readonly double: RawBuilder<unknown>;
}

export function columnTypes(db: Kysely<unknown>): ColumnTypes {
  const dialect = dialectOf(db);
  switch (dialect) {
    case 'sqlite':
      return {
        dialect,
        instant: sql`datetime`,
        // Same ISO-8601 shape as Date#toISOString, so defaults and written values sort and compare alike.
        now: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
        day: sql`date`,
        double: sql`real`,
      };
    case 'mysql':
      return {
        dialect,
        instant: sql`datetime(3)`,
        now: sql`current_timestamp(3)`,
        day: sql`date`,
        double: sql`double`,
      };
    case 'postgres':
      return {
        dialect,
        instant: sql`timestamptz(3)`,
        now: sql`current_timestamp`,
        day: sql`date`,
        double: sql`double precision`,
      };
  }
}

/** Adds the 64-bit auto-increment primary key `id`. */
export function withId<T extends string>(
  table: CreateTableBuilder<T, never>,
  types: ColumnTypes,
): CreateTableBuilder<T, 'id'> {
  switch (types.dialect) {
    case 'sqlite':
      // Exactly "integer primary key" so the column aliases SQLite's rowid.
      return table.addColumn('id', 'integer', (c) => c.primaryKey());
    case 'mysql':
      return table.addColumn('id', 'bigint', (c) => c.primaryKey().autoIncrement());
    case 'postgres':
      return table.addColumn('id', 'bigserial', (c) => c.primaryKey());
  }
}

/** Adds `org_id` with its foreign key to organizations. */
export function withOrg<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
  name: string,
): CreateTableBuilder<T, C | 'org_id'> {
  return table
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addForeignKeyConstraint(`${name}_org_fk`, ['org_id'], 'organizations', ['id']);
}

/** Adds created_at and updated_at, both defaulting to now. */
export function withTimestamps<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
  types: ColumnTypes,
  { updated = true } = {},
): CreateTableBuilder<T, C | 'created_at' | 'updated_at'> {
  const withCreated = table.addColumn('created_at', types.instant, (c) => c.notNull().defaultTo(types.now));
  return updated
    ? withCreated.addColumn('updated_at', types.instant, (c) => c.notNull().defaultTo(types.now))
    : withCreated;
}

/**
 * Starts a table with `id` and, on MySQL/MariaDB, InnoDB with utf8mb4 and a binary collation, so
 * text compares case-sensitively as it does on SQLite and PostgreSQL (a SKU "ab-1" is not "AB-1").
 */
export function createTable<T extends string>(db: Kysely<unknown>, types: ColumnTypes, name: T) {
  const table = withId(db.schema.createTable(name), types);
  return types.dialect === 'mysql'
    ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`)
    : table;
}
