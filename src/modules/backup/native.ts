import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import type { DatabaseTarget } from '../../db/url.js';
import { BackupError } from './errors.js';

export interface NativeBackupOptions {
  /** The copy to write (a SQLite database file). */
  readonly out: string;
  /** Overwrite `out` if it exists (default: refuse). */
  readonly overwrite?: boolean;
}

/** A finished native copy and what SQLite's integrity check said about it. */
export interface NativeBackupSummary {
  readonly file: string;
  readonly bytes: number;
  readonly pages: number;
  /** `['ok']` for a sound copy (anything else is thrown as BACKUP_INTEGRITY_FAILED). */
  readonly integrity: readonly string[];
}

/**
 * Copies a SQLite database with SQLite's online backup API (page by page, while the server keeps
 * writing), turns the copy into a self-contained single file and runs `PRAGMA integrity_check`
 * on it. Only for SQLite; the portable backup works on every dialect.
 */
export async function nativeSqliteBackup(
  target: DatabaseTarget,
  options: NativeBackupOptions,
): Promise<NativeBackupSummary> {
  if (target.dialect !== 'sqlite' || target.file === ':memory:') {
    throw new BackupError(
      'BACKUP_NATIVE_NOT_SQLITE',
      'a native backup needs a SQLite database file; use the portable backup (without --native) for MySQL/MariaDB and PostgreSQL',
    );
  }
  if (!fs.existsSync(target.file)) {
    throw new BackupError('BACKUP_FILE_NOT_FOUND', `no SQLite database at ${target.file}`);
  }
  if (!options.overwrite && fs.existsSync(options.out)) {
    throw new BackupError(
      'BACKUP_FILE_EXISTS',
      `${options.out} already exists; choose another file or overwrite it`,
    );
  }
  const partial = `${options.out}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    // Our own read-only connection: the backup never writes to the source, and the server's
    // connection is not held while pages are copied.
    const source = new SQLite(target.file, { readonly: true, fileMustExist: true });
    let pages: number;
    try {
      pages = (await source.backup(partial)).totalPages;
    } finally {
      source.close();
    }
    const integrity = checkCopy(partial);
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      throw new BackupError(
        'BACKUP_INTEGRITY_FAILED',
        `the copy failed SQLite's integrity check: ${integrity.slice(0, 5).join('; ')}`,
      );
    }
    fs.renameSync(partial, options.out);
    return { file: options.out, bytes: fs.statSync(options.out).size, pages, integrity };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

function checkCopy(file: string): string[] {
  const copy = new SQLite(file, { fileMustExist: true });
  try {
    // The copy inherits WAL mode; a rollback journal makes it one file that can be moved or
    // mailed as is (the server switches it back to WAL when it opens it).
    copy.pragma('journal_mode = DELETE');
    const rows = copy.pragma('integrity_check') as Record<string, unknown>[];
    return rows.map((row) => String(Object.values(row)[0]));
  } finally {
    copy.close();
  }
}
