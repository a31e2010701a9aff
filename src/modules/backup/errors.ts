/** Stable codes of everything backup and restore refuse to do; scripts and tests match on them. */
export type BackupErrorCode =
  /** The file is damaged: not gzip, truncated, bad JSON, wrong structure, or a checksum/count mismatch. */
  | 'BACKUP_CORRUPT'
  /** The file does not exist or cannot be read. */
  | 'BACKUP_FILE_NOT_FOUND'
  /** The output file exists and overwriting was not asked for. */
  | 'BACKUP_FILE_EXISTS'
  /** A newer release of the backup format than this build reads. */
  | 'BACKUP_FORMAT_UNSUPPORTED'
  /** The backup's schema version is newer than the newest migration this build knows. */
  | 'BACKUP_SCHEMA_TOO_NEW'
  /** The backup's schema version is not a migration this build knows. */
  | 'BACKUP_SCHEMA_UNKNOWN'
  /** The source database has no schema (never migrated): nothing to back up. */
  | 'BACKUP_NO_SCHEMA'
  /** After migrating, the target's tables or columns differ from those the backup lists. */
  | 'BACKUP_SCHEMA_MISMATCH'
  /** The database holds a table or column type backup does not know how to carry. */
  | 'BACKUP_UNSUPPORTED_SCHEMA'
  /** A stored value does not fit its column's kind (e.g. an instant that is not a date). */
  | 'BACKUP_BAD_VALUE'
  /** The target already holds business data and --replace was not given. */
  | 'BACKUP_TARGET_NOT_EMPTY'
  /** The target's schema is newer than the backup's and it holds data we would have to migrate down. */
  | 'BACKUP_TARGET_NEWER'
  /** A native backup was asked of a database that is not a SQLite file. */
  | 'BACKUP_NATIVE_NOT_SQLITE'
  /** The native copy failed SQLite's integrity check. */
  | 'BACKUP_INTEGRITY_FAILED';

/** The one error type of the backup module; `code` is stable, `message` says what to do. */
export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
