import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { DB } from '../../db/types.js';

/**
 * The job interface every module uses (issue #8, ADR 0013). A module defines a job type with
 * `defineJob` and lists it in `src/jobs.ts`; anything may then `enqueue` it.
 *
 * DELIVERY IS AT LEAST ONCE. A job runs again when its worker dies, its lease expires or it
 * throws, so every handler must be idempotent: running it twice must leave the same effect as
 * running it once (write rows keyed by something stable such as the job id, upsert instead of
 * insert, check before sending). The queue never promises exactly once.
 */

export type JobState = 'queued' | 'running' | 'succeeded' | 'dead' | 'cancelled';
export const jobStates: readonly JobState[] = ['queued', 'running', 'succeeded', 'dead', 'cancelled'];
/** States a job never leaves on its own (retry moves dead or cancelled back to queued). */
export const finishedStates: readonly JobState[] = ['succeeded', 'dead', 'cancelled'];

/** How far a running job has come; `done` of `total` `unit`s ("rows", "series"...). */
export interface Progress {
  readonly done: number;
  readonly total?: number;
  readonly unit: string;
  readonly message?: string;
}

/** What a handler receives. */
export interface JobContext<P> {
  readonly jobId: number;
  /** The payload, parsed by the job type's schema. */
  readonly payload: P;
  /** The organization the job belongs to; null for installation jobs (housekeeping). */
  readonly orgId: number | null;
  /** 1 on the first run, 2 on the first retry... */
  readonly attempt: number;
  /**
   * Fires when the job is cancelled, its timeout passes, its lease is lost (another worker may
   * already run it) or the worker shuts down past its grace period. A handler checks it between
   * steps and stops; work done before it stops must be safe to repeat.
   */
  readonly signal: AbortSignal;
  /** Reports progress; cheap to call often (writes are throttled). */
  progress(progress: Progress): void;
  readonly db: Kysely<DB>;
  /** Bound to the job id and type; the payload is never logged. */
  readonly log: Logger;
}

/** A small JSON summary a handler returns ("inserted 1,204 rows"); shown by the API. */
export type JobResult = Readonly<Record<string, unknown>>;

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** `<module>.<verb>`, e.g. `housekeeping.idempotency-keys`; stable: stored with each job. */
  readonly type: string;
  /** Validates the payload at enqueue (refused there) and again before each run. */
  readonly payload: S;
  /** Attempts before the job is dead-lettered (default 5). */
  readonly maxAttempts?: number;
  /** Retry delay: base × 2^(attempt-1), capped at max, with full jitter (defaults 1 s, 10 min). */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** The signal fires after this long; the attempt then fails (default: no timeout). */
  readonly timeoutMs?: number;
  /** Must be idempotent (see the top of this file). */
  handle(context: JobContext<z.output<S>>): Promise<JobResult | undefined> | Promise<void>;
}

/** A cron schedule of an installation job: fires once per tick however many workers run. */
export interface ScheduleDefinition {
  /** Unique; the row in job_schedules. */
  readonly name: string;
  /** Five-field cron syntax, UTC (e.g. `17 * * * *`). */
  readonly cron: string;
  readonly type: string;
  readonly payload: unknown;
}

export interface EnqueueOptions {
  /** The owning organization; null for installation jobs. */
  readonly orgId: number | null;
  /** Not before this instant (default now). */
  readonly runAt?: Date;
  /** Higher runs first among due jobs (integer -1000..1000, default 0). */
  readonly priority?: number;
  /** Overrides the type's default (1..100). */
  readonly maxAttempts?: number;
  /**
   * While a job of the same organization, type and key is queued or running, enqueue returns
   * that job instead of adding another (1..200 characters).
   */
  readonly dedupeKey?: string;
  /** Who asked: `user:<id>`, `api_key:<id>`, `schedule:<name>` or `system`. */
  readonly createdBy?: string;
}

export interface Attempt {
  readonly attempt: number;
  readonly worker: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly outcome: 'succeeded' | 'failed' | 'cancelled' | 'lease-expired' | 'released' | null;
  readonly error: JobError | null;
}

/** A failure as stored and shown: a stable code and a message, never a stack trace. */
export interface JobError {
  readonly code: string;
  readonly message: string;
}

/** A job as the API and the CLI show it (the payload is not shown). */
export interface Job {
  readonly id: number;
  readonly type: string;
  readonly state: JobState;
  readonly priority: number;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly dedupeKey: string | null;
  readonly cancelRequested: boolean;
  readonly runAt: string;
  readonly progress: (Progress & { readonly at: string }) | null;
  readonly result: JobResult | null;
  readonly error: JobError | null;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export interface EnqueueResult {
  readonly job: Job;
  /** false when a dedupe key matched a queued or running job (that job is returned). */
  readonly created: boolean;
}

/** One entry of a job's event stream (SSE): its id is what Last-Event-ID resumes from. */
export interface JobEvent {
  readonly id: number;
  readonly kind: 'state' | 'progress';
  readonly data: Readonly<Record<string, unknown>>;
  readonly at: string;
}

/** What a worker reports as it runs jobs (metrics listen here). */
export interface JobObserver {
  started(type: string, attempt: number): void;
  finished(
    type: string,
    outcome: 'succeeded' | 'failed' | 'cancelled' | 'released',
    durationMs: number,
  ): void;
  retried(type: string): void;
  deadLettered(type: string): void;
}

export interface WorkerOptions {
  /** Jobs this worker runs at once. */
  readonly concurrency: number;
  /** Only these job types (default: every registered type). */
  readonly types?: readonly string[];
  /** Shown in attempts and leases (default: hostname:pid:random). */
  readonly id?: string;
}

export interface Worker {
  readonly id: string;
  /** Jobs running in this worker now. */
  running(): number;
  /**
   * Stops claiming; waits up to graceMs for running jobs, then fires their signals and releases
   * them (state queued, attempt not counted as a failure) so another worker takes them.
   */
  stop(graceMs: number): Promise<void>;
}

/**
 * Whose jobs a read or a command may touch: an organization's (every API route; the organization
 * comes from the token), or 'all' for the installation's operator (the CLI), who also sees
 * installation jobs.
 */
export type JobScope = { readonly orgId: number } | 'all';

export interface JobFilters {
  readonly type?: string;
  readonly state?: JobState;
  /** created_at ≥ createdFrom and < createdTo. */
  readonly createdFrom?: Date;
  readonly createdTo?: Date;
}

/** The queue: one per process, created by `createJobQueue`, on either backend. */
export interface JobQueue {
  readonly backend: 'database' | 'bullmq';
  /**
   * Adds a job (or returns the queued/running one with the same dedupe key). Refuses an unknown
   * type (JOBS_UNKNOWN_TYPE), a payload its schema rejects (JOBS_INVALID_PAYLOAD) and options
   * out of range (JOBS_INVALID_OPTIONS). The job is durably stored when this resolves.
   */
  enqueue(type: string, payload: unknown, options: EnqueueOptions): Promise<EnqueueResult>;
  /** Queued: never runs (cancelled now). Running: its signal fires; it ends cancelled. */
  cancel(scope: JobScope, id: number): Promise<Job>;
  /** A dead or cancelled job runs again, with a fresh set of attempts. */
  retry(scope: JobScope, id: number): Promise<Job>;
  /** Starts a worker in this process (schedules are ticked by every worker). */
  startWorker(options: WorkerOptions): Worker;
  /** null when the backend answers; otherwise why not (for /readyz). */
  health(): Promise<string | null>;
  /** Stops this process's workers (see Worker.stop) and closes backend connections. */
  close(graceMs?: number): Promise<void>;
}
