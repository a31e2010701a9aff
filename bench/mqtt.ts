import { randomBytes } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import pino from 'pino';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { systemCaller } from '../src/modules/auth/index.js';
import { createFeed, startMqttSubscribers } from '../src/modules/feeds/index.js';
import { createOrganization } from '../src/modules/organizations/index.js';
import { writeShipments } from '../src/modules/shipments/index.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import { figure, ratio, section } from './report.js';

/**
 * MQTT feeds (issue #12) end to end on the local Mosquitto: messages published with QoS 1 to an
 * mqtt feed's topic, each taken in by the subscriber (stored and applied in its own transaction,
 * the webhook intake) and only then acknowledged — per dialect, against the same messages
 * through a bare MQTT.js shared subscription that acknowledges at once (the broker's and the
 * client's own cost, no database). Also the latency of one message when they come one at a time.
 * Publisher and subscriber share this process, as they never do in production: with SQLite's
 * synchronous driver a message may be stored before the publisher's own PUBACK is read.
 */

const BROKER = process.env.LANEWISE_BENCH_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const MESSAGES = Number(process.env.LANEWISE_BENCH_MQTT_MESSAGES ?? 1000);
const ONE_BY_ONE = 100;
const SHIPMENTS = 100;

// Every event a new instant, so none is a duplicate of another.
const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();

/** Messages handled so far, and a wait for the n-th that wakes as it is counted (no polling delay). */
class Counter {
  value = 0;
  private waiting: { n: number; resolve: () => void } | null = null;
  add(): void {
    this.value++;
    if (this.waiting && this.value >= this.waiting.n) {
      this.waiting.resolve();
      this.waiting = null;
    }
  }
  reached(n: number): Promise<void> {
    if (this.value >= n) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting = { n, resolve };
    });
  }
}

/** Messages per second from the first publish to the n-th handled message. */
async function throughput(
  publisher: MqttClient,
  topic: string,
  handled: Counter,
  body: (i: number) => string,
): Promise<number> {
  const base = handled.value;
  const started = performance.now();
  const all = handled.reached(base + MESSAGES);
  await Promise.all(
    Array.from({ length: MESSAGES }, (_, i) => publisher.publishAsync(topic, body(i), { qos: 1 })),
  );
  await all;
  return MESSAGES / ((performance.now() - started) / 1000);
}

/** The median time from publishing one message to its being handled, one at a time. */
async function latency(
  publisher: MqttClient,
  topic: string,
  handled: Counter,
  body: (i: number) => string,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ONE_BY_ONE; i++) {
    const t = performance.now();
    const one = handled.reached(handled.value + 1);
    await publisher.publishAsync(topic, body(i), { qos: 1 });
    await one;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** A bare shared subscription that acknowledges every message as it comes: the baseline. */
async function bareSubscriber(topic: string) {
  const handled = new Counter();
  const client = await connectAsync(BROKER, {
    protocolVersion: 5,
    customHandleAcks: (_topic, _payload, _packet, ack) => {
      handled.add();
      ack(0);
    },
  });
  await client.subscribeAsync(`$share/bench/${topic}`, { qos: 1 });
  return { handled, close: () => client.endAsync() };
}

export const benchmark = {
  name: 'mqtt',
  async run(): Promise<void> {
    section(`mqtt: ${MESSAGES} QoS 1 messages published at once, and ${ONE_BY_ONE} one at a time`);
    const run = randomBytes(4).toString('hex');
    const publisher = await connectAsync(BROKER, { protocolVersion: 5 });
    try {
      const rawTopic = `lanewise-bench/${run}/raw`;
      const raw = await bareSubscriber(rawTopic);
      const rawBody = (i: number) => JSON.stringify({ id: `raw-${i}`, shipment: 'X', occurredAt: at(i) });
      const rawRate = await throughput(publisher, rawTopic, raw.handled, rawBody);
      const rawLatency = await latency(publisher, rawTopic, raw.handled, rawBody);
      await raw.close();

      for (const dialect of testDialects) {
        const testDb = await createTestDatabase(dialect);
        const database = connect(testDb.target);
        try {
          await migrateToLatest(database.db);
          const org = await createOrganization(database.db, { slug: 'bench-mqtt', name: 'Bench MQTT' });
          const system = systemCaller(org.id);
          await database.db.transaction().execute((trx) =>
            writeShipments(
              trx,
              system,
              Array.from({ length: SHIPMENTS }, (_, i) => ({
                op: 'create' as const,
                item: { reference: `MB-${i}`, mode: 'ftl' as const },
              })),
              { mode: 'all' },
            ),
          );
          const topic = `lanewise-bench/${run}/${dialect}`;
          await createFeed(database.db, system, {
            name: 'bench',
            kind: 'mqtt',
            shape: 'telemetry',
            mqtt: { url: BROKER, topics: [topic] },
          });
          const handled = new Counter();
          const subscriber = startMqttSubscribers(database.db, pino({ level: 'silent' }), {
            allowHosts: ['127.0.0.1', 'localhost'],
            workerName: `bench-${run}`,
            observer: { observe: () => handled.add() },
          });
          try {
            const subscribed = async () =>
              (await database.db.selectFrom('feeds').select('mqtt_connected_at').executeTakeFirst())
                ?.mqtt_connected_at;
            while (!(await subscribed())) await new Promise((r) => setTimeout(r, 20));
            let serial = 0;
            const body = () => {
              const i = serial++;
              return JSON.stringify({
                id: `m-${i}`,
                shipment: `MB-${i % SHIPMENTS}`,
                occurredAt: at(i),
                latitude: 45 + (i % 100) / 1000,
                longitude: 4.8,
                temperature: 4 + (i % 10) / 10,
              });
            };
            const rate = await throughput(publisher, topic, handled, body);
            const p50 = await latency(publisher, topic, handled, body);
            ratio(
              `${dialect}: stored, applied, acknowledged vs bare QoS 1 subscriber`,
              rate,
              rawRate,
              'messages/s',
            );
            figure(`${dialect}: one at a time, p50 publish → acknowledged`, p50, 'ms');
          } finally {
            await subscriber.close();
          }
        } finally {
          await database.close();
          await testDb.drop();
        }
      }
      figure('bare QoS 1 subscriber: one at a time, p50', rawLatency, 'ms');
    } finally {
      await publisher.endAsync();
    }
  },
};
