import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { insertOne } from '../src/db/bulk.js';
import { connect, type Database } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createApiKey, createServiceAccount } from '../src/modules/api-keys/index.js';
import { noRequest } from '../src/modules/audit/index.js';
import { callerOf, hashPassword, permissionsOf, verifyPassword } from '../src/modules/auth/index.js';
import { createOrganization } from '../src/modules/organizations/index.js';
import { figure, section, timed } from './report.js';

const PASSWORD = 'bench passphrase for the owner';
const ROUNDS = 15;
const PER_ROUND = 2_000;
const IN_FLIGHT = 32;
const LOGINS = 30;

/**
 * What authentication costs a request: the same GET handler (one indexed read) served as a
 * public route and as a route that needs `shipments:read`, called with a JWT access token and
 * with an API key. Verification must be cheap (target ≥ 0.9 of the unauthenticated rate).
 * Also the login latency, which argon2id (m = 19 MiB, t = 2) dominates on purpose.
 */
export const benchmark = {
  name: 'auth',
  run: async () => {
    section('authentication (SQLite, app.inject, 32 requests in flight)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanewise-bench-auth-'));
    const database = connect({ dialect: 'sqlite', file: path.join(dir, 'auth.db') });
    const apps: FastifyInstance[] = [];
    try {
      await migrateToLatest(database.db);
      const { orgId, userId } = await seed(database);
      const app = await benchApp(database, {});
      const uncached = await benchApp(database, { LANEWISE_AUTH_CACHE_MS: '0' });
      // Failed-login limits raised so the failed-login latency can be sampled.
      const logins = await benchApp(database, {
        LANEWISE_LOGIN_MAX_FAILURES: '1000',
        LANEWISE_LOGIN_MAX_FAILURES_PER_IP: '1000',
      });
      apps.push(app, uncached, logins);

      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'owner@bench.test', password: PASSWORD },
      });
      const token = (login.json() as { accessToken: string }).accessToken;
      const owner = {
        kind: 'user' as const,
        orgId,
        userId,
        apiKeyId: null,
        role: 'owner' as const,
        permissions: permissionsOf('owner'),
      };
      const account = await createServiceAccount(database.db, callerOf(owner), { name: 'bench' }, noRequest);
      const { key } = await createApiKey(
        database.db,
        callerOf(owner),
        account.id,
        { name: 'bench', scopes: ['shipments:read'] },
        noRequest,
      );

      const open = () => rate(app, '/bench/open', {});
      const jwt = () => rate(app, '/bench/guarded', { authorization: `Bearer ${token}` });
      const apiKey = () => rate(app, '/bench/guarded', { authorization: `Bearer ${key}` });
      const jwtUncached = () => rate(uncached, '/bench/guarded', { authorization: `Bearer ${token}` });
      const openUncached = () => rate(uncached, '/bench/open', {});

      // Many short interleaved rounds; each ratio is taken within a round (the machine's noise
      // then hits both sides alike) and the median round is reported.
      const rounds = {
        open: [] as number[],
        jwt: [] as number[],
        apiKey: [] as number[],
        uncached: [] as number[],
      };
      const ratios = { jwt: [] as number[], apiKey: [] as number[], uncached: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        const o = await open();
        const j = await jwt();
        const k = await apiKey();
        const o2 = await openUncached();
        const u = await jwtUncached();
        rounds.open.push(o);
        rounds.jwt.push(j);
        rounds.apiKey.push(k);
        rounds.uncached.push(u);
        ratios.jwt.push(j / o);
        ratios.apiKey.push(k / o);
        ratios.uncached.push(u / o2);
      }
      figure('GET, no auth (median round)', median(rounds.open), 'req/s');
      figure('GET with a JWT access token (median round)', median(rounds.jwt), 'req/s');
      figure('GET with an API key (median round)', median(rounds.apiKey), 'req/s');
      figure('GET with a JWT, LANEWISE_AUTH_CACHE_MS=0 (median round)', median(rounds.uncached), 'req/s');
      report('JWT vs no auth ratio (median of rounds)', median(ratios.jwt), 0.9);
      report('API key vs no auth ratio (median of rounds)', median(ratios.apiKey), 0.9);
      report('JWT with LANEWISE_AUTH_CACHE_MS=0 vs no auth ratio', median(ratios.uncached));
      figure('auth cost per request (JWT)', 1e6 / median(rounds.jwt) - 1e6 / median(rounds.open), 'µs');

      const hashes = await timed(async () => {
        for (let i = 0; i < 10; i++) await hashPassword(PASSWORD);
      });
      figure('argon2id hash (m=19 MiB, t=2, p=1)', hashes.ms / 10, 'ms');
      const stored = await hashPassword(PASSWORD);
      const verifies = await timed(async () => {
        for (let i = 0; i < 10; i++) await verifyPassword(stored, PASSWORD);
      });
      figure('argon2id verify', verifies.ms / 10, 'ms');

      const loginLatency = async (email: string, expected: number) => {
        const ms: number[] = [];
        for (let i = 0; i <= LOGINS; i++) {
          const t = await timed(() =>
            logins.inject({
              method: 'POST',
              url: '/api/v1/auth/login',
              payload: { email, password: PASSWORD },
            }),
          );
          if (t.result.statusCode !== expected)
            throw new Error(`login answered ${t.result.statusCode}: ${t.result.body}`);
          if (i > 0) ms.push(t.ms); // the first is a warm-up
        }
        return ms.sort((a, b) => a - b);
      };
      const known = await loginLatency('owner@bench.test', 200);
      figure('login latency p50', known[Math.floor(LOGINS / 2)] ?? 0, 'ms');
      figure('login latency p95', known[Math.floor(LOGINS * 0.95)] ?? 0, 'ms');
      const unknown = await loginLatency('nobody@bench.test', 401);
      figure(
        'failed login latency p50, unknown email (same argon2 work)',
        unknown[Math.floor(LOGINS / 2)] ?? 0,
        'ms',
      );
    } finally {
      for (const app of apps) await app.close();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function seed(database: Database): Promise<{ orgId: number; userId: number }> {
  const org = await createOrganization(database.db, { slug: 'bench', name: 'Bench' });
  const userId = await insertOne(database.db, 'users', {
    email: 'owner@bench.test',
    name: 'Owner',
    password_hash: await hashPassword(PASSWORD),
  });
  await insertOne(database.db, 'memberships', { org_id: org.id, user_id: userId, role: 'owner' });
  return { orgId: org.id, userId };
}

/** The app with one handler mounted twice: public, and behind `shipments:read`. */
async function benchApp(database: Database, env: Record<string, string>): Promise<FastifyInstance> {
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', ...env }), { database });
  const handler = async (orgId: number) =>
    app.db
      .selectFrom('organizations')
      .select(['id', 'slug', 'name'])
      .where('id', '=', orgId)
      .executeTakeFirst();
  app.get('/bench/open', { config: { access: 'public' } }, async () => handler(1));
  app.get('/bench/guarded', { config: { access: { permission: 'shipments:read' } } }, async (request) =>
    handler(request.auth.orgId),
  );
  await app.ready();
  return app;
}

/** Requests per second for PER_ROUND GETs with IN_FLIGHT at a time. */
async function rate(app: FastifyInstance, url: string, headers: Record<string, string>): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < PER_ROUND) {
      next++;
      const res = await app.inject({ method: 'GET', url, headers });
      if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
    }
  };
  const { ms } = await timed(() => Promise.all(Array.from({ length: IN_FLIGHT }, worker)));
  return (PER_ROUND / ms) * 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function report(name: string, value: number, target?: number): void {
  const goal = target === undefined ? '' : `  (target ≥ ${target})`;
  process.stdout.write(`${name.padEnd(58)} ${value.toFixed(3).padStart(12)}${goal}\n`);
}
