import { Command } from 'commander';
import { pino } from 'pino';
import type { Config } from '../config.js';
import { explainDatabaseFailure } from '../db/access-errors.js';
import type { Database } from '../db/connect.js';
import { currentSchemaVersion, latestSchemaVersion } from '../db/migrator.js';
import { enqueueStartupJobs, jobDefinitions, jobSchedules, startWorkerCompanions } from '../jobs.js';
import { createMetrics } from '../lib/metrics/index.js';
import {
  createJobQueue,
  type JobDefinition,
  type JobQueue,
  type ScheduleDefinition,
  type Worker,
} from '../modules/jobs/index.js';
import { joinStreamRedis } from '../modules/stream/index.js';
import { type MetricsServer, serveMetrics } from '../plugins/metrics.js';
import { configFrom, openDatabase, withDatabaseOption } from './context.js';

/** `lanewise worker`: runs background jobs in a process of its own (as many as needed, anywhere). */
export function workerCommand(): Command {
  return withDatabaseOption(new Command('worker'))
    .description('Run background jobs (any number of workers may run at once, on one or many machines)')
    .option('-c, --concurrency <n>', 'jobs run at once (default: $LANEWISE_WORKER_CONCURRENCY)')
    .option('--types <types>', 'only these job types, comma-separated (default: every type)')
    .option(
      '--metrics-port <port>',
      'serve Prometheus /metrics on this port (on $HOST; same access rules as the API)',
    )
    .action(
      async (options: {
        databaseUrl?: string;
        concurrency?: string;
        types?: string;
        metricsPort?: string;
      }) => {
        const config = configFrom(options, { LANEWISE_WORKER_CONCURRENCY: options.concurrency });
        const types = options.types
          ?.split(',')
          .map((t) => t.trim())
          .filter((t) => t !== '');
        const metricsPort = options.metricsPort === undefined ? undefined : portNumber(options.metricsPort);
        await runWorkerProcess(config, {
          definitions: jobDefinitions(config),
          schedules: jobSchedules,
          ...(types ? { types } : {}),
          ...(metricsPort === undefined ? {} : { metricsPort }),
        });
      },
    );
}

function portNumber(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) {
    throw Object.assign(new Error(`--metrics-port must be a port number (0-65535), not "${text}"`), {
      code: 'CLI_INVALID_OPTION',
    });
  }
  return port;
}

/** Raised when the database is not at the schema this version needs. */
export class SchemaNotCurrentError extends Error {
  override name = 'SchemaNotCurrentError';
  readonly code = 'SCHEMA_NOT_CURRENT';
}

export interface WorkerProcessOptions {
  readonly definitions: readonly JobDefinition[];
  readonly schedules: readonly ScheduleDefinition[];
  /** Overrides config.jobs.concurrency. */
  readonly concurrency?: number;
  readonly types?: readonly string[];
  /** Serve /metrics on this port (0 picks one; the address is logged). */
  readonly metricsPort?: number;
}

/**
 * The body of a worker process: checks the schema, starts one worker, and on SIGTERM/SIGINT stops
 * claiming, lets running jobs finish within the shutdown timeout, releases the rest and exits 0.
 * Resolves once the worker runs; the process then lives on its timers. Tests start it with
 * test-only job types (test/support/worker-process.ts).
 */
export async function runWorkerProcess(config: Config, options: WorkerProcessOptions): Promise<void> {
  const log = pino({ level: config.logLevel, base: { pid: process.pid } });
  const database = openDatabase(config);
  try {
    await requireCurrentSchema(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error instanceof SchemaNotCurrentError ? error : explainDatabaseFailure(error, config.database);
  }
  const metrics =
    options.metricsPort === undefined
      ? undefined
      : createMetrics({ database, jobTypes: options.definitions.map((d) => d.type), log });
  let queue: JobQueue | undefined;
  let worker: Worker;
  let metricsServer: MetricsServer | undefined;
  let streamRedis: { close(): Promise<void> } | undefined;
  let companions: { close(): Promise<void> } | undefined;
  try {
    queue = await createJobQueue({
      database,
      config: config.jobs,
      definitions: options.definitions,
      schedules: options.schedules,
      log,
      ...(metrics ? { observer: metrics.jobObserver } : {}),
    });
    await enqueueStartupJobs(database.db, queue, log);
    // Shipments this worker changes (imports, feeds) reach the API processes' streams at once.
    streamRedis = config.stream.redisUrl ? joinStreamRedis(config.stream.redisUrl, log) : undefined;
    worker = queue.startWorker({
      concurrency: options.concurrency ?? config.jobs.concurrency,
      ...(options.types ? { types: options.types } : {}),
    });
    companions = await startWorkerCompanions(database.db, queue, log, config, metrics?.feedObserver);
    if (metrics && options.metricsPort !== undefined) {
      metricsServer = await serveMetrics({
        metrics,
        config,
        port: options.metricsPort,
        host: config.http.host,
        logger: log,
      });
    }
  } catch (error) {
    // An unknown --types entry, an unreachable backend or a taken metrics port: close what is
    // open, or the process never exits.
    await companions?.close();
    await queue?.close(0).catch(() => undefined);
    await streamRedis?.close();
    await database.close().catch(() => undefined);
    throw error;
  }
  const running = queue;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without releasing running jobs');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, running: worker.running(), graceMs: config.shutdownTimeoutMs }, 'worker stopping');
    try {
      await companions?.close();
      await running.close(config.shutdownTimeoutMs);
      await metricsServer?.close();
      await streamRedis?.close();
      await database.close();
      log.info('worker stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'worker did not stop cleanly');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  log.info(
    {
      worker: worker.id,
      backend: queue.backend,
      concurrency: options.concurrency ?? config.jobs.concurrency,
      ...(metricsServer ? { metrics: `${metricsServer.address}/metrics` } : {}),
    },
    'worker started',
  );
}

async function requireCurrentSchema(database: Database): Promise<void> {
  const current = await currentSchemaVersion(database.db);
  if (current !== latestSchemaVersion) {
    throw new SchemaNotCurrentError(
      `The database schema is at "${current || 'empty'}" but this version needs "${latestSchemaVersion}": run \`lanewise migrate up\` first.`,
    );
  }
}
