import path from 'node:path';

export type Dialect = 'sqlite' | 'mysql' | 'postgres';

/** Where the data lives: the dialect plus what its driver needs to connect. */
export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'mysql' | 'postgres'; readonly url: string };

/**
 * Picks the dialect from DATABASE_URL: `mysql://` / `mariadb://`, `postgres://` / `postgresql://`,
 * otherwise SQLite (`sqlite:path`, `sqlite://path`, `file:path`, `:memory:` or a plain path).
 */
export function parseDatabaseUrl(value: string): DatabaseTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'mysql' || scheme === 'mariadb') {
    assertUrl(value, 'mysql://user:password@host:3306/database');
    return { dialect: 'mysql', url: value.replace(/^mariadb:/i, 'mysql:') };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    assertUrl(value, 'postgres://user:password@host:5432/database');
    return { dialect: 'postgres', url: value };
  }
  if (scheme === 'sqlite' || scheme === 'file') {
    const file = value.slice(scheme.length + 1).replace(/^\/\//, '');
    if (!file) throw new Error('expected a file after "sqlite:", e.g. sqlite:./data/lanewise.db');
    return { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  // A single-letter "scheme" is a Windows drive letter, not a URL.
  if (scheme && scheme.length > 1) {
    throw new Error(`unsupported scheme "${scheme}:"; use a file path, sqlite:, mysql:// or postgres://`);
  }
  return { dialect: 'sqlite', file: value === ':memory:' ? value : path.resolve(value) };
}

function assertUrl(value: string, example: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`not a valid URL; expected something like ${example}`);
  }
  if (!url.hostname || url.pathname.length <= 1) {
    throw new Error(`needs a host and a database name, e.g. ${example}`);
  }
}

/** The URL with its password masked, for logs and messages. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.dialect === 'sqlite') return `sqlite:${target.file}`;
  const url = new URL(target.url);
  if (url.password) url.password = '***';
  return url.toString();
}
