import { Counter, Histogram, type Registry } from 'prom-client';

/** What the feed intake reports per request: each event's outcome, and how late the applied ones came. */
export interface FeedObserver {
  observe(feed: { readonly shape: string }, outcome: FeedIntakeOutcome): void;
}

export interface FeedIntakeOutcome {
  readonly applied: number;
  readonly quarantined: number;
  readonly duplicates: number;
  /** For each applied event: seconds from when it happened to when it was stored. */
  readonly lagSeconds: readonly number[];
}

// From a tracker's live position (seconds) to a carrier's end-of-day batch (a day).
const LAG_BUCKETS = [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

/**
 * `lanewise_feed_events_total{shape,result}` (applied, quarantined, duplicate) and
 * `lanewise_feed_event_lag_seconds{shape}`: how long after it happened an event reached
 * Lanewise — the figure that says whether "live" is live. By the feed's shape, not its name or
 * id: those are an organization's data and would multiply the series without bound.
 */
export function feedInstruments(registry: Registry): FeedObserver {
  const events = new Counter({
    name: 'lanewise_feed_events_total',
    help: 'Events taken in by feeds (webhook posts and MQTT messages) in this process, by feed shape and result (applied, quarantined, duplicate)',
    labelNames: ['shape', 'result'] as const,
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'lanewise_feed_event_lag_seconds',
    help: 'Seconds from when an applied feed event happened (its occurredAt) to when it was stored, by feed shape',
    labelNames: ['shape'] as const,
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  return {
    observe({ shape }, outcome) {
      events.inc({ shape, result: 'applied' }, outcome.applied);
      events.inc({ shape, result: 'quarantined' }, outcome.quarantined);
      events.inc({ shape, result: 'duplicate' }, outcome.duplicates);
      // An event stamped a little ahead (a sender's fast clock) counts as on time, not negative.
      for (const seconds of outcome.lagSeconds) lag.observe({ shape }, Math.max(0, seconds));
    },
  };
}
