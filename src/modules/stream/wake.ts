import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * "An event was just appended; look soon." Only a hint: the outbox is the truth, and every hub
 * polls it anyway (so a lost hint delays, never loses). In one process the hint is a function
 * call; across processes (a worker writing, API processes streaming) it goes through Redis
 * pub/sub when REDIS_URL is set. Process-wide, because writers (the shipment write path, deep in
 * a transaction) have no handle on the app that serves the streams.
 */

const listeners = new Set<() => void>();
const publishers = new Set<() => void>();
let pending = false;

/** Tells this process's hubs and the other processes. Calls in one tick are sent once. */
export function announceStreamWrite(): void {
  if (pending) return;
  pending = true;
  setImmediate(() => {
    pending = false;
    for (const listener of listeners) listener();
    for (const publish of publishers) publish();
  });
}

/** Calls `listener` on every hint, local or from another process; returns the unsubscribe. */
export function onStreamWrite(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const CHANNEL = 'lanewise:stream';

/**
 * Joins this process to the other processes on Redis: hints written here are published, hints
 * published elsewhere wake the hubs here. Redis being away only costs latency (the hubs poll),
 * so errors are logged once per outage and the connections retry on their own.
 */
export function joinStreamRedis(redisUrl: string, log: Logger): { close(): Promise<void> } {
  const options = {
    connectionName: 'lanewise-stream',
    retryStrategy: (times: number) => Math.min(times * 200, 5_000),
    // A hint that cannot be sent now is worth nothing later.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  };
  const publisher = new Redis(redisUrl, options);
  const subscriber = new Redis(redisUrl, {
    ...options,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
  });
  let down = false;
  const onError = (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: error.message }, 'live updates: Redis unavailable, streams fall back to polling');
  };
  const onReady = () => {
    down = false;
  };
  for (const redis of [publisher, subscriber]) {
    redis.on('error', onError);
    redis.on('ready', onReady);
  }
  subscriber.subscribe(CHANNEL).catch(onError);
  subscriber.on('message', () => {
    for (const listener of listeners) listener();
  });
  const publish = () => {
    if (publisher.status === 'ready') publisher.publish(CHANNEL, '1').catch(onError);
  };
  publishers.add(publish);
  return {
    async close() {
      publishers.delete(publish);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
