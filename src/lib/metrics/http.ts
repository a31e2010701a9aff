import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Gauge, Histogram, type Registry } from 'prom-client';

/** The route label of requests no route matched (404, 405): never their raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';

// Lanewise answers most reads in a few milliseconds: finer buckets at the low end than
// prom-client's defaults, up to the 10 s that only exports and reports approach.
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The request hooks that feed the HTTP instruments. */
export interface HttpInstruments {
  /** Every request: counts it in flight until its response closes. */
  onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
  /** Every request: observes those no route matched (404, 405) as `unmatched`. */
  onResponse(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
  /** The onResponse hook of one route, with its pattern as the label (added in onRoute). */
  routeHook(
    pattern: string,
  ): (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;
}

/**
 * Registers `lanewise_http_request_duration_seconds{route,method,status_code}` and
 * `lanewise_http_requests_in_flight` and returns the hooks that feed them. Every label value is
 * bounded: the route is the pattern (`/api/v1/shipments/:id`) or `unmatched`, the method one of
 * the few Node's parser accepts, the status a number. Each route's hook carries its pattern, so
 * the hot path never reads `request.routeOptions` (a getter that builds a 12-field object).
 */
export function httpInstruments(registry: Registry): HttpInstruments {
  const duration = new Histogram({
    name: 'lanewise_http_request_duration_seconds',
    help: 'Time from routing a request to the last byte of its answer, by route pattern, method and status',
    labelNames: ['route', 'method', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  // A plain number on the hot path; the gauge reads it when scraped.
  let inFlight = 0;
  new Gauge({
    name: 'lanewise_http_requests_in_flight',
    help: 'Requests received and not yet answered (or abandoned by their client)',
    registers: [registry],
    collect() {
      this.set(inFlight);
    },
  });
  // 'close' fires once per response, whether it was sent in full or its client went away;
  // onResponse alone would miss the abandoned ones and the gauge would only grow.
  const leave = () => {
    inFlight--;
  };
  // Fastify's own clock: started when the route was found, stopped at the last byte.
  const observe = (route: string, request: FastifyRequest, reply: FastifyReply) =>
    duration.observe(
      { route, method: request.method, status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    );

  return {
    onRequest(_request, reply, done) {
      inFlight++;
      reply.raw.on('close', leave);
      done();
    },
    onResponse(request, reply, done) {
      if (request.is404) observe(UNMATCHED_ROUTE, request, reply);
      done();
    },
    routeHook: (pattern) => (request, reply, done) => {
      observe(pattern, request, reply);
      done();
    },
  };
}
