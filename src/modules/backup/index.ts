export { type BackupOptions, type BackupSummary, createBackup } from './backup.js';
export { type ColumnKind, columnKinds } from './canonical.js';
export { BackupError, type BackupErrorCode } from './errors.js';
export {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupFooter,
  type BackupHeader,
  type BackupTable,
  type TableManifest,
} from './format.js';
export { type NativeBackupOptions, type NativeBackupSummary, nativeSqliteBackup } from './native.js';
export { type VerifiedBackup, verifyBackup } from './reader.js';
export { type RestoreOptions, type RestoreSummary, restoreBackup } from './restore.js';
export { backupTables } from './tables.js';
