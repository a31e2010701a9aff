import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Database } from '../../db/connect.js';
import { countJobsByTypeAndState, type JobObserver } from '../../modules/jobs/index.js';
import { alertInstruments } from './alerts.js';
import { type AssistantInstruments, assistantInstruments } from './assistant.js';
import { type FeedObserver, feedInstruments } from './feeds.js';
import { jobInstruments } from './jobs.js';

export { type MetricsAccess, type MetricsCaller, metricsGate } from './access.js';
export type { AssistantInstruments } from './assistant.js';
export type { FeedIntakeOutcome, FeedObserver } from './feeds.js';
export { type HttpInstruments, httpInstruments, UNMATCHED_ROUTE } from './http.js';
export { OTHER_JOB_TYPE } from './jobs.js';

/** One process's (or one app's) Prometheus metrics. */
export interface Metrics {
  /** What GET /metrics serves: process, database pool and job metrics (HTTP ones once an app registers them). */
  readonly registry: Registry;
  /** Give it to the job queue's workers in this process, so their runs are counted. */
  readonly jobObserver: JobObserver;
  /** Give it to the feed routes of an app in this process. */
  readonly feedObserver: FeedObserver;
  /** Give it to the assistant of an app in this process (answers, model calls). */
  readonly assistant: AssistantInstruments;
}

export interface MetricsOptions {
  /** Pool usage and the queue depth are read from it at scrape time. */
  readonly database: Database;
  /** The job types this build defines; jobs of any other type are counted as `other`. */
  readonly jobTypes?: readonly string[];
  /** Where a failed scrape-time read is reported (the scrape still answers, without those figures). */
  readonly log?: { warn(details: object, message: string): void };
}

/**
 * A registry of its own (never prom-client's global one: tests build many apps in one process,
 * and two apps in one process must not share counters), holding the process metrics, the
 * database pool gauges and the job instruments.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  // The process metrics are shared: they describe the process, not an app.
  const registry = Registry.merge([processRegistry()]);
  const failures = new Counter({
    name: 'lanewise_metrics_collect_failures_total',
    // Read before the scrape's own reads finish: a failure shows from the next scrape on.
    help: 'Scrapes whose scrape-time read failed (the database did not answer), by collector; counted from the next scrape on',
    labelNames: ['collector'] as const,
    registers: [registry],
  });
  const failed = (collector: 'jobs' | 'alerts') => (error: unknown) => {
    failures.inc({ collector });
    options.log?.warn({ err: error, collector }, 'metrics: a scrape-time read failed');
  };
  failures.inc({ collector: 'jobs' }, 0);
  failures.inc({ collector: 'alerts' }, 0);

  const { database } = options;
  if (database.poolStats) poolGauges(registry, database.poolStats.bind(database));
  const jobObserver = jobInstruments(registry, {
    types: options.jobTypes ?? [],
    countJobs: () => countJobsByTypeAndState(database.db),
    onCountError: failed('jobs'),
  });
  alertInstruments(registry, {
    countAlerts: async () =>
      (
        await database.db
          .selectFrom('alerts')
          .select(['status', 'severity', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy(['status', 'severity'])
          .execute()
      ).map((r) => ({ status: r.status, severity: r.severity, count: Number(r.n) })),
    countDeliveries: async () =>
      (
        await database.db
          .selectFrom('alert_deliveries')
          .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('status')
          .execute()
      ).map((r) => ({ status: r.status, count: Number(r.n) })),
    onCountError: failed('alerts'),
  });
  return {
    registry,
    jobObserver,
    feedObserver: feedInstruments(registry),
    assistant: assistantInstruments(registry),
  };
}

function poolGauges(registry: Registry, poolStats: NonNullable<Database['poolStats']>): void {
  new Gauge({
    name: 'lanewise_db_pool_connections',
    help: 'Database connections of this process by state: busy (a query holds it or it is being opened) or idle',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const current = poolStats();
      if (current === null) return this.reset();
      this.set({ state: 'busy' }, current.total - current.idle);
      this.set({ state: 'idle' }, current.idle);
    },
  });
  new Gauge({
    name: 'lanewise_db_pool_max_connections',
    help: 'The most connections the pool of this process opens',
    registers: [registry],
    collect() {
      const current = poolStats();
      if (current === null) return this.reset();
      this.set(current.max);
    },
  });
  new Gauge({
    name: 'lanewise_db_pool_waiting_queries',
    help: 'Queries of this process waiting for a database connection (the pool is full and busy)',
    registers: [registry],
    collect() {
      const current = poolStats();
      if (current === null) return this.reset();
      this.set(current.waiting);
    },
  });
}

let processMetrics: Registry | undefined;

// collectDefaultMetrics starts a GC observer and an event-loop monitor that are never stopped:
// once per process, however many apps it builds.
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
