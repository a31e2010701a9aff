import type { DatabaseTarget } from './url.js';

/**
 * Why the configured database could not be used at all, as a stable code the CLI prints. These
 * are start-up failures of the process, not HTTP answers (those are in src/lib/errors.ts).
 */
export const databaseAccessCodes = {
  DATABASE_UNREACHABLE: 'the server does not answer at that host and port',
  DATABASE_AUTH_FAILED: 'the server refused the user name or password',
  DATABASE_NOT_FOUND: 'the server has no database of that name',
  DATABASE_NOT_WRITABLE: 'the SQLite file cannot be created or written there',
} as const;

export type DatabaseAccessCode = keyof typeof databaseAccessCodes;

/** The configured database cannot be used; the message names it (never its password) and the fix. */
export class DatabaseAccessError extends Error {
  override name = 'DatabaseAccessError';
  constructor(
    readonly code: DatabaseAccessCode,
    message: string,
  ) {
    super(message);
  }
}

// Driver and system codes, by what they mean for the person who configured DATABASE_URL.
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
]);
const AUTH_FAILED = new Set([
  '28P01', // PostgreSQL invalid_password
  '28000', // PostgreSQL invalid_authorization_specification (no such role, pg_hba refusal)
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
]);
const NOT_FOUND = new Set(['3D000', 'ER_BAD_DB_ERROR']);
const NOT_WRITABLE = new Set([
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_READONLY_DIRECTORY',
  'SQLITE_IOERR_WRITE',
  'SQLITE_FULL',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EEXIST',
  'EISDIR',
]);

/**
 * Turns a failure to reach, log in to, or open the configured database into a DatabaseAccessError
 * that says which database and what to do; any other error comes back unchanged.
 */
export function explainDatabaseFailure(error: unknown, target: DatabaseTarget): unknown {
  if (error instanceof DatabaseAccessError) return error;
  const failure = rootFailure(error);
  if (!failure) return error;
  const reason = scrub(failure.message, target);
  if (target.dialect === 'sqlite') {
    if (!NOT_WRITABLE.has(failure.code)) return error;
    return new DatabaseAccessError(
      'DATABASE_NOT_WRITABLE',
      `cannot open the SQLite database ${target.file} for writing (${reason}). ` +
        'Point DATABASE_URL (or --database-url) at a file in a directory this user may write, e.g. ./data/lanewise.db.',
    );
  }
  const server = describeServer(target);
  const where = `the ${server.product} server at ${server.address}`;
  const setting = 'DATABASE_URL (or --database-url)';
  if (UNREACHABLE.has(failure.code)) {
    return new DatabaseAccessError(
      'DATABASE_UNREACHABLE',
      `cannot reach ${where} (database "${server.database}"): ${reason}. ` +
        `Start the server, or point ${setting} at one that runs.`,
    );
  }
  if (AUTH_FAILED.has(failure.code)) {
    return new DatabaseAccessError(
      'DATABASE_AUTH_FAILED',
      `${where} refused user "${server.user}" for database "${server.database}": ${reason}. ` +
        `Check the user name and password in ${setting}.`,
    );
  }
  if (NOT_FOUND.has(failure.code)) {
    const create =
      target.dialect === 'mysql'
        ? `CREATE DATABASE \`${server.database}\` CHARACTER SET utf8mb4`
        : `CREATE DATABASE "${server.database}"`;
    return new DatabaseAccessError(
      'DATABASE_NOT_FOUND',
      `${where} has no database "${server.database}". ` +
        `Create it (${create}; Lanewise creates the tables, not the database) or fix its name in ${setting}.`,
    );
  }
  return error;
}

interface Failure {
  readonly code: string;
  readonly message: string;
}

/**
 * The first error with a code in the chain: migration errors wrap the driver's as `cause`, and a
 * connection to a host name with several addresses fails as an AggregateError of one per address.
 */
function rootFailure(error: unknown): Failure | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.code === 'string') {
      const first = Array.isArray(e.errors) ? (e.errors[0] as { message?: unknown } | undefined) : undefined;
      const message = String(e.message || first?.message || e.code);
      return { code: e.code, message };
    }
    current = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return null;
}

function describeServer(target: Extract<DatabaseTarget, { url: string }>) {
  const url = new URL(target.url);
  const port = url.port || (target.dialect === 'mysql' ? '3306' : '5432');
  return {
    product: target.dialect === 'mysql' ? 'MySQL/MariaDB' : 'PostgreSQL',
    address: `${url.hostname}:${port}`,
    database: decodeURIComponent(url.pathname.slice(1)),
    user: decodeURIComponent(url.username) || '(none)',
  };
}

/** Drivers quote what they were given; make sure a password never reaches the terminal or a log. */
function scrub(message: string, target: DatabaseTarget): string {
  const text = message.replace(/\s+/g, ' ').trim();
  if (target.dialect === 'sqlite') return text;
  const password = decodeURIComponent(new URL(target.url).password);
  return password ? text.split(password).join('***') : text;
}
