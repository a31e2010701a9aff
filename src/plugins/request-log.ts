import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import { redactUrl } from './log-redaction.js';

/** Whether the logger writes info lines (pino says; another logger is assumed to). */
const writesInfo = (log: FastifyBaseLogger) =>
  (log as Partial<Pick<Logger, 'isLevelEnabled'>>).isLevelEnabled?.('info') ?? true;

/**
 * One log line per request, written when its answer is finished: method, redacted URL, route
 * pattern, status and response time, with the request id the request's logger carries (`reqId`).
 * Fastify's default writes two lines ("incoming request" and "request completed"), serializing
 * the request with its headers-derived fields for the first: at `info` that was the largest single
 * cost of a request (ADR 0011). Fastify's other lines (stream and serializer errors) are unchanged,
 * as are ours ('request rejected', 'request failed' in the errors plugin).
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const log = reply.log;
    // Nothing is computed for a line that would not be written (LOG_LEVEL above info).
    if (!error && !writesInfo(log)) return;
    const line = {
      method: request.method,
      // Query strings may carry secrets a client misplaced: the logged URL has them masked.
      url: redactUrl(request.url),
      route: request.is404 ? undefined : request.routeOptions.url,
      statusCode: reply.statusCode,
      responseTime: reply.elapsedTime,
    };
    if (error) log.error({ ...line, err: error }, 'request errored');
    else log.info(line, 'request completed');
  }
}
