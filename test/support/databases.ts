import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { connect, type Database } from '../../src/db/connect.js';
import type { DatabaseTarget, Dialect } from '../../src/db/url.js';

/**
 * Test databases. Every suite that touches a database runs on all three dialects; a server that
 * cannot be reached fails the suite, it is never skipped. LANEWISE_TEST_DIALECTS narrows the set
 * on purpose (e.g. "sqlite" on a laptop without servers).
 */
export const adminUrls = {
  mysql: process.env.LANEWISE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
  postgres: process.env.LANEWISE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};

export const testDialects: Dialect[] = (process.env.LANEWISE_TEST_DIALECTS ?? 'sqlite,mysql,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => d === 'sqlite' || d === 'mysql' || d === 'postgres');

export interface TestDatabase {
  readonly target: DatabaseTarget;
  /** Drops the database (or deletes the file). */
  drop(): Promise<void>;
}

/** Creates a new, empty database of the dialect, private to the caller. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const name = `lw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanewise-'));
    const file = path.join(dir, `${name}.db`);
    return {
      target: { dialect, file },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = adminUrls[dialect];
  await withAdmin(dialect, adminUrl, async (admin) => {
    const charset = dialect === 'mysql' ? sql` character set utf8mb4 collate utf8mb4_bin` : sql``;
    await sql`create database ${sql.id(name)}${charset}`.execute(admin.db);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { dialect, url: url.toString() },
    drop: async () => {
      await withAdmin(dialect, adminUrl, (admin) => sql`drop database ${sql.id(name)}`.execute(admin.db));
    },
  };
}

async function withAdmin<T>(dialect: Dialect, url: string, fn: (admin: Database) => Promise<T>): Promise<T> {
  const admin = connect({ dialect: dialect as 'mysql' | 'postgres', url }, { poolSize: 1 });
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

/** The --database-url of a target, as the CLI takes it. */
export const databaseUrlOf = (target: DatabaseTarget) =>
  target.dialect === 'sqlite' ? target.file : target.url;
