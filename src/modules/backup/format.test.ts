import { describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '../../db/migrations/index.js';
import { BACKUP_FORMAT_VERSION, parseHeader, parseJson, parseSection } from './format.js';
import { schemaDifferences } from './tables.js';

// Spelled out rather than imported: files written by earlier releases must keep being readable.
const header = {
  type: 'header',
  format: 'lanewise-backup',
  formatVersion: 1,
  schemaVersion: latestSchemaVersion,
  sourceDialect: 'sqlite',
  createdAt: '2025-03-03T08:15:30.123Z',
  tables: [{ name: 'organizations', columns: [{ name: 'id', kind: 'integer' }] }],
};
const line = (changes: Record<string, unknown>) => JSON.stringify({ ...header, ...changes });
const refusal = (code: string, message: string | RegExp) =>
  expect.objectContaining({
    code,
    message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message),
  });

describe('parseHeader', () => {
  it('reads a header of this build, with every table and column it lists', () => {
    const tables = [
      {
        name: 'organizations',
        columns: [
          { name: 'id', kind: 'integer' },
          { name: 'name', kind: 'text' },
          { name: 'created_at', kind: 'instant' },
        ],
      },
      {
        name: 'orders',
        columns: [
          { name: 'id', kind: 'integer' },
          { name: 'order_date', kind: 'day' },
        ],
      },
    ];
    expect(BACKUP_FORMAT_VERSION).toBe(1);
    for (const sourceDialect of ['sqlite', 'mysql', 'postgres']) {
      expect(parseHeader(line({ sourceDialect, tables }))).toEqual({ ...header, sourceDialect, tables });
    }
  });

  it.each([
    [undefined, 'BACKUP_CORRUPT'],
    ['{"hello":', 'BACKUP_CORRUPT'],
    [JSON.stringify({ format: 'something-else' }), 'BACKUP_CORRUPT'],
    [line({ formatVersion: BACKUP_FORMAT_VERSION + 1 }), 'BACKUP_FORMAT_UNSUPPORTED'],
    [line({ schemaVersion: `${latestSchemaVersion}_later` }), 'BACKUP_SCHEMA_TOO_NEW'],
    [line({ schemaVersion: '0000_never' }), 'BACKUP_SCHEMA_UNKNOWN'],
    [line({ schemaVersion: '' }), 'BACKUP_SCHEMA_UNKNOWN'],
    [line({ sourceDialect: 'oracle' }), 'BACKUP_CORRUPT'],
    [
      line({ tables: [{ name: 'organizations', columns: [{ name: 'id', kind: 'blob' }] }] }),
      'BACKUP_CORRUPT',
    ],
    [
      line({ tables: [{ name: 'organizations', columns: [{ name: 'slug', kind: 'text' }] }] }),
      'BACKUP_CORRUPT',
    ],
  ])('refuses %s with %s', (text, code) => {
    expect(() => parseHeader(text)).toThrow(expect.objectContaining({ code }));
  });

  it('says what is wrong with a file that is not a backup, pointing at line 1', () => {
    expect(() => parseHeader(undefined)).toThrow(
      refusal('BACKUP_CORRUPT', 'damaged at line 1: not a Lanewise backup (no header line)'),
    );
    for (const text of ['null', '"lanewise-backup"', '[1,2]', '{"type":"header"}']) {
      expect(() => parseHeader(text), text).toThrow(refusal('BACKUP_CORRUPT', 'not a Lanewise backup'));
    }
    expect(() => parseHeader('{"format":"lanewise-backup",')).toThrow(
      refusal('BACKUP_CORRUPT', 'damaged at line 1: not valid JSON'),
    );
    expect(() => parseHeader(line({ createdAt: 5 }))).toThrow(
      refusal('BACKUP_CORRUPT', /^backup file is damaged at line 1: malformed header: .*string/),
    );
  });

  it('tells which release can restore a newer file', () => {
    expect(() => parseHeader(line({ formatVersion: 2 }))).toThrow(
      refusal(
        'BACKUP_FORMAT_UNSUPPORTED',
        'backup format version 2 is newer than this build reads (1); upgrade',
      ),
    );
    const later = `${latestSchemaVersion}_later`;
    expect(() => parseHeader(line({ schemaVersion: later }))).toThrow(
      refusal(
        'BACKUP_SCHEMA_TOO_NEW',
        `schema version ${later} is newer than this build knows (${latestSchemaVersion})`,
      ),
    );
    expect(() => parseHeader(line({ schemaVersion: '0000_never' }))).toThrow(
      refusal('BACKUP_SCHEMA_UNKNOWN', 'schema version "0000_never" is not a migration this build knows'),
    );
  });

  it('refuses table lists a restore could not load unambiguously', () => {
    const id = { name: 'id', kind: 'integer' };
    const withTables = (tables: unknown) => line({ tables });
    expect(() =>
      parseHeader(
        withTables([
          { name: 'carriers', columns: [id] },
          { name: 'carriers', columns: [id] },
        ]),
      ),
    ).toThrow(refusal('BACKUP_CORRUPT', 'line 1: table carriers is listed twice'));
    expect(() => parseHeader(withTables([{ name: 'carriers', columns: [id, id] }]))).toThrow(
      refusal('BACKUP_CORRUPT', 'line 1: table carriers lists a column twice'),
    );
    expect(() =>
      parseHeader(withTables([{ name: 'carriers', columns: [{ name: 'scac', kind: 'text' }] }])),
    ).toThrow(refusal('BACKUP_CORRUPT', 'line 1: table carriers has no id column'));
    expect(() => parseHeader(withTables([{ name: 'carriers', columns: [] }]))).toThrow(
      refusal('BACKUP_CORRUPT', 'malformed header'),
    );
  });
});

describe('parseSection', () => {
  const sha256 = 'ab'.repeat(32);
  const footer = { type: 'footer', tables: [{ name: 'carriers', rows: 2, sha256 }], totalRows: 2 };

  it('reads table starts and the footer', () => {
    expect(parseSection('{"type":"table","name":"carriers"}', 3)).toEqual({
      type: 'table',
      name: 'carriers',
    });
    expect(parseSection(JSON.stringify(footer), 9)).toEqual(footer);
  });

  it.each([
    [
      'a footer whose checksum is not 64 hex digits',
      { ...footer, tables: [{ name: 'c', rows: 1, sha256: 'ab' }] },
    ],
    ['an upper-case checksum', { ...footer, tables: [{ name: 'c', rows: 1, sha256: sha256.toUpperCase() }] }],
    ['a checksum with more after it', { ...footer, tables: [{ name: 'c', rows: 1, sha256: `${sha256}00` }] }],
    [
      'a checksum with more before it',
      { ...footer, tables: [{ name: 'c', rows: 1, sha256: `00${sha256}` }] },
    ],
    ['a negative row count', { ...footer, tables: [{ name: 'c', rows: -1, sha256 }] }],
    ['a footer without its total', { type: 'footer', tables: [] }],
    ['a footer without its tables', { type: 'footer', totalRows: 0 }],
    ['a table start without a name', { type: 'table' }],
    ['a line of another type', { type: 'header', name: 'carriers' }],
    ['a line without a type', { name: 'carriers' }],
    ['null', null],
  ])('refuses %s, naming the line', (_what, value) => {
    expect(() => parseSection(JSON.stringify(value), 42)).toThrow(
      refusal('BACKUP_CORRUPT', 'backup file is damaged at line 42: expected a table start or the footer'),
    );
  });
});

describe('parseJson', () => {
  it('reads JSON and reports anything else as damage at its line', () => {
    expect(parseJson('[1,"a",null]', 5)).toEqual([1, 'a', null]);
    expect(() => parseJson('[1,"a",nul', 7)).toThrow(
      refusal('BACKUP_CORRUPT', 'backup file is damaged at line 7: not valid JSON'),
    );
  });
});

describe('schemaDifferences', () => {
  const columns = [
    { name: 'id', kind: 'integer' as const },
    { name: 'created_at', kind: 'instant' as const },
  ];

  it('is empty when the target has the same tables, columns and kinds', () => {
    expect(
      schemaDifferences([{ name: 'organizations', columns }], [{ name: 'organizations', columns }]),
    ).toEqual([]);
  });

  it('names every missing, extra or differently typed table and column', () => {
    const target = [
      {
        name: 'organizations' as const,
        columns: [
          { name: 'id', kind: 'integer' as const },
          { name: 'created_at', kind: 'day' as const },
          { name: 'slug', kind: 'text' as const },
        ],
      },
      { name: 'users' as const, columns },
    ];
    expect(
      schemaDifferences(
        [
          { name: 'organizations', columns: [...columns, { name: 'name', kind: 'text' }] },
          { name: 'carriers', columns },
        ],
        target,
      ),
    ).toEqual([
      'column organizations.created_at is day, not instant',
      'column organizations.name is missing',
      'column organizations.slug is not in the backup',
      'table carriers is missing',
      'table users is not in the backup',
    ]);
  });
});
