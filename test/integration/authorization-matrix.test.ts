import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connect } from '../../src/db/connect.js';
import type { Role } from '../../src/db/types.js';
import { apiKeyScopes, type Permission, roles } from '../../src/modules/auth/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { accessTokenFor, apiKeyFor, bearer, createOrgWithUsers, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * The authorization matrix. Every route the app registers must have a row here stating who may
 * call it; a route without a row (or a row without a route) fails the test. Adding a route means
 * adding its row. Who holds a permission is written out below by hand, so a change to the
 * permission table shows up here too.
 */
const routes: Record<string, 'public' | Permission> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',
  'OPTIONS *': 'public', // CORS preflight
  'GET /api/v1/openapi.json': 'public',
  'GET /docs': 'public',
  'GET /docs/json': 'public',
  'GET /docs/yaml': 'public',
  'GET /docs/static/*': 'public',
  'GET /docs/static/index.html': 'public',
  'GET /docs/static/swagger-initializer.js': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/refresh': 'public',
  'POST /api/v1/auth/logout': 'public',
  'POST /api/v1/auth/accept-invitation': 'public',
  'POST /api/v1/auth/logout-all': 'account:self',
  'GET /api/v1/me': 'account:self',
  'PATCH /api/v1/me/password': 'account:self',
  'POST /api/v1/me/invitations/accept': 'account:self',
  'GET /api/v1/users': 'users:manage',
  'POST /api/v1/users': 'users:manage',
  'GET /api/v1/users/:id': 'users:manage',
  'PATCH /api/v1/users/:id/role': 'users:manage',
  'POST /api/v1/users/:id/disable': 'users:manage',
  'POST /api/v1/users/:id/enable': 'users:manage',
  'POST /api/v1/users/:id/invitation': 'users:manage',
  'GET /api/v1/service-accounts': 'api-keys:manage',
  'POST /api/v1/service-accounts': 'api-keys:manage',
  'POST /api/v1/service-accounts/:id/disable': 'api-keys:manage',
  'POST /api/v1/service-accounts/:id/api-keys': 'api-keys:manage',
  'GET /api/v1/api-keys': 'api-keys:manage',
  'DELETE /api/v1/api-keys/:id': 'api-keys:manage',
  'GET /api/v1/audit-events': 'audit:read',
  ...Object.fromEntries(
    ['carriers', 'customers', 'suppliers', 'facilities', 'products'].flatMap((r) => [
      [`GET /api/v1/${r}`, 'master-data:read'],
      [`GET /api/v1/${r}/:id`, 'master-data:read'],
      [`POST /api/v1/${r}`, 'master-data:write'],
      [`PATCH /api/v1/${r}/:id`, 'master-data:write'],
      [`DELETE /api/v1/${r}/:id`, 'master-data:write'],
    ]),
  ),
  'GET /api/v1/shipments': 'shipments:read',
  'GET /api/v1/shipments/:id': 'shipments:read',
  'GET /api/v1/shipments/:id/events': 'shipments:read',
  'POST /api/v1/shipments': 'shipments:write',
  'PUT /api/v1/shipments::batch': 'shipments:write',
  'PATCH /api/v1/shipments/:id': 'shipments:write',
  'DELETE /api/v1/shipments/:id': 'shipments:write',
  'POST /api/v1/shipments/:id/events': 'shipments:write',
  'GET /api/v1/orders': 'orders:read',
  'GET /api/v1/orders/:id': 'orders:read',
  'POST /api/v1/orders': 'orders:write',
  'PATCH /api/v1/orders/:id': 'orders:write',
  'DELETE /api/v1/orders/:id': 'orders:write',
  'PUT /api/v1/orders/:id/lines/:lineNo': 'orders:write',
  'PATCH /api/v1/orders/:id/lines/:lineNo': 'orders:write',
  'DELETE /api/v1/orders/:id/lines/:lineNo': 'orders:write',
  'GET /api/v1/inventory/snapshots': 'inventory:read',
  'GET /api/v1/inventory/snapshots/:id': 'inventory:read',
  'POST /api/v1/inventory/snapshots': 'inventory:write',
  'PATCH /api/v1/inventory/snapshots/:id': 'inventory:write',
  'DELETE /api/v1/inventory/snapshots/:id': 'inventory:write',
  'GET /api/v1/inventory/movements': 'inventory:read',
  'GET /api/v1/inventory/movements/:id': 'inventory:read',
  'POST /api/v1/inventory/movements': 'inventory:write',
  'POST /api/v1/analytics/query': 'analytics:read',
  'GET /api/v1/analytics/catalog': 'analytics:read',
  'POST /api/v1/analytics/rollups::rebuild': 'analytics:manage',
  'GET /api/v1/analytics/settings': 'analytics:read',
  'PATCH /api/v1/analytics/settings': 'analytics:manage',
  'GET /api/v1/analytics/exchange-rates': 'analytics:read',
  'PUT /api/v1/analytics/exchange-rates': 'analytics:manage',
  'DELETE /api/v1/analytics/exchange-rates/:id': 'analytics:manage',
  // Personal views need only analytics:read; shared ones need analytics:manage, checked per view.
  'GET /api/v1/analytics/views': 'analytics:read',
  'POST /api/v1/analytics/views': 'analytics:read',
  'GET /api/v1/analytics/views/:id': 'analytics:read',
  'PATCH /api/v1/analytics/views/:id': 'analytics:read',
  'DELETE /api/v1/analytics/views/:id': 'analytics:read',
  'POST /api/v1/analytics/views/:id(^\\d+)::run': 'analytics:read',
  'GET /api/v1/jobs': 'jobs:read',
  'GET /api/v1/jobs/:id': 'jobs:read',
  'GET /api/v1/jobs/:id/events': 'jobs:read',
  'POST /api/v1/jobs/:id(^\\d+)::cancel': 'jobs:manage',
  'POST /api/v1/jobs/:id(^\\d+)::retry': 'jobs:manage',
  'POST /api/v1/analytics/charts::spec': 'analytics:read',
  'POST /api/v1/analytics/charts::svg': 'analytics:read',
  'GET /api/v1/analytics/dashboard': 'analytics:read',
  'GET /api/v1/analytics/scorecards/carriers': 'analytics:read',
  'GET /api/v1/analytics/lanes': 'analytics:read',
  ...Object.fromEntries(
    [
      'POST /api/v1/imports/files',
      'POST /api/v1/imports/files::fetch',
      'GET /api/v1/imports/files/:id',
      'POST /api/v1/imports/files/:id/suggest',
      'POST /api/v1/imports/files/:id/preview',
      'GET /api/v1/imports/presets',
      'GET /api/v1/imports/mappings',
      'POST /api/v1/imports/mappings',
      'GET /api/v1/imports/mappings/:name',
      'GET /api/v1/imports/mappings/:name/versions',
      'POST /api/v1/imports/mappings/:name/versions',
      'POST /api/v1/imports/runs',
      'GET /api/v1/imports/runs',
      'GET /api/v1/imports/quality',
      'GET /api/v1/imports/runs/:id',
      'POST /api/v1/imports/runs/:id/cancel',
      'GET /api/v1/imports/runs/:id/quarantine',
      'PATCH /api/v1/imports/runs/:id/quarantine/:recordId',
      'POST /api/v1/imports/runs/:id/quarantine/replay',
    ].map((route) => [route, 'imports:run']),
  ),
  'POST /api/v1/feeds': 'connectors:manage',
  'GET /api/v1/feeds': 'connectors:manage',
  'GET /api/v1/feeds/:id': 'connectors:manage',
  'DELETE /api/v1/feeds/:id': 'connectors:manage',
  'POST /api/v1/feeds/:id/rotate-secret': 'connectors:manage',
  'GET /api/v1/feeds/:id/events': 'connectors:manage',
  'POST /api/v1/feeds/:id/events/replay': 'connectors:manage',
  'POST /api/v1/feeds/:id/events': 'feeds:ingest',
  'GET /api/v1/stream': 'shipments:read',
  'GET /api/v1/alert-rules/types': 'alerts:read',
  'POST /api/v1/alert-rules': 'alerts:manage',
  'GET /api/v1/alert-rules': 'alerts:read',
  'GET /api/v1/alert-rules/:id': 'alerts:read',
  'PATCH /api/v1/alert-rules/:id': 'alerts:manage',
  'DELETE /api/v1/alert-rules/:id': 'alerts:manage',
  'POST /api/v1/alert-rules/:id/evaluate': 'alerts:manage',
  'GET /api/v1/alerts': 'alerts:read',
  'GET /api/v1/alerts/:id': 'alerts:read',
  'POST /api/v1/alerts/:id/acknowledge': 'alerts:respond',
  'POST /api/v1/alerts/:id/snooze': 'alerts:respond',
  'POST /api/v1/alerts/:id/resolve': 'alerts:respond',
  'POST /api/v1/alert-channels': 'alerts:manage',
  'GET /api/v1/alert-channels': 'alerts:manage',
  'GET /api/v1/alert-channels/:id': 'alerts:manage',
  'DELETE /api/v1/alert-channels/:id': 'alerts:manage',
  'GET /api/v1/alert-channels/:id/deliveries': 'alerts:manage',
  'POST /api/v1/forecasts/runs': 'forecasts:run',
  'GET /api/v1/forecasts/runs': 'forecasts:read',
  'GET /api/v1/forecasts/runs/:id': 'forecasts:read',
  'GET /api/v1/forecasts/series': 'forecasts:read',
  'GET /api/v1/forecasts/series/:id': 'forecasts:read',
  'GET /api/v1/inventory/risks': 'inventory:read',
  'GET /api/v1/models': 'forecasts:read',
  'GET /api/v1/models/:id': 'forecasts:read',
  'POST /api/v1/models': 'forecasts:run',
  'POST /api/v1/models/:id/promote': 'models:promote',
  'POST /api/v1/models/rollback': 'models:promote',
  'POST /api/v1/models/delay-risk/train': 'forecasts:run',
  'GET /api/v1/shipments/:id/delay-risk': 'shipments:read',
  'POST /api/v1/assistant/ask': 'assistant:ask',
  'POST /api/v1/assistant/ask/stream': 'assistant:ask',
  'POST /api/v1/assistant/conversations': 'assistant:ask',
  'GET /api/v1/assistant/conversations': 'assistant:ask',
  'GET /api/v1/assistant/conversations/:id': 'assistant:ask',
  'DELETE /api/v1/assistant/conversations/:id': 'assistant:ask',
  'POST /api/v1/assistant/conversations/:id/messages': 'assistant:ask',
};

// Allowed calls must answer, not stay open: a stream is asked for a topic that does not exist.
const queryOf: Readonly<Record<string, string>> = { 'GET /api/v1/stream': '?topics=none' };

type Caller = Role | 'api key';
const all: Caller[] = ['owner', 'admin', 'analyst', 'operator', 'viewer'];
const readers: Caller[] = [...all, 'api key'];
/** Who may use each permission (the API key carries every scope a key can have). */
const holders: Record<Permission, readonly Caller[]> = {
  'shipments:read': readers,
  'orders:read': readers,
  'inventory:read': readers,
  'master-data:read': readers,
  'jobs:read': readers,
  'analytics:read': readers,
  'alerts:read': readers,
  'forecasts:read': readers,
  'forecasts:run': ['owner', 'admin', 'analyst', 'api key'],
  'analytics:manage': ['owner', 'admin', 'analyst', 'api key'],
  'jobs:manage': ['owner', 'admin', 'operator', 'api key'],
  'shipments:write': ['owner', 'admin', 'operator', 'api key'],
  'orders:write': ['owner', 'admin', 'operator', 'api key'],
  'inventory:write': ['owner', 'admin', 'operator', 'api key'],
  'imports:run': ['owner', 'admin', 'operator', 'api key'],
  'master-data:write': ['owner', 'admin', 'api key'],
  'connectors:manage': ['owner', 'admin', 'api key'],
  'alerts:manage': ['owner', 'admin', 'api key'],
  'alerts:respond': ['owner', 'admin', 'operator', 'api key'],
  'feeds:ingest': ['owner', 'admin', 'api key'],
  'audit:read': ['owner', 'admin', 'api key'],
  'assistant:ask': ['owner', 'admin', 'analyst', 'api key'],
  'models:promote': ['owner', 'admin', 'analyst', 'api key'],
  'users:manage': ['owner', 'admin'],
  'api-keys:manage': ['owner', 'admin'],
  'org:transfer-ownership': ['owner'],
  'account:self': all,
};

// Path parameters get ids that exist nowhere, so allowed calls change nothing (they answer 404
// or 400) and denied calls are 403 before any lookup. `::` is a literal colon; `(...)` after a
// parameter is its route regex (a parameter followed by `:verb` needs one).
const concrete = (url: string) =>
  url
    .replace(/(:[A-Za-z]+)\([^)]*\)/g, '$1')
    .split('::')
    .map((part) => part.replace(/:[A-Za-z]+/g, '987654'))
    .join(':');

describe.each(testDialects)('authorization matrix on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let apiKey: string;
  beforeAll(async () => {
    // With CORS enabled, so its preflight route is in the table too.
    ctx = await createTestApp(dialect, { env: { LANEWISE_CORS_ORIGINS: 'https://app.example.com' } });
    org = await createOrgWithUsers(ctx.database.db, { slug: 'matrix' });
    apiKey = await apiKeyFor(ctx.database.db, org, apiKeyScopes, 'all');
  });
  afterAll(() => ctx?.close());

  const registered = () =>
    ctx.app.routeAccess
      .filter((r) => r.method !== 'HEAD')
      .map((r) => ({ key: `${r.method} ${r.url}`, ...r }));

  it('has a row for every route, and a route for every row', () => {
    expect(
      registered()
        .map((r) => r.key)
        .sort(),
    ).toEqual(Object.keys(routes).sort());
    // HEAD routes are Fastify's copies of GET routes, with the same access.
    for (const head of ctx.app.routeAccess.filter((r) => r.method === 'HEAD')) {
      const get = ctx.app.routeAccess.find((r) => r.method === 'GET' && r.url === head.url);
      expect(get?.access, `HEAD ${head.url}`).toEqual(head.access);
    }
  });

  it('matches what each route declares', () => {
    for (const r of registered()) {
      expect(r.access === 'public' ? 'public' : r.access.permission, r.key).toBe(routes[r.key]);
    }
    // The hand-written holders agree with the role table and the API key scopes.
    for (const [permission, callers] of Object.entries(holders)) {
      expect(callers.includes('api key'), permission).toBe(apiKeyScopes.includes(permission as Permission));
    }
  });

  it('lets exactly the holders of each permission through, and answers 403 to everyone else', async () => {
    const failures: string[] = [];
    for (const [key, access] of Object.entries(routes)) {
      const [method, url] = key.split(' ') as [string, string];
      const call = (headers: Record<string, string>) =>
        ctx.app.inject({ method: method as 'GET', url: concrete(url) + (queryOf[key] ?? ''), headers });
      if (access === 'public') {
        if (url.includes('*')) continue; // wildcard routes: the declaration is what counts
        const res = await call({});
        if ([401, 403].includes(res.statusCode))
          failures.push(`${key} anonymous: ${res.statusCode} (public)`);
        continue;
      }
      const anonymous = await call({});
      if (anonymous.statusCode !== 401)
        failures.push(`${key} anonymous: ${anonymous.statusCode}, expected 401`);
      for (const caller of [...roles, 'api key'] as Caller[]) {
        const token =
          caller === 'api key' ? apiKey : await accessTokenFor(ctx.app, org.users[caller].id, org.orgId);
        const res = await call(bearer(token));
        const allowed = holders[access].includes(caller);
        const ok = allowed
          ? ![401, 403].includes(res.statusCode)
          : res.statusCode === 403 && res.json().code === 'AUTH_FORBIDDEN';
        if (!ok)
          failures.push(
            `${key} as ${caller}: ${res.statusCode} ${res.body.slice(0, 120)}, expected ${allowed ? 'allowed' : '403'}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('route declarations', () => {
  it('refuses a route that requires a permission that does not exist', async () => {
    const database = connect({ dialect: 'sqlite', file: ':memory:' });
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database });
    try {
      expect(() =>
        app.get('/test/typo', { config: { access: { permission: 'shipments:raed' } } }, async () => ({})),
      ).toThrow(/unknown permission "shipments:raed"/);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
