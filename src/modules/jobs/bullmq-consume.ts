import { type Job as BullJob, Worker as BullWorker, DelayedError } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../db/types.js';
import type { Dialect } from '../../db/url.js';
import { type ClaimedJob, type ClaimOne, type ConsumeOptions, type Consumer, claimJob } from './backend.js';
import { closeConnection, openConsumer, watchConnection, withTimeout } from './bullmq-redis.js';

/** What a BullMQ job carries: only the id of the jobs row, which holds everything else. */
export interface Delivery {
  readonly id: number;
}

export interface ConsumerSetup {
  readonly redisUrl: string;
  readonly address: string;
  readonly prefix: string;
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly leaseMs: number;
  readonly orgConcurrency: number;
  readonly log: Logger;
  /** Re-announces due jobs Redis does not hold (see reconcile in bullmq-dispatch.ts). */
  readonly reconcile: () => Promise<void>;
  readonly reconcileMs: number;
}

/** How long stop() waits for Workers to let go before dropping their connection. */
const CLOSE_TIMEOUT_MS = 3_000;

/**
 * Delivers jobs from Redis to `execute` (ADR 0013, "BullMQ backend"). One BullMQ Worker per job
 * type; each delivered id is claimed in the database, and only a claimed job runs. The BullMQ
 * job is acknowledged as soon as the claim answers: from then on the row's lease is what keeps
 * the job, so Redis holds only jobs nobody has claimed yet.
 *
 * The process-wide limit (`concurrency` across every type) is a counter of held slots. When it
 * is full every Worker is paused, so an idle process elsewhere gets the next job straight from
 * Redis; a job that still arrives (a fetch that was already under way) goes back to the front of
 * its queue at once.
 */
export function consumeFromRedis(
  setup: ConsumerSetup,
  options: ConsumeOptions,
  execute: (job: ClaimedJob) => Promise<void>,
): Consumer {
  const { db, log } = setup;
  const connection = openConsumer(setup.redisUrl);
  let stopping = false;
  /** Slots taken: claims under way plus jobs running. */
  let held = 0;
  const claims = new Set<Promise<unknown>>();

  const reconcileSoon = () => {
    if (!stopping) void runReconcile();
  };
  watchConnection(connection, log, { redis: setup.address, connection: 'consumer' }, reconcileSoon);

  const workers = options.types.map((type) => {
    const worker = new BullWorker<Delivery>(type, (job, token) => deliver(job, token), {
      connection,
      prefix: setup.prefix,
      concurrency: options.concurrency,
      // The lock covers only the claim (a few ms; renewed while it runs); if this process dies
      // in between, another Worker puts the job back after this long.
      lockDuration: 10_000,
      stalledInterval: 10_000,
    });
    // Connection errors are logged once per outage by watchConnection; anything else here is
    // BullMQ reporting a command it could not finish (a lock lost while Redis was away...).
    worker.on('error', (error) => {
      if (!isConnectionError(error)) log.warn({ err: error.message, queue: type }, 'bullmq worker error');
    });
    return worker;
  });

  const full = () => held >= options.concurrency;
  const release = () => {
    held--;
    if (stopping || full()) return;
    for (const worker of workers) if (worker.isPaused()) void worker.resume();
  };

  async function deliver(job: BullJob<Delivery>, token: string | undefined): Promise<void> {
    if (stopping || full()) {
      // Back to the front of its queue for another process (or for us once a slot frees).
      await job.moveToWait(token);
      throw new DelayedError();
    }
    const id = job.data?.id;
    if (!Number.isSafeInteger(id)) {
      // Not one of ours (another program writing under our prefix): drop it.
      log.warn({ queue: job.queueName, bullJob: job.id }, 'dropped a BullMQ job without a job id');
      return;
    }
    held++;
    if (full()) for (const worker of workers) worker.pause(true).catch(() => undefined);
    const claim = claimDelivered(id);
    claims.add(claim);
    const answer = await claim.finally(() => claims.delete(claim));
    if ('claimed' in answer) {
      // The slot stays held until the run ends; the BullMQ job is done (and removed) now.
      void execute(answer.claimed)
        .catch((error: unknown) =>
          log.error({ err: error, jobId: answer.claimed.id }, 'job execution failed'),
        )
        .finally(release);
      return;
    }
    release();
    // Gone (finished, cancelled, unknown, or running under a live lease): nothing to deliver.
    if ('gone' in answer) return;
    const until =
      'notDueUntil' in answer
        ? answer.notDueUntil.getTime()
        : 'orgBusy' in answer
          ? Date.now() + orgBusyDelay(job.attemptsStarted)
          : // The claim failed (the database is away...): ask again shortly. Should even this
            // fail, BullMQ drops the job and the reconcile announces it again later.
            Date.now() + 1_000 + Math.random() * 1_000;
    await job.moveToDelayed(until, token);
    throw new DelayedError();
  }

  async function claimDelivered(jobId: number): Promise<ClaimOne | { readonly failed: true }> {
    try {
      return await claimJob(db, setup.dialect, {
        jobId,
        workerId: options.workerId,
        leaseMs: setup.leaseMs,
        orgConcurrency: setup.orgConcurrency,
        now: new Date(),
      });
    } catch (error) {
      log.warn({ err: error, jobId }, 'could not claim a delivered job; retrying shortly');
      return { failed: true };
    }
  }

  // The reconcile runs in every consumer; each pass is one indexed query plus no-op adds for
  // jobs Redis already holds, so several consumers running it costs little.
  let reconciling: Promise<void> | null = null;
  function runReconcile(): Promise<void> {
    reconciling ??= setup
      .reconcile()
      .catch((error: unknown) => log.warn({ err: error }, 'job reconcile failed; next pass retries'))
      .finally(() => {
        reconciling = null;
      });
    return reconciling;
  }
  const timer = setInterval(reconcileSoon, setup.reconcileMs);
  timer.unref();
  reconcileSoon();

  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= (async () => {
        stopping = true;
        clearInterval(timer);
        // A claim under way still delivers its job (it is leased to this worker by then).
        await withTimeout(Promise.allSettled([...claims]), CLOSE_TIMEOUT_MS, 'claims').catch(() => undefined);
        // With Redis away a graceful close would wait for it (QUIT is queued until it returns).
        const force = connection.status !== 'ready';
        const closing = Promise.all(workers.map((worker) => worker.close(force)));
        try {
          await withTimeout(closing, CLOSE_TIMEOUT_MS, 'workers did not close');
        } catch {
          // Redis left while closing: dropping the sockets fails the commands that wait on
          // them (each drop is bounded too: ioredis may never report the end of a dead socket).
          connection.disconnect();
          const dropping = Promise.all(workers.map((worker) => worker.disconnect().catch(() => undefined)));
          await withTimeout(
            Promise.all([closing, dropping]),
            CLOSE_TIMEOUT_MS,
            'workers did not close',
          ).catch(() => undefined);
        }
        await withTimeout(reconciling ?? Promise.resolve(), CLOSE_TIMEOUT_MS, 'reconcile').catch(
          () => undefined,
        );
        await closeConnection(connection);
      })();
      return stopped;
    },
  };
}

/**
 * Delay before an organization at its limit is asked again: grows with each delivery of the
 * same BullMQ job (200–400 ms, then 400–800 ms... up to 1–2 s), so a tenant flooding the queue
 * does not turn every free slot into a busy loop of refused claims.
 */
export function orgBusyDelay(deliveries: number): number {
  const ceiling = Math.min(2_000, 400 * 2 ** Math.max(0, deliveries - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function isConnectionError(error: Error): boolean {
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|Stream isn't writeable/i.test(
    error.message,
  );
}
