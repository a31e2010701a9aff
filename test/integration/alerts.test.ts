import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';
import { multipart } from '../support/multipart.js';
import { openSse } from '../support/sse.js';

/**
 * Alert rules end to end on each database (issue #12, ADR 0021): a condition raises one alert
 * however often it is evaluated, clears it when it no longer holds, and can be acknowledged,
 * snoozed and resolved; shipment rules fire on a shipment change without waiting for the
 * schedule; metric rules use the semantic layer; alerts stream live and stay in their
 * organization.
 */

type Headers = Record<string, string>;
type Json = Record<string, unknown>;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe.each(testDialects)('alerts on %s', (dialect) => {
  let ctx: TestContext;
  let directory: string;
  let org: TestOrg;
  let admin: Headers;
  let operator: Headers;
  let viewer: Headers;
  let otherAdmin: Headers;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'lw-alerts-'));
    ctx = await createTestApp(dialect, {
      worker: true,
      env: { LANEWISE_JOB_POLL_MS: '50', LANEWISE_STREAM_POLL_MS: '100', LANEWISE_IMPORT_DIR: directory },
    });
    org = await createOrgWithUsers(ctx.database.db, { slug: 'alerts-a' });
    const other = await createOrgWithUsers(ctx.database.db, { slug: 'alerts-b' });
    admin = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
    operator = bearer(await accessTokenFor(ctx.app, org.users.operator.id, org.orgId));
    viewer = bearer(await accessTokenFor(ctx.app, org.users.viewer.id, org.orgId));
    otherAdmin = bearer(await accessTokenFor(ctx.app, other.users.admin.id, other.orgId));
  });
  afterAll(async () => {
    await ctx?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const ok = async (method: string, url: string, headers: Headers, body?: unknown, status = 200) => {
    const res = await send(ctx.app, method, url, headers, body);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.statusCode === 204 ? null : res.json();
  };
  const createRule = (body: Json) => ok('POST', '/api/v1/alert-rules', admin, body, 201);
  const evaluate = (ruleId: number) => ok('POST', `/api/v1/alert-rules/${ruleId}/evaluate`, admin);
  const alertsOf = async (ruleId: number, query = '') =>
    (await ok('GET', `/api/v1/alerts?ruleId=${ruleId}${query}`, viewer)).data as Json[];
  const lateShipment = async (reference: string, carrierId?: number) =>
    ok(
      'POST',
      '/api/v1/shipments',
      admin,
      {
        reference,
        mode: 'ftl',
        status: 'in_transit',
        plannedPickupAt: hoursAgo(72),
        actualPickupAt: hoursAgo(70),
        plannedDeliveryAt: hoursAgo(24),
        ...(carrierId ? { carrierId } : {}),
      },
      201,
    );

  it('lists the rule types, and refuses one this release cannot evaluate', async () => {
    const types = (await ok('GET', '/api/v1/alert-rules/types', viewer)).data as Json[];
    expect(types.map((t) => t.type)).toEqual(
      expect.arrayContaining([
        'shipment_late',
        'shipment_stale',
        'metric_threshold',
        'feed_silent',
        'import_failed',
        'stockout_projected',
      ]),
    );
    // Every type this release knows can be evaluated (delay risk since the delay-risk model).
    expect(types.filter((t) => t.available !== true)).toEqual([]);
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/alert-rules', admin, {
        name: 'bad',
        type: 'shipment_stale',
        params: { hours: -1 },
      }),
      400,
      'REQUEST_INVALID',
    );
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/alert-rules', admin, { name: 'x', type: 'no_such_type' }),
      400,
      'REQUEST_INVALID',
    );
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/alert-rules', operator, { name: 'y', type: 'shipment_late' }),
      403,
      'AUTH_FORBIDDEN',
    );
  });

  it('raises one alert per late shipment however often it is evaluated, and resolves it on delivery', async () => {
    const rule = await createRule({
      name: 'late',
      type: 'shipment_late',
      severity: 'critical',
      status: 'paused',
    });
    const shipment = await lateShipment('LATE-1');
    const first = await evaluate(rule.id);
    expect(first).toMatchObject({ findings: 1, opened: 1, resolved: 0 });
    const second = await evaluate(rule.id);
    expect(second).toMatchObject({ findings: 1, opened: 0, resolved: 0 });
    const [alert] = await alertsOf(rule.id);
    expect(alert).toMatchObject({
      key: `shipment:${shipment.id}`,
      status: 'open',
      state: 'open',
      severity: 'critical',
      occurrences: 2,
      rule: { id: rule.id, name: 'late', type: 'shipment_late' },
    });
    expect(alert?.subject).toMatch(/LATE-1 is late/);
    expect((alert?.evidence as Json | undefined)?.links).toContainEqual({
      rel: 'shipment',
      href: `/api/v1/shipments/${shipment.id}`,
    });
    await ok('PATCH', `/api/v1/shipments/${shipment.id}`, admin, {
      status: 'delivered',
      actualDeliveryAt: hoursAgo(1),
    });
    expect(await evaluate(rule.id)).toMatchObject({ findings: 0, resolved: 1 });
    const [resolved] = await alertsOf(rule.id);
    expect(resolved).toMatchObject({ status: 'resolved', state: 'resolved', resolvedBy: null });
    expect((await ok('GET', `/api/v1/alert-rules/${rule.id}`, viewer)).lastOutcome).toMatchObject({
      resolved: 1,
    });
  });

  it('acknowledges, snoozes and resolves, and a condition that still holds opens a new alert', async () => {
    const rule = await createRule({ name: 'late-2', type: 'shipment_late', status: 'paused' });
    await lateShipment('LATE-2');
    await evaluate(rule.id);
    const [alert] = await alertsOf(rule.id);
    const id = alert?.id as number;
    expectProblem(
      await send(ctx.app, 'POST', `/api/v1/alerts/${id}/acknowledge`, viewer),
      403,
      'AUTH_FORBIDDEN',
    );
    const acked = await ok('POST', `/api/v1/alerts/${id}/acknowledge`, operator);
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: `user:${org.users.operator.id}` });
    expectProblem(
      await send(ctx.app, 'POST', `/api/v1/alerts/${id}/snooze`, operator, { until: hoursAgo(1) }),
      400,
      'REQUEST_INVALID',
    );
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect(await ok('POST', `/api/v1/alerts/${id}/snooze`, operator, { until })).toMatchObject({
      state: 'snoozed',
    });
    expect((await alertsOf(rule.id, '&state=snoozed')).map((a) => a.id)).toEqual([id]);
    expect(await alertsOf(rule.id, '&state=open')).toEqual([]);
    // Evaluations keep updating a snoozed alert rather than opening another.
    expect(await evaluate(rule.id)).toMatchObject({ opened: 0, resolved: 0 });
    const resolved = await ok('POST', `/api/v1/alerts/${id}/resolve`, operator);
    expect(resolved).toMatchObject({ state: 'resolved', resolvedBy: `user:${org.users.operator.id}` });
    expectProblem(
      await send(ctx.app, 'POST', `/api/v1/alerts/${id}/acknowledge`, operator),
      409,
      'ALERT_RESOLVED',
    );
    // Resolving twice is not an error; the shipment is still late, so the next evaluation opens a new alert.
    await ok('POST', `/api/v1/alerts/${id}/resolve`, operator);
    expect(await evaluate(rule.id)).toMatchObject({ opened: 1 });
    const all = await alertsOf(rule.id);
    expect(all).toHaveLength(2);
    expect(new Set(all.map((a) => a.key)).size).toBe(1);
  });

  it('evaluates shipment rules when a shipment changes, without waiting for the schedule, and streams the alert', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openSse(`${address}/api/v1/stream?topics=alerts`, viewer);
    try {
      await stream.until('the retry hint', () => stream.text().startsWith('retry: '));
      const rule = await createRule({ name: 'late-live', type: 'shipment_late' });
      const shipment = await lateShipment('LATE-LIVE');
      const events = await stream.until(
        'the opened alert',
        (all) =>
          all.some((e) => e.event === 'alert.opened' && (e.data.key as string) === `shipment:${shipment.id}`),
        15_000,
      );
      const opened = events.find(
        (e) => e.event === 'alert.opened' && e.data.key === `shipment:${shipment.id}`,
      );
      expect(opened?.data).toMatchObject({ rule: { id: rule.id }, state: 'open' });
      // Archiving the rule resolves what it raised.
      await ok('DELETE', `/api/v1/alert-rules/${rule.id}`, admin, undefined, 204);
      await stream.until('the resolved alert', (all) =>
        all.some((e) => e.event === 'alert.resolved' && e.data.id === opened?.data.id),
      );
    } finally {
      await stream.close();
    }
  });

  it('raises a metric rule per group crossing its threshold, through the semantic layer', async () => {
    const carrier = async (name: string) =>
      (await ok('POST', '/api/v1/carriers', admin, { name }, 201)).id as number;
    const slow = await carrier('Slow Freight');
    const fast = await carrier('Fast Freight');
    const delivered = (reference: string, carrierId: number, late: boolean) =>
      ok(
        'POST',
        '/api/v1/shipments',
        admin,
        {
          reference,
          mode: 'ftl',
          carrierId,
          status: 'delivered',
          plannedPickupAt: hoursAgo(72),
          actualPickupAt: hoursAgo(72),
          plannedDeliveryAt: hoursAgo(48),
          actualDeliveryAt: hoursAgo(late ? 20 : 49),
        },
        201,
      );
    await delivered('M-1', slow, true);
    await delivered('M-2', slow, false);
    await delivered('M-3', fast, false);
    await delivered('M-4', fast, false);
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/alert-rules', admin, {
        name: 'typo',
        type: 'metric_threshold',
        params: { metric: 'onTimeRat', op: 'lt', value: 0.9 },
      }),
      400,
      'ANALYTICS_UNKNOWN_NAME',
    );
    const rule = await createRule({
      name: 'on-time by carrier',
      type: 'metric_threshold',
      status: 'paused',
      params: {
        metric: 'onTimeRate',
        op: 'lt',
        value: 0.9,
        dimensions: ['carrier'],
        // Shipments of the other tests have no carrier: this rule watches these two.
        filters: [{ field: 'carrier', op: 'in', value: [slow, fast] }],
        timeRange: { last: 7, unit: 'days' },
      },
    });
    expect(await evaluate(rule.id)).toMatchObject({ findings: 1, opened: 1 });
    const [alert] = await alertsOf(rule.id);
    expect(alert?.key).toBe(`carrier=${slow}`);
    expect(alert?.subject).toMatch(/Slow Freight is 50\.0 %/);
    expect((alert?.evidence as Json | undefined)?.value).toBe(0.5);
  });

  it('raises a projected stock-out from days of cover, per product and facility', async () => {
    const facility = await ok(
      'POST',
      '/api/v1/facilities',
      admin,
      { code: 'DC-1', name: 'DC 1', kind: 'dc', city: 'Memphis', country: 'US', timezone: 'UTC' },
      201,
    );
    const product = async (sku: string) =>
      (await ok('POST', '/api/v1/products', admin, { sku, name: sku }, 201)).id as number;
    const thin = await product('THIN');
    const deep = await product('DEEP');
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    // 28 units ordered of each over the last 28 days: one a day.
    await ok(
      'POST',
      '/api/v1/orders',
      admin,
      {
        reference: 'SO-COVER',
        shipFromFacilityId: facility.id,
        orderDate: day(3),
        lines: [
          { productId: thin, qtyOrdered: 28 },
          { productId: deep, qtyOrdered: 28 },
        ],
      },
      201,
    );
    for (const [productId, onHand] of [
      [thin, 5],
      [deep, 90],
    ] as const) {
      await ok(
        'POST',
        '/api/v1/inventory/snapshots',
        admin,
        { facilityId: facility.id, productId, snapshotDate: day(1), onHand },
        201,
      );
    }
    const rule = await createRule({
      name: 'cover',
      type: 'stockout_projected',
      params: { days: 14 },
      status: 'paused',
    });
    expect(await evaluate(rule.id)).toMatchObject({ findings: 1, opened: 1 });
    const [alert] = await alertsOf(rule.id);
    expect(alert?.key).toBe(`product=${thin}&facility=${facility.id}`);
    expect(alert?.subject).toBe(
      'Stock-out projected for product THIN, facility DC 1: 5 days of cover (< 14 days)',
    );
  });

  it('raises an alert for a feed gone silent, and clears it when events come', async () => {
    const feed = await ok('POST', '/api/v1/feeds', admin, { name: 'carrier-x' }, 201);
    const rule = await createRule({
      name: 'silent',
      type: 'feed_silent',
      params: { hours: 1 },
      status: 'paused',
    });
    expect(await evaluate(rule.id)).toMatchObject({ findings: 0 });
    await ctx.database.db
      .updateTable('feeds')
      // The feed was created two hours ago (created_at is otherwise never written).
      .set({ created_at: new Date(Date.now() - 2 * 3_600_000) } as never)
      .where('id', '=', feed.id)
      .execute();
    expect(await evaluate(rule.id)).toMatchObject({ opened: 1 });
    expect((await alertsOf(rule.id))[0]?.subject).toMatch(/carrier-x has received no event/);
    await ctx.database.db
      .updateTable('feeds')
      .set({ last_event_at: new Date() })
      .where('id', '=', feed.id)
      .execute();
    expect(await evaluate(rule.id)).toMatchObject({ resolved: 1 });
  });

  it('raises an alert for an import that left too much in quarantine', async () => {
    const rule = await createRule({
      name: 'imports',
      type: 'import_failed',
      params: { quarantinePercent: 10 },
      status: 'paused',
    });
    const csv = 'ref,mode\nQ-1,ftl\nQ-2,boat\nQ-3,ftl\n';
    const form = multipart({ name: 'q.csv', content: csv });
    const uploaded = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports/files',
      headers: { ...admin, ...form.headers },
      payload: form.body,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    await ok(
      'POST',
      '/api/v1/imports/mappings',
      admin,
      {
        name: 'q',
        definition: {
          target: 'shipments',
          fields: { reference: { column: 'ref' }, mode: { column: 'mode' } },
        },
      },
      201,
    );
    const run = await ok(
      'POST',
      '/api/v1/imports/runs',
      admin,
      { fileId: uploaded.json().id, mapping: { name: 'q' } },
      202,
    );
    for (let i = 0; i < 200; i++) {
      const now = await ok('GET', `/api/v1/imports/runs/${run.id}`, admin);
      if (now.status !== 'queued' && now.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await evaluate(rule.id)).toMatchObject({ opened: 1 });
    const [alert] = await alertsOf(rule.id);
    expect(alert).toMatchObject({ key: `run:${run.id}` });
    expect(alert?.subject).toMatch(/left 1 of 3 records \(33\.3 %\) in quarantine/);

    // The same source, silent: nothing while its last run is recent, an alert once it is not.
    const silent = await createRule({
      name: 'sources',
      type: 'source_silent',
      params: { hours: 1 },
      status: 'paused',
    });
    expect(await evaluate(silent.id)).toMatchObject({ findings: 0 });
    await ctx.database.db
      .updateTable('import_runs')
      .set({ created_at: new Date(Date.now() - 3 * 3_600_000) } as never)
      .where('org_id', '=', org.orgId)
      .execute();
    expect(await evaluate(silent.id)).toMatchObject({ opened: 1 });
    const [quiet] = await alertsOf(silent.id);
    expect(quiet?.key).toMatch(/^source:/);
    expect(quiet?.subject).toMatch(/has had no import for 3 h/);
  });

  it('keeps rules and alerts in their organization', async () => {
    const rule = await createRule({ name: 'mine', type: 'shipment_late', status: 'paused' });
    await lateShipment('LATE-MINE');
    await evaluate(rule.id);
    const [alert] = await alertsOf(rule.id);
    expectProblem(
      await send(ctx.app, 'GET', `/api/v1/alert-rules/${rule.id}`, otherAdmin),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expectProblem(
      await send(ctx.app, 'GET', `/api/v1/alerts/${alert?.id}`, otherAdmin),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expectProblem(
      await send(ctx.app, 'POST', `/api/v1/alerts/${alert?.id}/acknowledge`, otherAdmin),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expect((await ok('GET', '/api/v1/alerts', otherAdmin)).data).toEqual([]);
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/alert-rules', admin, { name: 'mine', type: 'shipment_late' }),
      409,
      'ALERT_RULE_NAME_TAKEN',
    );
  });
});
