import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import SQLite from 'better-sqlite3';
import { CommanderError } from 'commander';
import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { backupCommand, restoreCommand } from '../../src/cli/backup.js';
import { insertRows, maxId } from '../../src/db/bulk.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrations } from '../../src/db/migrations/index.js';
import {
  currentSchemaVersion,
  latestSchemaVersion,
  migrateTo,
  migrateToLatest,
} from '../../src/db/migrator.js';
import type { DB, TableName } from '../../src/db/types.js';
import type { Dialect } from '../../src/db/url.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import {
  type BackupSummary,
  backupTables,
  createBackup,
  nativeSqliteBackup,
  restoreBackup,
  verifyBackup,
} from '../../src/modules/backup/index.js';
import { insertShipmentBatch } from '../../src/modules/shipments/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createOrgDataset } from '../support/factories.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanewise-backup-'));
const opened: { database: Database; test: TestDatabase }[] = [];
let fileNo = 0;

afterAll(async () => {
  for (const { database, test } of opened) {
    await database.close();
    await test.drop();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A new database of the dialect, migrated unless asked otherwise; dropped after the suite. */
async function fresh(dialect: Dialect, { migrate = true } = {}): Promise<Database & { test: TestDatabase }> {
  const test = await createTestDatabase(dialect);
  const database = connect(test.target);
  opened.push({ database, test });
  if (migrate) await migrateToLatest(database.db);
  return { ...database, test };
}

function file(name = 'backup.lwbak'): string {
  return path.join(dir, `${++fileNo}-${name}`);
}

function backup(db: Kysely<DB>, options: { pageSize?: number } = {}): Promise<BackupSummary> {
  return createBackup(db, { out: file(), ...options });
}

/** Every row of a table in id order, instants as ISO text: comparable across dialects. */
async function rowsOf(db: Kysely<DB>, table: TableName): Promise<Record<string, unknown>[]> {
  const rows = await db.selectFrom(table).selectAll().orderBy('id').execute();
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v] as const),
    ),
  );
}

async function countsOf(db: Kysely<DB>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of backupTables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Rewrites the decompressed lines of a backup and gzips them again (a valid gzip with bad content). */
function rewrite(source: string, edit: (lines: string[]) => string[]): string {
  const lines = zlib.gunzipSync(fs.readFileSync(source)).toString('utf8').split('\n');
  const out = file('edited.lwbak');
  fs.writeFileSync(out, zlib.gzipSync(edit(lines).join('\n')));
  return out;
}

function sqliteUrl(database: { test: TestDatabase }): string {
  const target = database.test.target;
  if (target.dialect !== 'sqlite') throw new Error('expected a SQLite test database');
  return `sqlite:${target.file}`;
}

async function expectUntouched(target: Database): Promise<void> {
  // Not even the migrator's tables: the file was refused before the target was looked at.
  expect(await target.db.introspection.getTables()).toEqual([]);
}

const pairs: [Dialect, Dialect][] = [
  ['sqlite', 'postgres'],
  ['sqlite', 'mysql'],
  ['postgres', 'sqlite'],
  ['mysql', 'sqlite'],
];

describe('portable backup and restore across dialects', () => {
  it.each(pairs)(
    '%s → %s → back gives identical rows, counts and checksums',
    { timeout: 60_000 },
    async (a, b) => {
      const source = await fresh(a);
      const dataset = await createOrgDataset(source.db, { shipments: 40 });
      const first = await backup(source.db, { pageSize: 7 });
      expect(first.header.sourceDialect).toBe(a);
      expect(first.header.schemaVersion).toBe(latestSchemaVersion);
      const counts: Record<string, number> = dataset.counts;
      for (const table of first.footer.tables) expect(table.rows, table.name).toBe(counts[table.name] ?? 0);
      expect(first.footer.tables.map((t) => t.name)).toEqual(backupTables);

      const target = await fresh(b, { migrate: false });
      const restored = await restoreBackup(target.db, { file: first.file });
      expect(restored.tables).toEqual(first.footer.tables);
      expect(restored.migrations).toContain(`applied ${latestSchemaVersion}`);
      const second = await backup(target.db);
      expect(second.footer).toEqual(first.footer);

      const back = await fresh(a, { migrate: false });
      await restoreBackup(back.db, { file: second.file });
      expect((await backup(back.db)).footer).toEqual(first.footer);

      for (const table of backupTables) {
        const expected = await rowsOf(source.db, table);
        expect(await rowsOf(target.db, table), table).toEqual(expected);
        expect(await rowsOf(back.db, table), table).toEqual(expected);
      }
      // Spot checks of what is easiest to lose on the way: emoji, accents, decimals, milliseconds.
      const event = await target.db
        .selectFrom('tracking_events')
        .selectAll()
        .where('message', 'like', '%#3)')
        .executeTakeFirstOrThrow();
      expect(event.message).toBe('📦 Zugestellt — entregue em São Paulo (#3)');
      const product = await target.db
        .selectFrom('products')
        .selectAll()
        .where('sku', '=', 'SKU-001')
        .executeTakeFirstOrThrow();
      expect([product.name, product.unit_cost, product.unit_weight_kg]).toEqual(['Käse 1 kg', 12.3456, 1.25]);
      expect(
        await target.db.selectFrom('products').select('sku').where('sku', '=', 'sku-001').execute(),
      ).toHaveLength(1);
      const shipment = await target.db
        .selectFrom('shipments')
        .selectAll()
        .where('reference', '=', 'SHP-acme-0000003')
        .executeTakeFirstOrThrow();
      expect(new Date(shipment.actual_delivery_at as Date | string).toISOString()).toBe(
        '2025-03-05T06:15:31.122Z',
      );
      expect([shipment.weight_kg, shipment.freight_cost, shipment.origin_city]).toEqual([
        1237.567,
        990.65,
        'Zürich',
      ]);
      const order = await target.db.selectFrom('orders').selectAll().orderBy('id').executeTakeFirstOrThrow();
      expect([order.order_date, order.requested_date]).toEqual(['2025-03-01', '2025-03-10']);

      // Ids were restored as they were, and new rows get fresh ones (PostgreSQL sequences synced).
      const top = await maxId(target.db, 'carriers');
      await insertRows(target.db, 'carriers', [{ org_id: dataset.orgId, name: 'New Carrier', scac: null }]);
      expect(await maxId(target.db, 'carriers')).toBe(top + 1);
    },
  );
});

describe('schema versions', { timeout: 60_000 }, () => {
  const oldest = Object.keys(migrations).sort()[0] as string;

  it('a backup of an older schema restores at its version and is then migrated to the latest', async () => {
    // The dataset is written through today's write paths (which keep rollups of a later schema),
    // then the schema goes down to the oldest version, as an installation that never upgraded.
    const source = await fresh('sqlite');
    await createOrgDataset(source.db, { shipments: 8 });
    await migrateTo(source.db, oldest);
    const old = await backup(source.db);
    expect(old.header.schemaVersion).toBe(oldest);

    // An empty target already at the latest version goes down to the backup's first.
    const target = await fresh('postgres');
    const restored = await restoreBackup(target.db, { file: old.file });
    const later = Object.keys(migrations)
      .sort()
      .filter((name) => name > oldest);
    expect(restored.migrations).toEqual([
      ...[...later].reverse().map((name) => `reverted ${name}`),
      ...later.map((name) => `applied ${name}`),
    ]);
    expect(await currentSchemaVersion(target.db)).toBe(latestSchemaVersion);
    for (const table of ['shipments', 'tracking_events', 'order_lines'] as const) {
      expect(await rowsOf(target.db, table)).toHaveLength((await rowsOf(source.db, table)).length);
    }
    expect((await rowsOf(target.db, 'products')).map((p) => p.name)).toEqual(
      (await rowsOf(source.db, 'products')).map((p) => p.name),
    );
  });
});

describe('restore refuses what it must not load', { timeout: 30_000 }, () => {
  async function sourceBackup(): Promise<BackupSummary> {
    const source = await fresh('sqlite');
    await createOrgDataset(source.db, { shipments: 10 });
    return backup(source.db);
  }

  it('a byte flipped in a row line (valid gzip, bad checksum)', async () => {
    const good = await sourceBackup();
    const bad = rewrite(good.file, (lines) => {
      const i = lines.findIndex((l) => l.startsWith('[') && l.includes('1234.567'));
      const line = lines[i] as string;
      const at = line.indexOf('1234.567') + 3;
      // '4' ^ 1 = '5': still valid JSON, just different data.
      lines[i] = line.slice(0, at) + String.fromCharCode(line.charCodeAt(at) ^ 1) + line.slice(at + 1);
      return lines;
    });
    await expect(verifyBackup(good.file)).resolves.toBeTruthy();
    const target = await fresh('postgres', { migrate: false });
    await expect(restoreBackup(target.db, { file: bad })).rejects.toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringContaining('checksum mismatch in table shipments'),
    });
    await expectUntouched(target);
  });

  it('a truncated file, a file cut at its footer, bad JSON and a damaged gzip stream', async () => {
    const good = await sourceBackup();
    const bytes = fs.readFileSync(good.file);
    const truncated = file('truncated.lwbak');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const noFooter = rewrite(good.file, (lines) => lines.slice(0, -2));
    const badJson = rewrite(good.file, (lines) => lines.map((l, i) => (i === 5 ? l.slice(0, -3) : l)));
    const damaged = file('damaged.lwbak');
    const flipped = Buffer.from(bytes);
    const middle = Math.floor(flipped.length / 2);
    flipped[middle] = (flipped[middle] ?? 0) ^ 0xff;
    fs.writeFileSync(damaged, flipped);

    const target = await fresh('sqlite', { migrate: false });
    for (const [bad, problem] of [
      [truncated, 'gzip'],
      [noFooter, 'before its footer'],
      [badJson, 'line 6: not valid JSON'],
      [damaged, 'damaged'],
    ] as const) {
      await expect(restoreBackup(target.db, { file: bad }), bad).rejects.toMatchObject({
        code: 'BACKUP_CORRUPT',
        message: expect.stringContaining(problem),
      });
    }
    await expectUntouched(target);
  });

  it('a backup from a newer or unknown schema version', async () => {
    const good = await sourceBackup();
    const withVersion = (version: string) =>
      rewrite(good.file, (lines) => {
        lines[0] = JSON.stringify({ ...JSON.parse(lines[0] as string), schemaVersion: version });
        return lines;
      });
    const target = await fresh('sqlite', { migrate: false });
    await expect(
      restoreBackup(target.db, { file: withVersion('9999_from_the_future') }),
    ).rejects.toMatchObject({
      code: 'BACKUP_SCHEMA_TOO_NEW',
    });
    await expect(restoreBackup(target.db, { file: withVersion('0000_never_existed') })).rejects.toMatchObject(
      {
        code: 'BACKUP_SCHEMA_UNKNOWN',
      },
    );
    await expectUntouched(target);
  });

  it('a target that already holds data, unless --replace', async () => {
    const good = await sourceBackup();
    const target = await fresh('mysql');
    await createOrgDataset(target.db, { slug: 'other', shipments: 3 });
    const before = await countsOf(target.db);
    await expect(restoreBackup(target.db, { file: good.file })).rejects.toMatchObject({
      code: 'BACKUP_TARGET_NOT_EMPTY',
    });
    expect(await countsOf(target.db)).toEqual(before);

    await restoreBackup(target.db, { file: good.file, replace: true });
    expect((await backup(target.db)).footer).toEqual(good.footer);
    expect(await target.db.selectFrom('organizations').select('slug').execute()).toEqual([{ slug: 'acme' }]);
  });

  it('rolls the whole load back when a row fails half way', async () => {
    const source = await fresh('sqlite');
    await createOrgDataset(source.db, { shipments: 10 });
    // SQLite does not enforce varchar lengths; PostgreSQL does, on the last table loaded.
    await source.db
      .updateTable('inventory_movements')
      .set({ reference: 'x'.repeat(300) })
      .execute();
    const tooLong = await backup(source.db);
    const target = await fresh('postgres', { migrate: false });
    await expect(restoreBackup(target.db, { file: tooLong.file })).rejects.toThrow(/too long/);
    expect(Object.values(await countsOf(target.db)).every((n) => n === 0)).toBe(true);
  });
});

describe('consistency and native copies', { timeout: 60_000 }, () => {
  it.each(['sqlite', 'postgres', 'mysql'] as const)(
    'a %s backup taken while another connection keeps inserting is one snapshot',
    async (dialect) => {
      const source = await fresh(dialect);
      const dataset = await createOrgDataset(source.db, { shipments: 2_000 });
      const writer = connect(source.test.target);
      let stop = false;
      let written = 0;
      const writing = (async () => {
        while (!stop) {
          // A shipment and its events in one transaction: a snapshot has all of them or none.
          await writer.db.transaction().execute(async (trx) => {
            await insertShipmentBatch(
              trx,
              systemCaller(dataset.orgId),
              [
                {
                  org_id: dataset.orgId,
                  reference: `LIVE-${written}`,
                  mode: 'road',
                  status: 'in_transit',
                  actual_pickup_at: new Date(Date.now() - 3_600_000),
                  planned_delivery_at: new Date(),
                },
              ],
              { mode: 'all' },
            );
            const shipment_id = await maxId(trx, 'shipments');
            const event = {
              org_id: dataset.orgId,
              shipment_id,
              code: 'PICKED_UP',
              occurred_at: new Date(),
              source: 'live',
            };
            await insertRows(trx, 'tracking_events', [event, { ...event, code: 'IN_TRANSIT' }]);
          });
          written++;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      let summary: BackupSummary;
      try {
        while (written < 5) await new Promise((resolve) => setImmediate(resolve));
        summary = await backup(source.db, { pageSize: 50 });
        await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        stop = true;
        await writing;
        await writer.close();
      }
      const rows = Object.fromEntries(summary.footer.tables.map((t) => [t.name, t.rows]));
      const base = dataset.counts;
      const live = (rows.shipments ?? 0) - base.shipments;
      // Writes happened during the backup, otherwise this test proves nothing.
      expect(live).toBeGreaterThan(0);
      expect(written).toBeGreaterThan(live);
      expect(rows.tracking_events).toBe(base.tracking_events + 2 * live);
      await expect(verifyBackup(summary.file)).resolves.toBeTruthy();
      // Restoring checks every foreign key: no tracking event may point at a missing shipment.
      const copy = await fresh('sqlite', { migrate: false });
      await restoreBackup(copy.db, { file: summary.file });
      const orphans = await copy.db
        .selectFrom('tracking_events')
        .leftJoin('shipments', 'shipments.id', 'tracking_events.shipment_id')
        .where('shipments.id', 'is', null)
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(orphans.n)).toBe(0);
    },
  );

  it('native SQLite backup copies the file and passes the integrity check', async () => {
    const source = await fresh('sqlite');
    const dataset = await createOrgDataset(source.db, { shipments: 25 });
    const out = file('copy.db');
    const copy = await nativeSqliteBackup(source.test.target, { out });
    expect(copy.integrity).toEqual(['ok']);
    expect(copy.bytes).toBeGreaterThan(0);
    const check = new SQLite(out, { readonly: true });
    try {
      expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(check.prepare('select count(*) as n from shipments').get()).toEqual({
        n: dataset.counts.shipments,
      });
    } finally {
      check.close();
    }
    await expect(nativeSqliteBackup(source.test.target, { out })).rejects.toMatchObject({
      code: 'BACKUP_FILE_EXISTS',
    });
    const pg = await fresh('postgres', { migrate: false });
    await expect(nativeSqliteBackup(pg.test.target, { out: file('pg.db') })).rejects.toMatchObject({
      code: 'BACKUP_NATIVE_NOT_SQLITE',
    });
  });
});

describe('CLI', { timeout: 30_000 }, () => {
  it('backs up and restores, and exits non-zero with the code on a damaged file', async () => {
    const source = await fresh('sqlite');
    await createOrgDataset(source.db);
    const target = await fresh('sqlite', { migrate: false });
    const out = file();
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await backupCommand().parseAsync(['--out', out, '--database-url', sqliteUrl(source)], {
        from: 'user',
      });
      await restoreCommand().parseAsync(['--in', out, '--database-url', sqliteUrl(target)], {
        from: 'user',
      });
    } finally {
      spy.mockRestore();
    }
    const text = printed.join('');
    expect(text).toMatch(/shipments\s+6 rows/);
    expect(text).toMatch(/Restored [\d,]+ rows into sqlite:/);
    expect(await countsOf(target.db)).toEqual(await countsOf(source.db));

    const truncated = file('cut.lwbak');
    fs.writeFileSync(truncated, fs.readFileSync(out).subarray(0, 200));
    const command = restoreCommand()
      .exitOverride()
      .configureOutput({ writeErr: () => undefined });
    const failure = await command
      .parseAsync(['--in', truncated, '--database-url', sqliteUrl(target)], { from: 'user' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommanderError);
    expect(failure).toMatchObject({ exitCode: 1, code: 'BACKUP_CORRUPT' });
    // The file is checked before the target is opened: no empty SQLite file is left behind.
    const never = path.join(dir, 'never-created.db');
    await restoreCommand()
      .exitOverride()
      .configureOutput({ writeErr: () => undefined })
      .parseAsync(['--in', truncated, '--database-url', never], { from: 'user' })
      .catch(() => undefined);
    expect(fs.existsSync(never)).toBe(false);
  });
});
