import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCompany } from '../../src/modules/demo/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * The delay-risk model end to end on each database (issue #10): trained in a background job on
 * a demo company, evaluated against the carrier-on-lane baseline and registered as a version,
 * its predictions on open shipments with their factors; a retrain on the same data does not
 * beat the active version, so it stays a candidate and the predictions stay the active one's.
 */

type Headers = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON in assertions
type Json = Record<string, any>;

describe.each(testDialects)('delay risk on %s', (dialect) => {
  let ctx: TestContext;
  let analyst: Headers;
  let viewer: Headers;
  let orgId: number;

  beforeAll(async () => {
    ctx = await createTestApp(dialect, { worker: true, env: { LANEWISE_JOB_POLL_MS: '50' } });
    ({ orgId } = await seedDemoCompany(ctx.database.db, { shipments: 1500, seed: 7, now: new Date() }));
    const people = await createOrgWithUsers(ctx.database.db, { slug: 'delay-risk', orgId });
    analyst = bearer(await accessTokenFor(ctx.app, people.users.analyst.id, orgId));
    viewer = bearer(await accessTokenFor(ctx.app, people.users.viewer.id, orgId));
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const ok = async (method: string, url: string, headers: Headers, body?: unknown, status = 200) => {
    const res = await send(ctx.app, method, url, headers, body);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json() as Json;
  };
  const trained = async (): Promise<Json> => {
    const { jobId } = await ok('POST', '/api/v1/models/delay-risk/train', analyst, undefined, 202);
    for (let i = 0; i < 600; i++) {
      const job = await ok('GET', `/api/v1/jobs/${jobId}`, viewer);
      if (job.state === 'succeeded') return job.result as Json;
      if (job.state === 'failed' || job.state === 'dead')
        throw new Error(`job ${jobId}: ${JSON.stringify(job.error)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${jobId} did not finish`);
  };
  const adminOf = async () =>
    ctx.database.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .where('memberships.org_id', '=', orgId)
      .where('memberships.role', '=', 'admin')
      .where('users.email', 'like', '%@delay-risk.test')
      .select('users.id')
      .executeTakeFirstOrThrow();
  const openShipment = async () =>
    Number(
      (
        await ctx.database.db
          .selectFrom('shipments')
          .select('id')
          .where('org_id', '=', orgId)
          .where('status', 'in', ['planned', 'booked', 'in_transit'])
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id,
    );

  it('trains, registers the version with its holdout evaluation, and predicts open shipments', async () => {
    const result = await trained();
    expect(result).toMatchObject({ version: 1, status: 'active' });
    expect(result.predicted).toBeGreaterThan(0);
    const [version] = (await ok('GET', '/api/v1/models?kind=delay_risk', viewer)).data as Json[];
    expect(version).toMatchObject({ kind: 'delay_risk', version: 1, status: 'active' });
    expect(version?.dataFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(version?.trainingFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const metrics = version?.metrics as Json;
    expect(metrics.holdout.examples).toBeGreaterThan(100);
    expect(metrics.model.brier).toBeGreaterThan(0);
    expect(metrics.model.brier).toBeLessThan(0.25);
    expect(metrics.baseline.brier).toBeGreaterThan(0);
    expect(metrics.brierImprovement).toBeCloseTo(1 - metrics.model.brier / metrics.baseline.brier, 10);
    expect(metrics.calibration).toHaveLength(10);

    const risk = await ok('GET', `/api/v1/shipments/${await openShipment()}/delay-risk`, viewer);
    expect(risk.probability).toBeGreaterThan(0);
    expect(risk.probability).toBeLessThan(1);
    expect(risk.baseline).toBeGreaterThan(0);
    expect(risk.modelVersion).toBe(1);
    expect(risk.factors.length).toBeGreaterThan(0);
    expect(risk.factors.length).toBeLessThanOrEqual(3);
    for (const f of risk.factors as Json[]) expect(f.name).toEqual(expect.any(String));
    const stored = await ctx.database.db
      .selectFrom('shipment_delay_risks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(result.predicted);

    // The semantic layer's delay-risk metrics over the same predictions.
    const rows = await ctx.database.db
      .selectFrom('shipment_delay_risks')
      .select(['probability'])
      .where('org_id', '=', orgId)
      .execute();
    const total = rows.reduce((sum, r) => sum + Number(r.probability), 0);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const answer = await ok('POST', '/api/v1/analytics/query', viewer, {
      metrics: ['expectedLateShipments', 'averageDelayRisk', 'highRiskShipments'],
      // From before the demo's history (a lost shipment stays open for good) to past its plans.
      timeRange: { from: '2020-01-01', to: day(400) },
    });
    const [figures] = answer.rows as Json[];
    expect(figures?.expectedLateShipments).toBeCloseTo(total, 1);
    expect(figures?.averageDelayRisk).toBeCloseTo(total / rows.length, 3);
    expect(figures?.highRiskShipments).toBe(rows.filter((r) => Number(r.probability) >= 0.5).length);
  });

  it('raises a delay-risk alert for each shipment under way at or above the threshold', async () => {
    const admin = bearer(await accessTokenFor(ctx.app, (await adminOf()).id, orgId));
    const risks = await ctx.database.db
      .selectFrom('shipment_delay_risks as r')
      .innerJoin('shipments as s', 's.id', 'r.shipment_id')
      .where('r.org_id', '=', orgId)
      .where('s.status', 'in', ['planned', 'booked', 'in_transit', 'exception'])
      .select(['r.shipment_id', 'r.probability'])
      .orderBy('r.probability', 'desc')
      .execute();
    // A threshold just at the third-highest risk: exactly the shipments at or above it alert.
    const threshold = Number((risks[2] ?? risks[0])?.probability);
    const expected = risks
      .filter((r) => Number(r.probability) >= threshold)
      .map((r) => Number(r.shipment_id));
    const rule = await ok(
      'POST',
      '/api/v1/alert-rules',
      admin,
      { name: 'Likely late', type: 'delay_risk', params: { threshold } },
      201,
    );
    await ok('POST', `/api/v1/alert-rules/${rule.id}/evaluate`, admin);
    const alerts = (await ok('GET', `/api/v1/alerts?ruleId=${rule.id}`, viewer)).data as Json[];
    expect(alerts.map((a) => a.evidence.shipmentId).sort((a, b) => a - b)).toEqual(
      expected.sort((a, b) => a - b),
    );
    expect(alerts[0]?.subject).toMatch(/may arrive late: \d+ % risk/);
  });

  it('answers 404 for a delivered shipment, which has no risk left', async () => {
    const delivered = await ctx.database.db
      .selectFrom('shipments')
      .select('id')
      .where('org_id', '=', orgId)
      .where('status', '=', 'delivered')
      .executeTakeFirstOrThrow();
    expectProblem(
      await send(ctx.app, 'GET', `/api/v1/shipments/${delivered.id}/delay-risk`, viewer),
      404,
      'RESOURCE_NOT_FOUND',
    );
  });

  it('keeps a retrain that does not beat the active version as a candidate', async () => {
    const result = await trained();
    // The same data trains the same model: an equal holdout Brier is not better.
    expect(result).toMatchObject({ version: 2, status: 'candidate' });
    const statuses = Object.fromEntries(
      ((await ok('GET', '/api/v1/models?kind=delay_risk', viewer)).data as Json[]).map((m) => [
        m.version,
        m.status,
      ]),
    );
    expect(statuses).toEqual({ 1: 'active', 2: 'candidate' });
    expect(
      (await ok('GET', `/api/v1/shipments/${await openShipment()}/delay-risk`, viewer)).modelVersion,
    ).toBe(1);
    expect((await send(ctx.app, 'POST', '/api/v1/models/delay-risk/train', viewer)).statusCode).toBe(403);
  });
});
