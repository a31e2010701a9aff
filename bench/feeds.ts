import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { signFeedRequest } from '../src/modules/feeds/index.js';
import { accessTokenFor, apiKeyFor, bearer, createOrgWithUsers } from '../test/support/auth.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import { figure, ratio, section } from './report.js';

/**
 * Webhook intake (issue #12): signed requests to POST /feeds/{id}/events, one after another
 * through the app (in process, no network), each answered only once its events are stored and
 * applied — per dialect, in batches of 1 and of 100 events, against the plain per-event endpoint
 * POST /shipments/{id}/events (same write path, no signature, no dedupe, no event log).
 */

const SECONDS = Number(process.env.LANEWISE_BENCH_FEED_SECONDS ?? 5);
const SHIPMENTS = 100;

interface Setup {
  readonly app: FastifyInstance;
  readonly admin: Record<string, string>;
  readonly key: Record<string, string>;
  readonly feed: { readonly intakePath: string; readonly secret: string };
  readonly shipmentIds: readonly number[];
  close(): Promise<void>;
}

async function setUp(dialect: (typeof testDialects)[number]): Promise<Setup> {
  const testDb = await createTestDatabase(dialect);
  const database = connect(testDb.target);
  await migrateToLatest(database.db);
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database });
  await app.ready();
  const org = await createOrgWithUsers(database.db, { slug: 'bench-feeds' });
  const admin = bearer(await accessTokenFor(app, org.users.admin.id, org.orgId));
  const key = await apiKeyFor(database.db, org, ['feeds:ingest'], 'carrier');
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/feeds',
    headers: admin,
    payload: { name: 'bench' },
  });
  const shipmentIds: number[] = [];
  for (let i = 0; i < SHIPMENTS; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: admin,
      payload: { reference: `FB-${i}`, mode: 'ftl' },
    });
    shipmentIds.push(res.json().id);
  }
  return {
    app,
    admin,
    key: bearer(key),
    feed: created.json(),
    shipmentIds,
    async close() {
      await app.close();
      await database.close();
      await testDb.drop();
    },
  };
}

/** Events per second for `SECONDS`, requests of `batch` events sent one after another. */
async function measure(
  send: (n: number) => Promise<number>,
  batch: number,
): Promise<{ rate: number; p50: number }> {
  const latencies: number[] = [];
  let events = 0;
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    const t = performance.now();
    const status = await send(n++);
    if (status !== 201 && status !== 202) throw new Error(`answered ${status}`);
    latencies.push(performance.now() - t);
    events += batch;
  }
  latencies.sort((a, b) => a - b);
  return {
    rate: events / ((performance.now() - started) / 1000),
    p50: latencies[Math.floor(latencies.length / 2)] ?? 0,
  };
}

// Every event a new instant, so none is a duplicate of another (the intake and the endpoint both skip those).
const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();

export const benchmark = {
  name: 'feeds',
  async run(): Promise<void> {
    section(`feeds: signed webhook intake, requests one after another for ${SECONDS} s`);
    for (const dialect of testDialects) {
      const s = await setUp(dialect);
      try {
        let serial = 0;
        const intake = (batch: number) => async () => {
          const events = Array.from({ length: batch }, () => {
            const i = serial++;
            return { id: `ev-${i}`, shipment: `FB-${i % SHIPMENTS}`, code: 'IN_TRANSIT', occurredAt: at(i) };
          });
          const raw = JSON.stringify(batch === 1 ? events[0] : { events });
          const ts = String(Math.floor(Date.now() / 1000));
          const res = await s.app.inject({
            method: 'POST',
            url: s.feed.intakePath,
            headers: {
              ...s.key,
              'content-type': 'application/json',
              'lanewise-timestamp': ts,
              'lanewise-signature': signFeedRequest(s.feed.secret, ts, raw),
            },
            payload: raw,
          });
          return res.statusCode;
        };
        const plain = async () => {
          const i = serial++;
          const res = await s.app.inject({
            method: 'POST',
            url: `/api/v1/shipments/${s.shipmentIds[i % SHIPMENTS]}/events`,
            headers: s.admin,
            payload: { code: 'IN_TRANSIT', occurredAt: at(i) },
          });
          return res.statusCode;
        };
        const one = await measure(intake(1), 1);
        const endpoint = await measure(plain, 1);
        const hundred = await measure(intake(100), 100);
        ratio(`${dialect}: batches of 1 vs POST /shipments/{id}/events`, one.rate, endpoint.rate, 'events/s');
        figure(`${dialect}: batches of 1, p50 latency`, one.p50, 'ms');
        figure(`${dialect}: batches of 100`, hundred.rate, 'events/s');
        figure(`${dialect}: batches of 100, p50 latency`, hundred.p50, 'ms');
      } finally {
        await s.close();
      }
    }
  },
};
