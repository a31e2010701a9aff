import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxId } from '../../src/db/bulk.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { TableName } from '../../src/db/types.js';
import { hasBusinessData, type SeedSummary, seedDemoCompany } from '../../src/modules/demo/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

/** What each table should hold after one seed, from the summary. */
const expected: [TableName, keyof SeedSummary][] = [
  ['carriers', 'carriers'],
  ['facilities', 'facilities'],
  ['products', 'products'],
  ['customers', 'customers'],
  ['suppliers', 'suppliers'],
  ['exchange_rates', 'exchangeRates'],
  ['orders', 'orders'],
  ['order_lines', 'orderLines'],
  ['shipments', 'shipments'],
  ['tracking_events', 'trackingEvents'],
  ['inventory_movements', 'inventoryMovements'],
  ['inventory_snapshots', 'inventorySnapshots'],
];

const now = new Date('2026-11-29T10:00:00.000Z');

describe.each(testDialects)('demo company seed on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let summary: SeedSummary;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it('seeds a small company whose rows match its summary', async () => {
    expect(await hasBusinessData(database.db)).toBe(false);
    summary = await seedDemoCompany(database.db, { shipments: 2_000, seed: 3, now, orgSlug: 'demo' });
    expect(await hasBusinessData(database.db)).toBe(true);
    expect(summary.shipments).toBeGreaterThanOrEqual(1_980);
    expect(summary.shipments).toBeLessThanOrEqual(2_020);
    for (const [table, key] of expected) {
      const row = await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', summary.orgId)
        .executeTakeFirstOrThrow();
      expect(Number(row.n), table).toBe(summary[key]);
    }
    const org = await database.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', summary.orgId)
      .executeTakeFirstOrThrow();
    expect(org.slug).toBe('demo');
  });

  it('refuses an existing slug and leaves the data as it was', async () => {
    const before = await maxId(database.db, 'shipments');
    await expect(
      seedDemoCompany(database.db, { shipments: 100, seed: 3, now, orgSlug: 'demo' }),
    ).rejects.toMatchObject({
      code: 'DEMO_ORG_EXISTS',
    });
    expect(await maxId(database.db, 'shipments')).toBe(before);
  });

  it('adds a second company next to the first, and ordinary inserts still get fresh ids', async () => {
    const second = await seedDemoCompany(database.db, { shipments: 300, seed: 4, now, orgSlug: 'second' });
    expect(second.orgId).toBeGreaterThan(summary.orgId);
    const shipments = await database.db
      .selectFrom('shipments')
      .select(['org_id', 'id'])
      .where('org_id', '=', second.orgId)
      .orderBy('id')
      .execute();
    expect(shipments.length).toBe(second.shipments);
    // Without an explicit id, the database picks one past everything seeded (PostgreSQL's sequences were moved).
    await database.db
      .insertInto('carriers')
      .values({ org_id: second.orgId, name: 'Walk-in Carrier', scac: null })
      .execute();
    const added = await database.db
      .selectFrom('carriers')
      .select('id')
      .where('name', '=', 'Walk-in Carrier')
      .executeTakeFirstOrThrow();
    expect(added.id).toBeGreaterThan(summary.carriers + second.carriers - 1);
  });
});
