import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTarget, parseDatabaseUrl } from './url.js';

describe('parseDatabaseUrl', () => {
  it('treats paths and sqlite:/file: URLs as SQLite', () => {
    expect(parseDatabaseUrl('./data/x.db')).toEqual({ dialect: 'sqlite', file: path.resolve('data/x.db') });
    expect(parseDatabaseUrl('sqlite:./x.db')).toEqual({ dialect: 'sqlite', file: path.resolve('x.db') });
    expect(parseDatabaseUrl('sqlite:///tmp/x.db')).toEqual({ dialect: 'sqlite', file: '/tmp/x.db' });
    expect(parseDatabaseUrl('file:/tmp/y.db')).toEqual({ dialect: 'sqlite', file: '/tmp/y.db' });
    expect(parseDatabaseUrl(':memory:')).toEqual({ dialect: 'sqlite', file: ':memory:' });
  });

  it('recognises MySQL/MariaDB and PostgreSQL URLs', () => {
    expect(parseDatabaseUrl('mysql://root@127.0.0.1:3306/lw')).toEqual({
      dialect: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/lw',
    });
    expect(parseDatabaseUrl('mariadb://root@db/lw')).toEqual({ dialect: 'mysql', url: 'mysql://root@db/lw' });
    expect(parseDatabaseUrl('postgresql://u:p@db:5432/lw').dialect).toBe('postgres');
  });

  it('rejects other schemes and URLs without a database', () => {
    expect(() => parseDatabaseUrl('mongodb://x/y')).toThrow(/unsupported scheme/);
    expect(() => parseDatabaseUrl('postgres://db')).toThrow(/database name/);
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/expected a file/);
  });

  it('masks passwords when describing a target', () => {
    expect(describeTarget(parseDatabaseUrl('postgres://lw:s3cret@db:5432/lw'))).toBe(
      'postgres://lw:***@db:5432/lw',
    );
  });
});
