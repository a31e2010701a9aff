import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/db/url.js';
import { runCli } from '../support/cli.js';
import { adminUrls, testDialects } from '../support/databases.js';

/**
 * A new user's first mistake is usually the database: not started, wrong password, not created,
 * a path that cannot be written. The CLI must say which database and what to do, with a stable
 * code, a non-zero exit and no stack trace, and never print the password.
 */
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;

interface Case {
  readonly name: string;
  readonly url: string;
  readonly code: string;
  /** What the message must name. */
  readonly mentions: readonly (string | RegExp)[];
}

function serverCases(dialect: 'mysql' | 'postgres'): Case[] {
  const admin = new URL(adminUrls[dialect]);
  const product = dialect === 'mysql' ? 'MySQL/MariaDB' : 'PostgreSQL';
  const port = admin.port || (dialect === 'mysql' ? '3306' : '5432');
  const at = (change: (url: URL) => void) => {
    const url = new URL(admin.toString());
    change(url);
    return url.toString();
  };
  const missing = `lw_missing_${randomBytes(4).toString('hex')}`;
  return [
    {
      name: 'a server that is not running',
      // Port 1 (tcpmux) is reserved and nothing listens there.
      url: at((u) => {
        u.hostname = '127.0.0.1';
        u.port = '1';
        u.password = PASSWORD;
        u.pathname = '/lanewise';
      }),
      code: 'DATABASE_UNREACHABLE',
      mentions: [product, '127.0.0.1:1', '"lanewise"', /Start the server/, 'DATABASE_URL'],
    },
    {
      name: 'a user the server refuses',
      url: at((u) => {
        u.username = 'lw_no_such_user';
        u.password = PASSWORD;
      }),
      code: 'DATABASE_AUTH_FAILED',
      mentions: [product, `${admin.hostname}:${port}`, '"lw_no_such_user"', /user name and password/],
    },
    {
      name: 'a database that was not created',
      url: at((u) => {
        u.pathname = `/${missing}`;
      }),
      code: 'DATABASE_NOT_FOUND',
      mentions: [product, `${admin.hostname}:${port}`, `${missing}`, /CREATE DATABASE/],
    },
  ];
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lanewise-dberr-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function sqliteCases(): Case[] {
  // Root may write anywhere, so "not writable" is made of paths no one can create a file at.
  const file = path.join(scratch, 'a-file');
  fs.writeFileSync(file, '');
  const directory = path.join(scratch, 'a-directory');
  fs.mkdirSync(directory, { recursive: true });
  return [
    {
      name: 'a path under a regular file',
      url: path.join(file, 'lanewise.db'),
      code: 'DATABASE_NOT_WRITABLE',
      mentions: ['SQLite', path.join(file, 'lanewise.db'), 'DATABASE_URL'],
    },
    {
      name: 'a directory instead of a file',
      url: `sqlite:${directory}`,
      code: 'DATABASE_NOT_WRITABLE',
      mentions: ['SQLite', directory, 'DATABASE_URL'],
    },
  ];
}

const casesOf = (dialect: Dialect) => (dialect === 'sqlite' ? sqliteCases() : serverCases(dialect));

describe.each(testDialects)('database that cannot be used, on %s', (dialect) => {
  it.each(casesOf(dialect).map((c) => [c.name, c] as const))(
    'migrate up with %s says which database and how to fix it',
    async (_name, c) => {
      const result = await runCli(['migrate', 'up', '--database-url', c.url]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      const message = result.stderr.trim();
      expect(message).toMatch(new RegExp(`^lanewise: .*\\[${c.code}\\]$`));
      for (const mention of c.mentions) {
        if (typeof mention === 'string') expect(message).toContain(mention);
        else expect(message).toMatch(mention);
      }
      expect(message).not.toContain(PASSWORD);
      expect(message).not.toMatch(/migration unknown|\n\s+at /);
    },
  );

  it('serve and commands that do not migrate explain it the same way', async () => {
    // The first case of each dialect: unreachable server, or an SQLite path under a file.
    const [first] = casesOf(dialect);
    if (!first) throw new Error('no case');
    for (const args of [
      ['serve', '--port', '0', '--no-demo'],
      ['users', 'list'],
      ['migrate', 'status'],
    ]) {
      const result = await runCli([...args, '--database-url', first.url]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.trim()).toMatch(new RegExp(`^lanewise: .*\\[${first.code}\\]$`));
      expect(result.stderr).not.toContain(PASSWORD);
    }
  });
});
