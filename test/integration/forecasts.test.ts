import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOne } from '../../src/db/bulk.js';
import { executeForecastRun } from '../../src/modules/forecasting/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * Forecast runs end to end on each database (issue #10): the series an organization's orders
 * and shipments give (known totals per ISO week, cancelled orders left out), a run in a
 * background job, each series' history, chosen model, error measures and forecast with
 * intervals, a retried run that does not double its points, and other organizations seeing none.
 */

type Headers = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON in assertions
type Json = Record<string, any>;
const DAY = 86_400_000;
const WEEKS = 30;

/** The Monday (UTC) of the current ISO week, as a time. */
function currentMonday(): number {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  return today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
}
const dayText = (t: number) => new Date(t).toISOString().slice(0, 10);
/** Units ordered in week k before the current one (k = 1 is last week): a level with a 4-week cycle. */
const demandOf = (k: number) => 20 + ((WEEKS - k) % 4) * 5;

describe.each(testDialects)('forecasts on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let analyst: Headers;
  let viewer: Headers;
  let otherAnalyst: Headers;
  let productId: number;
  let facilityId: number;

  beforeAll(async () => {
    ctx = await createTestApp(dialect, {
      worker: true,
      env: { LANEWISE_JOB_POLL_MS: '50', LANEWISE_FORECAST_MAX_HORIZON: '52' },
    });
    org = await createOrgWithUsers(ctx.database.db, { slug: 'forecast-a' });
    const other = await createOrgWithUsers(ctx.database.db, { slug: 'forecast-b' });
    analyst = bearer(await accessTokenFor(ctx.app, org.users.analyst.id, org.orgId));
    viewer = bearer(await accessTokenFor(ctx.app, org.users.viewer.id, org.orgId));
    otherAnalyst = bearer(await accessTokenFor(ctx.app, other.users.analyst.id, other.orgId));

    const db = ctx.database.db;
    productId = await insertOne(db, 'products', { org_id: org.orgId, sku: 'SKU-1', name: 'Filter' });
    facilityId = await insertOne(db, 'facilities', {
      org_id: org.orgId,
      code: 'AMS-DC',
      name: 'Amsterdam DC',
      kind: 'dc',
      city: 'Amsterdam',
      country: 'NL',
      timezone: 'Europe/Amsterdam',
    });
    const carrierId = await insertOne(db, 'carriers', { org_id: org.orgId, name: 'Rapid Freight' });
    const monday = currentMonday();
    for (let k = 1; k <= WEEKS; k++) {
      // Two orders in the week (Tuesday and Thursday) sum to the week's demand.
      for (const [offset, share] of [
        [1, 0.4],
        [3, 0.6],
      ] as const) {
        const orderId = await insertOne(db, 'orders', {
          org_id: org.orgId,
          reference: `SO-${k}-${offset}`,
          ship_from_facility_id: facilityId,
          status: 'shipped',
          order_date: dayText(monday - 7 * k * DAY + offset * DAY),
        });
        await insertOne(db, 'order_lines', {
          org_id: org.orgId,
          order_id: orderId,
          line_no: 1,
          product_id: productId,
          qty_ordered: demandOf(k) * share,
        });
      }
    }
    // A cancelled order is not demand; an order of the current week is not history yet.
    for (const [reference, status, day] of [
      ['SO-CANCELLED', 'cancelled', monday - 7 * DAY + 2 * DAY],
      ['SO-NOW', 'open', monday],
    ] as const) {
      const orderId = await insertOne(db, 'orders', {
        org_id: org.orgId,
        reference,
        ship_from_facility_id: facilityId,
        status,
        order_date: dayText(day),
      });
      await insertOne(db, 'order_lines', {
        org_id: org.orgId,
        order_id: orderId,
        line_no: 1,
        product_id: productId,
        qty_ordered: 1000,
      });
    }
    await insertOne(db, 'inventory_snapshots', {
      org_id: org.orgId,
      facility_id: facilityId,
      product_id: productId,
      snapshot_date: dayText(monday - DAY),
      on_hand: 40,
      allocated: 10,
      on_order: 5,
    });
    const admin = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
    for (let k = 1; k <= 12; k++) {
      const pickup = new Date(monday - 7 * k * DAY + 2 * DAY + 10 * 3_600_000);
      const res = await send(ctx.app, 'POST', '/api/v1/shipments', admin, {
        reference: `SH-${k}`,
        mode: 'ftl',
        carrierId,
        origin: { city: 'Amsterdam', country: 'NL' },
        destination: { city: 'Hamburg', country: 'DE' },
        plannedPickupAt: pickup.toISOString(),
        actualPickupAt: pickup.toISOString(),
        plannedDeliveryAt: new Date(pickup.getTime() + DAY).toISOString(),
        actualDeliveryAt: new Date(pickup.getTime() + DAY).toISOString(),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const ok = async (method: string, url: string, headers: Headers, body?: unknown, status = 200) => {
    const res = await send(ctx.app, method, url, headers, body);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json() as Json;
  };
  const finished = async (runId: number): Promise<Json> => {
    for (let i = 0; i < 600; i++) {
      const run = await ok('GET', `/api/v1/forecasts/runs/${runId}`, viewer);
      if (run.status === 'succeeded' || run.status === 'failed') return run;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} did not finish`);
  };
  let firstRun: Json;

  it('runs in a background job and forecasts every series the data gives', async () => {
    const queued = await ok('POST', '/api/v1/forecasts/runs', analyst, { grain: 'week', horizon: 6 }, 202);
    expect(queued.status).toBe('queued');
    expect(queued.jobId).toEqual(expect.any(Number));
    expect(queued.modelVersion).toBe(1);
    firstRun = await finished(queued.id);
    expect(firstRun.status, firstRun.error).toBe('succeeded');
    expect(firstRun.seriesTotal).toBe(3);
    expect(firstRun.seriesDone).toBe(3);
    expect(firstRun.dataFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(firstRun.summary.series).toBe(3);
    expect(firstRun.summary.failed).toBe(0);
    expect(Object.values(firstRun.summary.byModel as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      3,
    );

    const kinds = (await ok('GET', '/api/v1/forecasts/series?sort=label', viewer)).data as Json[];
    expect(kinds.map((s) => s.kind).sort()).toEqual(['carrier_volume', 'demand', 'lane_volume']);
    expect(kinds.find((s) => s.kind === 'carrier_volume')?.label).toBe('Rapid Freight');
    expect(kinds.find((s) => s.kind === 'lane_volume')?.lane).toMatch(/Amsterdam.*Hamburg/);
  });

  it('keeps each series’ history exactly: weekly totals, cancelled orders left out, the current week not yet', async () => {
    const list = (await ok('GET', '/api/v1/forecasts/series?kind=demand', viewer)).data as Json[];
    expect(list).toHaveLength(1);
    const item = list[0] as Json;
    expect(item.key).toBe(`demand:week:product=${productId}:facility=${facilityId}`);
    expect(item.label).toBe('SKU-1 at AMS-DC');
    expect(item.class).toBe('smooth');
    const detail = await ok('GET', `/api/v1/forecasts/series/${item.id}`, viewer);
    const monday = currentMonday();
    expect(detail.history).toEqual(
      Array.from({ length: WEEKS }, (_, i) => ({
        period: dayText(monday - 7 * (WEEKS - i) * DAY),
        value: demandOf(WEEKS - i),
      })),
    );
    expect(detail.forecast).toHaveLength(6);
    expect(detail.forecast.map((p: Json) => p.period)).toEqual(
      Array.from({ length: 6 }, (_, j) => dayText(monday + 7 * j * DAY)),
    );
    for (const p of detail.forecast as Json[]) {
      expect(p.lo95).toBeLessThanOrEqual(p.lo80);
      expect(p.lo80).toBeLessThanOrEqual(p.forecast);
      expect(p.forecast).toBeLessThanOrEqual(p.hi80);
      expect(p.hi80).toBeLessThanOrEqual(p.hi95);
      expect(p.lo95).toBeGreaterThanOrEqual(0);
      // The history runs 20..35 units a week; a forecast far outside that is broken.
      expect(p.forecast).toBeGreaterThan(10);
      expect(p.forecast).toBeLessThan(45);
    }
    expect(detail.accuracy.backtestWindows).toBe(3);
    expect(detail.accuracy.mase).toEqual(expect.any(Number));
    expect(detail.candidates.length).toBeGreaterThan(3);
    expect(detail.candidates.map((c: Json) => c.label)).toContain(detail.modelLabel);
    expect(detail.runId).toBe(firstRun.id);
  });

  it('updates the series on a second run instead of adding rows, and keeps each run’s points', async () => {
    const before = (await ok('GET', '/api/v1/forecasts/series', viewer)).data as Json[];
    const queued = await ok(
      'POST',
      '/api/v1/forecasts/runs',
      analyst,
      { grain: 'week', kinds: ['demand'], horizon: 4 },
      202,
    );
    const second = await finished(queued.id);
    expect(second.seriesTotal).toBe(1);
    const after = (await ok('GET', '/api/v1/forecasts/series', viewer)).data as Json[];
    expect(after.map((s) => s.id).sort()).toEqual(before.map((s) => s.id).sort());
    const demand = after.find((s) => s.kind === 'demand') as Json;
    expect(demand.runId).toBe(second.id);
    const latest = (await ok('GET', `/api/v1/forecasts/series/${demand.id}`, viewer)).forecast as Json[];
    expect(latest).toHaveLength(4);

    // The semantic layer's forecastDemand is the latest run's points, week by week (not the first run's too).
    const answer = await ok('POST', '/api/v1/analytics/query', viewer, {
      metrics: ['forecastDemand'],
      grain: 'week',
      timeRange: { from: dayText(currentMonday()), to: dayText(currentMonday() + 7 * 7 * DAY) },
    });
    const byWeek = new Map((answer.rows as Json[]).map((r) => [r.period, r.forecastDemand]));
    // The metric is shown to one decimal.
    for (const p of latest) expect(byWeek.get(p.period)).toBeCloseTo(p.forecast, 1);
    // Weeks 5 and 6 were forecast only by the first run (horizon 6): no longer counted.
    expect(byWeek.get(dayText(currentMonday() + 5 * 7 * DAY)) ?? 0).toBe(0);
    const points = async (runId: number) =>
      Number(
        (
          await ctx.database.db
            .selectFrom('forecast_points')
            .where('run_id', '=', runId)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await points(firstRun.id)).toBe(3 * 6);
    expect(await points(second.id)).toBe(4);

    // A retried job (the run was interrupted) replaces its points instead of adding to them.
    await ctx.database.db
      .updateTable('forecast_runs')
      .set({ status: 'running' })
      .where('id', '=', second.id)
      .execute();
    await executeForecastRun(ctx.database.db, org.orgId, second.id, { now: new Date() });
    expect(await points(second.id)).toBe(4);

    const runs = (await ok('GET', '/api/v1/forecasts/runs', viewer)).data as Json[];
    expect(runs.map((r) => r.id)).toEqual([second.id, firstRun.id]);
  });

  it('ranks the stock-out risk from the forecast, its error and the stock, with the numbers that explain it', async () => {
    const answer = await ok(
      'GET',
      '/api/v1/inventory/risks?leadTimeDays=14&serviceLevel=0.9&orderingCost=50&holdingRate=0.25',
      viewer,
    );
    expect(answer.total).toBe(1);
    const risk = answer.data[0] as Json;
    expect(risk).toMatchObject({
      productId,
      facilityId,
      sku: 'SKU-1',
      facilityCode: 'AMS-DC',
      onHand: 40,
      allocated: 10,
      onOrder: 5,
    });
    expect(risk.leadTimeSource).toBe('given');
    expect(risk.snapshotDate).toBe(dayText(currentMonday() - DAY));
    // Two weeks of the forecast; z(90 %) = 1.28155 times σ over the lead time.
    expect(risk.forecastOverLeadTime).toBeCloseTo(2 * risk.forecastPerWeek, 2);
    expect(risk.demandSdOverLeadTime).toBeCloseTo(Math.SQRT2 * risk.weeklyErrorSd, 2);
    expect(risk.safetyStock).toBeCloseTo(1.2815516 * risk.demandSdOverLeadTime, 2);
    expect(risk.reorderPoint).toBeCloseTo(risk.forecastOverLeadTime + risk.safetyStock, 2);
    // 30 available and 35 in position against ~55 a fortnight: below the reorder point, likely short.
    expect(risk.belowReorderPoint).toBe(true);
    expect(risk.stockOutProbability).toBeGreaterThan(0.5);
    expect(risk.daysOfCover).toBeCloseTo(30 / (risk.forecastPerWeek / 7), 2);
    expect(risk.eoq).toBeNull(); // the product has no unit cost
    expect(risk.suggestedOrder).toBeCloseTo(risk.reorderPoint - 35, 2);
    // Without a lead time: the facility's observed inbound transit, else the organization's (here:
    // the 12 one-day shipments to Hamburg, no facility), else 7 days.
    const observed = (await ok('GET', '/api/v1/inventory/risks', viewer)).data[0] as Json;
    expect(observed.leadTimeSource).toBe('organization');
    expect(observed.leadTimeShipments).toBe(12);
    expect(observed.leadTimeDays).toBe(1);
    expect(observed.leadTimeSdDays).toBe(0);
    const refused = await send(ctx.app, 'GET', '/api/v1/inventory/risks?serviceLevel=1.5', viewer);
    expectProblem(refused, 400, 'REQUEST_INVALID');
    expect((await ok('GET', '/api/v1/inventory/risks', otherAnalyst)).data).toEqual([]);
  });

  it('keeps versioned configurations: a candidate is run, promoted only if better, and rolled back', async () => {
    const [active] = (await ok('GET', '/api/v1/models?kind=forecast', viewer)).data as Json[];
    expect(active).toMatchObject({ version: 1, status: 'active', kind: 'forecast' });
    expect(active?.params).toMatchObject({ origins: 3, models: null });
    // What its latest run was fitted on and how it scored.
    expect(active?.dataFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(active?.trainingFrom).toBe(dayText(currentMonday() - 7 * WEEKS * DAY));
    expect(active?.trainingTo).toBe(dayText(currentMonday() - DAY));
    expect(active?.metrics).toMatchObject({ grain: 'week', series: 1 });

    const candidate = await ok(
      'POST',
      '/api/v1/models',
      analyst,
      { kind: 'forecast', params: { origins: 2, models: ['naive'] } },
      201,
    );
    expect(candidate).toMatchObject({
      version: 2,
      status: 'candidate',
      params: { origins: 2, models: ['naive'] },
    });
    const early = await send(ctx.app, 'POST', `/api/v1/models/${candidate.id}/promote`, analyst, {
      ifBetter: true,
    });
    expectProblem(early, 409, 'MODEL_NOT_EVALUATED');

    const body = { grain: 'week', kinds: ['demand'], horizon: 4 };
    const tried = await finished(
      (await ok('POST', '/api/v1/forecasts/runs', analyst, { ...body, modelVersion: 2 }, 202)).id,
    );
    expect(tried.modelVersion).toBe(2);
    expect(tried.summary.byModel).toEqual({ naive: 1 });
    const baseline = await finished((await ok('POST', '/api/v1/forecasts/runs', analyst, body, 202)).id);
    expect(baseline.modelVersion).toBe(1);
    const better = tried.summary.mase < baseline.summary.mase;
    const attempt = await send(ctx.app, 'POST', `/api/v1/models/${candidate.id}/promote`, analyst, {
      ifBetter: true,
    });
    if (better) expect(attempt.statusCode, attempt.body).toBe(200);
    else expectProblem(attempt, 409, 'MODEL_NOT_BETTER');
    if (!better) await ok('POST', `/api/v1/models/${candidate.id}/promote`, analyst, {});
    const versions = async () =>
      Object.fromEntries(
        ((await ok('GET', '/api/v1/models', viewer)).data as Json[]).map((m) => [m.version, m.status]),
      );
    expect(await versions()).toEqual({ 1: 'archived', 2: 'active' });
    expectProblem(
      await send(ctx.app, 'POST', `/api/v1/models/${candidate.id}/promote`, analyst, {}),
      409,
      'MODEL_ALREADY_ACTIVE',
    );

    const back = await ok('POST', '/api/v1/models/rollback', analyst, {});
    expect(back).toMatchObject({ version: 1, status: 'active' });
    expect(await versions()).toEqual({ 1: 'active', 2: 'archived' });
    // Runs use the active version again.
    expect((await ok('POST', '/api/v1/forecasts/runs', analyst, body, 202)).modelVersion).toBe(1);

    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/models/rollback', otherAnalyst, {}),
      409,
      'MODEL_NO_PREVIOUS',
    );
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/forecasts/runs', analyst, { modelVersion: 99 }),
      422,
      'RESOURCE_REFERENCE_INVALID',
    );
    expect(
      (await send(ctx.app, 'POST', `/api/v1/models/${candidate.id}/promote`, viewer, {})).statusCode,
    ).toBe(403);
  });

  it('refuses a horizon above the configured maximum and an unknown kind', async () => {
    const far = await send(ctx.app, 'POST', '/api/v1/forecasts/runs', analyst, { horizon: 53 });
    expectProblem(far, 400, 'REQUEST_INVALID');
    const kind = await send(ctx.app, 'POST', '/api/v1/forecasts/runs', analyst, { kinds: ['returns'] });
    expectProblem(kind, 400, 'REQUEST_INVALID');
    const viewerRun = await send(ctx.app, 'POST', '/api/v1/forecasts/runs', viewer, {});
    expect(viewerRun.statusCode).toBe(403);
  });

  it('shows another organization none of these series or runs', async () => {
    expect((await ok('GET', '/api/v1/forecasts/series', otherAnalyst)).data).toEqual([]);
    expect((await ok('GET', '/api/v1/forecasts/runs', otherAnalyst)).data).toEqual([]);
  });
});
