import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows, syncIdSequences } from '../../src/db/bulk.js';
import { connect, type Database } from '../../src/db/connect.js';
import { keysetPage, type SortField } from '../../src/db/keyset.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { toDate } from '../../src/db/types.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { insertShipmentBatch } from '../../src/modules/shipments/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const planned: SortField = {
  key: 'plannedDeliveryAt',
  column: 'planned_delivery_at',
  kind: 'instant',
  nullable: true,
};
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 12));

describe.each(testDialects)('keyset pagination on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let next = 0;

  async function addShipments(count: number, dateOf: (i: number) => Date | null) {
    const rows = Array.from({ length: count }, (_, i) => {
      next++;
      return {
        org_id: 1,
        reference: `S-${next}`,
        mode: 'ftl' as const,
        status: 'planned' as const,
        planned_delivery_at: dateOf(i),
      };
    });
    await insertShipmentBatch(database.db, systemCaller(1), rows, { mode: 'all' });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    await insertRows(database.db, 'organizations', [
      { id: 1, slug: 'a', name: 'A' },
      { id: 2, slug: 'b', name: 'B' },
    ]);
    await syncIdSequences(database.db, ['organizations']);
    // Ties on the sort value (5 per day) and rows without a planned date.
    await addShipments(40, (i) => day(Math.floor(i / 5)));
    await addShipments(7, () => null);
    await insertShipmentBatch(
      database.db,
      systemCaller(2),
      [{ org_id: 2, reference: 'OTHER', mode: 'air', status: 'planned', planned_delivery_at: day(3) }],
      { mode: 'all' },
    );
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  async function readAll(direction: 'asc' | 'desc', limit: number, duringPaging?: () => Promise<void>) {
    const seen: { id: number; at: Date | null }[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const query = database.db
        .selectFrom('shipments')
        .select(['id', 'planned_delivery_at'])
        .where('org_id', '=', 1);
      const page = await keysetPage(
        query,
        'id',
        { sort: planned, direction, limit, cursor },
        (r) => r.planned_delivery_at,
      );
      expect(page.rows.length).toBeLessThanOrEqual(limit);
      seen.push(...page.rows.map((r) => ({ id: r.id, at: toDate(r.planned_delivery_at) })));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
      await duringPaging?.();
    }
    throw new Error('paging did not end');
  }

  it.each([
    ['asc', 1],
    ['asc', 6],
    ['desc', 5],
    ['desc', 47],
    ['asc', 500],
  ] as const)('reads every row once, in order (%s, pages of %i)', async (direction, limit) => {
    const seen = await readAll(direction, limit);
    expect(seen).toHaveLength(47);
    expect(new Set(seen.map((s) => s.id)).size).toBe(47);
    const dated = seen.filter((s) => s.at !== null);
    expect(seen.slice(dated.length).every((s) => s.at === null)).toBe(true); // nulls last
    const times = dated.map((s) => s.at?.getTime() ?? 0);
    const sorted = [...times].sort((a, b) => (direction === 'asc' ? a - b : b - a));
    expect(times).toEqual(sorted);
  });

  it('neither loses nor repeats rows while new rows arrive between pages', async () => {
    const before = (await readAll('asc', 1000)).map((s) => s.id);
    const seen = await readAll('asc', 4, () => addShipments(2, (i) => (i === 0 ? day(1) : null)));
    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of before) expect(ids).toContain(id);
  });

  it('rejects a cursor of another sort or a forged one', async () => {
    const query = () =>
      database.db.selectFrom('shipments').select(['id', 'planned_delivery_at']).where('org_id', '=', 1);
    const first = await keysetPage(
      query(),
      'id',
      { sort: planned, direction: 'asc', limit: 2 },
      (r) => r.planned_delivery_at,
    );
    const cursor = first.nextCursor ?? '';
    await expect(
      keysetPage(
        query(),
        'id',
        { sort: planned, direction: 'desc', limit: 2, cursor },
        (r) => r.planned_delivery_at,
      ),
    ).rejects.toMatchObject({
      code: 'REQUEST_INVALID_CURSOR',
      status: 400,
    });
    await expect(
      keysetPage(
        query(),
        'id',
        { sort: planned, direction: 'asc', limit: 2, cursor: 'bm9wZQ' },
        (r) => r.planned_delivery_at,
      ),
    ).rejects.toMatchObject({
      code: 'REQUEST_INVALID_CURSOR',
    });
  });
});
