import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { DatabaseTarget } from '../../src/db/url.js';
import { createApiKey, createServiceAccount } from '../../src/modules/api-keys/index.js';
import { noRequest } from '../../src/modules/audit/index.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { createFeed, signFeedRequest } from '../../src/modules/feeds/index.js';
import { createOrganization } from '../../src/modules/organizations/index.js';
import { writeShipments } from '../../src/modules/shipments/index.js';
import { spawnCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

/**
 * Nothing a feed acknowledged is lost when the server dies (issue #12): a real `lanewise serve`
 * takes many signed requests at once and is killed with SIGKILL after some of them were answered
 * 202. After a restart every event of an acknowledged request is there; then the sender sends
 * everything again, as it would after a crash, and each event ends applied exactly once.
 */

const urlOf = (target: DatabaseTarget) => (target.dialect === 'sqlite' ? target.file : target.url);
const requests = 30;
const perRequest = 10;

describe.each(testDialects)('feed intake killed with SIGKILL on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let feed: { id: number; intakePath: string; secret: string };
  let key: string;
  let shipmentId: number;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    const org = await createOrganization(database.db, { slug: 'feed-kill', name: 'Feed kill' });
    const system = systemCaller(org.id);
    const made = await createFeed(database.db, system, { name: 'tracker', shape: 'json' });
    if (made.intakePath === null || made.secret === null) throw new Error('not a webhook feed');
    feed = { id: made.id, intakePath: made.intakePath, secret: made.secret };
    const account = await createServiceAccount(database.db, system, { name: 'tracker' }, noRequest);
    key = (
      await createApiKey(database.db, system, account.id, { name: 'k', scopes: ['feeds:ingest'] }, noRequest)
    ).key;
    // Through the one shipment write path, as the API creates it.
    const [created] = await database.db.transaction().execute((trx) =>
      writeShipments(trx, system, [{ op: 'create', item: { reference: 'KILL-1', mode: 'ftl' } }], {
        mode: 'all',
      }),
    );
    if (created?.result !== 'inserted') throw new Error(`no shipment: ${JSON.stringify(created)}`);
    shipmentId = created.id;
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  const serve = async () => {
    const running = spawnCli(['serve', '--port', '0', '--no-demo', '--database-url', urlOf(testDb.target)], {
      LOG_LEVEL: 'silent',
    });
    const [, address] = await running.waitFor(/Lanewise is running at (http:\/\/\S+)/, 120_000);
    return { running, address: address as string };
  };

  const batch = (r: number) =>
    JSON.stringify({
      events: Array.from({ length: perRequest }, (_, i) => ({
        id: `k-${r}-${i}`,
        shipment: 'KILL-1',
        code: 'IN_TRANSIT',
        occurredAt: new Date(Date.UTC(2026, 10, 30, 0, r, i)).toISOString(),
      })),
    });

  const post = (address: string, body: string) => {
    const ts = String(Math.floor(Date.now() / 1000));
    return fetch(`${address}${feed.intakePath}`, {
      method: 'POST',
      headers: {
        'x-api-key': key,
        'content-type': 'application/json',
        'lanewise-timestamp': ts,
        'lanewise-signature': signFeedRequest(feed.secret, ts, body),
      },
      body,
    });
  };

  const storedIds = async () =>
    new Set(
      (
        await database.db
          .selectFrom('feed_events')
          .select('source_event_id')
          .where('feed_id', '=', feed.id)
          .execute()
      ).map((r) => r.source_event_id),
    );

  it('keeps every acknowledged event and applies each once when the sender retries', {
    timeout: 300_000,
  }, async () => {
    const first = await serve();
    const acknowledged: number[] = [];
    let killed = false;
    await Promise.allSettled(
      Array.from({ length: requests }, async (_, r) => {
        const res = await post(first.address, batch(r));
        if (res.status === 202) {
          acknowledged.push(r);
          // Die right after a third of the requests were answered, with the rest in flight.
          if (acknowledged.length === requests / 3 && !killed) {
            killed = true;
            first.running.child.kill('SIGKILL');
          }
        }
      }),
    );
    await first.running.exited;
    expect(killed, 'the server was killed with requests in flight').toBe(true);
    expect(acknowledged.length).toBeLessThan(requests);

    // Every event of every acknowledged request survived the kill.
    const stored = await storedIds();
    for (const r of acknowledged) {
      for (let i = 0; i < perRequest; i++) expect(stored.has(`k-${r}-${i}`), `k-${r}-${i}`).toBe(true);
    }

    // The sender sends everything again to a restarted server: each event ends applied once.
    const second = await serve();
    try {
      for (let r = 0; r < requests; r++) {
        const res = await post(second.address, batch(r));
        expect(res.status).toBe(202);
        const answer = (await res.json()) as { applied: number; duplicates: number };
        expect(answer.applied + answer.duplicates).toBe(perRequest);
      }
    } finally {
      second.running.child.kill('SIGTERM');
      await second.running.exited;
    }
    expect((await storedIds()).size).toBe(requests * perRequest);
    const events = await database.db
      .selectFrom('tracking_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('shipment_id', '=', shipmentId)
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(requests * perRequest);
  });
});
