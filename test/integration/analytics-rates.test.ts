import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataVersionOf } from '../../src/modules/analytics/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/** Exchange rates through the API: the batch upsert, its refusals and limits, the list, delete. */

interface Tenant {
  readonly orgId: number;
  readonly analyst: Record<string, string>;
  readonly viewer: Record<string, string>;
}
type Json = Record<string, unknown>;
interface Row {
  index: number;
  id: number;
  currency: string;
  quoteCurrency: string;
  day: string;
  result: string;
}
interface Listed {
  data: Json[];
  nextCursor: string | null;
  total?: number;
}

describe.each(testDialects)('exchange rates on %s', (dialect) => {
  let ctx: TestContext;
  let a: Tenant;
  let b: Tenant;

  async function tenant(slug: string): Promise<Tenant> {
    const org = await createOrgWithUsers(ctx.database.db, { slug });
    return {
      orgId: org.orgId,
      analyst: bearer(await accessTokenFor(ctx.app, org.users.analyst.id, org.orgId)),
      viewer: bearer(await accessTokenFor(ctx.app, org.users.viewer.id, org.orgId)),
    };
  }

  const put = (who: Json, items: unknown) =>
    send(ctx.app, 'PUT', '/api/v1/analytics/exchange-rates', who as Record<string, string>, { items });
  const upsert = async (who: Json, items: unknown): Promise<Row[]> => {
    const res = await put(who, items);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { data: Row[] }).data;
  };
  const list = async (who: Json, query = ''): Promise<Listed> => {
    const res = await send(
      ctx.app,
      'GET',
      `/api/v1/analytics/exchange-rates${query}`,
      who as Record<string, string>,
    );
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Listed;
  };
  const stored = (orgId: number) =>
    ctx.database.db
      .selectFrom('exchange_rates')
      .select(['currency', 'quote_currency', 'day', 'rate'])
      .where('org_id', '=', orgId)
      .orderBy('currency')
      .orderBy('quote_currency')
      .orderBy('day')
      .execute();
  const results = (rows: Row[]) =>
    rows.map((r) => `${r.index} ${r.currency}/${r.quoteCurrency} ${r.day} ${r.result}`);

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    a = await tenant('rates-a');
    b = await tenant('rates-b');
  });
  afterAll(() => ctx?.close());

  it('inserts, then answers unchanged and updated per row, quoting in the reporting currency by default', async () => {
    const version = await dataVersionOf(ctx.database.db, a.orgId);
    const first = await upsert(a.analyst, [
      { currency: 'EUR', day: '2026-03-02', rate: 1.0842 },
      { currency: 'CHF', quoteCurrency: 'EUR', day: '2026-03-02', rate: 1.05 },
    ]);
    expect(results(first)).toEqual(['0 EUR/USD 2026-03-02 inserted', '1 CHF/EUR 2026-03-02 inserted']);
    expect(await dataVersionOf(ctx.database.db, a.orgId)).toBe(version + 1);

    const again = await upsert(a.analyst, [
      { currency: 'EUR', quoteCurrency: 'USD', day: '2026-03-02', rate: 1.0842 },
      { currency: 'CHF', quoteCurrency: 'EUR', day: '2026-03-02', rate: 1.0517 },
    ]);
    expect(results(again)).toEqual(['0 EUR/USD 2026-03-02 unchanged', '1 CHF/EUR 2026-03-02 updated']);
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(await dataVersionOf(ctx.database.db, a.orgId)).toBe(version + 2);

    // Nothing changed: no write, so the data version stays.
    await upsert(a.analyst, [{ currency: 'EUR', day: '2026-03-02', rate: 1.0842 }]);
    expect(await dataVersionOf(ctx.database.db, a.orgId)).toBe(version + 2);
    expect(await stored(a.orgId)).toEqual([
      { currency: 'CHF', quote_currency: 'EUR', day: '2026-03-02', rate: 1.0517 },
      { currency: 'EUR', quote_currency: 'USD', day: '2026-03-02', rate: 1.0842 },
    ]);
    const audit = await ctx.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('org_id', '=', a.orgId)
      .where('action', '=', 'analytics.exchange_rates_written')
      .orderBy('id')
      .execute();
    expect(audit.map((e) => JSON.parse(String(e.details)))).toEqual([
      { inserted: 2, updated: 0, unchanged: 0, pairs: ['EUR/USD', 'CHF/EUR'] },
      { inserted: 0, updated: 1, unchanged: 1, pairs: ['CHF/EUR'] },
    ]);
  });

  it('writes one row per day of a range, across month ends and leap days', async () => {
    const rows = await upsert(a.analyst, [
      { currency: 'GBP', from: '2024-02-27', to: '2024-03-01', rate: 1.26 },
      { currency: 'EUR', from: '2026-03-01', to: '2026-03-03', rate: 1.0842 },
    ]);
    expect(results(rows)).toEqual([
      '0 GBP/USD 2024-02-27 inserted',
      '0 GBP/USD 2024-02-28 inserted',
      '0 GBP/USD 2024-02-29 inserted',
      '0 GBP/USD 2024-03-01 inserted',
      '1 EUR/USD 2026-03-01 inserted',
      '1 EUR/USD 2026-03-02 unchanged',
      '1 EUR/USD 2026-03-03 inserted',
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(7);
  });

  it('stores rates with eight decimals exactly', async () => {
    const rates = [0.00000001, 0.12345678, 12345.6789, 9_999_999_999, 1234567.12345678];
    await upsert(
      a.analyst,
      rates.map((rate, i) => ({ currency: 'JPY', quoteCurrency: 'CHF', day: `2025-01-0${i + 1}`, rate })),
    );
    const page = await list(a.analyst, '?currency=JPY&sort=day');
    expect(page.data.map((r) => r.rate)).toEqual(rates);
  });

  it('refuses malformed items with their paths (400) and writes nothing', async () => {
    const before = await stored(a.orgId);
    const day = '2026-04-01';
    const cases: [unknown, string][] = [
      [{ currency: 'EUR', day, rate: 0 }, 'body.items.1.rate'],
      [{ currency: 'EUR', day, rate: -1.5 }, 'body.items.1.rate'],
      [{ currency: 'EUR', day, rate: 1.123456789 }, 'body.items.1.rate'],
      [{ currency: 'EUR', day, rate: 10_000_000_000 }, 'body.items.1.rate'],
      [{ currency: 'eur', day, rate: 1 }, 'body.items.1.currency'],
      [{ currency: 'EUR', quoteCurrency: 'XYZ', day, rate: 1 }, 'body.items.1.quoteCurrency'],
      [{ currency: 'EUR', day: '2026-02-30', rate: 1 }, 'body.items.1.day'],
      [{ currency: 'EUR', rate: 1 }, 'body.items.1.day'],
      [{ currency: 'EUR', day, from: day, to: day, rate: 1 }, 'body.items.1.day'],
      [{ currency: 'EUR', from: day, rate: 1 }, 'body.items.1.to'],
      [{ currency: 'EUR', to: day, rate: 1 }, 'body.items.1.from'],
      [{ currency: 'EUR', from: '2026-04-02', to: '2026-04-01', rate: 1 }, 'body.items.1.to'],
      [{ currency: 'EUR', from: '2016-01-01', to: '2026-01-08', rate: 1 }, 'body.items.1.to'],
      [{ currency: 'EUR', day, rate: 1, source: 'ecb' }, 'body.items.1.source'],
    ];
    for (const [item, path] of cases) {
      const valid = { currency: 'SEK', day, rate: 0.095 };
      const problem = expectProblem(await put(a.analyst, [valid, item]), 400, 'REQUEST_INVALID');
      expect(problem.errors, JSON.stringify(item)).toEqual([expect.objectContaining({ path })]);
    }
    expectProblem(await put(a.analyst, []), 400, 'REQUEST_INVALID');
    expect(await stored(a.orgId)).toEqual(before);
  });

  it('refuses a currency quoted in itself and a day set twice (422), and writes nothing', async () => {
    const before = await stored(a.orgId);
    const valid = { currency: 'SEK', day: '2026-04-01', rate: 0.095 };
    const self = expectProblem(
      await put(a.analyst, [
        valid,
        { currency: 'USD', day: '2026-04-01', rate: 1 },
        { currency: 'EUR', quoteCurrency: 'EUR', day: '2026-04-01', rate: 1 },
      ]),
      422,
      'REQUEST_UNPROCESSABLE',
    );
    expect(self.errors).toEqual([
      { path: 'items.1.currency', message: expect.stringContaining('reporting currency') },
      { path: 'items.2.quoteCurrency', message: expect.any(String) },
    ]);
    const twice = expectProblem(
      await put(a.analyst, [
        { currency: 'NOK', from: '2026-04-01', to: '2026-04-10', rate: 0.09 },
        { currency: 'NOK', quoteCurrency: 'USD', day: '2026-04-05', rate: 0.091 },
        { currency: 'NOK', quoteCurrency: 'EUR', day: '2026-04-05', rate: 0.085 },
      ]),
      422,
      'REQUEST_UNPROCESSABLE',
    );
    expect(twice.errors).toEqual([{ path: 'items.1.day', message: 'repeats item 0 on 2026-04-05' }]);
    expect(await stored(a.orgId)).toEqual(before);
  });

  it('writes up to 10,000 rows a call and refuses more', async () => {
    // 3,660 days is the longest range an item may have.
    const long = [
      { currency: 'AUD', from: '2000-01-01', to: '2010-01-07', rate: 0.65 },
      { currency: 'CAD', from: '2000-01-01', to: '2010-01-07', rate: 0.74 },
    ];
    const tooMany = expectProblem(
      await put(a.analyst, [...long, { currency: 'NZD', from: '2000-01-01', to: '2010-01-07', rate: 0.6 }]),
      400,
      'REQUEST_INVALID',
    );
    expect(tooMany.errors).toEqual([{ path: 'body.items', message: expect.stringContaining('10980 rows') }]);

    const items = [...long, { currency: 'NZD', from: '2000-01-01', to: '2007-05-03', rate: 0.6 }];
    const rows = await upsert(a.analyst, items);
    expect(rows).toHaveLength(10_000);
    expect(rows.every((r) => r.result === 'inserted')).toBe(true);
    expect(rows.at(-1)).toMatchObject({ index: 2, currency: 'NZD', day: '2007-05-03' });
    const again = await upsert(a.analyst, items);
    expect(again.every((r) => r.result === 'unchanged')).toBe(true);
    expect(again.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect((await list(a.analyst, '?currency=CAD&includeTotal=true&limit=1')).total).toBe(3_660);
  });

  it('lists by currency, quote currency and days, page by page', async () => {
    const march = await list(
      a.analyst,
      '?currency=EUR&quoteCurrency=USD&from=2026-03-01&to=2026-03-02&sort=day',
    );
    expect(march.data.map((r) => [r.day, r.rate])).toEqual([
      ['2026-03-01', 1.0842],
      ['2026-03-02', 1.0842],
    ]);
    expect(march.data[0]).toEqual({
      id: expect.any(Number),
      currency: 'EUR',
      quoteCurrency: 'USD',
      day: '2026-03-01',
      rate: 1.0842,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await list(a.analyst, '?quoteCurrency=EUR')).data.map((r) => r.currency)).toEqual(['CHF']);

    // Newest day first by default; pages continue where the last ended, each row once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Listed = await list(
        a.analyst,
        `?currency=GBP&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.data.map((r) => String(r.day)));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['2024-03-01', '2024-02-29', '2024-02-28', '2024-02-27']);
    expectProblem(
      await send(ctx.app, 'GET', '/api/v1/analytics/exchange-rates?cursor=garbage', a.viewer),
      400,
      'REQUEST_INVALID_CURSOR',
    );
  });

  it('deletes a rate, once', async () => {
    const [row] = (await list(a.analyst, '?currency=CHF')).data;
    const version = await dataVersionOf(ctx.database.db, a.orgId);
    const url = `/api/v1/analytics/exchange-rates/${row?.id}`;
    expectProblem(await send(ctx.app, 'DELETE', url, a.viewer), 403, 'AUTH_FORBIDDEN');
    const res = await send(ctx.app, 'DELETE', url, a.analyst);
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    expect((await list(a.analyst, '?currency=CHF')).data).toEqual([]);
    expect(await dataVersionOf(ctx.database.db, a.orgId)).toBe(version + 1);
    expectProblem(await send(ctx.app, 'DELETE', url, a.analyst), 404, 'RESOURCE_NOT_FOUND');
  });

  it("keeps organizations apart: B sees, changes and deletes nothing of A's", async () => {
    expect((await list(b.viewer, '?includeTotal=true')).total).toBe(0);
    const [ofA] = (await list(a.analyst, '?currency=EUR&from=2026-03-02&to=2026-03-02')).data;
    expectProblem(
      await send(ctx.app, 'DELETE', `/api/v1/analytics/exchange-rates/${ofA?.id}`, b.analyst),
      404,
      'RESOURCE_NOT_FOUND',
    );
    const [own] = await upsert(b.analyst, [{ currency: 'EUR', day: '2026-03-02', rate: 2 }]);
    expect(own).toMatchObject({ result: 'inserted' });
    expect(own?.id).not.toBe(ofA?.id);
    const [still] = (await list(a.analyst, '?currency=EUR&from=2026-03-02&to=2026-03-02')).data;
    expect(still).toEqual(ofA);
    expect((await list(b.viewer)).data.map((r) => [r.currency, r.rate])).toEqual([['EUR', 2]]);
  });

  it('quotes in the new reporting currency once it changes', async () => {
    const patched = await send(ctx.app, 'PATCH', '/api/v1/analytics/settings', b.analyst, {
      reportingCurrency: 'EUR',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const rows = await upsert(b.analyst, [{ currency: 'USD', day: '2026-03-02', rate: 0.92 }]);
    expect(results(rows)).toEqual(['0 USD/EUR 2026-03-02 inserted']);
    expectProblem(
      await put(b.analyst, [{ currency: 'EUR', day: '2026-03-03', rate: 1 }]),
      422,
      'REQUEST_UNPROCESSABLE',
    );
  });

  it('lets only analytics managers write', async () => {
    expectProblem(
      await put(a.viewer, [{ currency: 'EUR', day: '2026-03-09', rate: 1.1 }]),
      403,
      'AUTH_FORBIDDEN',
    );
  });
});
