import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { accessTokenFor, bearer, createOrgWithUsers } from '../test/support/auth.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import { openSse, type SseClient } from '../test/support/sse.js';
import { figure, section } from './report.js';

/**
 * Live updates (issue #12): 100 streams open on GET /api/v1/stream over loopback HTTP, then
 * shipments created one after another through the API; for each write, the time from sending it
 * to its event arriving on each of the 100 streams (p50, p99 over all deliveries), next to the
 * time the write itself takes. Server and clients share this process (and its 2 cores).
 */

const STREAMS = Number(process.env.LANEWISE_BENCH_STREAMS ?? 100);
const WRITES = Number(process.env.LANEWISE_BENCH_STREAM_WRITES ?? 200);

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export const benchmark = {
  name: 'stream',
  async run(): Promise<void> {
    section(`stream: ${WRITES} shipment writes pushed to ${STREAMS} open streams`);
    for (const dialect of testDialects) {
      const testDb = await createTestDatabase(dialect);
      const database = connect(testDb.target);
      await migrateToLatest(database.db);
      const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database });
      const clients: SseClient[] = [];
      try {
        const address = await app.listen({ port: 0, host: '127.0.0.1' });
        const org = await createOrgWithUsers(database.db, { slug: 'bench-stream' });
        const admin = bearer(await accessTokenFor(app, org.users.admin.id, org.orgId));
        const sentAt = new Map<string, number>();
        const deliveries: number[] = [];
        let delivered = 0;
        let allDelivered: () => void = () => undefined;
        for (let i = 0; i < STREAMS; i++) {
          const client = await openSse(`${address}/api/v1/stream`, admin);
          await client.until('the retry hint', () => client.text().startsWith('retry: '));
          clients.push(client);
          void client.follow((event) => {
            const at = performance.now();
            for (const s of event.data.shipments as { reference: string }[]) {
              const sent = sentAt.get(s.reference);
              if (sent === undefined) continue;
              deliveries.push(at - sent);
              if (++delivered === WRITES * STREAMS) allDelivered();
            }
          });
        }
        const done = new Promise<void>((resolve) => {
          allDelivered = resolve;
        });
        const writes: number[] = [];
        for (let i = 0; i < WRITES; i++) {
          const reference = `SB-${i}`;
          const t = performance.now();
          sentAt.set(reference, t);
          const res = await app.inject({
            method: 'POST',
            url: '/api/v1/shipments',
            headers: admin,
            payload: { reference, mode: 'ftl' },
          });
          if (res.statusCode !== 201) throw new Error(`answered ${res.statusCode}: ${res.body}`);
          writes.push(performance.now() - t);
        }
        const timeout = new Promise<'timeout'>((resolve) =>
          setTimeout(() => resolve('timeout'), 30_000).unref(),
        );
        if ((await Promise.race([done, timeout])) === 'timeout') {
          throw new Error(`only ${delivered} of ${WRITES * STREAMS} deliveries within 30 s`);
        }
        deliveries.sort((a, b) => a - b);
        writes.sort((a, b) => a - b);
        figure(`${dialect}: write sent → event on a stream, p50`, quantile(deliveries, 0.5), 'ms');
        figure(`${dialect}: write sent → event on a stream, p99`, quantile(deliveries, 0.99), 'ms');
        figure(`${dialect}: the write alone (POST /shipments), p50`, quantile(writes, 0.5), 'ms');
      } finally {
        for (const client of clients) await client.close();
        await app.close();
        await database.close();
        await testDb.drop();
      }
    }
  },
};
