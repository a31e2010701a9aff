import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import { createPool as createMysqlPool } from 'mysql2';
import pg from 'pg';
import type { DB } from './types.js';
import type { DatabaseTarget, Dialect } from './url.js';

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  /** Closes every connection; pending queries finish first. */
  close(): Promise<void>;
  /**
   * The connection pool's state now (metrics read it at scrape time). Absent on SQLite, which
   * has one connection and no pool: Kysely runs its queries one after another on it.
   */
  poolStats?(): PoolStats | null;
}

/** A snapshot of a connection pool. */
export interface PoolStats {
  /** Connections open or being opened. */
  readonly total: number;
  /** Open connections no query holds. */
  readonly idle: number;
  /** Queries waiting for a connection because every one is busy and the pool is full. */
  readonly waiting: number;
  /** The most connections the pool opens. */
  readonly max: number;
}

export interface ConnectOptions {
  /** Connections in the pool (MySQL, PostgreSQL). */
  readonly poolSize?: number;
  /** SQLite only: open read-only (used for consistent backups next to a running server). */
  readonly readonly?: boolean;
}

/** Opens the database named by the configuration, with the driver settings of ADR 0002. */
export function connect(target: DatabaseTarget, options: ConnectOptions = {}): Database {
  switch (target.dialect) {
    case 'sqlite': {
      const sqlite = openSqlite(target.file, options.readonly ?? false);
      const db = new Kysely<DB>({
        dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
      });
      return { db, dialect: 'sqlite', close: () => db.destroy() };
    }
    case 'mysql': {
      const pool = createMysqlPool({
        uri: target.url,
        connectionLimit: options.poolSize ?? 10,
        // Instants travel in UTC; DATE stays a 'YYYY-MM-DD' string; DECIMAL and BIGINT are numbers.
        timezone: 'Z',
        dateStrings: ['DATE'],
        decimalNumbers: true,
        supportBigNumbers: true,
        bigNumberStrings: false,
        charset: 'utf8mb4_bin',
      });
      // `timezone: 'Z'` only tells the driver how to convert; the server's own clock values
      // (current_timestamp(3), the created_at/updated_at defaults) follow the session time zone,
      // which starts as the server's. Every pooled connection is set to UTC before its first
      // query (mysql2 runs a connection's commands in order and emits 'connection' before
      // handing it out), so stored defaults agree with the UTC the driver reads back.
      pool.on('connection', (connection) => {
        connection.query(SESSION_UTC, (error) => {
          // A connection that stays in the server's zone would store shifted defaults: drop it.
          if (error) connection.destroy();
        });
      });
      const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool }) });
      return { db, dialect: 'mysql', close: () => db.destroy(), poolStats: () => mysqlPoolStats(pool) };
    }
    case 'postgres': {
      const pool = new pg.Pool({
        connectionString: target.url,
        max: options.poolSize ?? 10,
        // pg waits forever for a connection by default: a firewalled host would hang start-up.
        connectionTimeoutMillis: 10_000,
        types: { getTypeParser: postgresTypeParser as typeof pg.types.getTypeParser },
      });
      const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
      return {
        db,
        dialect: 'postgres',
        close: () => db.destroy(),
        // pg-pool's public counters: clients open or connecting, idle ones, callers queued.
        poolStats: () => ({
          total: pool.totalCount,
          idle: pool.idleCount,
          waiting: pool.waitingCount,
          max: pool.options.max,
        }),
      };
    }
  }
}

const SESSION_UTC = "set time_zone = '+00:00'";

/** The queues of mysql2's pool that its counts live in (it has no public accessor). */
interface MysqlPoolInternals {
  readonly config?: { readonly connectionLimit?: number };
  readonly _allConnections?: { readonly length: number };
  readonly _freeConnections?: { readonly length: number };
  readonly _connectionQueue?: { readonly length: number };
}

// mysql2 (3.x) keeps every connection, open or being opened, in _allConnections, the idle ones in
// _freeConnections and callers waiting for one in _connectionQueue; its pool events miss
// connections it drops after an error, so counting events would drift. These are private
// fields: when a driver release renames them the pool reports nothing rather than a wrong
// number (and the metrics test, which expects the pool gauges on MySQL, fails before it ships).
function mysqlPoolStats(pool: ReturnType<typeof createMysqlPool>): PoolStats | null {
  const {
    config,
    _allConnections: all,
    _freeConnections: free,
    _connectionQueue: queue,
  } = pool as unknown as MysqlPoolInternals;
  const max = config?.connectionLimit;
  if (all === undefined || free === undefined || queue === undefined || max === undefined) return null;
  return { total: all.length, idle: free.length, waiting: queue.length, max };
}

function openSqlite(file: string, readonly: boolean): SQLite.Database {
  if (file !== ':memory:' && !readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file, { readonly, fileMustExist: readonly });
  // WAL lets readers (and backups) run while the server writes; NORMAL sync is durable in WAL
  // mode except for the last transactions on power loss, the usual trade-off for an app database.
  if (!readonly) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

// Kysely prepares every query anew; on SQLite preparing costs as much as running a short query,
// so statements are kept by SQL text (bounded, least recently used first out). A statement
// still iterating (a stream) is busy and cannot be shared: such a caller gets a fresh one.
const STATEMENT_CACHE_SIZE = 500;

function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = bindingValues(sqlite.prepare(sql));
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}

/** What Kysely's SQLite driver uses of a statement. */
interface SqliteStatement {
  readonly reader: boolean;
  readonly busy: boolean;
  all(params: readonly unknown[]): unknown[];
  run(params: readonly unknown[]): SQLite.RunResult;
  iterate(params: readonly unknown[]): IterableIterator<unknown>;
}

// Parameters are converted here, at the driver, for every query (built or raw): one place, and
// far cheaper than rewriting each query's syntax tree in a Kysely plugin.
function bindingValues(statement: SQLite.Statement): SqliteStatement {
  return {
    reader: statement.reader,
    get busy() {
      return statement.busy;
    },
    all: (params) => statement.all(sqliteParams(params)),
    run: (params) => statement.run(sqliteParams(params)),
    iterate: (params) => statement.iterate(sqliteParams(params)),
  };
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_DATE = 1082;

// Ids and counts (int8) and decimals arrive as numbers, calendar days as 'YYYY-MM-DD'.
function postgresTypeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === PG_INT8 || oid === PG_NUMERIC) return (v: string) => Number(v);
  if (oid === PG_DATE) return (v: string) => v;
  return format ? pg.types.getTypeParser(oid, format) : pg.types.getTypeParser(oid);
}

/**
 * The value SQLite receives for an application value: better-sqlite3 cannot bind Date or
 * boolean, and SQLite stores instants as ISO-8601 UTC text (which sorts and compares as time).
 */
export function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function sqliteParams(params: readonly unknown[]): readonly unknown[] {
  // Most queries carry no Date or boolean: hand their parameters over untouched.
  for (const value of params) {
    if (value instanceof Date || typeof value === 'boolean') return params.map(toSqliteValue);
  }
  return params;
}
