import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOne } from '../../src/db/bulk.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createOrganization } from '../../src/modules/organizations/index.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, databaseUrlOf, type TestDatabase, testDialects } from '../support/databases.js';

/**
 * `lanewise forecast --org` and `lanewise models` as an operator runs them: an organization's
 * own series forecast in the process, the run stored like one the API starts, and the registry
 * listed, guarded against a promotion or roll back that cannot be.
 */
describe.each(testDialects)('lanewise forecast --org and models on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    const db = database.db;
    const orgId = (await createOrganization(db, { slug: 'cli-forecast', name: 'CLI forecast' })).id;
    const productId = await insertOne(db, 'products', { org_id: orgId, sku: 'CLI-SKU', name: 'Widget' });
    const day = Date.UTC(2026, 0, 5); // a Monday, well in the past
    for (let w = 0; w < 20; w++) {
      const orderId = await insertOne(db, 'orders', {
        org_id: orgId,
        reference: `CLI-${w}`,
        status: 'open',
        order_date: new Date(day + w * 7 * 86_400_000).toISOString().slice(0, 10),
      });
      await insertOne(db, 'order_lines', {
        org_id: orgId,
        order_id: orderId,
        line_no: 1,
        product_id: productId,
        qty_ordered: 10 + (w % 3),
      });
    }
    env = { DATABASE_URL: databaseUrlOf(testDb.target), LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it('forecasts the organization’s series and stores the run; the registry holds version 1', {
    timeout: 120_000,
  }, async () => {
    const run = await runCli(
      ['forecast', '--org', 'cli-forecast', '--kinds', 'demand', '--horizon', '4'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Forecast run 1: 1 series, week grain, horizon 4\./m);
    expect(run.stdout).toMatch(/^Models chosen: /m);
    expect(run.stderr).toMatch(/forecast run 1: 1 of 1 series/);
    const stored = await database.db
      .selectFrom('forecast_runs')
      .select(['status', 'series_total'])
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'succeeded', series_total: 1 });
    const points = await database.db.selectFrom('forecast_points').select('step').execute();
    expect(points).toHaveLength(4);

    const list = await runCli(['models', 'list', '--org', 'cli-forecast', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const versions = JSON.parse(list.stdout) as {
      version: number;
      status: string;
      metrics: { series: number };
    }[];
    expect(versions.map((v) => [v.version, v.status, v.metrics.series])).toEqual([[1, 'active', 1]]);
  });

  it('refuses what cannot be: a roll back with nothing before, promoting the active version, file options', {
    timeout: 120_000,
  }, async () => {
    const rollback = await runCli(['models', 'rollback', '--org', 'cli-forecast'], env);
    expect(rollback.code).toBe(1);
    expect(rollback.stderr).toMatch(/\[MODEL_NO_PREVIOUS\]/);
    const promote = await runCli(['models', 'promote', '1', '--org', 'cli-forecast'], env);
    expect(promote.code).toBe(1);
    expect(promote.stderr).toMatch(/\[MODEL_ALREADY_ACTIVE\]/);
    const mixed = await runCli(['forecast', '--org', 'cli-forecast', '--season', '4'], env);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/--season only apply with --input/);
  });
});
