import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { type JobCount, type JobObserver, jobStates } from '../../modules/jobs/index.js';

/** The type label of jobs whose type this build does not define (a type since removed). */
export const OTHER_JOB_TYPE = 'other';

// From no-op jobs (milliseconds) to imports and forecast runs (many minutes).
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

export interface JobInstrumentsOptions {
  /** The job types this build defines: the only values the type label takes besides `other`. */
  readonly types: readonly string[];
  /** Jobs by type and state now (read at scrape time). */
  readonly countJobs: () => Promise<readonly JobCount[]>;
  /** Told when counting fails; the depth gauge then reports nothing for that scrape. */
  readonly onCountError: (error: unknown) => void;
}

/**
 * Registers the job instruments and returns the observer a worker reports to:
 * `lanewise_job_duration_seconds{type,outcome}`, `lanewise_job_attempts_total{type}`,
 * `lanewise_job_failures_total{type}`, `lanewise_job_retries_total{type}`,
 * `lanewise_job_dead_letters_total{type}` (counted by the process that ran the attempt), and
 * `lanewise_jobs{type,state}`, the queue depth, counted in the jobs table at scrape time (the
 * same installation-wide figure from every process: aggregate it with max, not sum).
 */
export function jobInstruments(registry: Registry, options: JobInstrumentsOptions): JobObserver {
  const known = new Set(options.types);
  const label = (type: string) => (known.has(type) ? type : OTHER_JOB_TYPE);
  const types = [...known, OTHER_JOB_TYPE];

  const duration = new Histogram({
    name: 'lanewise_job_duration_seconds',
    help: 'Run time of job attempts in this process, by type and outcome (succeeded, failed, cancelled, released)',
    labelNames: ['type', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['type'] as const, registers: [registry] });
  const attempts = counter('lanewise_job_attempts_total', 'Job attempts this process started, by type');
  const failures = counter(
    'lanewise_job_failures_total',
    'Job attempts that failed in this process (the handler threw or timed out), by type',
  );
  const retries = counter(
    'lanewise_job_retries_total',
    'Failed jobs this process scheduled to run again, by type',
  );
  const deadLetters = counter(
    'lanewise_job_dead_letters_total',
    'Jobs this process moved to dead after their last attempt failed, by type',
  );
  // Every known type starts at 0, so rate() and increase() see the first failure.
  for (const type of types) {
    for (const c of [attempts, failures, retries, deadLetters]) c.inc({ type }, 0);
  }

  new Gauge({
    name: 'lanewise_jobs',
    help: 'Jobs in the jobs table by type and state, all organizations (the queue depth)',
    labelNames: ['type', 'state'] as const,
    registers: [registry],
    async collect() {
      let counts: readonly JobCount[];
      try {
        counts = await options.countJobs();
      } catch (error) {
        // Nothing rather than stale or zero figures: dashboards show a gap, alerts on absent() fire.
        this.reset();
        options.onCountError(error);
        return;
      }
      const depth = new Map(types.map((type) => [type, new Map(jobStates.map((state) => [state, 0]))]));
      for (const c of counts) {
        const byState = depth.get(label(c.type));
        // A state outside the enumeration cannot be stored (the jobs code writes only these).
        if (byState?.has(c.state)) byState.set(c.state, (byState.get(c.state) ?? 0) + c.count);
      }
      for (const [type, byState] of depth) {
        for (const [state, value] of byState) this.set({ type, state }, value);
      }
    },
  });

  return {
    started(type) {
      attempts.inc({ type: label(type) });
    },
    finished(type, outcome, durationMs) {
      duration.observe({ type: label(type), outcome }, durationMs / 1000);
      if (outcome === 'failed') failures.inc({ type: label(type) });
    },
    retried(type) {
      retries.inc({ type: label(type) });
    },
    deadLettered(type) {
      deadLetters.inc({ type: label(type) });
    },
  };
}
