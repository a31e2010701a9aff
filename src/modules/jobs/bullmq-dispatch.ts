import { Queue } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../db/types.js';
import type { Dialect } from '../../db/url.js';
import { type AnnouncedJob, type Consumer, type Dispatcher, findStrandedJobs } from './backend.js';
import { consumeFromRedis, type Delivery } from './bullmq-consume.js';
import {
  closeConnection,
  describeRedis,
  openProducer,
  watchConnection,
  withTimeout,
} from './bullmq-redis.js';

export interface BullmqDispatcherOptions {
  /** redis:// or rediss:// (credentials stay out of every message and log). */
  readonly redisUrl: string;
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly leaseMs: number;
  readonly orgConcurrency: number;
  readonly log: Logger;
  /**
   * Prefix of every Redis key ("lanewise"): installations sharing one Redis need different ones,
   * tests use a random one each.
   */
  readonly prefix?: string;
  /** How often each consumer re-announces due jobs Redis may have lost (default 5 s). */
  readonly reconcileMs?: number;
  /** How long start-up waits for Redis before failing (default 5 s). */
  readonly connectTimeoutMs?: number;
}

/** An announce waits this long for Redis, then leaves the job to the reconcile. */
const ANNOUNCE_TIMEOUT_MS = 2_000;
const HEALTH_TIMEOUT_MS = 1_000;
/** Jobs one reconcile pass looks at (the oldest due first). */
const RECONCILE_LIMIT = 500;

/**
 * The BullMQ dispatcher (ADR 0013, "BullMQ backend"): Redis carries job ids to idle workers on
 * any machine, pushed instead of polled; the jobs table stays the record, and a delivered id runs
 * only once its row is claimed (claimJob), so every rule of the database backend holds unchanged.
 *
 * Fails with JOBS_BACKEND_UNAVAILABLE when Redis cannot be reached at start. Later outages do not
 * fail enqueue: the row is committed first, an announce Redis cannot take is skipped, and every
 * consumer's periodic reconcile announces due jobs again (which also covers a Redis that lost its
 * data, and jobs whose worker died: their lease expires and they are announced anew).
 */
export async function createBullmqDispatcher(options: BullmqDispatcherOptions): Promise<Dispatcher> {
  const { log } = options;
  const address = describeRedis(options.redisUrl);
  const prefix = options.prefix ?? 'lanewise';
  const producer = await openProducer(options.redisUrl, options.connectTimeoutMs ?? 5_000);
  const producerState = watchConnection(producer, log, { redis: address, connection: 'producer' });
  const queues = new Map<string, Queue<Delivery>>();
  const consumers = new Set<Consumer>();

  const queueFor = (type: string): Queue<Delivery> => {
    let queue = queues.get(type);
    if (!queue) {
      queue = new Queue<Delivery>(type, { connection: producer, prefix });
      // Failures surface on the add that hit them; the connection's outages are logged once.
      queue.on('error', () => undefined);
      queues.set(type, queue);
    }
    return queue;
  };

  /** Adds the jobs to their queues; an id Redis already holds is left as it is (a no-op). */
  const add = async (jobs: readonly AnnouncedJob[]): Promise<void> => {
    const byType = new Map<string, AnnouncedJob[]>();
    for (const job of jobs) byType.set(job.type, [...(byType.get(job.type) ?? []), job]);
    await Promise.all(
      [...byType].map(([type, group]) =>
        queueFor(type).addBulk(
          group.map((job) => ({ name: type, data: { id: job.id }, opts: bullOptions(job) })),
        ),
      ),
    );
  };

  const reconcile = async (): Promise<void> => {
    if (producer.status !== 'ready') return;
    const stranded = await findStrandedJobs(options.db, { now: new Date(), limit: RECONCILE_LIMIT });
    // Bounded like an announce: a Queue first used while Redis is away waits for it to return.
    if (stranded.length > 0) await withTimeout(add(stranded), ANNOUNCE_TIMEOUT_MS, 'reconcile add timed out');
  };

  return {
    name: 'bullmq',

    async announce(job) {
      // While Redis is away the row waits for the reconcile: enqueue must not hang on Redis.
      if (producer.status !== 'ready') return;
      try {
        await withTimeout(add([job]), ANNOUNCE_TIMEOUT_MS, 'announce timed out');
      } catch (error) {
        log.warn({ err: error, jobId: job.id }, 'job not announced to redis; the reconcile delivers it');
      }
    },

    consume(consumeOptions, execute) {
      const consumer = consumeFromRedis(
        {
          redisUrl: options.redisUrl,
          address,
          prefix,
          db: options.db,
          dialect: options.dialect,
          leaseMs: options.leaseMs,
          orgConcurrency: options.orgConcurrency,
          log,
          reconcile,
          reconcileMs: options.reconcileMs ?? 5_000,
        },
        consumeOptions,
        execute,
      );
      consumers.add(consumer);
      return {
        async stop() {
          await consumer.stop();
          consumers.delete(consumer);
        },
      };
    },

    async health() {
      if (producer.status !== 'ready') {
        return `redis unreachable at ${address}: ${producerState.lastError() ?? `connection ${producer.status}`}`;
      }
      try {
        await withTimeout(producer.ping(), HEALTH_TIMEOUT_MS, 'no answer to PING');
        return null;
      } catch (error) {
        return `redis unreachable at ${address}: ${error instanceof Error ? error.message : String(error)}`;
      }
    },

    async close() {
      await Promise.all([...consumers].map((consumer) => consumer.stop()));
      consumers.clear();
      // Queues share the producer connection, which BullMQ leaves open: it is closed last.
      const closing = Promise.all([...queues.values()].map((queue) => queue.close().catch(() => undefined)));
      await withTimeout(closing, ANNOUNCE_TIMEOUT_MS, 'queues did not close').catch(() => undefined);
      queues.clear();
      await closeConnection(producer);
    },
  };
}

/**
 * The BullMQ job for one state of a job row. Its id names the row and when it is due: announcing
 * the same state again (the reconcile) is a no-op while Redis holds it, and every new state gets
 * a new due time and so a new BullMQ job (a retry with back-off, a release at shutdown, a manual
 * retry). A claim acknowledges the BullMQ job, which is then removed at once, so Redis holds only
 * jobs waiting to be claimed — which is also why a job whose worker died (same row, same due
 * time) can be announced again by the reconcile once its lease expires.
 */
function bullOptions(job: AnnouncedJob) {
  return {
    jobId: `${job.id}-${job.runAt.getTime()}`,
    delay: Math.max(0, job.runAt.getTime() - Date.now()),
    priority: bullPriority(job.priority),
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/**
 * Our priority (-1000..1000, higher first) as BullMQ's (1..2,097,152, lower first). Never 0: a
 * job without priority would jump ahead of every prioritized one.
 */
export function bullPriority(priority: number): number {
  return 1001 - Math.max(-1000, Math.min(1000, Math.trunc(priority)));
}
