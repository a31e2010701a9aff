import { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { explainDatabaseFailure } from '../db/access-errors.js';
import { migrateToLatest } from '../db/migrator.js';
import { describeTarget } from '../db/url.js';
import { systemCaller } from '../modules/auth/index.js';
import { queueDelayRisk, startForecastRun } from '../modules/forecasting/index.js';
import { configFrom, openDatabase, say, withDatabaseOption } from './context.js';
import { seedDemoIfEmpty } from './demo-setup.js';

/** How an operator gets back in when a password (the printed demo one included) is lost. */
const RESET_PASSWORD_HINT =
  '`npx lanewise users reset-password --email <email>` prints a new one (see --help).';

/**
 * `lanewise serve`: migrate, seed the demo company into an empty database, listen and run
 * background jobs in-process (so `npm start` needs nothing else), drain requests and jobs on signals.
 */
export function serveCommand(): Command {
  return withDatabaseOption(new Command('serve'))
    .description(
      'Run the HTTP server (migrates the database first; seeds the demo company into an empty one)',
    )
    .option('-p, --port <port>', 'port to listen on (default: $PORT or 3000)')
    .option('-H, --host <host>', 'interface to listen on (default: $HOST or 127.0.0.1)')
    .option('--no-demo', 'do not seed the demo company into an empty database (or set LANEWISE_DEMO=0)')
    .option('--no-worker', 'serve the API only; background jobs run in `lanewise worker` processes')
    .action(
      async (options: {
        databaseUrl?: string;
        port?: string;
        host?: string;
        demo: boolean;
        worker: boolean;
      }) => {
        const config = configFrom(options, {
          PORT: options.port,
          HOST: options.host,
          LANEWISE_DEMO: options.demo ? undefined : '0',
        });
        const { database, demo } = await prepareDatabase(config);
        const app = await buildApp(config, { database, worker: options.worker }).catch(async (error) => {
          await database.close().catch(() => undefined);
          throw error;
        });

        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) {
            app.log.warn({ signal }, 'second signal: exiting without draining');
            process.exit(1);
          }
          stopping = true;
          app.log.info({ signal }, 'shutting down: draining in-flight requests and jobs');
          const timer = setTimeout(() => {
            app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
            process.exit(1);
          }, config.shutdownTimeoutMs);
          timer.unref();
          // Stops listening, finishes requests, lets running jobs finish and releases the rest.
          await app.close();
          await database.close();
          process.exit(0);
        };
        process.once('SIGTERM', () => void stop('SIGTERM'));
        process.once('SIGINT', () => void stop('SIGINT'));

        const address = await app.listen({ port: config.http.port, host: config.http.host });
        say(`Lanewise is running at ${address} (database: ${describeTarget(config.database)})`);
        say(`API reference: ${address}/docs`);
        say(
          options.worker
            ? `Background jobs run in this process (${config.jobs.concurrency} at once, ${app.jobs.backend} queue).`
            : 'Background jobs are not run here (--no-worker): start `lanewise worker` for them.',
        );
        for (const line of demo?.loginLines ?? []) say(line);
        if (demo) await startFirstForecasts(app, [demo.company.orgId, demo.second.orgId], options.worker);
        // Printed on every start: the demo password is shown only once, and people forget theirs.
        say(`Lost a password? ${RESET_PASSWORD_HINT}`);
      },
    );
}

/** Migrates the database and seeds the demo into an empty one, saying what it does. */
async function prepareDatabase(config: Config) {
  const database = openDatabase(config);
  try {
    for (const line of await migrateToLatest(database.db)) say(`migrate: ${line}`);
    let reported = 0;
    const demo = await seedDemoIfEmpty(database.db, config.demo, (done, total) => {
      if (reported === 0) say(`Seeding the demo company (${total.toLocaleString('en-US')} shipments)…`);
      if (done - reported >= total / 10 || done === total) {
        reported = done;
        say(`  ${Math.round((100 * done) / total)}%`);
      }
    });
    if (demo) {
      say(
        `Demo company ready: ${demo.company.shipments.toLocaleString('en-US')} shipments in ${(demo.company.ms / 1000).toFixed(1)} s.`,
      );
    }
    return { database, demo };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw explainDatabaseFailure(error, config.database);
  }
}

/**
 * A freshly seeded demo gets its first forecasts and delay-risk model at once, as background
 * jobs (they take seconds of CPU, too long to hold up the first start); their progress is on
 * the runs' and jobs' routes. Not being able to queue them never stops the server.
 */
async function startFirstForecasts(
  app: FastifyInstance,
  orgIds: readonly number[],
  worker: boolean,
): Promise<void> {
  try {
    const runs = [];
    for (const orgId of orgIds) {
      runs.push(await startForecastRun(app.db, app.jobs, systemCaller(orgId), { grain: 'week' }));
      await queueDelayRisk(app.jobs, systemCaller(orgId));
    }
    const first = runs[0];
    if (first) {
      say(
        `First demand and volume forecasts and delay-risk model queued (run ${first.id}${worker ? '' : ', for `lanewise worker`'}): follow GET /api/v1/forecasts/runs/${first.id}.`,
      );
    }
  } catch (error) {
    app.log.warn({ err: error }, 'could not queue the first forecast runs of the demo');
  }
}
