import fs from 'node:fs';
import { Command } from 'commander';
import { describeTarget } from '../db/url.js';
import {
  BackupError,
  createBackup,
  nativeSqliteBackup,
  restoreBackup,
  type TableManifest,
  verifyBackup,
} from '../modules/backup/index.js';
import { configFrom, say, withDatabase, withDatabaseOption } from './context.js';

interface BackupFlags {
  out: string;
  native?: boolean;
  force?: boolean;
  databaseUrl?: string;
}

interface RestoreFlags {
  in: string;
  replace?: boolean;
  verifyOnly?: boolean;
  databaseUrl?: string;
}

/** `lanewise backup --out FILE [--native] [--force]`. */
export function backupCommand(): Command {
  const command = new Command('backup')
    .summary('write a portable backup of all data (or a native SQLite copy)')
    .description(
      "Writes every organization's data to one gzip'd JSON-lines file that restores into SQLite, MySQL/MariaDB or PostgreSQL. The backup reads one consistent snapshot, so it is safe to run while the server keeps writing. The file carries the schema version and a row count and sha256 checksum per table, which `restore` checks before it touches anything.",
    )
    .requiredOption(
      '--out <file>',
      'file to write, e.g. lanewise-2025-03-01.lwbak (with --native: a .db file)',
    )
    .option(
      '--native',
      "SQLite only: copy the database file with SQLite's online backup API, then check its integrity",
    )
    .option('--force', 'overwrite the output file if it already exists')
    .addHelpText(
      'after',
      `
Examples:
  $ lanewise backup --out lanewise.lwbak
  $ lanewise backup --database-url postgres://lanewise@db/lanewise --out nightly.lwbak
  $ lanewise backup --native --out copy.db     # SQLite: an exact copy of the database file`,
    );
  withDatabaseOption(command).action(async (flags: BackupFlags) => {
    try {
      const config = configFrom(flags);
      const started = Date.now();
      if (flags.native) {
        const copy = await nativeSqliteBackup(config.database, { out: flags.out, overwrite: flags.force });
        say(
          `Copied ${describeTarget(config.database)} to ${copy.file} (${copy.pages} pages, ${size(copy.bytes)}).`,
        );
        say(`Integrity check: ${copy.integrity.join('; ')}. Took ${seconds(started)}.`);
        return;
      }
      if (config.database.dialect === 'sqlite' && !fs.existsSync(config.database.file)) {
        // Connecting would create an empty database file; say what is wrong instead.
        throw new BackupError('BACKUP_FILE_NOT_FOUND', `no SQLite database at ${config.database.file}`);
      }
      await withDatabase(config, { migrate: false }, async ({ db }) => {
        say(`Backing up ${describeTarget(config.database)} to ${flags.out}`);
        const summary = await createBackup(db, {
          out: flags.out,
          overwrite: flags.force,
          onTable: printTable,
        });
        const { footer, header } = summary;
        say(
          `Wrote ${count(footer.totalRows)} rows in ${footer.tables.length} tables (schema ${header.schemaVersion}) to ${summary.file} (${size(summary.bytes)}) in ${seconds(started)}.`,
        );
      });
    } catch (error) {
      fail(command, error);
    }
  });
  return command;
}

/** `lanewise restore --in FILE [--replace] [--verify-only]`. */
export function restoreCommand(): Command {
  const command = new Command('restore')
    .summary('restore a backup written by `lanewise backup`')
    .description(
      "Restores a portable backup into the configured database, whatever dialect it was taken from. The whole file is verified first (structure, row counts, checksums, schema version); a damaged file or one from a newer Lanewise is refused before anything is written. The target is migrated to the backup's schema version, loaded in one transaction (all or nothing), then migrated to the latest version. A target that already holds data is refused unless --replace is given.",
    )
    .requiredOption('--in <file>', 'backup file to restore')
    .option('--replace', "delete the target's existing data first (in the same transaction as the load)")
    .option('--verify-only', 'check the file and print what it holds, without touching any database')
    .addHelpText(
      'after',
      `
Examples:
  $ lanewise restore --in lanewise.lwbak --database-url postgres://lanewise@db/lanewise
  $ lanewise restore --in lanewise.lwbak --replace
  $ lanewise restore --in lanewise.lwbak --verify-only`,
    );
  withDatabaseOption(command).action(async (flags: RestoreFlags) => {
    try {
      const started = Date.now();
      // Verify before connecting: a bad file must not even create the target (a SQLite file).
      const verified = await verifyBackup(flags.in);
      const { header, footer } = verified;
      say(
        `Verified ${flags.in}: schema ${header.schemaVersion}, taken from ${header.sourceDialect} at ${header.createdAt}, ${count(footer.totalRows)} rows in ${footer.tables.length} tables.`,
      );
      if (flags.verifyOnly) {
        for (const table of footer.tables) printTable(table);
        return;
      }
      const config = configFrom(flags);
      await withDatabase(config, { migrate: false }, async ({ db }) => {
        const summary = await restoreBackup(db, { file: flags.in, replace: flags.replace, verified });
        for (const line of summary.migrations) say(`  ${line}`);
        for (const table of summary.tables) printTable(table);
        if (summary.rederivedShipments > 0) {
          say(
            `  derived ${count(summary.rederivedShipments)} shipments again (the backup's schema is older)`,
          );
        }
        say(
          `Restored ${count(summary.totalRows)} rows into ${describeTarget(config.database)} in ${seconds(started)}.`,
        );
      });
    } catch (error) {
      fail(command, error);
    }
  });
  return command;
}

function printTable(table: TableManifest): void {
  say(`  ${table.name.padEnd(22)} ${count(table.rows).padStart(12)} rows`);
}

// Ends the command with the error's message and its stable code (BACKUP_* or the driver's).
function fail(command: Command, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const raw = error instanceof BackupError ? error.code : (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' && raw !== '' ? raw : 'BACKUP_FAILED';
  return command.error(`error: ${message} (${code})`, { exitCode: 1, code });
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
