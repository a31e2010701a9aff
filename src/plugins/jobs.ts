import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/connect.js';
import { enqueueStartupJobs, jobSchedules, startWorkerCompanions } from '../jobs.js';
import type { FeedObserver } from '../lib/metrics/index.js';
import {
  createJobQueue,
  type JobDefinition,
  type JobObserver,
  type JobQueue,
  type Worker,
} from '../modules/jobs/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The job queue of this process: enqueue, cancel, retry (routes and services use it). */
    jobs: JobQueue;
  }
}

export interface JobsPluginOptions {
  readonly config: Config;
  readonly database: Database;
  /** The job types of the application (src/jobs.ts), for the queue this plugin creates. */
  readonly definitions: readonly JobDefinition[];
  /** Counts this process's job runs (metrics). */
  readonly observer?: JobObserver | undefined;
  /** Counts what this process's MQTT feed subscribers take in (metrics). */
  readonly feedObserver?: FeedObserver | undefined;
  /** A queue to use (tests register their own job types); by default one is created from config. */
  readonly queue?: JobQueue | undefined;
  /** Run a worker in this process once the app is ready (`lanewise serve` without --no-worker). */
  readonly worker: boolean;
}

/**
 * The job queue as an app decorator, and optionally an in-process worker. On close, the worker
 * stops claiming, running jobs get most of the shutdown timeout to finish and the rest are
 * released to other workers, all before the database plugin closes the database (onClose hooks
 * run in reverse order of registration). A queue passed in belongs to the caller, who closes it
 * (the worker this plugin started is stopped here).
 */
async function jobsPlugin(app: FastifyInstance, options: JobsPluginOptions): Promise<void> {
  const { config } = options;
  const owned = options.queue === undefined;
  const queue =
    options.queue ??
    (await createJobQueue({
      database: options.database,
      config: config.jobs,
      definitions: options.definitions,
      schedules: jobSchedules,
      ...(options.observer ? { observer: options.observer } : {}),
      // The app's logger is pino (Fastify's own type only names the methods it uses itself).
      log: app.log as unknown as Logger,
    }));
  app.decorate('jobs', queue);
  await enqueueStartupJobs(options.database.db, queue, app.log as unknown as Logger);

  let worker: Worker | undefined;
  let companions: { close(): Promise<void> } | undefined;
  if (options.worker) {
    app.addHook('onReady', async () => {
      worker = queue.startWorker({ concurrency: config.jobs.concurrency });
      companions = await startWorkerCompanions(
        options.database.db,
        queue,
        app.log as unknown as Logger,
        config,
      );
      app.log.info({ worker: worker.id, concurrency: config.jobs.concurrency }, 'job worker started');
    });
  }
  // Jobs drain while requests do (preClose starts it, onClose waits for it), inside the one
  // shutdown timeout: running jobs get most of it to finish, the rest is for releasing those
  // that did not, so another worker takes them instead of waiting for their lease to expire.
  const graceMs = config.shutdownTimeoutMs - Math.min(2_000, config.shutdownTimeoutMs / 4);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= owned ? queue.close(graceMs) : (worker?.stop(graceMs) ?? Promise.resolve());
    return stopping;
  };
  app.addHook('preClose', async () => {
    if (worker) app.log.info({ worker: worker.id, running: worker.running() }, 'stopping the job worker');
    stop().catch(() => undefined); // awaited (and its failure surfaced) in onClose
  });
  app.addHook('onClose', async () => {
    await companions?.close();
    await stop();
  });
}

export default fp(jobsPlugin, {
  name: 'lanewise-jobs',
  fastify: '5.x',
  dependencies: ['lanewise-database'],
});
