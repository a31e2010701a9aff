import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows, maxId, syncIdSequences } from '../../src/db/bulk.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrations } from '../../src/db/migrations/index.js';
import {
  currentSchemaVersion,
  latestSchemaVersion,
  migrateDown,
  migrateToLatest,
  migrationStatus,
} from '../../src/db/migrator.js';
import { toDate } from '../../src/db/types.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { insertShipmentBatch } from '../../src/modules/shipments/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const businessTables = [
  'memberships',
  'carriers',
  'customers',
  'suppliers',
  'facilities',
  'products',
  'orders',
  'order_lines',
  'shipments',
  'tracking_events',
  'inventory_snapshots',
  'inventory_movements',
  'service_accounts',
  'api_keys',
  'refresh_tokens',
  'invitations',
  'audit_events',
  'idempotency_keys',
  'exchange_rates',
  'analytics_versions',
  'analytics_views',
  'analytics_shipment_daily',
  'analytics_shipment_lanes',
  'analytics_shipment_parties',
  'import_files',
  'import_mappings',
  'import_runs',
  'import_quarantine',
  'feeds',
  'feed_events',
  'stream_events',
  'alert_rules',
  'alerts',
  'alert_channels',
  'alert_deliveries',
  'forecast_models',
  'forecast_runs',
  'forecast_series',
  'forecast_points',
  'shipment_delay_risks',
  'assistant_conversations',
  'assistant_messages',
];
// Instance-wide tables (no org_id).
const instanceTables = ['organizations', 'users', 'settings', 'job_attempts', 'job_events', 'job_schedules'];
// org_id null for installation jobs (housekeeping), set for an organization's.
const mixedTables = ['jobs'];

async function userTables(database: Database): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  return tables
    .map((t) => t.name)
    .filter((n) => !n.startsWith('lanewise_migrations'))
    .sort();
}

describe.each(testDialects)('schema on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it('runs every migration up, down and up again', async () => {
    expect(await migrateToLatest(database.db)).toEqual(
      Object.keys(migrations).map((name) => `applied ${name}`),
    );
    expect(Object.keys(migrations)).toEqual(expect.arrayContaining(['0001_core', '0002_auth']));
    expect(await currentSchemaVersion(database.db)).toBe(latestSchemaVersion);
    const tables = await userTables(database);
    expect(tables).toEqual([...businessTables, ...instanceTables, ...mixedTables].sort());
    const introspected = await database.db.introspection.getTables();
    for (const name of businessTables) {
      const columns = introspected.find((t) => t.name === name)?.columns.map((c) => c.name);
      expect(columns, name).toContain('org_id');
    }

    const status = await migrationStatus(database.db);
    for (let i = status.length; i > 0; i--) await migrateDown(database.db);
    expect(await userTables(database)).toEqual([]);
    expect(await currentSchemaVersion(database.db)).toBe('');
    await migrateToLatest(database.db);
    expect(await userTables(database)).toHaveLength(
      businessTables.length + instanceTables.length + mixedTables.length,
    );
  });

  it('stores and reads back shipments the same way, with derived fields', async () => {
    const { db } = database;
    await insertRows(db, 'organizations', [{ id: 1, slug: `o-${dialect}`, name: 'Org' }]);
    await insertRows(db, 'carriers', [{ id: 1, org_id: 1, name: 'Swift Freight', scac: 'SWFT' }]);
    await syncIdSequences(db, ['organizations', 'carriers']);
    await insertShipmentBatch(
      db,
      systemCaller(1),
      [
        {
          org_id: 1,
          reference: 'SH-1',
          mode: 'ftl',
          status: 'delivered',
          carrier_id: 1,
          origin_city: 'Zürich',
          origin_country: 'CH',
          destination_city: 'São Paulo',
          destination_country: 'BR',
          destination_timezone: 'America/Sao_Paulo',
          planned_delivery_at: new Date('2026-03-04T20:00:00.123Z'),
          actual_pickup_at: new Date('2026-03-01T08:00:00.000Z'),
          actual_delivery_at: new Date('2026-03-05T02:30:00.000Z'),
          weight_kg: 1234.5,
          freight_cost: 987.65,
          currency: 'EUR',
        },
      ],
      { mode: 'all' },
    );
    const row = await db
      .selectFrom('shipments')
      .selectAll()
      .where('reference', '=', 'SH-1')
      .executeTakeFirstOrThrow();
    expect(toDate(row.planned_delivery_at)?.toISOString()).toBe('2026-03-04T20:00:00.123Z');
    expect(row).toMatchObject({
      lane: 'Zürich, CH → São Paulo, BR',
      transit_days: 3.77,
      delay_hours: 6.5,
      on_time: 1, // 23:30 on the 4th in São Paulo
      weight_kg: 1234.5,
      freight_cost: 987.65,
      carrier_id: 1,
      source: 'manual',
    });
    expect(typeof row.id).toBe('number');
    // Defaults of created_at use the same instant format as written values.
    expect(toDate(row.created_at).getTime()).toBeGreaterThan(Date.parse('2026-01-01'));
  });

  it('enforces foreign keys and per-org uniqueness', async () => {
    const { db } = database;
    await expect(insertRows(db, 'carriers', [{ org_id: 999, name: 'Ghost' }])).rejects.toThrow();
    await expect(insertRows(db, 'carriers', [{ org_id: 1, name: 'Swift Freight' }])).rejects.toThrow();
    // Case matters for codes on every dialect (MySQL uses a binary collation).
    await insertRows(db, 'products', [{ org_id: 1, sku: 'ab-1', name: 'a' }]);
    await insertRows(db, 'products', [{ org_id: 1, sku: 'AB-1', name: 'b' }]);
    expect(await maxId(db, 'products')).toBeGreaterThan(0);
  });

  it('keeps calendar days as YYYY-MM-DD strings', async () => {
    const { db } = database;
    await insertRows(db, 'orders', [
      {
        org_id: 1,
        reference: 'PO-1',
        status: 'open',
        order_date: '2026-02-28',
        requested_date: '2026-03-01',
      },
    ]);
    const order = await db
      .selectFrom('orders')
      .select(['order_date', 'requested_date'])
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ order_date: '2026-02-28', requested_date: '2026-03-01' });
    const count = await sql<{
      n: number;
    }>`select count(*) as n from orders where order_date <= ${'2026-02-28'}`.execute(db);
    expect(Number(count.rows[0]?.n)).toBe(1);
  });

  it('stores default timestamps in UTC whatever zone the server runs in', async () => {
    const { db } = database;
    if (dialect === 'mysql') {
      // The session zone, not the driver's `timezone`, decides what current_timestamp(3) stores:
      // every pooled connection (several at once here, so several are opened) must be in UTC.
      const zones = await Promise.all(
        Array.from({ length: 4 }, () =>
          sql<{ zone: string }>`select @@session.time_zone as zone, sleep(0.05) as s`.execute(db),
        ),
      );
      expect(zones.map((z) => z.rows[0]?.zone)).toEqual(Array(4).fill('+00:00'));
    }
    const before = Date.now();
    await insertRows(db, 'carriers', [{ org_id: 1, name: 'Default Clock' }]);
    const row = await db
      .selectFrom('carriers')
      .select(['created_at', 'updated_at'])
      .where('name', '=', 'Default Clock')
      .executeTakeFirstOrThrow();
    for (const value of [row.created_at, row.updated_at]) {
      // A server off UTC would be off by its offset (at least 15 minutes), not seconds.
      expect(Math.abs(toDate(value).getTime() - before)).toBeLessThan(5_000);
    }
  });
});
