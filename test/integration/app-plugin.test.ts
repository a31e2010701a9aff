import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanewiseApp, serverOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { API_PREFIX } from '../../src/lib/api-schemas.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

// A host that embeds the app as a plugin gets every API module under the one prefix, beside
// its own routes, with the app's answers (problem documents) on the app's paths.
describe.each(testDialects)('the app as a plugin on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const host = Fastify(serverOptions(config));

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    host.get('/host/ping', { config: { access: 'public' } }, async () => ({ host: true }));
    await host.register(lanewiseApp, { config, database, closeDatabase: false });
    await host.ready();
  });
  afterAll(async () => {
    await host.close();
    await database.close();
    await testDb.drop();
  });

  it("serves the host's routes and the app's", async () => {
    expect((await host.inject({ method: 'GET', url: '/host/ping' })).json()).toEqual({ host: true });
    const login = await host.inject({ method: 'POST', url: `${API_PREFIX}/auth/login`, payload: {} });
    expect(login.statusCode).toBe(400);
    expect(login.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('puts every API route under the one prefix', async () => {
    const doc = (await host.inject({ method: 'GET', url: `${API_PREFIX}/openapi.json` })).json() as {
      paths: Record<string, unknown>;
    };
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThan(20);
    const outside = paths.filter((p) => !p.startsWith(`${API_PREFIX}/`) && !p.startsWith('/health'));
    expect(outside).toEqual([]);
    for (const module of [
      'auth',
      'service-accounts',
      'audit-events',
      'users',
      'carriers',
      'shipments',
      'orders',
      'inventory',
    ])
      expect(
        paths.some((p) => p.startsWith(`${API_PREFIX}/${module}`)),
        module,
      ).toBe(true);
  });
});
