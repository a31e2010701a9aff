import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { JobsConfig } from '../../config.js';
import type { Database } from '../../db/connect.js';
import { constraintViolation } from '../../db/errors.js';
import type { Row } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type {
  EnqueueOptions,
  EnqueueResult,
  Job,
  JobDefinition,
  JobObserver,
  JobQueue,
  JobScope,
  ScheduleDefinition,
  Worker,
  WorkerOptions,
} from './contract.js';
import { createRegistry, type JobRegistry, jobDefaults } from './define.js';
import { createDispatcher } from './dispatchers.js';
import { toJob } from './mapping.js';
import { createRunner, type Runner } from './runner.js';
import { fireDueSchedules, upsertSchedules } from './schedules.js';
import { insertJob, requestCancel, retryJob } from './store.js';

export interface CreateJobQueueOptions {
  readonly database: Database;
  readonly config: JobsConfig;
  /** Every job type this process may enqueue or run (src/jobs.ts in production). */
  readonly definitions: readonly JobDefinition[];
  /** Cron schedules every worker of this process ticks. */
  readonly schedules?: readonly ScheduleDefinition[];
  readonly log: Logger;
  readonly observer?: JobObserver;
  /** BullMQ only: prefix of this installation's Redis keys (default "lanewise"; tests pass their own). */
  readonly redisPrefix?: string;
}

const enqueueOptions = z.object({
  orgId: z.number().int().positive().nullable(),
  runAt: z.date().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  dedupeKey: z.string().min(1).max(200).optional(),
  createdBy: z.string().min(1).max(120).optional(),
});

/** The queue of this process, on the configured backend (the jobs table is the record either way). */
export async function createJobQueue(options: CreateJobQueueOptions): Promise<JobQueue> {
  const { database, config, log } = options;
  const db = database.db;
  const registry = createRegistry(options.definitions, options.schedules ?? []);
  const dispatcher = await createDispatcher(options);
  const workers = new Set<{ runner: Runner; stop(graceMs: number): Promise<void> }>();
  const announce = (row: Row<'jobs'>) =>
    dispatcher.announce({ id: row.id, type: row.type, runAt: new Date(row.run_at), priority: row.priority });

  function definitionOf(type: string): JobDefinition {
    const definition = registry.get(type);
    if (!definition) throw new AppError('JOBS_UNKNOWN_TYPE', `No job type "${type}" is registered.`);
    return definition;
  }

  return {
    backend: dispatcher.name,

    async enqueue(type: string, payload: unknown, given: EnqueueOptions): Promise<EnqueueResult> {
      const definition = definitionOf(type);
      const checked = enqueueOptions.safeParse(given);
      if (!checked.success) {
        throw new AppError('JOBS_INVALID_OPTIONS', 'An enqueue option is out of range.', {
          errors: fieldErrors(checked.error),
        });
      }
      // What runs later is the payload after a JSON round trip, so that is what gets validated.
      const stored = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload));
      const parsed = definition.payload.safeParse(stored);
      if (!parsed.success) {
        throw new AppError('JOBS_INVALID_PAYLOAD', `The payload does not match the schema of ${type}.`, {
          errors: fieldErrors(parsed.error),
        });
      }
      const o = checked.data;
      const now = new Date();
      try {
        const { row, created } = await insertJob(db, {
          orgId: o.orgId,
          type,
          payload: JSON.stringify(stored ?? null),
          priority: o.priority ?? 0,
          runAt: o.runAt ?? now,
          maxAttempts: o.maxAttempts ?? definition.maxAttempts ?? jobDefaults.maxAttempts,
          dedupeKey: o.dedupeKey ?? null,
          createdBy: o.createdBy ?? null,
          now,
        });
        if (created) await announce(row);
        return { job: toJob(row), created };
      } catch (error) {
        if (constraintViolation(error) === 'foreign_key') {
          throw new AppError('JOBS_INVALID_OPTIONS', `Organization ${o.orgId} does not exist.`, {
            errors: [{ path: 'orgId', message: 'no such organization' }],
          });
        }
        throw error;
      }
    },

    async cancel(scope: JobScope, id: number): Promise<Job> {
      const row = await requestCancel(db, scope, id, new Date());
      // A run in this process stops now; one elsewhere sees the request at its next heartbeat.
      if (row.state === 'running') for (const worker of workers) worker.runner.cancel(id);
      return toJob(row);
    },

    async retry(scope: JobScope, id: number): Promise<Job> {
      let query = db.selectFrom('jobs').select('type').where('id', '=', id);
      if (scope !== 'all') query = query.where('org_id', '=', scope.orgId);
      const found = await query.executeTakeFirst();
      if (!found) throw new AppError('JOBS_NOT_FOUND', `No job ${id} in this organization.`);
      const definition = definitionOf(found.type);
      const row = await retryJob(db, scope, id, {
        extraAttempts: definition.maxAttempts ?? jobDefaults.maxAttempts,
        now: new Date(),
      });
      await announce(row);
      return toJob(row);
    },

    startWorker(workerOptions: WorkerOptions): Worker {
      const worker = startWorker(workerOptions);
      workers.add(worker);
      return worker;
    },

    health: () => dispatcher.health(),

    async close(graceMs = 0) {
      await Promise.all([...workers].map((w) => w.stop(graceMs)));
      await dispatcher.close();
    },
  };

  function startWorker(workerOptions: WorkerOptions) {
    if (!(Number.isInteger(workerOptions.concurrency) && workerOptions.concurrency >= 1)) {
      throw new AppError('JOBS_INVALID_OPTIONS', 'A worker needs a concurrency of at least 1.');
    }
    const types = workerOptions.types ? [...workerOptions.types] : [...registry.types];
    for (const type of types) definitionOf(type);
    const id = (
      workerOptions.id ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
    ).slice(0, 100);
    const workerLog = log.child({ worker: id });
    const runner = createRunner({
      db,
      registry,
      workerId: id,
      leaseMs: config.leaseMs,
      log: workerLog,
      observer: options.observer,
      announce: (job) => dispatcher.announce(job),
    });
    const consumer = dispatcher.consume(
      { workerId: id, types, concurrency: workerOptions.concurrency },
      runner.execute,
    );
    const ticker = startScheduleTicker(registry, workerLog);
    let stopping: Promise<void> | null = null;
    const handle = {
      id,
      runner,
      running: () => runner.running(),
      stop(graceMs: number) {
        stopping ??= (async () => {
          await ticker.stop();
          await consumer.stop();
          const idle = runner.idle();
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([idle, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
          clearTimeout(timer);
          // Past the grace: signal what still runs and give it back to the queue for another worker.
          runner.releaseAll();
          await runner.idle();
          workers.delete(handle);
        })();
        return stopping;
      },
    };
    return handle;
  }

  /** Ticks the schedules about once a second (or every poll, when polling is faster). */
  function startScheduleTicker(registry: JobRegistry, tickLog: Logger) {
    if (registry.schedules.length === 0) return { stop: async () => undefined };
    let stopped = false;
    let current: Promise<void> = upsertSchedules(db, registry.schedules, new Date()).catch((error: unknown) =>
      tickLog.warn({ err: error }, 'could not write the schedules'),
    );
    const tick = async () => {
      try {
        for (const job of await fireDueSchedules(db, registry, new Date())) await announce(job);
      } catch (error) {
        tickLog.warn({ err: error }, 'firing schedules failed; trying again at the next tick');
      }
    };
    let busy = false;
    const timer = setInterval(
      () => {
        // A slow tick (a busy database) is not stacked up behind: the next interval skips.
        if (stopped || busy) return;
        busy = true;
        current = current.then(tick).finally(() => {
          busy = false;
        });
      },
      Math.min(config.pollMs, 1_000),
    );
    return {
      async stop() {
        stopped = true;
        clearInterval(timer);
        await current;
      },
    };
  }
}

function fieldErrors(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
