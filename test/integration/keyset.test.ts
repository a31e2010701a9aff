import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { insertRows, syncIdSequences } from '../../src/db/bulk.js';
import { connect, type Database } from '../../src/db/connect.js';
import { keysetPage, type SortField } from '../../src/db/keyset.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { toDate } from '../../src/db/types.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { insertShipmentBatch } from '../../src/modules/shipments/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers } from '../support/auth.js';
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

  it('type-checks every decoded value against the column kind (PostgreSQL used to answer 500)', async () => {
    const query = database.db
      .selectFrom('shipments')
      .select(['id', 'planned_delivery_at'])
      .where('org_id', '=', 1);
    for (const value of ['9999-99-99T99:99:99.999Z', '2026-01-01', 'x', 5, 1e300]) {
      const cursor = Buffer.from(JSON.stringify([':plannedDeliveryAt:asc', value, 3])).toString('base64url');
      await expect(
        keysetPage(
          query,
          'id',
          { sort: planned, direction: 'asc', limit: 2, cursor },
          (r) => r.planned_delivery_at,
        ),
      ).rejects.toMatchObject({ code: 'REQUEST_INVALID_CURSOR' });
    }
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

describe.each(testDialects)('list cursors and integers over HTTP on %s', (dialect) => {
  let ctx: TestContext;
  let headers: Record<string, string>;
  let shipmentId: number;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const org = await createOrgWithUsers(ctx.database.db, { slug: 'cursors' });
    headers = bearer(await accessTokenFor(ctx.app, org.users.owner.id, org.orgId));
    for (let i = 0; i < 5; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/shipments',
        headers,
        payload: { reference: `C-${i}`, mode: 'ftl', plannedDeliveryAt: `2026-02-0${i + 1}T10:00:00Z` },
      });
      shipmentId = res.json().id;
    }
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/carriers',
      headers,
      payload: { name: 'Cursor Co' },
    });
  });
  afterAll(() => ctx?.close());

  const list = (query: string) =>
    ctx.app.inject({ method: 'GET', url: `/api/v1/shipments?${query}`, headers });
  const firstCursor = async () => (await list('limit=2')).json().nextCursor as string;
  const refusedCursor = async (cursor: string, path = '/api/v1/shipments') => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `${path}?limit=2&cursor=${encodeURIComponent(cursor)}`,
      headers,
    });
    expect(res.statusCode, `${cursor}: ${res.body}`).toBe(400);
    expect(res.json().code).toBe('REQUEST_INVALID_CURSOR');
  };

  it('pages with the cursors it issues', async () => {
    const cursor = await firstCursor();
    const next = await list(`limit=2&cursor=${encodeURIComponent(cursor)}`);
    expect(next.statusCode).toBe(200);
    expect(next.json().data).toHaveLength(2);
  });

  it('refuses a cursor with any byte changed', async () => {
    const cursor = await firstCursor();
    for (const at of [0, 5, Math.floor(cursor.length / 2), cursor.length - 1]) {
      const c = cursor[at] === 'A' ? 'B' : 'A';
      await refusedCursor(`${cursor.slice(0, at)}${c}${cursor.slice(at + 1)}`);
    }
    await refusedCursor(cursor.split('.')[0] as string); // the MAC removed
  });

  it('refuses positions re-encoded with other values, as 400 on every dialect', async () => {
    const cursor = await firstCursor();
    const [body = '', mac = ''] = cursor.split('.');
    const [sort, , id] = JSON.parse(Buffer.from(body, 'base64url').toString()) as unknown[];
    for (const value of ['9999-99-99T99:99:99.999Z', '+275760-09-13T00:00:00.000Z', 'soon', 12, true, null]) {
      const forged = Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
      await refusedCursor(`${forged}.${mac}`);
      await refusedCursor(forged);
    }
  });

  it("refuses another list's cursor, even one of the same sort key", async () => {
    const own = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/carriers?limit=1&sort=createdAt',
      headers,
    });
    const carriers = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/shipments?limit=1&sort=createdAt', headers })
    ).json().nextCursor as string;
    expect(own.statusCode).toBe(200);
    await refusedCursor(carriers, '/api/v1/carriers');
  });

  it('takes a cursor issued by another process on the same database', async () => {
    const cursor = await firstCursor();
    const other = await buildApp(ctx.config, { database: ctx.database });
    try {
      const res = await other.inject({
        method: 'GET',
        url: `/api/v1/shipments?limit=2&cursor=${encodeURIComponent(cursor)}`,
        headers,
      });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('accepts ids and limits only as canonical decimal integers', async () => {
    expect(
      (await ctx.app.inject({ method: 'GET', url: `/api/v1/shipments/${shipmentId}`, headers })).statusCode,
    ).toBe(200);
    for (const spelling of [
      `0x${shipmentId.toString(16)}`,
      `${shipmentId}.0`,
      `0${shipmentId}`,
      `+${shipmentId}`,
      `${shipmentId}e0`,
      ` ${shipmentId}`,
    ]) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/shipments/${encodeURIComponent(spelling)}`,
        headers,
      });
      expect(res.statusCode, spelling).toBe(400);
      expect(res.json().code).toBe('REQUEST_INVALID');
    }
    for (const limit of ['1e1', '10.0', '010', '0x10', '-1', '']) {
      const res = await list(`limit=${encodeURIComponent(limit)}`);
      expect(res.statusCode, limit).toBe(400);
    }
    expect((await list('limit=10')).statusCode).toBe(200);
  });
});
