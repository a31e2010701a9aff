import { AppError } from '../lib/errors.js';

/** Which integrity rule a database error broke, the same answer on all three dialects. */
export type ConstraintViolation = 'unique' | 'foreign_key' | 'not_null' | 'check';

/**
 * Classifies a driver error as a constraint violation, or null for anything else. Callers turn
 * it into a 409/422 instead of a 500, and never parse messages.
 */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  const e = error as { code?: unknown; errno?: unknown };
  switch (e?.code) {
    // SQLite (better-sqlite3 extended result codes)
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return 'unique';
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return 'foreign_key';
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return 'not_null';
    case 'SQLITE_CONSTRAINT_CHECK':
      return 'check';
    // MySQL / MariaDB
    case 'ER_DUP_ENTRY':
      return 'unique';
    case 'ER_NO_REFERENCED_ROW':
    case 'ER_NO_REFERENCED_ROW_2':
    case 'ER_ROW_IS_REFERENCED':
    case 'ER_ROW_IS_REFERENCED_2':
      return 'foreign_key';
    case 'ER_BAD_NULL_ERROR':
      return 'not_null';
    case 'ER_CHECK_CONSTRAINT_VIOLATED':
      return 'check';
    // PostgreSQL (SQLSTATE)
    case '23505':
      return 'unique';
    case '23503':
      return 'foreign_key';
    case '23502':
      return 'not_null';
    case '23514':
      return 'check';
    default:
      return null;
  }
}

/**
 * True when the database aborted the transaction to break a deadlock (InnoDB does so when
 * several transactions insert the same unique key at once; PostgreSQL on a lock cycle). Nothing
 * of that transaction was kept, so running it again is safe.
 */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: unknown };
  return e?.code === 'ER_LOCK_DEADLOCK' || e?.code === '40P01';
}

/** Turns a unique-key violation into 409 RESOURCE_CONFLICT with the message given; rethrows anything else. */
export function conflictOr(error: unknown, message: string): never {
  if (constraintViolation(error) === 'unique') throw new AppError('RESOURCE_CONFLICT', message);
  throw error;
}
