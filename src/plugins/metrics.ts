import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { Database } from '../db/connect.js';
import { AppError } from '../lib/errors.js';
import {
  createMetrics,
  httpInstruments,
  type Metrics,
  type MetricsAccess,
  type MetricsCaller,
  metricsGate,
} from '../lib/metrics/index.js';
import errorsPlugin from './errors.js';
import { hooksOf } from './route-hooks.js';

/**
 * Prometheus metrics of the API process: the HTTP instruments on every request (two cheap
 * hooks) and `GET /metrics`, guarded by its own check (src/lib/metrics/access.ts) rather than
 * the API's credentials: Prometheus has no user account, and the route stays out of /api/v1 and
 * the OpenAPI document, like /healthz.
 */
export interface MetricsPluginOptions {
  readonly database: Database;
  /** The registry to serve and feed (shared with this process's job worker); created when absent. */
  readonly metrics?: Metrics;
  readonly access: MetricsAccess;
  readonly trustProxy: boolean | readonly string[];
}

async function metricsPlugin(app: FastifyInstance, options: MetricsPluginOptions): Promise<void> {
  const metrics = options.metrics ?? createMetrics({ database: options.database, log: app.log });
  const http = httpInstruments(metrics.registry);
  app.addHook('onRequest', http.onRequest);
  app.addHook('onResponse', http.onResponse);
  // Routes added from here on observe their own duration, labelled with their pattern.
  app.addHook('onRoute', (route) => {
    route.onResponse = [...hooksOf(route.onResponse), http.routeHook(route.url)];
  });
  await app.register(metricsRoute, {
    registry: metrics.registry,
    admits: metricsGate(options.access, options.trustProxy),
  });
}

export default fp(metricsPlugin, {
  name: 'lanewise-metrics',
  fastify: '5.x',
  dependencies: ['lanewise-errors', 'lanewise-access'],
});

interface MetricsRouteOptions {
  readonly registry: Registry;
  readonly admits: (caller: MetricsCaller) => boolean;
}

/** `GET /metrics`: the registry in Prometheus text format, or 403 METRICS_FORBIDDEN. */
async function metricsRoute(app: FastifyInstance, { registry, admits }: MetricsRouteOptions): Promise<void> {
  app.get(
    '/metrics',
    // Public for the API's authentication (no user or API key); the check below decides.
    { config: { access: 'public' }, logLevel: 'warn' },
    async (request, reply) => {
      if (!admits(request)) {
        throw new AppError(
          'METRICS_FORBIDDEN',
          'Metrics need "Authorization: Bearer <LANEWISE_METRICS_TOKEN>" or a client address in LANEWISE_METRICS_ALLOW; with neither configured, only clients on this host (loopback, not through a proxy) may read them.',
        );
      }
      const body = await registry.metrics();
      return reply.type(registry.contentType).header('cache-control', 'no-store').send(body);
    },
  );
}

export interface MetricsServerOptions {
  readonly metrics: Metrics;
  /** Access rules (config.metrics) and proxies (config.http.trustProxy) as for the API. */
  readonly config: Pick<Config, 'metrics'> & { readonly http: Pick<Config['http'], 'trustProxy'> };
  readonly port: number;
  readonly host: string;
  readonly logger?: FastifyBaseLogger;
}

export interface MetricsServer {
  /** `http://host:port` it listens on. */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * `/metrics` on a port of its own, for processes that serve no API (`lanewise worker
 * --metrics-port N`): the same route, the same access rules, problem documents for refusals.
 */
export async function serveMetrics(options: MetricsServerOptions): Promise<MetricsServer> {
  const { trustProxy } = options.config.http;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    trustProxy: typeof trustProxy === 'boolean' ? trustProxy : [...trustProxy],
  });
  await app.register(errorsPlugin);
  await app.register(metricsRoute, {
    registry: options.metrics.registry,
    admits: metricsGate(options.config.metrics, trustProxy),
  });
  const address = await app.listen({ port: options.port, host: options.host });
  return { address, close: () => app.close() };
}
