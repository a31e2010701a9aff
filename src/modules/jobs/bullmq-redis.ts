import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../../lib/errors.js';

/**
 * Redis connections of the BullMQ dispatcher (ADR 0013). Two kinds, because the two sides want
 * opposite things from a connection that drops:
 * - producer (announce, reconcile, health): fail at once while Redis is away — the job row is
 *   already committed and the reconcile delivers it later, so nothing may wait on Redis;
 * - consumer (BullMQ Workers): wait through an outage and carry on (BullMQ requires
 *   `maxRetriesPerRequest: null` on connections its Workers block on).
 * ioredis reconnects both on its own, forever, with a capped back-off.
 */

/** The Redis URL without credentials, for messages and logs. */
export function describeRedis(redisUrl: string): string {
  const url = new URL(redisUrl);
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/$/, '');
}

const common: RedisOptions = {
  // Capped so that a returning Redis is found within ~2 s.
  retryStrategy: (times) => Math.min(times * 100, 2_000),
  // Named connections show up in CLIENT LIST, which is how an operator tells ours apart.
  connectionName: 'lanewise',
};

/**
 * Opens the producer connection, failing with JOBS_BACKEND_UNAVAILABLE when Redis does not
 * answer within `timeoutMs` (a start-up error, so the process refuses to run half-configured).
 */
export async function openProducer(redisUrl: string, timeoutMs: number): Promise<Redis> {
  const redis = new Redis(redisUrl, {
    ...common,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: timeoutMs,
  });
  // ioredis reports the reason (ECONNREFUSED, ENOTFOUND, WRONGPASS...) only as an event.
  let reason = 'no answer';
  const onError = (error: Error) => {
    reason = error.message;
  };
  redis.on('error', onError);
  try {
    await withTimeout(redis.connect(), timeoutMs, 'connect timed out');
    await withTimeout(redis.ping(), timeoutMs, 'PING timed out');
  } catch (error) {
    redis.disconnect();
    const cause = reason === 'no answer' && error instanceof Error ? error.message : reason;
    throw new AppError(
      'JOBS_BACKEND_UNAVAILABLE',
      `Redis at ${describeRedis(redisUrl)} cannot be reached (${cause}). Start Redis, fix REDIS_URL, or unset it (and LANEWISE_JOB_BACKEND) to run jobs on the database.`,
    );
  } finally {
    redis.off('error', onError);
  }
  return redis;
}

/** A connection for BullMQ Workers: commands wait through an outage instead of failing. */
export function openConsumer(redisUrl: string): Redis {
  return new Redis(redisUrl, { ...common, maxRetriesPerRequest: null });
}

/**
 * Logs a connection's outages once each (down, then back) instead of once per reconnect attempt,
 * and calls `onBack` when it is ready again after an outage.
 */
export function watchConnection(
  redis: Redis,
  log: Logger,
  labels: { readonly redis: string; readonly connection: 'producer' | 'consumer' },
  onBack: () => void = () => undefined,
): { lastError(): string | null } {
  let down: string | null = null;
  redis.on('error', (error: Error) => {
    if (down === null) log.warn({ ...labels, err: error.message }, 'redis connection lost; retrying');
    down = error.message;
  });
  redis.on('ready', () => {
    if (down === null) return;
    log.info(labels, 'redis connection back');
    down = null;
    onBack();
  });
  return { lastError: () => down };
}

/** Closes a connection: QUIT when it is up, otherwise drop it (QUIT would wait for a reconnect). */
export async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await withTimeout(redis.quit(), 2_000, 'QUIT timed out');
      return;
    } catch {
      // Fall through: the socket is dropped below.
    }
  }
  redis.disconnect();
}

/** Rejects with `message` when `promise` takes longer than `ms` (the promise itself goes on). */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
