import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { latestSchemaVersion, migrateTo, migrateToLatest } from '../../src/db/migrator.js';
import type { DB } from '../../src/db/types.js';
import type { Dialect } from '../../src/db/url.js';
import { rebuildRollups, SHIPMENT_FACTS_VERSION } from '../../src/modules/analytics/index.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { createBackup, restoreBackup } from '../../src/modules/backup/index.js';
import { rederiveShipments, writeShipments } from '../../src/modules/shipments/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { createOrgDataset } from '../support/factories.js';

/**
 * A restore leaves the analytics ready (issue #9): shipments derived in their own organization's
 * reporting zone, the rollups (never in a backup) rebuilt for every restored organization, and the
 * shipments of a backup older than the current derivation derived again once migrated.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanewise-backup-analytics-'));
const opened: { database: Database; test: TestDatabase }[] = [];
let fileNo = 0;

afterAll(async () => {
  for (const { database, test } of opened) {
    await database.close();
    await test.drop();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

async function fresh(dialect: Dialect, { migrate = true } = {}): Promise<Database> {
  const test = await createTestDatabase(dialect);
  const database = connect(test.target);
  opened.push({ database, test });
  if (migrate) await migrateToLatest(database.db);
  return database;
}

const rollupTables = ['analytics_shipment_lanes', 'analytics_shipment_parties'] as const;

/** Every rollup row with shipments, numbers as numbers, in a stable order. */
async function rollupRows(db: Kysely<DB>, orgId: number) {
  const rows: Record<string, unknown>[] = [];
  for (const table of rollupTables) {
    const found = await db
      .selectFrom(table)
      .selectAll()
      .where('org_id', '=', orgId)
      .where('shipments', '<>', 0)
      .execute();
    rows.push(...found.map((r) => ({ table, ...numbers(r) })));
  }
  return rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}
const numbers = (row: object) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v,
    ]),
  );

/** Each shipment's derived days and version, by reference. */
async function daysOf(db: Kysely<DB>, orgId: number) {
  const rows = await db
    .selectFrom('shipments')
    .select(['reference', 'ship_day', 'delivery_day', 'derivation_version'])
    .where('org_id', '=', orgId)
    .orderBy('reference')
    .execute();
  return rows.map((r) => ({ ...r, derivation_version: Number(r.derivation_version) }));
}

/** Two organizations, the second reporting in Tokyo, with parties and a commodity on some shipments. */
async function sourceWithTwoZones(dialect: Dialect) {
  const source = await fresh(dialect);
  const a = await createOrgDataset(source.db, { slug: 'zones-a', shipments: 30 });
  const b = await createOrgDataset(source.db, { slug: 'zones-b', shipments: 12 });
  const utc = await daysOf(source.db, b.orgId);
  await source.db
    .updateTable('organizations')
    .set({ reporting_timezone: 'Asia/Tokyo' })
    .where('id', '=', b.orgId)
    .execute();
  await source.db
    .updateTable('shipments')
    .set({ derivation_version: 0 })
    .where('org_id', '=', b.orgId)
    .execute();
  await rederiveShipments(source.db, b.orgId);
  const customer = await source.db
    .selectFrom('customers')
    .select('id')
    .where('org_id', '=', a.orgId)
    .executeTakeFirstOrThrow();
  await source.db.transaction().execute((trx) =>
    writeShipments(
      trx,
      systemCaller(a.orgId),
      a.shipmentIds
        .slice(0, 5)
        .map((id) => ({ op: 'update' as const, id, item: { customerId: customer.id, commodity: 'cheese' } })),
      { mode: 'all' },
    ),
  );
  return { source, a, b, utc };
}

describe.each(testDialects)('restore into %s leaves the analytics ready', { timeout: 60_000 }, (dialect) => {
  it("derives each organization's shipments in its zone and rebuilds every organization's rollups", async () => {
    const { source, a, b, utc } = await sourceWithTwoZones('sqlite');
    // Tokyo is 9 hours ahead of UTC: some of B's days differ from what UTC gave.
    const tokyo = await daysOf(source.db, b.orgId);
    expect(tokyo.filter((s, i) => s.ship_day !== utc[i]?.ship_day).length).toBeGreaterThan(0);
    expect(tokyo.every((s) => s.derivation_version === SHIPMENT_FACTS_VERSION)).toBe(true);
    const expected = { a: await rollupRows(source.db, a.orgId), b: await rollupRows(source.db, b.orgId) };
    expect(expected.a.length).toBeGreaterThan(0);
    expect(expected.b.length).toBeGreaterThan(0);
    expect(expected.a.some((r) => r.commodity === 'cheese')).toBe(true);

    const file = path.join(dir, `${++fileNo}.lwbak`);
    await createBackup(source.db, { out: file });
    const target = await fresh(dialect, { migrate: false });
    const summary = await restoreBackup(target.db, { file });
    expect(summary.rederivedShipments).toBe(0);

    expect(await daysOf(target.db, b.orgId)).toEqual(tokyo);
    expect(await daysOf(target.db, a.orgId)).toEqual(await daysOf(source.db, a.orgId));
    // The rollups are there at once, as the source had them, and as a rebuild makes them.
    expect(await rollupRows(target.db, a.orgId)).toEqual(expected.a);
    expect(await rollupRows(target.db, b.orgId)).toEqual(expected.b);
    await rebuildRollups(target.db, b.orgId);
    expect(await rollupRows(target.db, b.orgId)).toEqual(expected.b);
  });

  it('derives the shipments of a backup from before the analytics schema again, once migrated', async () => {
    const source = await fresh('sqlite');
    const dataset = await createOrgDataset(source.db, { slug: 'old-schema', shipments: 25 });
    const derived = await daysOf(source.db, dataset.orgId);
    const rollups = await rollupRows(source.db, dataset.orgId);
    expect(rollups.length).toBeGreaterThan(0);
    // An installation that never upgraded to 0008: no days, no version, no rollups.
    await migrateTo(source.db, '0007_jobs');
    const file = path.join(dir, `${++fileNo}.lwbak`);
    const backup = await createBackup(source.db, { out: file });
    expect(backup.header.schemaVersion).toBe('0007_jobs');

    const target = await fresh(dialect);
    const summary = await restoreBackup(target.db, { file });
    expect(summary.migrations).toContain(`applied ${latestSchemaVersion}`);
    expect(summary.rederivedShipments).toBe(25);
    expect(await daysOf(target.db, dataset.orgId)).toEqual(derived);
    expect(await rollupRows(target.db, dataset.orgId)).toEqual(rollups);
  });
});
