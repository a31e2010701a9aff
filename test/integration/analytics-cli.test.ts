import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryCommand, rollupsCommand } from '../../src/cli/analytics.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { DatabaseTarget } from '../../src/db/url.js';
import { insertHandBuiltOrg } from '../support/analytics-data.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

/** `lanewise query` and `lanewise rollups rebuild` against the hand-built organization. */
const urlOf = (target: DatabaseTarget) => (target.dialect === 'sqlite' ? target.file : target.url);

describe.each(testDialects)('the analytics CLI on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    await insertHandBuiltOrg(database.db, 1, 'cli-hand');
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  async function run(command: () => Command, ...args: string[]): Promise<string> {
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const program = command();
      program.exitOverride();
      for (const sub of program.commands) sub.exitOverride();
      await program.parseAsync([...args, '--database-url', urlOf(testDb.target)], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    return printed.join('');
  }

  it('rebuilds the rollups of every organization', async () => {
    expect(await run(rollupsCommand, 'rebuild')).toMatch(/^cli-hand: \d+ rollup rows in \d+ ms\n$/);
  });

  it('prints a breakdown as a table, from the rollups', async () => {
    const out = await run(queryCommand, '--metric', 'shipments,onTimeRate', '--by', 'carrier');
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^Carrier\s+Shipments\s+On-time delivery rate$/);
    expect(lines[1]).toMatch(/^Acme Freight\s+3\s+50\.0%$/);
    expect(lines[2]).toMatch(/^Blue Line\s+2\s+100\.0%$/);
    expect(out).toContain('3 rows · all time · from rollup');
  });

  it('filters by name, ranges by day and prints CSV or JSON', async () => {
    const csv = await run(
      queryCommand,
      '-m',
      'freightCost',
      '--where',
      'carrier=Blue Line',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
      '--format',
      'csv',
    );
    expect(csv).toBe('Freight cost\r\n330\r\n');
    const json = JSON.parse(
      await run(queryCommand, '-m', 'shipments', '--grain', 'month', '--format', 'json'),
    );
    expect(json.rows).toEqual([
      { period: '2026-03-01', shipments: 4 },
      { period: '2026-04-01', shipments: 2 },
    ]);
    const heavy = await run(
      queryCommand,
      '-m',
      'shipments',
      '-w',
      'weightKg>60',
      '-w',
      'mode=road|air',
      '--format',
      'csv',
    );
    expect(heavy).toBe('Shipments\r\n2\r\n');
  });

  it('explains an unknown metric with the closest names', async () => {
    await expect(run(queryCommand, '-m', 'costperkilo')).rejects.toThrow(/did you mean "costPerKg"/);
  });
});
