import { type Kysely, type MigrationResultSet, Migrator, NO_MIGRATIONS } from 'kysely';
import { latestSchemaVersion, migrations } from './migrations/index.js';

function migrator<T>(db: Kysely<T>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'lanewise_migrations',
    migrationLockTableName: 'lanewise_migrations_lock',
  });
}

/** Raised when a migration fails; carries the names of those that did run and the driver's error. */
export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    message: string,
    readonly results: MigrationResultSet['results'],
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

function unwrap(set: MigrationResultSet): string[] {
  if (set.error) {
    const failed = set.results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = set.error instanceof Error ? set.error.message : String(set.error);
    // No failed migration means the migrator could not even read its table (no connection, no
    // access): say so instead of naming an "unknown" migration.
    const what = failed ? `migration ${failed} failed` : 'could not start migrating';
    throw new MigrationError(`${what}: ${cause}`, set.results, set.error);
  }
  return (set.results ?? []).map(
    (r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`,
  );
}

/** Runs every pending migration; returns one line per migration run. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  return unwrap(await migrator(db).migrateToLatest());
}

/** Reverts the newest applied migration. */
export async function migrateDown<T>(db: Kysely<T>): Promise<string[]> {
  return unwrap(await migrator(db).migrateDown());
}

/** Migrates up or down to the named version ('' = before the first migration). */
export async function migrateTo<T>(db: Kysely<T>, version: string): Promise<string[]> {
  return unwrap(await migrator(db).migrateTo(version === '' ? NO_MIGRATIONS : version));
}

export interface MigrationStatus {
  readonly name: string;
  readonly executedAt: Date | null;
}

/** Every known migration with when it ran (null = pending). */
export async function migrationStatus<T>(db: Kysely<T>): Promise<MigrationStatus[]> {
  const all = await migrator(db).getMigrations();
  return all.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}

/** The newest applied migration ('' when none), i.e. the schema version of the database. */
export async function currentSchemaVersion<T>(db: Kysely<T>): Promise<string> {
  const applied = (await migrationStatus(db)).filter((m) => m.executedAt !== null);
  return applied.at(-1)?.name ?? '';
}

export { latestSchemaVersion };
