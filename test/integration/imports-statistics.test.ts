import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createOrganization } from '../../src/modules/organizations/index.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

/**
 * On PostgreSQL an import refreshes the planner's statistics as the table fills (loader/
 * statistics.ts): after a 1,500-row import the shipments table has been analyzed and the look-up
 * of existing rows seeks the references instead of scanning the source's rows.
 */
describe.runIf(testDialects.includes('postgres'))('import statistics on postgres', () => {
  let testDb: TestDatabase;
  let database: Database;
  let dir: string;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    await createOrganization(database.db, { slug: 'stats', name: 'Stats' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'lw-stats-'));
    const lines = ['ref,mode'];
    for (let i = 1; i <= 1500; i++) lines.push(`ST-${i},road`);
    await writeFile(path.join(dir, 's.csv'), `${lines.join('\n')}\n`);
    await writeFile(
      path.join(dir, 'm.json'),
      JSON.stringify({
        target: 'shipments',
        source: 'stats',
        fields: { reference: { column: 'ref' }, mode: { column: 'mode' } },
      }),
    );
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('analyzes the tables it fills, so the look-up by reference seeks', { timeout: 120_000 }, async () => {
    const url = testDb.target.dialect === 'postgres' ? testDb.target.url : '';
    const res = await runCli(
      ['import', path.join(dir, 's.csv'), '--mapping', path.join(dir, 'm.json'), '--org', 'stats', '--wait'],
      {
        DATABASE_URL: url,
        LANEWISE_IMPORT_DIR: path.join(dir, 'files'),
        LANEWISE_IMPORT_BATCH_ROWS: '100',
        LOG_LEVEL: 'silent',
      },
    );
    expect(res.code, res.stderr).toBe(0);
    const analyzed = await sql<{ n: number }>`select count(*)::int as n from pg_stat_user_tables
      where relname = 'shipments' and last_analyze is not null`.execute(database.db);
    expect(analyzed.rows[0]?.n).toBe(1);
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select * from shipments
      where org_id = 1 and reference in ('ST-5', 'ST-6') and source in ('stats')`.execute(database.db);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Cond: .*reference/);
  });
});
