import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

export interface HttpSecurityOptions {
  /** Origins allowed to call the API from a browser; empty = none (closed by default). */
  readonly corsOrigins: readonly string[];
}

/**
 * Security headers (helmet's defaults), CORS limited to configured origins, and response
 * compression. The API answers JSON only, so its CSP forbids everything; the /docs UI (the one
 * HTML page) sends its own.
 */
async function httpSecurityPlugin(app: FastifyInstance, options: HttpSecurityOptions): Promise<void> {
  const headers = securityHeaders({
    // Answers are JSON, never documents: nothing may load or frame them (OWASP REST guidance).
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  // HSTS means "only ever reach this host over HTTPS": sent over plain HTTP (a server on a LAN
  // address, no TLS yet), it is ignored at best and breaks the next visit at worst. So it goes
  // only on requests that came over HTTPS (request.protocol honours trustProxy's X-Forwarded-Proto).
  const { 'strict-transport-security': hsts, ...plainHeaders } = headers;
  const httpsHeaders =
    hsts === undefined ? plainHeaders : { ...plainHeaders, 'strict-transport-security': hsts };
  // The /docs UI replaces the CSP with its own (hashes of its inline code) on its routes.
  // The request id goes out in the same hook (one hook less per request): a caller's sane
  // X-Request-Id comes back, otherwise the one generated for the request (genReqId in app.ts).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.headers(request.protocol === 'https' ? httpsHeaders : plainHeaders);
    done();
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
  // A request without a body has nothing to decompress: routes that answer only GET/HEAD get
  // no decompression hook (it would run on every request to decide so). Must be added before
  // the compress plugin, whose own onRoute hook reads the flag.
  app.addHook('onRoute', (route) => {
    if (route.decompress === undefined && ([] as string[]).concat(route.method).every(bodiless)) {
      route.decompress = false;
    }
  });
  // Small answers are not worth compressing; big lists compress ~10×.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
}

const bodiless = (method: string) => method === 'GET' || method === 'HEAD';

/**
 * The headers helmet sets, computed once. helmet's policy does not vary per request here (no
 * CSP nonces), and running its middleware on every request cost 35–50 µs; the captured headers
 * are the same bytes for a fraction of that.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as never, response as never, () => {});
  return headers;
}

export default fp(httpSecurityPlugin, {
  name: 'lanewise-http-security',
  fastify: '5.x',
  dependencies: ['lanewise-access'],
});
