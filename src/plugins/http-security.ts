import compress from '@fastify/compress';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface HttpSecurityOptions {
  /** Origins allowed to call the API from a browser; empty = none (closed by default). */
  readonly corsOrigins: readonly string[];
}

/**
 * Security headers (helmet), CORS limited to configured origins, and response compression.
 * The API answers JSON only, so the default CSP is strict; the /docs UI sets its own.
 */
async function httpSecurityPlugin(app: FastifyInstance, options: HttpSecurityOptions): Promise<void> {
  await app.register(helmet, {
    // Swagger UI (/docs) sends its own CSP with hashes of its inline code.
    // Plain-HTTP installs (the local default) must not have their /docs assets rewritten to https.
    contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  // Closed by default: without configured origins no CORS headers are sent at all, so browsers
  // on other origins are refused (and requests skip the plugin's hooks).
  if (options.corsOrigins.length > 0) {
    // CORS answers preflight requests on its own OPTIONS * route, which carries no credentials.
    app.declarePublicPrefix('*');
    await app.register(cors, {
      origin: [...options.corsOrigins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'x-api-key'],
      exposedHeaders: ['x-request-id', 'idempotent-replayed', 'retry-after'],
      credentials: false,
      maxAge: 600,
    });
  }
  // Small answers are not worth compressing; big lists compress ~10×.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
}

export default fp(httpSecurityPlugin, {
  name: 'lanewise-http-security',
  fastify: '5.x',
  dependencies: ['lanewise-access'],
});
