import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { connect, type Database } from './db/connect.js';
import { apiKeyRoutes } from './modules/api-keys/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { authRoutes } from './modules/auth/index.js';
import { healthRoutes } from './modules/health/index.js';
import { inventoryRoutes } from './modules/inventory/index.js';
import { masterDataRoutes } from './modules/master-data/index.js';
import { orderRoutes } from './modules/orders/index.js';
import { shipmentRoutes } from './modules/shipments/index.js';
import { userRoutes } from './modules/users/index.js';
import accessPlugin from './plugins/access.js';
import authPlugin from './plugins/auth.js';
import databasePlugin from './plugins/database.js';
import errorsPlugin from './plugins/errors.js';
import httpSecurityPlugin from './plugins/http-security.js';
import idempotencyPlugin from './plugins/idempotency.js';
import openapiPlugin from './plugins/openapi.js';
import { serializerCompiler } from './plugins/serializer.js';
import textInputPlugin from './plugins/text-input.js';
import { version } from './version.js';

export interface BuildOptions {
  /** An open database to use (tests); by default the app opens config.database and closes it on shutdown. */
  readonly database?: Database;
  /** Logger settings; defaults to pino at config.logLevel. */
  readonly logger?: FastifyServerOptions['logger'];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP application: registers plugins and modules, nothing else. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
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
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  await app.register(errorsPlugin);
  await app.register(textInputPlugin);
  await app.register(accessPlugin);
  await app.register(httpSecurityPlugin, { corsOrigins: config.http.corsOrigins });
  await app.register(openapiPlugin, { version });
  const database = options.database ?? connect(config.database);
  await app.register(databasePlugin, { database, closeOnShutdown: options.database === undefined });
  await app.register(authPlugin, { config: config.auth });
  await app.register(idempotencyPlugin);

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api/v1' });
  await app.register(apiKeyRoutes);
  await app.register(auditRoutes);
  await app.register(userRoutes, { prefix: '/api/v1' });
  await app.register(masterDataRoutes, { prefix: '/api/v1' });
  await app.register(shipmentRoutes, { prefix: '/api/v1' });
  await app.register(orderRoutes, { prefix: '/api/v1' });
  await app.register(inventoryRoutes, { prefix: '/api/v1' });
  return app;
}
