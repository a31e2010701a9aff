import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { insertOne } from '../../src/db/bulk.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createMetrics, type Metrics } from '../../src/lib/metrics/index.js';
import { serveMetrics } from '../../src/plugins/metrics.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem } from '../support/auth.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { createOrgDataset } from '../support/factories.js';
import { type Family, parsePrometheusText, sampleValue } from '../support/prometheus.js';

const JOB_TYPES = ['test.noop', 'test.report'];

async function scrape(app: FastifyInstance, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return { text: res.body, families: parsePrometheusText(res.body) };
}

/** Polls /metrics until `done` holds for what it reports (generous deadline, no fixed sleeps). */
async function scrapeUntil(app: FastifyInstance, done: (families: Map<string, Family>) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { families } = await scrape(app);
    if (done(families)) return families;
    if (Date.now() > deadline) throw new Error('/metrics never reported the expected figures');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const requestCount = (families: Map<string, Family>, labels: Record<string, string>) =>
  sampleValue(families, 'lanewise_http_request_duration_seconds_count', labels);

describe.each(testDialects)('/metrics on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let metrics: Metrics;
  let app: FastifyInstance;
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    metrics = createMetrics({ database, jobTypes: JOB_TYPES });
    app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database, metrics });
    // A request that stays in flight until the test lets it go.
    app.get('/test/held', { config: { access: 'public' } }, async () => {
      await held;
      return { released: true };
    });
    await app.ready();
  });
  afterAll(async () => {
    release();
    await app?.close();
    await database?.close();
    await testDb?.drop();
  });

  it('counts requests by route pattern, method and status, never by raw URL', async () => {
    const data = await createOrgDataset(database.db, { slug: 'metrics', shipments: 3 });
    const org = await createOrgWithUsers(database.db, { slug: 'metrics', orgId: data.orgId });
    const auth = bearer(await accessTokenFor(app, org.users.analyst.id, org.orgId));
    for (const id of data.shipmentIds) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/shipments/${id}`, headers: auth });
      expect(res.statusCode).toBe(200);
    }
    const missing = await app.inject({ method: 'GET', url: '/api/v1/shipments/987654321', headers: auth });
    expect(missing.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/shipments/1' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/no/such/path/555666777' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: '/healthz' })).statusCode).toBe(405);

    const { text, families } = await scrape(app);
    const route = '/api/v1/shipments/:id';
    expect(requestCount(families, { route, method: 'GET', status_code: '200' })).toBe(3);
    expect(requestCount(families, { route, method: 'GET', status_code: '404' })).toBe(1);
    expect(requestCount(families, { route, method: 'GET', status_code: '401' })).toBe(1);
    expect(requestCount(families, { route: 'unmatched', method: 'GET', status_code: '404' })).toBe(1);
    expect(requestCount(families, { route: 'unmatched', method: 'DELETE', status_code: '405' })).toBe(1);
    // Every route label is a declared route pattern or `unmatched`: nothing a client typed.
    const patterns = new Set([...app.routeAccess.map((r) => r.url), 'unmatched']);
    const histogram = families.get('lanewise_http_request_duration_seconds');
    expect(histogram?.type).toBe('histogram');
    for (const s of histogram?.samples ?? []) expect(patterns).toContain(s.labels.route);
    for (const raw of ['987654321', '555666777', '/no/such', ...data.shipmentIds.map((id) => `/${id}"`)]) {
      expect(text).not.toContain(raw);
    }
    // The histogram's durations are plausible: positive, and the sum is at least the bucket floor.
    const sum = sampleValue(families, 'lanewise_http_request_duration_seconds_sum', {
      route,
      method: 'GET',
      status_code: '200',
    });
    expect(sum).toBeGreaterThan(0);
    // Process metrics come from prom-client's default collectors.
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect(families.get('nodejs_heap_size_used_bytes')?.type).toBe('gauge');
  });

  it('reports requests in flight until they are answered', async () => {
    const inFlight = (families: Map<string, Family>) =>
      sampleValue(families, 'lanewise_http_requests_in_flight');
    // The scrape itself is in flight while it is answered.
    expect(inFlight((await scrape(app)).families)).toBe(1);
    const pending = app.inject({ method: 'GET', url: '/test/held' });
    await scrapeUntil(app, (families) => inFlight(families) === 2);
    release();
    expect((await pending).json()).toEqual({ released: true });
    await scrapeUntil(app, (families) => inFlight(families) === 1);
  });

  it('reports the database pool (MySQL and PostgreSQL; SQLite has none)', async () => {
    const busy = (families: Map<string, Family>) =>
      sampleValue(families, 'lanewise_db_pool_connections', { state: 'busy' });
    if (dialect === 'sqlite') {
      const { families } = await scrape(app);
      expect(families.has('lanewise_db_pool_connections')).toBe(false);
      return;
    }
    // A connection held by a transaction is busy while it is held.
    await database.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      const { families } = await scrape(app);
      expect(busy(families)).toBeGreaterThanOrEqual(1);
      expect(sampleValue(families, 'lanewise_db_pool_max_connections')).toBe(10);
      expect(sampleValue(families, 'lanewise_db_pool_waiting_queries')).toBe(0);
    });
    const { families } = await scrape(app);
    const idle = sampleValue(families, 'lanewise_db_pool_connections', { state: 'idle' });
    expect(idle).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(dialect === 'sqlite')(
    'counts queries waiting for a connection when the pool is full',
    async () => {
      const small = connect(testDb.target, { poolSize: 1 });
      const own = createMetrics({ database: small });
      // Only the pool gauges: the queue-depth query would wait for the held connection too.
      const poolFigures = async () => {
        const names = ['connections', 'max_connections', 'waiting_queries'].map(
          (n) => `lanewise_db_pool_${n}`,
        );
        const texts = await Promise.all(names.map((n) => own.registry.getSingleMetricAsString(n)));
        return parsePrometheusText(`${texts.join('\n')}\n`);
      };
      let waiting: Promise<unknown> = Promise.resolve();
      try {
        await small.db.connection().execute(async (held) => {
          await sql`select 1`.execute(held);
          waiting = sql`select 1`.execute(small.db); // queued behind the held connection
          const deadline = Date.now() + 20_000;
          let families = await poolFigures();
          // The query reaches the pool's queue after a few asynchronous steps.
          while (sampleValue(families, 'lanewise_db_pool_waiting_queries') === 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 10));
            families = await poolFigures();
          }
          expect(sampleValue(families, 'lanewise_db_pool_waiting_queries')).toBe(1);
          expect(sampleValue(families, 'lanewise_db_pool_connections', { state: 'busy' })).toBe(1);
          expect(sampleValue(families, 'lanewise_db_pool_connections', { state: 'idle' })).toBe(0);
          expect(sampleValue(families, 'lanewise_db_pool_max_connections')).toBe(1);
        });
        await waiting; // runs once the held connection is back in the pool
        const families = await poolFigures();
        expect(sampleValue(families, 'lanewise_db_pool_waiting_queries')).toBe(0);
        expect(sampleValue(families, 'lanewise_db_pool_connections', { state: 'idle' })).toBe(1);
      } finally {
        await waiting.catch(() => {});
        await small.close();
      }
    },
  );

  it('reports the queue depth by type and state, with unknown types as `other`', async () => {
    const job = (type: string, state: 'queued' | 'running' | 'dead') =>
      insertOne(database.db, 'jobs', { type, state, payload: '{}', run_at: new Date(), max_attempts: 5 });
    await job('test.noop', 'queued');
    await job('test.noop', 'queued');
    await job('test.noop', 'running');
    await job('retired.type', 'dead');
    await job('another.retired', 'dead');

    const { families } = await scrape(app);
    expect(families.get('lanewise_jobs')?.type).toBe('gauge');
    const depth = (type: string, state: string) => sampleValue(families, 'lanewise_jobs', { type, state });
    expect(depth('test.noop', 'queued')).toBe(2);
    expect(depth('test.noop', 'running')).toBe(1);
    expect(depth('test.noop', 'succeeded')).toBe(0);
    expect(depth('test.report', 'queued')).toBe(0);
    expect(depth('other', 'dead')).toBe(2);
    // Exactly the known types and `other`, each in every state.
    const series = families.get('lanewise_jobs')?.samples.map((s) => `${s.labels.type}/${s.labels.state}`);
    expect(series).toHaveLength(3 * 5);
    expect(new Set(families.get('lanewise_jobs')?.samples.map((s) => s.labels.type))).toEqual(
      new Set([...JOB_TYPES, 'other']),
    );
  });

  it('counts what a worker reports: durations, attempts, failures, retries, dead letters', async () => {
    const observer = metrics.jobObserver;
    observer.started('test.noop', 1);
    observer.finished('test.noop', 'failed', 1500);
    observer.retried('test.noop');
    observer.started('test.noop', 2);
    observer.finished('test.noop', 'succeeded', 20);
    observer.started('test.report', 1);
    observer.finished('test.report', 'failed', 40);
    observer.deadLettered('test.report');
    observer.finished('retired.type', 'released', 5);

    const { families } = await scrape(app);
    const value = (name: string, labels: Record<string, string>) => sampleValue(families, name, labels);
    const noop = { type: 'test.noop' };
    expect(value('lanewise_job_duration_seconds_count', { ...noop, outcome: 'failed' })).toBe(1);
    expect(value('lanewise_job_duration_seconds_sum', { ...noop, outcome: 'failed' })).toBeCloseTo(1.5);
    expect(value('lanewise_job_duration_seconds_bucket', { ...noop, outcome: 'failed', le: '1' })).toBe(0);
    expect(value('lanewise_job_duration_seconds_bucket', { ...noop, outcome: 'failed', le: '5' })).toBe(1);
    expect(value('lanewise_job_duration_seconds_count', { ...noop, outcome: 'succeeded' })).toBe(1);
    expect(value('lanewise_job_attempts_total', noop)).toBe(2);
    expect(value('lanewise_job_failures_total', noop)).toBe(1);
    expect(value('lanewise_job_retries_total', noop)).toBe(1);
    expect(value('lanewise_job_dead_letters_total', noop)).toBe(0);
    expect(value('lanewise_job_failures_total', { type: 'test.report' })).toBe(1);
    expect(value('lanewise_job_dead_letters_total', { type: 'test.report' })).toBe(1);
    expect(value('lanewise_job_duration_seconds_count', { type: 'other', outcome: 'released' })).toBe(1);
    for (const name of ['lanewise_job_failures_total', 'lanewise_job_retries_total']) {
      expect(families.get(name)?.type).toBe('counter');
    }
  });

  it('reports alerts by status and severity, and channel deliveries by status', async () => {
    const { orgId } = await createOrgWithUsers(database.db, { slug: 'metrics-alerts' });
    const ruleId = await insertOne(database.db, 'alert_rules', {
      org_id: orgId,
      name: 'late',
      type: 'shipment_late',
      params: '{}',
      severity: 'critical',
      status: 'active',
      last_evaluated_at: null,
      last_outcome: null,
      archived_at: null,
      created_by: null,
    });
    const alert = (key: string, status: 'open' | 'resolved') =>
      insertOne(database.db, 'alerts', {
        org_id: orgId,
        rule_id: ruleId,
        dedupe_key: key,
        open_key: status === 'open' ? key : null,
        status,
        severity: 'critical',
        subject: key,
        evidence: '{"links":[]}',
        first_seen_at: new Date(),
        last_seen_at: new Date(),
      });
    const first = await alert('a', 'open');
    await alert('b', 'open');
    await alert('c', 'resolved');
    const channelId = await insertOne(database.db, 'alert_channels', {
      org_id: orgId,
      name: 'mail',
      kind: 'email',
      config: '{"to":["ops@example.test"]}',
      secret: null,
      min_severity: 'info',
      digest: 'off',
      status: 'active',
      last_digest_at: null,
      archived_at: null,
      created_by: null,
    });
    await insertOne(database.db, 'alert_deliveries', {
      org_id: orgId,
      channel_id: channelId,
      alert_id: first,
      change: 'opened',
      status: 'dead',
      payload: '{}',
      last_error: 'refused',
      sent_at: null,
    });

    const { families } = await scrape(app);
    expect(families.get('lanewise_alerts')?.type).toBe('gauge');
    expect(sampleValue(families, 'lanewise_alerts', { status: 'open', severity: 'critical' })).toBe(2);
    expect(sampleValue(families, 'lanewise_alerts', { status: 'resolved', severity: 'critical' })).toBe(1);
    expect(sampleValue(families, 'lanewise_alerts', { status: 'open', severity: 'info' })).toBe(0);
    expect(sampleValue(families, 'lanewise_alert_deliveries', { status: 'dead' })).toBe(1);
    expect(sampleValue(families, 'lanewise_alert_deliveries', { status: 'sent' })).toBe(0);
  });

  it('reports nothing for the queue depth when the count fails, and counts the failure', async () => {
    // A database without the jobs table: the scrape-time count fails on every dialect.
    const emptyDb = await createTestDatabase(dialect);
    const empty = connect(emptyDb.target);
    try {
      const own = createMetrics({ database: empty, jobTypes: JOB_TYPES });
      const first = parsePrometheusText(await own.registry.metrics());
      expect(first.get('lanewise_jobs')?.samples).toEqual([]);
      // The rest of the answer is still there.
      expect(first.get('process_cpu_user_seconds_total')?.samples.length).toBe(1);
      // The counter is read before the count fails, so a failure shows from the next scrape on.
      const second = parsePrometheusText(await own.registry.metrics());
      expect(second.get('lanewise_jobs')?.samples).toEqual([]);
      expect(sampleValue(second, 'lanewise_metrics_collect_failures_total', { collector: 'jobs' })).toBe(1);
    } finally {
      await empty.close();
      await emptyDb.drop();
    }
  });
});

// Who may read /metrics does not depend on the database: one in-memory SQLite serves these apps.
describe('/metrics access', () => {
  let database: Database;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    database = connect({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.close();
  });

  async function appWith(env: Record<string, string>): Promise<FastifyInstance> {
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', ...env }), { database });
    apps.push(app);
    await app.ready();
    return app;
  }
  const get = (app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
  const refused = (res: LightMyRequestResponse) => {
    expectProblem(res, 403, 'METRICS_FORBIDDEN');
    expect(res.body).not.toContain('lanewise_');
  };

  it('answers only loopback clients when neither a token nor an allow-list is configured', async () => {
    const app = await appWith({});
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect((await get(app, address)).statusCode, address).toBe(200);
    }
    for (const address of ['192.0.2.10', '10.0.0.1', '2001:db8::1', '::ffff:192.0.2.10']) {
      refused(await get(app, address));
    }
    // A reverse proxy on this host forwards internet clients from loopback: not local.
    refused(await get(app, '127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }));
    refused(await get(app, '127.0.0.1', { forwarded: 'for=203.0.113.7' }));
    refused(await get(app, '127.0.0.1', { 'x-real-ip': '203.0.113.7' }));
  });

  it('with a token, answers whoever sends it and no one else (not even loopback)', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const app = await appWith({ LANEWISE_METRICS_TOKEN: token });
    expect((await get(app, '192.0.2.10', bearer(token))).statusCode).toBe(200);
    expect((await get(app, '127.0.0.1', { authorization: `bearer  ${token}` })).statusCode).toBe(200);
    // Through a proxy the token still works: it does not depend on the address.
    expect(
      (await get(app, '127.0.0.1', { ...bearer(token), 'x-forwarded-for': '203.0.113.7' })).statusCode,
    ).toBe(200);
    refused(await get(app, '127.0.0.1'));
    refused(await get(app, '192.0.2.10', bearer(`${token.slice(0, -1)}x`)));
    refused(await get(app, '192.0.2.10', bearer(`${token}0`)));
    refused(await get(app, '192.0.2.10', { authorization: token }));
    refused(
      await get(app, '192.0.2.10', {
        authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}`,
      }),
    );
  });

  it('with an allow-list, answers the listed addresses and ranges (and the token when both are set)', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const app = await appWith({
      LANEWISE_METRICS_ALLOW: '10.0.0.0/8, 2001:db8::7',
      LANEWISE_METRICS_TOKEN: token,
    });
    for (const address of ['10.20.30.40', '::ffff:10.1.2.3', '2001:db8::7']) {
      expect((await get(app, address)).statusCode, address).toBe(200);
    }
    // The list replaces the loopback default.
    for (const address of ['11.0.0.1', '2001:db8::8', '127.0.0.1']) refused(await get(app, address));
    expect((await get(app, '11.0.0.1', bearer(token))).statusCode).toBe(200);
  });

  it('behind listed proxies, judges the client Fastify resolves from X-Forwarded-For', async () => {
    const app = await appWith({ LANEWISE_TRUST_PROXY: '127.0.0.1', LANEWISE_METRICS_ALLOW: '198.51.100.7' });
    expect((await get(app, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7' })).statusCode).toBe(200);
    // The hop the proxy saw is the client; what the client claimed to its left does not count.
    refused(await get(app, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' }));
    // A peer that is not a listed proxy cannot speak for anyone.
    refused(await get(app, '192.0.2.1', { 'x-forwarded-for': '198.51.100.7' }));
    // A header Fastify does not read leaves the proxy's own address: not the client's.
    refused(await get(app, '127.0.0.1', { forwarded: 'for=198.51.100.7' }));
  });

  it('with LANEWISE_TRUST_PROXY=true, refuses forwarded requests by address (the header is the client’s word)', async () => {
    const app = await appWith({ LANEWISE_TRUST_PROXY: 'true', LANEWISE_METRICS_ALLOW: '198.51.100.7' });
    refused(await get(app, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7' }));
    expect((await get(app, '198.51.100.7')).statusCode).toBe(200);
  });

  it('refuses to start with an allow-list entry that is not an address or range', async () => {
    for (const entry of ['10.0.0.0/33', 'example.org', '10.0.0.1/', '10.0.0.0/8/1', 'fd00::/129']) {
      await expect(appWith({ LANEWISE_METRICS_ALLOW: `10.0.0.1,${entry}` }), entry).rejects.toThrow(
        new ConfigError(
          `Invalid configuration:\n  LANEWISE_METRICS_ALLOW: "${entry}" is not an IP address or a CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8)`,
        ),
      );
    }
  });

  it('compresses the answer for clients that accept it', async () => {
    const app = await appWith({});
    const res = await get(app, '127.0.0.1', { 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('has no /metrics route and no request instruments when metrics are off', async () => {
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database, metrics: false });
    apps.push(app);
    expectProblem(await get(app, '127.0.0.1'), 404, 'ROUTE_NOT_FOUND');
  });

  it('serves a worker’s metrics on a port of its own, with the same access rules', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const metrics = createMetrics({ database, jobTypes: JOB_TYPES });
    metrics.jobObserver.retried('test.noop');
    const config = loadConfig({ LOG_LEVEL: 'silent', LANEWISE_METRICS_TOKEN: token });
    const server = await serveMetrics({ metrics, config, port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${server.address}/metrics`, { headers: bearer(token) });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const families = parsePrometheusText(await res.text());
      expect(sampleValue(families, 'lanewise_job_retries_total', { type: 'test.noop' })).toBe(1);
      expect(sampleValue(families, 'lanewise_jobs', { type: 'test.noop', state: 'queued' })).toBe(0);
      // No API in a worker, so no HTTP instruments.
      expect(families.has('lanewise_http_request_duration_seconds')).toBe(false);

      const anonymous = await fetch(`${server.address}/metrics`);
      expect(anonymous.status).toBe(403);
      expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await anonymous.json()) as { code: string }).code).toBe('METRICS_FORBIDDEN');
    } finally {
      await server.close();
    }
  });
});

// Over a real socket: a client that gives up must not stay "in flight" (the handler still runs).
describe('requests in flight over HTTP', () => {
  it('counts a request its client abandoned as no longer in flight', async () => {
    const database = connect({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(database.db);
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    app.get('/test/held', { config: { access: 'public' } }, async () => {
      await held;
      return { released: true };
    });
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const inFlight = (families: Map<string, Family>) =>
        sampleValue(families, 'lanewise_http_requests_in_flight');
      const abandoned = new AbortController();
      const pending = fetch(`${address}/test/held`, { signal: abandoned.signal }).catch(() => 'aborted');
      await scrapeUntil(app, (families) => inFlight(families) === 2);
      abandoned.abort();
      expect(await pending).toBe('aborted');
      await scrapeUntil(app, (families) => inFlight(families) === 1);
    } finally {
      release();
      await app.close();
      await database.close();
    }
  });
});

// The assertions above lean on the reader's strictness: it must refuse what Prometheus refuses.
describe('the Prometheus text reader used by these tests', () => {
  const valid = [
    '# HELP h_seconds A histogram',
    '# TYPE h_seconds histogram',
    'h_seconds_bucket{le="0.1",route="/a"} 1',
    'h_seconds_bucket{le="+Inf",route="/a"} 2',
    'h_seconds_sum{route="/a"} 0.3',
    'h_seconds_count{route="/a"} 2',
    '# TYPE g gauge',
    'g{v="a\\"b\\\\c\\nd"} NaN',
    '',
  ].join('\n');

  it('reads a valid exposition, label escapes and NaN included', () => {
    const families = parsePrometheusText(valid);
    expect(families.get('h_seconds')?.help).toBe('A histogram');
    expect(sampleValue(families, 'h_seconds_count', { route: '/a' })).toBe(2);
    expect(families.get('g')?.samples[0]?.labels.v).toBe('a"b\\c\nd');
    expect(sampleValue(families, 'g', { v: 'a"b\\c\nd' })).toBeNaN();
  });

  it.each([
    ['a sample before its TYPE', 'x 1\n', /without a TYPE/],
    ['a duplicate series', '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n', /duplicate series/],
    ['a second TYPE', '# TYPE x gauge\n# TYPE x gauge\n', /second TYPE/],
    ['a bad value', '# TYPE x gauge\nx one\n', /bad value/],
    ['a bad escape', '# TYPE x gauge\nx{a="\\t"} 1\n', /bad escape/],
    ['an unquoted label value', '# TYPE x gauge\nx{a=1} 1\n', /bad label/],
    ['a missing newline at the end', '# TYPE x gauge\nx 1', /end with a newline/],
    [
      'buckets that are not cumulative',
      valid.replace('le="0.1",route="/a"} 1', 'le="0.1",route="/a"} 3'),
      /not cumulative/,
    ],
    [
      'a +Inf bucket that is not _count',
      valid.replace('h_seconds_count{route="/a"} 2', 'h_seconds_count{route="/a"} 3'),
      /\+Inf bucket is not _count/,
    ],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parsePrometheusText(text)).toThrow(message);
  });
});
