import { setTimeout as sleep } from 'node:timers/promises';
import { heartbeat, sseBlock } from '../../lib/sse.js';
import type { JobEvent } from './contract.js';

/**
 * A job's events as a server-sent event stream (text/event-stream). The job's events are rows
 * (job_events), written by whichever process runs the job, so the stream reads them from the
 * database: every API process can serve any job's stream, whichever backend dispatches it.
 */

/** What the stream reads: the job's events after an id, and whether the job has finished. */
export interface EventReader {
  eventsAfter(afterEventId: number, limit: number): Promise<readonly JobEvent[]>;
  /** True once the job has finished (or is gone): no more events will follow. */
  finished(): Promise<boolean>;
}

export interface StreamOptions {
  /** How long to wait before looking for new events again when there were none. */
  readonly pollMs: number;
  /** A comment line goes out when nothing else did for this long (proxies drop idle streams). */
  readonly heartbeatMs: number;
}

export const defaultStreamOptions: StreamOptions = { pollMs: 250, heartbeatMs: 15_000 };

// Events read per query; a long backlog (a reconnect after hours) goes out in several reads.
const BATCH = 200;

/** A job event as an SSE block; `data` carries the event's time. */
export function formatEvent(event: JobEvent): string {
  return sseBlock(event.id, event.kind, { ...event.data, at: event.at });
}

export { heartbeat };

/**
 * The blocks of a job's stream after `afterEventId`, until the job has finished and every event
 * was sent, or `signal` fires (the client left, the server closes). The client resumes with
 * Last-Event-ID, so a stream cut anywhere loses nothing.
 *
 * A job's events come from one worker at a time, one write after the other, so ids arrive in
 * order and "after the last id sent" never skips one. Once the job is seen finished, the events
 * written before its final state are read once more: they may have committed after the read
 * that preceded the check.
 */
export async function* eventStream(
  reader: EventReader,
  afterEventId: number,
  signal: AbortSignal,
  options: StreamOptions = defaultStreamOptions,
): AsyncGenerator<string> {
  let last = afterEventId;
  let quietSince = Date.now();
  while (!signal.aborted) {
    const events = await reader.eventsAfter(last, BATCH);
    for (const event of events) {
      yield formatEvent(event);
      last = event.id;
    }
    if (events.length === BATCH) continue;
    if (events.length > 0) quietSince = Date.now();
    else if (await reader.finished()) {
      for (;;) {
        const rest = await reader.eventsAfter(last, BATCH);
        for (const event of rest) {
          yield formatEvent(event);
          last = event.id;
        }
        if (rest.length < BATCH) return;
      }
    }
    if (Date.now() - quietSince >= options.heartbeatMs) {
      yield heartbeat;
      quietSince = Date.now();
    }
    await sleep(options.pollMs, undefined, { signal }).catch(() => undefined);
  }
}
