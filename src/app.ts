import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { connect, type Database } from './db/connect.js';
import { jobDefinitions } from './jobs.js';
import { API_PREFIX } from './lib/api-schemas.js';
import { createMetrics, type Metrics } from './lib/metrics/index.js';
import { alertRoutes } from './modules/alerts/index.js';
import {
  analyticsRoutes,
  dashboardRoutes,
  rateRoutes,
  settingsRoutes,
  viewRoutes,
} from './modules/analytics/index.js';
import { apiKeyRoutes } from './modules/api-keys/index.js';
import { assistantFor, assistantRoutes } from './modules/assistant/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { authRoutes } from './modules/auth/index.js';
import { feedRoutes } from './modules/feeds/index.js';
import { forecastRoutes } from './modules/forecasting/index.js';
import { healthRoutes } from './modules/health/index.js';
import { importRoutes } from './modules/imports/index.js';
import { inventoryRoutes } from './modules/inventory/index.js';
import { type JobQueue, jobRoutes } from './modules/jobs/index.js';
import { masterDataRoutes } from './modules/master-data/index.js';
import { orderRoutes } from './modules/orders/index.js';
import { shipmentRoutes } from './modules/shipments/index.js';
import { streamRoutes } from './modules/stream/index.js';
import { userRoutes } from './modules/users/index.js';
import accessPlugin from './plugins/access.js';
import authPlugin from './plugins/auth.js';
import cursorsPlugin from './plugins/cursors.js';
import databasePlugin from './plugins/database.js';
import errorsPlugin, { answerClientError, answerFrameworkError } from './plugins/errors.js';
import httpSecurityPlugin from './plugins/http-security.js';
import idempotencyPlugin from './plugins/idempotency.js';
import jobsPlugin from './plugins/jobs.js';
import { requestLogSerializer } from './plugins/log-redaction.js';
import metricsPlugin from './plugins/metrics.js';
import openapiPlugin from './plugins/openapi.js';
import { RequestLogController } from './plugins/request-log.js';
import { serializerCompiler } from './plugins/serializer.js';
import streamPlugin from './plugins/stream.js';
import textInputPlugin from './plugins/text-input.js';
import { version } from './version.js';

export interface BuildOptions {
  /** An open database to use (tests); by default the app opens config.database and closes it on shutdown. */
  readonly database?: Database;
  /** Where log lines go (tests capture them); by default standard output. */
  readonly logStream?: DestinationStream;
  /**
   * Prometheus metrics (GET /metrics and the request instruments): on by default; false turns
   * them off (the metrics benchmark); a Metrics from `createMetrics` is served and fed instead of
   * a new one.
   */
  readonly metrics?: boolean | Metrics;
  /**
   * Run a job worker in this process (default false: tests and embedders opt in; `lanewise
   * serve` does unless --no-worker).
   */
  readonly worker?: boolean;
  /** A job queue to use (tests register their own job types); by default one from config. */
  readonly jobs?: JobQueue;
}

export interface LanewiseAppOptions {
  readonly config: Config;
  /** The database the app uses. */
  readonly database: Database;
  /** Close the database when the app closes (false when the caller owns it). */
  readonly closeDatabase: boolean;
  /** See BuildOptions.metrics (default on). */
  readonly metrics?: boolean | Metrics;
  /** Run a job worker in this process. */
  readonly worker?: boolean;
  /** A job queue the caller owns; by default the app creates one from config and closes it. */
  readonly jobs?: JobQueue;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const apiModules = [
  authRoutes,
  apiKeyRoutes,
  auditRoutes,
  userRoutes,
  masterDataRoutes,
  shipmentRoutes,
  orderRoutes,
  inventoryRoutes,
  jobRoutes,
  settingsRoutes,
  rateRoutes,
  dashboardRoutes,
];

/**
 * The server options the app relies on (logging, limits, request ids, proxies, how the framework's
 * own errors are answered). A host that embeds `lanewiseApp` passes these to its Fastify().
 */
export function serverOptions(config: Config, options: Pick<BuildOptions, 'logStream'> = {}) {
  return {
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // Query strings may carry secrets a client misplaced: the logged URL has them masked.
      serializers: { req: requestLogSerializer },
      // Credentials never reach the logs, whatever a serializer later decides to include.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
    },
    // One line per request (when it completes) instead of Fastify's two.
    logController: new RequestLogController(),
    bodyLimit: config.http.bodyLimit,
    // A caller's request id is kept when it is a sane token, so traces join up across services.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    trustProxy:
      typeof config.http.trustProxy === 'boolean' ? config.http.trustProxy : [...config.http.trustProxy],
    routerOptions: { ignoreTrailingSlash: true },
    // Errors found before routing (bad percent-encoding, ...) and by Node's HTTP parser
    // (oversized or malformed headers) are problem documents like every other refusal.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  } satisfies FastifyServerOptions;
}

/**
 * The application as a plugin: every infrastructure plugin and API module. It decorates the
 * instance it is registered on (errors, auth, database...), so `buildApp` or a host embedding it
 * (with `serverOptions`) gets the same app.
 */
const lanewise: FastifyPluginAsync<LanewiseAppOptions> = async (
  app,
  { config, database, closeDatabase, metrics = true, worker = false, jobs },
) => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin);
  await app.register(textInputPlugin);
  await app.register(accessPlugin);
  await app.register(httpSecurityPlugin, { corsOrigins: config.http.corsOrigins });
  // One registry for the HTTP instruments and this process's job worker.
  const definitions = jobDefinitions(config);
  const instruments =
    metrics === true
      ? createMetrics({ database, jobTypes: definitions.map((d) => d.type), log: app.log })
      : metrics === false
        ? undefined
        : metrics;
  // After http-security, so /metrics answers are compressed like every other.
  if (instruments) {
    await app.register(metricsPlugin, {
      database,
      access: config.metrics,
      trustProxy: config.http.trustProxy,
      metrics: instruments,
    });
  }
  await app.register(openapiPlugin, { version });
  await app.register(databasePlugin, { database, closeOnShutdown: closeDatabase });
  await app.register(jobsPlugin, {
    config,
    database,
    definitions,
    queue: jobs,
    worker,
    observer: instruments?.jobObserver,
    feedObserver: instruments?.feedObserver,
  });
  await app.register(streamPlugin, { config, database });
  await app.register(authPlugin, { config: config.auth });
  await app.register(cursorsPlugin);
  await app.register(idempotencyPlugin);

  await app.register(healthRoutes);
  // Every API module under the one prefix: modules name their paths relative to it.
  await app.register(
    async (api) => {
      for (const routes of apiModules) await api.register(routes);
      await api.register(analyticsRoutes, { queryTimeoutMs: config.analytics.queryTimeoutMs });
      await api.register(viewRoutes, { queryTimeoutMs: config.analytics.queryTimeoutMs });
      await api.register(feedRoutes, {
        observer: instruments?.feedObserver,
        allowHosts: config.imports.allowHosts,
      });
      await api.register(streamRoutes, { stream: config.stream });
      await api.register(alertRoutes, { config: config.alerts });
      await api.register(forecastRoutes, { maxHorizon: config.forecasting.maxHorizon });
      await api.register(assistantRoutes, {
        assistant: assistantFor(app.db, config.assistant.engine, {
          queryTimeoutMs: config.analytics.queryTimeoutMs,
          instruments: instruments?.assistant,
          log: app.log,
        }),
      });
      await api.register(importRoutes, {
        directory: config.imports.directory,
        maxBytes: config.imports.maxBytes,
        allowHosts: config.imports.allowHosts,
      });
    },
    { prefix: API_PREFIX },
  );
};
export const lanewiseApp = fp(lanewise, { name: 'lanewise', fastify: '5.x' });

/** Builds the HTTP application: a Fastify server with `lanewiseApp` registered, nothing else. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(config, options)).withTypeProvider<ZodTypeProvider>();
  await app.register(lanewiseApp, {
    config,
    database: options.database ?? connect(config.database),
    closeDatabase: options.database === undefined,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    worker: options.worker ?? false,
    ...(options.jobs ? { jobs: options.jobs } : {}),
  });
  return app as unknown as FastifyInstance;
}
