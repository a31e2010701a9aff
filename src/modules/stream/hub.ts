import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../db/types.js';
import { eventsAfter, eventsWithIds, type StreamEvent, storedRange } from './outbox.js';
import { onStreamWrite } from './wake.js';

export interface HubOptions {
  /** How often the outbox is read when no hint came (events written by a process not on Redis). */
  readonly pollMs: number;
  /**
   * How long an id below the newest one seen is waited for. On PostgreSQL and MariaDB an id is
   * taken at insert and becomes visible at commit, so a later id can be seen first; a gap is
   * also what a rolled-back insert leaves, so it cannot be waited for forever.
   */
  readonly gapGraceMs: number;
}

export const defaultHubOptions: HubOptions = { pollMs: 1_000, gapGraceMs: 30_000 };

type Listener = (event: StreamEvent) => void;

// Rows read per query; a burst is read in several.
const PAGE = 500;
// After a hint, look again this often for this long: the hint is sent before its commit.
const HINT_POLL_MS = 20;
const HINT_WINDOW_MS = 500;
// A jump larger than this is a sequence skipping ids (a cache, an increment), not writes in flight.
const MAX_GAP = 1_000;

/**
 * One process's reader of the outbox: it reads every organization's new events once and hands
 * them to the streams of that organization open here. It runs while at least one stream is
 * subscribed. Events are delivered once each, in the order they became visible.
 */
export class StreamHub {
  private readonly listeners = new Map<number | 'all', Set<Listener>>();
  private subscribed = 0;
  private maxSeen: number | null = null;
  /** Ids below maxSeen not seen yet, with when the gap was first noticed. */
  private readonly missing = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private hintedAt = 0;
  private polling: Promise<void> | undefined;
  private stopHints: (() => void) | undefined;
  private starting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log: Logger,
    private readonly options: HubOptions = defaultHubOptions,
  ) {}

  /**
   * Delivers the organization's events (or every organization's, `'all'`: the alert triggers)
   * that become visible from now on to `listener`; resolves
   * once the hub has its starting point (so a backlog read after this overlaps, never misses).
   * Returns the unsubscribe.
   */
  async subscribe(orgId: number | 'all', listener: Listener): Promise<() => void> {
    if (this.closed) throw new Error('stream hub is closed');
    const set = this.listeners.get(orgId) ?? new Set<Listener>();
    this.listeners.set(orgId, set);
    set.add(listener);
    this.subscribed++;
    if (this.maxSeen === null) await this.start();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(orgId);
      if (--this.subscribed === 0) this.stop();
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stop();
    await this.polling;
  }

  private async start() {
    this.starting ??= (async () => {
      const range = await storedRange(this.db);
      this.maxSeen = range?.max ?? 0;
      this.stopHints = onStreamWrite(() => {
        this.hintedAt = Date.now();
        this.schedule(0);
      });
      this.schedule(this.options.pollMs);
    })().finally(() => {
      this.starting = undefined;
    });
    await this.starting;
  }

  private stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopHints?.();
    this.stopHints = undefined;
    this.maxSeen = null;
    this.missing.clear();
  }

  private schedule(delayMs: number) {
    if (this.maxSeen === null) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.polling) return; // the running read schedules the next one
      this.polling = this.poll()
        .catch((error: unknown) => this.log.warn({ err: error }, 'live updates: reading the outbox failed'))
        .finally(() => {
          this.polling = undefined;
          const hinted = Date.now() - this.hintedAt < HINT_WINDOW_MS;
          if (this.timer === undefined) this.schedule(hinted ? HINT_POLL_MS : this.options.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async poll() {
    for (;;) {
      const maxSeen = this.maxSeen;
      if (maxSeen === null) return;
      const events = await eventsAfter(this.db, maxSeen, PAGE);
      if (this.maxSeen !== maxSeen) return; // stopped (and maybe restarted) meanwhile
      const now = Date.now();
      for (const event of events) {
        const from = this.maxSeen + 1;
        if (event.id - from <= MAX_GAP) for (let id = from; id < event.id; id++) this.missing.set(id, now);
        this.maxSeen = event.id;
        this.deliver(event);
      }
      if (events.length < PAGE) break;
    }
    if (this.missing.size === 0) return;
    const ids = [...this.missing.keys()];
    for (let i = 0; i < ids.length; i += PAGE) {
      for (const event of await eventsWithIds(this.db, ids.slice(i, i + PAGE))) {
        if (this.missing.delete(event.id)) this.deliver(event);
      }
    }
    const giveUp = Date.now() - this.options.gapGraceMs;
    for (const [id, since] of this.missing) if (since < giveUp) this.missing.delete(id);
  }

  private deliver(event: StreamEvent) {
    for (const listener of [
      ...(this.listeners.get(event.orgId) ?? []),
      ...(this.listeners.get('all') ?? []),
    ]) {
      try {
        listener(event);
      } catch (error) {
        this.log.warn({ err: error }, 'live updates: a stream failed to take an event');
      }
    }
  }
}
