import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../src/modules/analytics/index.js';
import type { Session } from '../../src/modules/auth/index.js';
import { insertHandBuiltOrg } from '../support/analytics-data.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { bearer, createOrgWithUsers, expectProblem, loginAs, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * POST /api/v1/analytics/charts:spec and charts:svg on the hand-built organization
 * (test/support/analytics-data.ts): shipments S1–S6 (S7 is archived) — Acme Freight S1, S2, S6;
 * Blue Line S3, S4; S5 has no carrier; S1–S4 ship in March 2026, S5 and S6 in April.
 */
describe.each(testDialects)('analytics chart routes on %s', (dialect) => {
  let ctx: TestContext;
  let hand: TestOrg;
  let empty: TestOrg;
  let viewer: Session;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const db = ctx.database.db;
    await insertHandBuiltOrg(db, 1, 'hand');
    await rebuildRollups(db, 1);
    hand = await createOrgWithUsers(db, { slug: 'hand', orgId: 1 });
    empty = await createOrgWithUsers(db, { slug: 'empty' });
    viewer = await loginAs(ctx.app, hand, 'viewer');
  });
  afterAll(() => ctx?.close());

  const post = (kind: 'spec' | 'svg', payload: unknown, token = viewer.accessToken) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1/analytics/charts:${kind}`,
      headers: bearer(token),
      payload: payload as Record<string, unknown>,
    });
  const byCarrier = { query: { metrics: ['shipments'], dimensions: ['carrier'] } };

  it('answers a ranking spec with the result it was built from', async () => {
    const res = await post('spec', byCarrier);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const { spec, result } = res.json();
    expect(spec.usermeta.lanewise.chart).toBe('bar');
    expect(spec.title.text).toBe('Shipments by carrier');
    expect(result.rows.map((r: Record<string, unknown>) => [r.carrier, r.shipments])).toEqual([
      ['Acme Freight', 3],
      ['Blue Line', 2],
      [null, 1],
    ]);
    expect(spec.data.values.map((r: Record<string, unknown>) => [r.carrier, r.shipments])).toEqual([
      ['Acme Freight', 3],
      ['Blue Line', 2],
      ['(none)', 1],
    ]);
    expect(spec.encoding.x).toMatchObject({ field: 'shipments', axis: { format: ',d' } });
    expect(JSON.stringify(spec)).not.toContain('"url"');
  });

  it('answers a monthly line with the time range in the subtitle', async () => {
    const res = await post('spec', {
      query: {
        metrics: ['shipments'],
        grain: 'month',
        timeRange: { from: '2026-03-01', to: '2026-04-30' },
      },
      title: 'Volume',
      width: 800,
    });
    expect(res.statusCode).toBe(200);
    const { spec, result } = res.json();
    expect(spec.usermeta.lanewise.chart).toBe('line');
    expect(spec.title).toEqual({ text: 'Volume', subtitle: ['2026-03-01 to 2026-04-30'] });
    expect(spec.width).toBe(800);
    expect(spec.encoding.x).toMatchObject({
      field: 'period',
      timeUnit: 'utcyearmonth',
      axis: { format: '%b %Y' },
    });
    expect(result.rows).toEqual([
      { period: '2026-03-01', shipments: 4 },
      { period: '2026-04-01', shipments: 2 },
    ]);
  });

  it('answers a KPI for a query without dimensions', async () => {
    const { spec } = (await post('spec', { query: { metrics: ['shipments'] } })).json();
    expect(spec.usermeta.lanewise.chart).toBe('kpi');
    expect(spec.data.values).toEqual([{ shipments: 6 }]);
  });

  it('renders the chart as an inline SVG file named after its title', async () => {
    const res = await post('svg', byCarrier);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('inline; filename="shipments-by-carrier.svg"');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body.startsWith('<svg')).toBe(true);
    for (const text of [
      'Shipments by carrier',
      'Acme Freight',
      'Blue Line',
      '(none)',
      'Carrier',
      'Shipments',
    ]) {
      expect(res.body).toContain(`>${text}</text>`);
    }
    expect(res.body).not.toMatch(/<script|\bhref\s*=/i);
  });

  it('names the file from a given title, in ASCII, and escapes the title in the picture', async () => {
    const res = await post('svg', { ...byCarrier, title: 'Zürich <b>"Q1"</b> / Lanes' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('inline; filename="zurich-b-q1-b-lanes.svg"');
    expect(res.body).toContain('Zürich &lt;b&gt;"Q1"&lt;/b&gt; / Lanes');
    expect(res.body).not.toContain('<b>');
  });

  it('charts only the caller’s organization', async () => {
    const other = await loginAs(ctx.app, empty, 'analyst');
    const { spec, result } = (
      await post('spec', { query: { metrics: ['shipments'] } }, other.accessToken)
    ).json();
    expect(result.rows).toEqual([{ shipments: 0 }]);
    expect(spec.usermeta.lanewise.chart).toBe('kpi');
    expect(spec.data.values).toEqual([{ shipments: 0 }]);
    const kpi = await post('svg', { query: { metrics: ['shipments'] } }, other.accessToken);
    expect(kpi.body).toContain('>0</text>');
    expect(kpi.body).not.toContain('>6</text>');
    const svg = await post('svg', byCarrier, other.accessToken);
    expect(svg.statusCode).toBe(200);
    expect(svg.body).not.toContain('Acme Freight');
  });

  it('refuses unknown names and bad sizes with problems, and anonymous callers', async () => {
    for (const kind of ['spec', 'svg'] as const) {
      const unknown = await post(kind, { query: { metrics: ['shipmentz'] } });
      expectProblem(unknown, 400, 'ANALYTICS_UNKNOWN_NAME');
      expectProblem(await post(kind, { ...byCarrier, width: 5 }), 400, 'REQUEST_INVALID');
      expectProblem(await post(kind, { ...byCarrier, colour: 'red' }), 400, 'REQUEST_INVALID');
      const anonymous = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/analytics/charts:${kind}`,
        payload: byCarrier,
      });
      expectProblem(anonymous, 401, 'AUTH_MISSING_TOKEN');
    }
  });
});
