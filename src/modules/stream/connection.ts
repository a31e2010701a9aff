import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { heartbeat, sseBlock } from '../../lib/sse.js';
import type { StreamHub } from './hub.js';
import { orgEventsAfter, type StreamEvent, type StreamTopic, storedRange } from './outbox.js';

export interface ConnectionOptions {
  /** A comment line goes out when nothing else did for this long (proxies drop idle streams). */
  readonly heartbeatMs: number;
  /**
   * A stream ends after this long; the client reconnects with Last-Event-ID (losing nothing) and
   * its credential is checked again, so a revoked key or an expired session stops receiving.
   */
  readonly maxMs: number;
  /** Events waiting for a slow client beyond this end the stream; it resumes from the outbox. */
  readonly maxQueued: number;
}

export const defaultConnectionOptions: ConnectionOptions = {
  heartbeatMs: 15_000,
  maxMs: 10 * 60_000,
  maxQueued: 1_000,
};

export interface StreamRequest {
  readonly orgId: number;
  readonly topics: ReadonlySet<StreamTopic>;
  /** Resume after this id; null: from now on. */
  readonly lastEventId: number | null;
}

// How soon a client should reconnect after the stream ends (the SSE `retry` field).
const RETRY_MS = 1_000;
const BACKLOG_PAGE = 200;

export function formatStreamEvent(event: StreamEvent): string {
  return sseBlock(event.id, event.kind, { ...event.data, at: event.at });
}

/**
 * The blocks of one client's stream: the backlog after Last-Event-ID (or a `resync` event when
 * it is older than the outbox keeps), then live events from the hub, heartbeats in between,
 * until the client leaves, the server closes or the stream's time is up.
 */
export async function* connectionStream(
  db: Kysely<DB>,
  hub: StreamHub,
  request: StreamRequest,
  signal: AbortSignal,
  options: ConnectionOptions = defaultConnectionOptions,
): AsyncGenerator<string> {
  const queue: StreamEvent[] = [];
  let overflowed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = await hub.subscribe(request.orgId, (event) => {
    if (!request.topics.has(event.topic)) return;
    if (queue.length >= options.maxQueued) overflowed = true;
    else queue.push(event);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  const endsAt = Date.now() + options.maxMs;
  try {
    yield `retry: ${RETRY_MS}\n\n`;
    // The backlog; the hub is already subscribed, so what commits meanwhile arrives twice at
    // most, and the ids sent here are skipped when the hub hands them over.
    const sent = new Set<number>();
    if (request.lastEventId !== null && request.lastEventId > 0) {
      const after = request.lastEventId;
      const range = await storedRange(db);
      // Events after the client's last one are all still here only if the oldest kept is not newer.
      if (range === null || range.min > after + 1) {
        yield sseBlock(range?.max ?? 0, 'resync', {
          reason: 'Events after Last-Event-ID are no longer kept: read the current state again.',
        });
      } else {
        let from = after;
        for (;;) {
          const page = await orgEventsAfter(db, request.orgId, from, BACKLOG_PAGE);
          for (const event of page) {
            from = event.id;
            if (!request.topics.has(event.topic)) continue;
            sent.add(event.id);
            yield formatStreamEvent(event);
          }
          if (page.length < BACKLOG_PAGE || signal.aborted) break;
        }
      }
    }
    let quietSince = Date.now();
    while (!signal.aborted && !overflowed) {
      const event = queue.shift();
      if (event) {
        if (sent.has(event.id)) continue;
        quietSince = Date.now();
        yield formatStreamEvent(event);
        continue;
      }
      const now = Date.now();
      if (now >= endsAt) return;
      if (now - quietSince >= options.heartbeatMs) {
        yield heartbeat;
        quietSince = now;
        continue;
      }
      const waitMs = Math.min(endsAt, quietSince + options.heartbeatMs) - now;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
