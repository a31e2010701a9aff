import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOne } from '../../src/db/bulk.js';
import type { DB } from '../../src/db/types.js';
import { createApiKey, createServiceAccount } from '../../src/modules/api-keys/index.js';
import { noRequest } from '../../src/modules/audit/index.js';
import {
  callerOf,
  createAuthRuntime,
  permissionsOf,
  type RequestAuth,
  systemCaller,
} from '../../src/modules/auth/index.js';
import { addMember, disableMember } from '../../src/modules/users/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';
import { createOrgDataset } from '../support/factories.js';

/**
 * Tenant isolation: for every route that takes an id, a caller of organization A using an id of
 * organization B gets 404 (as for an id that does not exist) and B's data does not change. A
 * route with an id and no case here fails the test.
 */
interface Fixture {
  readonly viewerId: number;
  readonly disabledId: number;
  readonly invitedId: number;
  readonly serviceAccountId: number;
  readonly apiKeyId: number;
  readonly jobId: number;
  readonly exchangeRateId: number;
  /** A shared view of B (every member of B sees it; A must not). */
  readonly viewId: number;
  /** An import of B: its file, mapping name, run and one quarantined record. */
  readonly imports: { fileId: number; mapping: string; runId: number; recordId: number };
  /** A webhook feed of B. */
  readonly feedId: number;
  /** An alert rule of B and an open alert it raised. */
  readonly alertRuleId: number;
  readonly alertId: number;
  /** An alert channel of B. */
  readonly alertChannelId: number;
  /** A forecast run of B and a series it forecast. */
  readonly forecastRunId: number;
  readonly forecastSeriesId: number;
  /** A candidate forecast configuration of B. */
  readonly modelId: number;
  /** A conversation of B's owner with the assistant (one question and its answer). */
  readonly conversationId: number;
  /** The id of one row of B in each master-data table and in shipments. */
  readonly rows: Readonly<Record<(typeof dataTables)[number], number>>;
}

const masterData = ['carriers', 'customers', 'suppliers', 'facilities', 'products'] as const;
const dataTables = [
  ...masterData,
  'shipments',
  'orders',
  'inventory_snapshots',
  'inventory_movements',
] as const;

/** What a case sends; `code` is the 404's (RESOURCE_NOT_FOUND unless the module has its own). */
interface Case {
  id: number | string;
  lineNo?: number;
  recordId?: number;
  body?: Record<string, unknown>;
  code?: string;
}

const cases: Record<string, (b: Fixture) => Case> = {
  'GET /api/v1/users/:id': (b) => ({ id: b.viewerId }),
  'PATCH /api/v1/users/:id/role': (b) => ({ id: b.viewerId, body: { role: 'admin' } }),
  'POST /api/v1/users/:id/disable': (b) => ({ id: b.viewerId }),
  'POST /api/v1/users/:id/enable': (b) => ({ id: b.disabledId }),
  'POST /api/v1/users/:id/invitation': (b) => ({ id: b.invitedId }),
  'POST /api/v1/service-accounts/:id/disable': (b) => ({ id: b.serviceAccountId }),
  'POST /api/v1/service-accounts/:id/api-keys': (b) => ({
    id: b.serviceAccountId,
    body: { name: 'intruder', scopes: ['shipments:read'] },
  }),
  'DELETE /api/v1/api-keys/:id': (b) => ({ id: b.apiKeyId }),
  ...Object.fromEntries(
    masterData.flatMap((r) => [
      [`GET /api/v1/${r}/:id`, (b: Fixture) => ({ id: b.rows[r] })],
      [`PATCH /api/v1/${r}/:id`, (b: Fixture) => ({ id: b.rows[r], body: { name: 'Intruder' } })],
      [`DELETE /api/v1/${r}/:id`, (b: Fixture) => ({ id: b.rows[r] })],
    ]),
  ),
  'GET /api/v1/shipments/:id': (b) => ({ id: b.rows.shipments }),
  'PATCH /api/v1/shipments/:id': (b) => ({ id: b.rows.shipments, body: { status: 'cancelled' } }),
  'DELETE /api/v1/shipments/:id': (b) => ({ id: b.rows.shipments }),
  'GET /api/v1/shipments/:id/events': (b) => ({ id: b.rows.shipments }),
  'POST /api/v1/shipments/:id/events': (b) => ({
    id: b.rows.shipments,
    body: { code: 'DELIVERED', occurredAt: '2026-03-04T16:20:00Z' },
  }),
  'GET /api/v1/orders/:id': (b) => ({ id: b.rows.orders }),
  'PATCH /api/v1/orders/:id': (b) => ({ id: b.rows.orders, body: { status: 'cancelled' } }),
  'DELETE /api/v1/orders/:id': (b) => ({ id: b.rows.orders }),
  'PUT /api/v1/orders/:id/lines/:lineNo': (b) => ({
    id: b.rows.orders,
    lineNo: 1,
    body: { productId: b.rows.products, qtyOrdered: 5 },
  }),
  'PATCH /api/v1/orders/:id/lines/:lineNo': (b) => ({
    id: b.rows.orders,
    lineNo: 1,
    body: { qtyShipped: 1 },
  }),
  'DELETE /api/v1/orders/:id/lines/:lineNo': (b) => ({ id: b.rows.orders, lineNo: 1 }),
  'GET /api/v1/inventory/snapshots/:id': (b) => ({ id: b.rows.inventory_snapshots }),
  'PATCH /api/v1/inventory/snapshots/:id': (b) => ({ id: b.rows.inventory_snapshots, body: { onHand: 1 } }),
  'DELETE /api/v1/inventory/snapshots/:id': (b) => ({ id: b.rows.inventory_snapshots }),
  'GET /api/v1/inventory/movements/:id': (b) => ({ id: b.rows.inventory_movements }),
  'GET /api/v1/jobs/:id': (b) => ({ id: b.jobId, code: 'JOBS_NOT_FOUND' }),
  'GET /api/v1/jobs/:id/events': (b) => ({ id: b.jobId, code: 'JOBS_NOT_FOUND' }),
  'POST /api/v1/jobs/:id(^\\d+)::cancel': (b) => ({ id: b.jobId, code: 'JOBS_NOT_FOUND' }),
  'POST /api/v1/jobs/:id(^\\d+)::retry': (b) => ({ id: b.jobId, code: 'JOBS_NOT_FOUND' }),
  'DELETE /api/v1/analytics/exchange-rates/:id': (b) => ({ id: b.exchangeRateId }),
  'GET /api/v1/analytics/views/:id': (b) => ({ id: b.viewId, code: 'ANALYTICS_VIEW_NOT_FOUND' }),
  'PATCH /api/v1/analytics/views/:id': (b) => ({
    id: b.viewId,
    body: { name: 'Intruder' },
    code: 'ANALYTICS_VIEW_NOT_FOUND',
  }),
  'DELETE /api/v1/analytics/views/:id': (b) => ({ id: b.viewId, code: 'ANALYTICS_VIEW_NOT_FOUND' }),
  'POST /api/v1/analytics/views/:id(^\\d+)::run': (b) => ({ id: b.viewId, code: 'ANALYTICS_VIEW_NOT_FOUND' }),
  'GET /api/v1/imports/files/:id': (b) => ({ id: b.imports.fileId }),
  'POST /api/v1/imports/files/:id/suggest': (b) => ({ id: b.imports.fileId, body: { target: 'shipments' } }),
  'POST /api/v1/imports/files/:id/preview': (b) => ({
    id: b.imports.fileId,
    body: { mapping: { name: b.imports.mapping } },
  }),
  'GET /api/v1/imports/mappings/:name': (b) => ({ id: b.imports.mapping }),
  'GET /api/v1/imports/mappings/:name/versions': (b) => ({ id: b.imports.mapping }),
  'POST /api/v1/imports/mappings/:name/versions': (b) => ({
    id: b.imports.mapping,
    body: {
      definition: { target: 'shipments', fields: { reference: { column: 'ref' }, mode: { value: 'air' } } },
    },
  }),
  'GET /api/v1/imports/runs/:id': (b) => ({ id: b.imports.runId }),
  'POST /api/v1/imports/runs/:id/cancel': (b) => ({ id: b.imports.runId }),
  'GET /api/v1/imports/runs/:id/quarantine': (b) => ({ id: b.imports.runId }),
  'PATCH /api/v1/imports/runs/:id/quarantine/:recordId': (b) => ({
    id: b.imports.runId,
    recordId: b.imports.recordId,
    body: { status: 'discarded' },
  }),
  'POST /api/v1/imports/runs/:id/quarantine/replay': (b) => ({ id: b.imports.runId, body: {} }),
  'GET /api/v1/feeds/:id': (b) => ({ id: b.feedId }),
  'DELETE /api/v1/feeds/:id': (b) => ({ id: b.feedId }),
  'POST /api/v1/feeds/:id/rotate-secret': (b) => ({ id: b.feedId }),
  'GET /api/v1/feeds/:id/events': (b) => ({ id: b.feedId }),
  'POST /api/v1/feeds/:id/events/replay': (b) => ({ id: b.feedId, body: {} }),
  // Not even signed: B's feed is not found for A before any signature is looked at.
  'POST /api/v1/feeds/:id/events': (b) => ({ id: b.feedId, body: { id: 'e', shipment: 'B-1' } }),
  'GET /api/v1/alert-rules/:id': (b) => ({ id: b.alertRuleId }),
  'PATCH /api/v1/alert-rules/:id': (b) => ({ id: b.alertRuleId, body: { severity: 'info' } }),
  'DELETE /api/v1/alert-rules/:id': (b) => ({ id: b.alertRuleId }),
  'POST /api/v1/alert-rules/:id/evaluate': (b) => ({ id: b.alertRuleId }),
  'GET /api/v1/alerts/:id': (b) => ({ id: b.alertId }),
  'POST /api/v1/alerts/:id/acknowledge': (b) => ({ id: b.alertId }),
  'POST /api/v1/alerts/:id/snooze': (b) => ({ id: b.alertId, body: { until: '2099-01-01T00:00:00Z' } }),
  'POST /api/v1/alerts/:id/resolve': (b) => ({ id: b.alertId }),
  'GET /api/v1/alert-channels/:id': (b) => ({ id: b.alertChannelId }),
  'DELETE /api/v1/alert-channels/:id': (b) => ({ id: b.alertChannelId }),
  'GET /api/v1/alert-channels/:id/deliveries': (b) => ({ id: b.alertChannelId }),
  'GET /api/v1/forecasts/runs/:id': (b) => ({ id: b.forecastRunId }),
  'GET /api/v1/forecasts/series/:id': (b) => ({ id: b.forecastSeriesId }),
  'GET /api/v1/models/:id': (b) => ({ id: b.modelId }),
  'POST /api/v1/models/:id/promote': (b) => ({ id: b.modelId, body: {} }),
  'GET /api/v1/shipments/:id/delay-risk': (b) => ({ id: b.rows.shipments }),
  'GET /api/v1/assistant/conversations/:id': (b) => ({ id: b.conversationId }),
  'DELETE /api/v1/assistant/conversations/:id': (b) => ({ id: b.conversationId }),
  'POST /api/v1/assistant/conversations/:id/messages': (b) => ({
    id: b.conversationId,
    body: { text: 'shipments by carrier' },
  }),
};

/** A route's URL with the case's ids: route regexes dropped, `::` a literal colon. */
const urlOf = (route: string, { id, lineNo, recordId }: Case) =>
  route
    .replace(/(:[A-Za-z]+)\([^)]*\)/g, '$1')
    .replace(':recordId', String(recordId))
    .replace(':id', String(id))
    .replace(':name', String(id))
    .replace(':lineNo', String(lineNo))
    .replace('::', ':');

/** Everything of organization B that a route could change. */
async function snapshot(db: Kysely<DB>, orgId: number): Promise<string> {
  const business: Record<string, unknown> = {};
  for (const table of [
    ...dataTables,
    'tracking_events',
    'order_lines',
    'exchange_rates',
    'analytics_views',
    'import_files',
    'import_mappings',
    'import_runs',
    'import_quarantine',
    'feeds',
    'feed_events',
    'assistant_conversations',
    'assistant_messages',
  ] as const) {
    business[table] = await db
      .selectFrom(table)
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
  }
  const memberIds = (
    await db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).execute()
  ).map((m) => m.user_id);
  return JSON.stringify({
    ...business,
    memberships: await db
      .selectFrom('memberships')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute(),
    users: await db.selectFrom('users').selectAll().where('id', 'in', memberIds).orderBy('id').execute(),
    serviceAccounts: await db
      .selectFrom('service_accounts')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute(),
    apiKeys: await db.selectFrom('api_keys').selectAll().where('org_id', '=', orgId).orderBy('id').execute(),
    jobs: await db.selectFrom('jobs').selectAll().where('org_id', '=', orgId).orderBy('id').execute(),
    refreshTokens: await db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute(),
  });
}

describe.each(testDialects)('tenant isolation on %s', (dialect) => {
  let ctx: TestContext;
  let a: TestOrg;
  let b: TestOrg;
  let fixture: Fixture;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const { db } = ctx.database;
    a = await createOrgWithUsers(db, { slug: 'org-a' });
    // B has data in every business table, and one user per role.
    const dataset = await createOrgDataset(db, { slug: 'org-b' });
    b = await createOrgWithUsers(db, { slug: 'org-b', orgId: dataset.orgId });
    const runtime = createAuthRuntime(db, ctx.config.auth);
    const bOwner: RequestAuth = {
      kind: 'user',
      orgId: b.orgId,
      userId: b.users.owner.id,
      apiKeyId: null,
      role: 'owner',
      permissions: permissionsOf('owner'),
    };
    const account = await createServiceAccount(db, callerOf(bOwner), { name: 'b-etl' }, noRequest);
    const key = await createApiKey(
      db,
      callerOf(bOwner),
      account.id,
      { name: 'b-key', scopes: ['audit:read'] },
      noRequest,
    );
    const invited = await addMember(
      db,
      systemCaller(b.orgId),
      { email: 'invited@org-b.test', name: 'Invited', role: 'viewer' },
      noRequest,
    );
    await disableMember(db, runtime, systemCaller(b.orgId), b.users.operator.memberId, noRequest);
    // A dead job: one that A could cancel, retry and follow if isolation failed.
    const jobId = await insertOne(db, 'jobs', {
      org_id: b.orgId,
      type: 'test.isolated',
      state: 'dead',
      payload: '{}',
      run_at: new Date(),
      attempts: 1,
      max_attempts: 1,
      error: JSON.stringify({ code: 'TEST', message: 'failed' }),
      finished_at: new Date(),
    });
    await insertOne(db, 'job_events', { job_id: jobId, kind: 'state', data: '{"state":"dead"}' });
    const exchangeRateId = await insertOne(db, 'exchange_rates', {
      org_id: b.orgId,
      currency: 'EUR',
      quote_currency: 'USD',
      day: '2026-03-04',
      rate: 1.0842,
    });
    const viewId = await insertOne(db, 'analytics_views', {
      org_id: b.orgId,
      name: 'B team view',
      query: JSON.stringify({ metrics: ['shipments'] }),
      shared: 1,
      created_by: `user:${b.users.owner.id}`,
    });
    const definition = {
      target: 'shipments',
      fields: { reference: { column: 'ref' }, mode: { value: 'air' } },
    };
    const fileId = await insertOne(db, 'import_files', {
      org_id: b.orgId,
      name: 'b.csv',
      content_type: 'text/csv',
      bytes: 10,
      sha256: '0'.repeat(64),
      storage_key: `${b.orgId}/00000000-0000-4000-8000-000000000000`,
      format: JSON.stringify({ kind: 'csv' }),
      origin: 'upload',
      created_by: null,
    });
    const mappingId = await insertOne(db, 'import_mappings', {
      org_id: b.orgId,
      name: 'b-mapping',
      version: 1,
      target: 'shipments',
      definition: JSON.stringify(definition),
      description: null,
      created_by: null,
    });
    const runId = await insertOne(db, 'import_runs', {
      org_id: b.orgId,
      file_id: fileId,
      mapping_id: mappingId,
      source: 'import',
      job_id: null,
      status: 'running',
      format: JSON.stringify({ kind: 'csv' }),
      created_by: null,
    });
    const recordId = await insertOne(db, 'import_quarantine', {
      org_id: b.orgId,
      run_id: runId,
      row_number: 1,
      status: 'open',
      values_json: JSON.stringify({ ref: 'B-1' }),
      reasons_json: '[]',
    });
    const feedId = await insertOne(db, 'feeds', {
      org_id: b.orgId,
      name: 'b-feed',
      kind: 'webhook',
      shape: 'json',
      mapping: JSON.stringify({ target: 'tracking-events', fields: { shipment: { column: 'shipment' } } }),
      event_id_path: null,
      secret: 'lwfs_b-secret',
      created_by: null,
    });
    const alertRuleId = await insertOne(db, 'alert_rules', {
      org_id: b.orgId,
      name: 'b-rule',
      type: 'shipment_late',
      params: JSON.stringify({ graceHours: 0 }),
      severity: 'warning',
      status: 'active',
      last_evaluated_at: null,
      last_outcome: null,
      archived_at: null,
      created_by: null,
    });
    const now = new Date();
    const alertId = await insertOne(db, 'alerts', {
      org_id: b.orgId,
      rule_id: alertRuleId,
      dedupe_key: 'shipment:1',
      open_key: 'shipment:1',
      status: 'open',
      severity: 'warning',
      subject: 'B-1 is late',
      evidence: JSON.stringify({ links: [] }),
      first_seen_at: now,
      last_seen_at: now,
    });
    const alertChannelId = await insertOne(db, 'alert_channels', {
      org_id: b.orgId,
      name: 'b-channel',
      kind: 'email',
      config: JSON.stringify({ to: ['b@example.test'] }),
      secret: null,
      min_severity: 'warning',
      digest: 'off',
      status: 'active',
      last_digest_at: null,
      archived_at: null,
      created_by: null,
    });
    const forecastRunId = await insertOne(db, 'forecast_runs', {
      org_id: b.orgId,
      model_id: null,
      job_id: null,
      status: 'succeeded',
      params: JSON.stringify({ grain: 'week', horizon: 4, kinds: ['demand'], series: null }),
      created_by: null,
    });
    const forecastSeriesId = await insertOne(db, 'forecast_series', {
      org_id: b.orgId,
      series_key: 'demand:week:product=1:facility=none',
      kind: 'demand',
      grain: 'week',
      label: 'B-SKU at no facility',
      last_run_id: forecastRunId,
    });
    const modelId = await insertOne(db, 'forecast_models', {
      org_id: b.orgId,
      kind: 'forecast',
      version: 1,
      status: 'candidate',
      params: JSON.stringify({ origins: 3, models: null }),
    });
    const delayRiskModelId = await insertOne(db, 'forecast_models', {
      org_id: b.orgId,
      kind: 'delay_risk',
      version: 1,
      status: 'active',
      params: '{}',
    });
    const shipmentOfB = await db
      .selectFrom('shipments')
      .select('id')
      .where('org_id', '=', b.orgId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await insertOne(db, 'shipment_delay_risks', {
      org_id: b.orgId,
      shipment_id: Number(shipmentOfB.id),
      model_id: delayRiskModelId,
      probability: 0.4,
      baseline: 0.3,
      factors: '[]',
      predicted_at: new Date(),
    });
    // Through the API, as B's owner asks: the conversation and its two messages.
    const asked = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/assistant/ask',
      headers: bearer(await accessTokenFor(ctx.app, b.users.owner.id, b.orgId)),
      payload: { question: 'shipments by carrier' },
    });
    if (asked.statusCode !== 200) throw new Error(`B's question answered ${asked.statusCode}: ${asked.body}`);
    fixture = {
      conversationId: asked.json().conversationId,
      modelId,
      forecastRunId,
      forecastSeriesId,
      imports: { fileId, mapping: 'b-mapping', runId, recordId },
      feedId,
      alertRuleId,
      alertId,
      alertChannelId,
      viewerId: b.users.viewer.memberId,
      disabledId: b.users.operator.memberId,
      invitedId: invited.user.id,
      serviceAccountId: account.id,
      apiKeyId: key.apiKey.id,
      jobId,
      exchangeRateId,
      viewId,
      rows: Object.fromEntries(
        await Promise.all(
          dataTables.map(async (table) => {
            const row = await db
              .selectFrom(table)
              .select('id')
              .where('org_id', '=', b.orgId)
              .orderBy('id')
              .executeTakeFirstOrThrow();
            return [table, row.id] as const;
          }),
        ),
      ) as Fixture['rows'],
    };
  });
  afterAll(() => ctx?.close());

  it('has a case for every route that takes an id', () => {
    const withId = ctx.app.routeAccess
      .filter((r) => r.method !== 'HEAD' && r.url.includes('/:'))
      .map((r) => `${r.method} ${r.url}`);
    expect(withId.sort()).toEqual(Object.keys(cases).sort());
  });

  it("answers 404 to organization A for every id of organization B, and leaves B's data as it was", async () => {
    const { db } = ctx.database;
    const before = await snapshot(db, b.orgId);
    for (const [route, make] of Object.entries(cases)) {
      const [method, url] = route.split(' ') as [string, string];
      const made = make(fixture);
      const { body } = made;
      // A fresh token each time: A's owner holds every permission these routes need.
      const token = await accessTokenFor(ctx.app, a.users.owner.id, a.orgId);
      const res = await ctx.app.inject({
        method: method as 'GET',
        url: urlOf(url, made),
        headers: bearer(token),
        ...(body ? { payload: body } : {}),
      });
      expect(res.statusCode, `${route}: ${res.body}`).toBe(404);
      expectProblem(res, 404, made.code ?? 'RESOURCE_NOT_FOUND');
    }
    expect(await snapshot(db, b.orgId)).toBe(before);
  });

  it("answers 404 to organization A for a conversation of B named in a question's body", async () => {
    const { db } = ctx.database;
    const before = await snapshot(db, b.orgId);
    const token = await accessTokenFor(ctx.app, a.users.owner.id, a.orgId);
    const payload = { question: 'and by mode', conversationId: fixture.conversationId };
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/assistant/ask',
      headers: bearer(token),
      payload,
    });
    expectProblem(res, 404, 'RESOURCE_NOT_FOUND');
    // The stream has begun when the answer fails: the 404 is its error event.
    const streamed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/assistant/ask/stream',
      headers: bearer(token),
      payload,
    });
    expect(streamed.statusCode).toBe(200);
    expect(streamed.body).toContain('event: error');
    expect(streamed.body).toContain('"code":"RESOURCE_NOT_FOUND"');
    expect(streamed.body).not.toContain('event: answer');
    expect(await snapshot(db, b.orgId)).toBe(before);
  });

  it("lists only the caller's own organization", async () => {
    const token = await accessTokenFor(ctx.app, a.users.owner.id, a.orgId);
    const get = async (url: string) =>
      (await ctx.app.inject({ method: 'GET', url, headers: bearer(token) })).json() as {
        data: { id: number }[];
      };
    const users = await get('/api/v1/users');
    expect(users.data.map((u) => u.id).sort((x, y) => x - y)).toEqual(
      Object.values(a.users)
        .map((u) => u.memberId)
        .sort((x, y) => x - y),
    );
    expect((await get('/api/v1/api-keys')).data).toEqual([]);
    expect((await get('/api/v1/service-accounts')).data).toEqual([]);
    expect((await get('/api/v1/jobs')).data).toEqual([]);
    expect((await get('/api/v1/assistant/conversations')).data).toEqual([]);
    const events = await get('/api/v1/audit-events?limit=500');
    const own = await ctx.database.db
      .selectFrom('audit_events')
      .select(['id', 'org_id'])
      .orderBy('id', 'desc')
      .execute();
    expect(own.some((e) => e.org_id === b.orgId)).toBe(true);
    expect(events.data.map((e) => e.id)).toEqual(own.filter((e) => e.org_id === a.orgId).map((e) => e.id));
  });
});
