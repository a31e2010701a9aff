import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type { JobDefinition, JobError, JobObserver, Progress } from './contract.js';
import { type JobRegistry, jobDefaults } from './define.js';
import type { AnnouncedJob, ClaimedJob } from './dispatch.js';
import { progressWriter } from './progress.js';
import { cancelRun, failJob, heartbeat, type Lease, releaseJob, succeedJob } from './store.js';

/**
 * Runs claimed jobs: parses the payload, calls the handler with a signal, keeps the lease alive,
 * and stores how the attempt ended. The worker's only writer of attempt outcomes.
 */
export interface RunnerOptions {
  readonly db: Kysely<DB>;
  readonly registry: JobRegistry;
  readonly workerId: string;
  readonly leaseMs: number;
  readonly log: Logger;
  readonly observer?: JobObserver | undefined;
  /** A retried or released job is due again: the dispatcher delivers it. */
  readonly announce: (job: AnnouncedJob) => Promise<void>;
  /** For the jitter of retry delays. */
  readonly random?: () => number;
}

export interface Runner {
  /** Runs one claimed job to its end; never throws. */
  execute(job: ClaimedJob): Promise<void>;
  running(): number;
  /** Fires the signal of a job running here (a cancel asked in this process); false if it is not here. */
  cancel(jobId: number): boolean;
  /** Fires every running job's signal; each is released (queued again for another worker). */
  releaseAll(): void;
  /** Resolves when no job runs here any more. */
  idle(): Promise<void>;
}

type AbortReason = 'cancel' | 'timeout' | 'lease-lost' | 'shutdown';

/** Bounds of what a run leaves in its row. */
const RESULT_MAX_BYTES = 16 * 1024;
const MESSAGE_MAX = 1_000;
/** After its signal fired, how long a handler may take to return before its outcome is written anyway. */
const ABORT_GRACE_MS = 2_000;

export function createRunner(options: RunnerOptions): Runner {
  const { db, registry, workerId, leaseMs, observer, announce } = options;
  const random = options.random ?? Math.random;
  const active = new Map<number, (reason: AbortReason) => void>();
  const runs = new Set<Promise<void>>();

  async function run(job: ClaimedJob): Promise<void> {
    const lease: Lease = { jobId: job.id, attempt: job.attempts, workerId };
    const log = options.log.child({ jobId: job.id, jobType: job.type, attempt: job.attempts });
    const startedAt = Date.now();
    const finish = (outcome: 'succeeded' | 'failed' | 'cancelled' | 'released') =>
      observer?.finished(job.type, outcome, Date.now() - startedAt);
    observer?.started(job.type, job.attempts);

    const definition = registry.get(job.type);
    if (!definition) {
      await fail({ code: 'JOBS_UNKNOWN_TYPE', message: `No handler for job type ${job.type}.` }, true);
      return;
    }
    if (job.cancel_requested === 1) {
      if (await cancelRun(db, lease, new Date())) finish('cancelled');
      return;
    }
    const parsed = parsePayload(definition, job.payload);
    if (!parsed.ok) {
      // The schema changed since the job was added: running it again cannot help.
      await fail(parsed.error, true);
      return;
    }

    const controller = new AbortController();
    let reason: AbortReason | null = null;
    let abortedNow: () => void = () => undefined;
    const aborted = new Promise<void>((resolve) => {
      abortedNow = resolve;
    });
    const abort = (why: AbortReason) => {
      if (reason !== null) return;
      reason = why;
      controller.abort(new Error(`job ${why}`));
      abortedNow();
    };
    active.set(job.id, abort);
    const timeout =
      definition.timeoutMs === undefined
        ? undefined
        : setTimeout(() => abort('timeout'), definition.timeoutMs);
    const stopHeartbeat = keepLease(lease, abort, log);
    const progress = progressWriter(db, lease, log);

    // Through a promise, so a handler that throws synchronously is a failed attempt like any other.
    const handled = Promise.resolve()
      .then(
        (): Promise<unknown> =>
          definition.handle({
            jobId: job.id,
            payload: parsed.payload,
            orgId: job.org_id,
            attempt: job.attempts,
            signal: controller.signal,
            progress: (p: Progress) => progress.report(p),
            db,
            log,
          }),
      )
      .then(
        (result) => ({ ok: true as const, result }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    let settled = await Promise.race([handled, aborted.then(() => null)]);
    if (settled === null) {
      // Give a handler that honours its signal a moment to stop before its outcome is written.
      settled = await Promise.race([handled, delay(ABORT_GRACE_MS).then(() => null)]);
    }
    clearTimeout(timeout);
    stopHeartbeat();
    active.delete(job.id);
    await progress.flush();

    const now = new Date();
    const why = reason as AbortReason | null;
    if (settled?.ok) {
      if (await succeedJob(db, lease, boundedResult(settled.result), now)) finish('succeeded');
      else log.warn('the job succeeded after its lease was lost; another worker may run it again');
      return;
    }
    if (why === 'cancel') {
      if (await cancelRun(db, lease, now)) finish('cancelled');
      return;
    }
    if (why === 'shutdown') {
      if (await releaseJob(db, lease, now)) {
        finish('released');
        await announce({ id: job.id, type: job.type, runAt: now, priority: job.priority }).catch(
          (error: unknown) => log.warn({ err: error }, 'could not announce a released job'),
        );
      }
      return;
    }
    if (why === 'lease-lost') {
      log.warn('the job lost its lease; another worker may already run it');
      finish('released');
      return;
    }
    if (why === 'timeout') {
      await fail({
        code: 'JOBS_TIMEOUT',
        message: `The job ran longer than its ${definition.timeoutMs} ms timeout.`,
      });
      return;
    }
    const error = settled?.error;
    // The stack goes to the worker's log only; the job keeps the code and message.
    log.error({ err: error }, 'job attempt failed');
    await fail(toJobError(error));

    async function fail(error: JobError, final = false) {
      const backoff = definition?.backoff ?? jobDefaults.backoff;
      const retryAt = new Date(Date.now() + retryDelay(job.attempts, backoff, random));
      const outcome = await failJob(db, lease, { error, retryAt, final, now: new Date() });
      if (outcome === 'lost') return;
      finish(outcome === 'cancelled' ? 'cancelled' : 'failed');
      if (outcome === 'dead') observer?.deadLettered(job.type);
      if (outcome === 'retry') {
        observer?.retried(job.type);
        await announce({ id: job.id, type: job.type, runAt: retryAt, priority: job.priority }).catch(
          (err: unknown) => log.warn({ err }, 'could not announce a retry'),
        );
      }
    }
  }

  /** Heartbeats every min(lease/3, 1 s): how a cancel asked in another process reaches the run. */
  function keepLease(lease: Lease, abort: (why: AbortReason) => void, log: Logger): () => void {
    let lastHeld = Date.now();
    let inFlight = false;
    const timer = setInterval(
      async () => {
        if (inFlight) return;
        inFlight = true;
        try {
          const beat = await heartbeat(db, lease, { leaseMs, now: new Date() });
          if (!beat.held) abort('lease-lost');
          else if (beat.cancelRequested) abort('cancel');
          else lastHeld = Date.now();
        } catch (error) {
          log.warn({ err: error }, 'heartbeat failed');
          if (Date.now() - lastHeld > leaseMs) abort('lease-lost');
        } finally {
          inFlight = false;
        }
      },
      Math.min(leaseMs / 3, 1_000),
    );
    return () => clearInterval(timer);
  }

  return {
    execute(job) {
      const done = run(job).catch((error: unknown) => {
        // A database failure while recording the outcome: the lease runs out and the job runs again.
        options.log.error({ err: error, jobId: job.id }, 'could not record the outcome of a job');
      });
      runs.add(done);
      void done.finally(() => runs.delete(done));
      return done;
    },
    running: () => runs.size,
    cancel(jobId) {
      const abort = active.get(jobId);
      abort?.('cancel');
      return abort !== undefined;
    },
    releaseAll() {
      for (const abort of active.values()) abort('shutdown');
    },
    async idle() {
      while (runs.size > 0) await Promise.allSettled([...runs]);
    },
  };
}

/** Full jitter: uniform in [0, min(max, base·2^(attempt-1))]. */
export function retryDelay(
  attempt: number,
  backoff: { baseMs: number; maxMs: number },
  random: () => number,
): number {
  const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}

/** A failure as the job shows it: an AppError keeps its code; anything else is INTERNAL_ERROR. */
export function toJobError(error: unknown): JobError {
  if (error instanceof AppError) return { code: error.code, message: truncate(error.message) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', message: truncate(message || 'The job failed without a message.') };
}

function parsePayload(
  definition: JobDefinition,
  text: string,
): { ok: true; payload: unknown } | { ok: false; error: JobError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'JOBS_INVALID_PAYLOAD', message: 'The stored payload is not JSON.' } };
  }
  const parsed = definition.payload.safeParse(value);
  if (parsed.success) return { ok: true, payload: parsed.data };
  // Paths and messages only: values could be anything the caller put in the payload.
  const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return {
    ok: false,
    error: {
      code: 'JOBS_INVALID_PAYLOAD',
      message: truncate(
        `The payload no longer matches the schema of ${definition.type}: ${fields.join('; ')}`,
      ),
    },
  };
}

function boundedResult(result: unknown): string | null {
  if (result === undefined || result === null) return null;
  const text = JSON.stringify(result);
  const bytes = Buffer.byteLength(text);
  return bytes <= RESULT_MAX_BYTES ? text : JSON.stringify({ truncated: true, bytes });
}

function truncate(text: string): string {
  return text.length <= MESSAGE_MAX ? text : `${text.slice(0, MESSAGE_MAX - 1)}…`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
