import { describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '../../db/migrations/index.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, parseHeader } from './format.js';
import { schemaDifferences } from './tables.js';

const header = {
  type: 'header',
  format: BACKUP_FORMAT,
  formatVersion: BACKUP_FORMAT_VERSION,
  schemaVersion: latestSchemaVersion,
  sourceDialect: 'sqlite',
  createdAt: '2025-03-03T08:15:30.123Z',
  tables: [{ name: 'organizations', columns: [{ name: 'id', kind: 'integer' }] }],
};
const line = (changes: Record<string, unknown>) => JSON.stringify({ ...header, ...changes });

describe('parseHeader', () => {
  it('reads a header of this build', () => {
    expect(parseHeader(line({})).schemaVersion).toBe(latestSchemaVersion);
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
