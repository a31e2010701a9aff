import { type Kysely, sql } from 'kysely';
import { insertRows, type PlainTable, syncIdSequences } from '../../db/bulk.js';
import { dialectOf } from '../../db/dialect.js';
import { currentSchemaVersion, migrateTo, migrateToLatest } from '../../db/migrator.js';
import type { DB, NewRow } from '../../db/types.js';
import { rebuildRollups } from '../analytics/index.js';
import { rederiveShipments, restoreShipmentRows, type ShipmentWrite } from '../shipments/index.js';
import { type CanonicalValue, fromCanonical } from './canonical.js';
import { BackupError } from './errors.js';
import type { BackupTable, TableManifest } from './format.js';
import { scanBackup, type VerifiedBackup } from './reader.js';
import { describeTables, isBackupTable, schemaDifferences, transientTables } from './tables.js';

export interface RestoreOptions {
  /** The backup file to read. */
  readonly file: string;
  /** Delete the target's existing business data first (in the same transaction as the load). */
  readonly replace?: boolean;
  /**
   * The result of `verifyBackup(file)` when the caller already ran it (e.g. before opening the
   * target), to skip the first pass. Safe: the load pass re-checks every checksum before commit.
   */
  readonly verified?: VerifiedBackup;
}

/** What a restore did. */
export interface RestoreSummary {
  readonly schemaVersion: string;
  readonly sourceDialect: string;
  readonly tables: readonly TableManifest[];
  readonly totalRows: number;
  /** Migrations run on the target, one line each. */
  readonly migrations: readonly string[];
  /**
   * Shipments derived again after the load because the backup's schema predates their current
   * derivation (they come back as that schema stored them); 0 for a backup of this schema.
   */
  readonly rederivedShipments: number;
}

/**
 * Restores a backup into the database: verifies the whole file first (a damaged or too-new file
 * leaves the target untouched), migrates the target to the backup's schema version, loads every
 * table in one transaction (deleting existing data first only with `replace`), then migrates to
 * the latest schema. Any failure during the load rolls the transaction back. Then each restored
 * organization's shipments that an older schema derived are derived again and its analytics
 * rollups (never carried by a backup) are rebuilt, so the target answers queries at once.
 */
export async function restoreBackup(db: Kysely<DB>, options: RestoreOptions): Promise<RestoreSummary> {
  const { header, footer } = options.verified ?? (await scanBackup(options.file));
  const version = header.schemaVersion;

  const targetVersion = await currentSchemaVersion(db);
  const occupied = await tablesWithRows(db);
  if (occupied.length > 0 && !options.replace) {
    throw new BackupError(
      'BACKUP_TARGET_NOT_EMPTY',
      `the target database already holds data (${occupied.join(', ')}); restore into an empty database or pass --replace to delete it`,
    );
  }
  if (occupied.length > 0 && targetVersion > version) {
    // Migrating a populated database down would drop data outside the restore's transaction.
    throw new BackupError(
      'BACKUP_TARGET_NEWER',
      `the target's schema (${targetVersion}) is newer than the backup's (${version}) and holds data; restore into an empty database`,
    );
  }
  const migrations = await migrateTo(db, version);

  const tables = await describeTables(db);
  const problems = schemaDifferences(header.tables, tables);
  if (problems.length > 0) {
    throw new BackupError(
      'BACKUP_SCHEMA_MISMATCH',
      `at schema ${version} the target's tables differ from the backup's: ${problems.join('; ')}`,
    );
  }

  await db.transaction().execute(async (trx) => {
    if (options.replace) {
      // Transient state first (it points at users and organizations), then children before
      // parents, so no foreign key ever points at a deleted row.
      const present = new Set((await trx.introspection.getTables()).map((t) => t.name));
      for (const table of transientTables.filter((name) => present.has(name))) {
        await trx.deleteFrom(table).execute();
      }
      for (const table of [...tables].reverse()) await trx.deleteFrom(table.name).execute();
    }
    // Reading the file a second time re-checks every checksum; a file damaged or replaced since
    // the first pass throws here, inside the transaction, and nothing is kept.
    const textInstants = dialectOf(db) === 'sqlite';
    const loaded = await scanBackup(options.file, (table, rows) => loadRows(trx, table, rows, textInstants));
    if (JSON.stringify([loaded.header, loaded.footer]) !== JSON.stringify([header, footer])) {
      throw new BackupError('BACKUP_CORRUPT', `${options.file} changed while it was being restored`);
    }
    await syncIdSequences(
      trx,
      tables.map((t) => t.name),
    );
  });
  migrations.push(...(await migrateToLatest(db)));
  const rederivedShipments = await deriveAnalytics(db);
  return {
    schemaVersion: version,
    sourceDialect: header.sourceDialect,
    tables: footer.tables,
    totalRows: footer.totalRows,
    migrations,
    rederivedShipments,
  };
}

/**
 * After the load, at the latest schema, for every organization (the target holds only what was
 * restored): its shipments of an older derivation are derived again, which rebuilds its rollups,
 * or else the rollups are rebuilt alone. In transactions of their own, after the load committed:
 * a failure here leaves what the startup re-derivation job and `lanewise rollups rebuild` repair.
 */
async function deriveAnalytics(db: Kysely<DB>): Promise<number> {
  let rederived = 0;
  for (const { id } of await db.selectFrom('organizations').select('id').orderBy('id').execute()) {
    const summary = await rederiveShipments(db, Number(id));
    rederived += summary.rederived;
    if (!summary.rebuilt) await rebuildRollups(db, Number(id));
  }
  return rederived;
}

async function loadRows(
  trx: Kysely<DB>,
  table: BackupTable,
  rows: CanonicalValue[][],
  textInstants: boolean,
): Promise<void> {
  if (!isBackupTable(table.name)) {
    throw new BackupError('BACKUP_SCHEMA_MISMATCH', `unknown table ${table.name}`);
  }
  // Only instants change on the way in (text → Date, which MariaDB needs). SQLite stores exactly
  // the canonical text, so there they skip the round trip through Date (a third of the CPU time).
  const decoders = table.columns.map((c) =>
    c.kind === 'instant' && !textInstants ? (v: CanonicalValue) => fromCanonical(c.kind, v) : null,
  );
  const names = table.columns.map((c) => c.name);
  const records = rows.map((values) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const value = values[i] ?? null;
      const decode = decoders[i];
      record[names[i] as string] = decode ? decode(value) : value;
    }
    return record;
  });
  if (table.name === 'shipments') {
    // Shipments carry derived fields: their module restores them and derives those again.
    await restoreShipmentRows(trx, records as unknown as ShipmentWrite[], names);
    return;
  }
  await insertRows(trx, table.name, records as NewRow<PlainTable>[]);
}

/** The business tables of the database that hold at least one row. */
async function tablesWithRows(db: Kysely<DB>): Promise<string[]> {
  const occupied: string[] = [];
  for (const table of await describeTables(db)) {
    const { rows } = await sql`select 1 as present from ${sql.table(table.name)} limit 1`.execute(db);
    if (rows.length > 0) occupied.push(table.name);
  }
  return occupied;
}
