import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldError } from '../lib/errors.js';

/**
 * The one error handler: every error leaves as `application/problem+json` (RFC 9457) with a
 * stable `code`. 5xx bodies never carry internals; the log has them, keyed by request id.
 * Also answers 404 for unknown paths and 405 (with `Allow`) for known paths with another method.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The problem document of an AppError (what sendProblem answers; streams send it as an event). */
export function problemDocument(request: FastifyRequest, error: AppError): Problem {
  return {
    ...error.details,
    type: `urn:lanewise:problem:${error.code}`,
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
  };
}

/** Sends a problem document for an AppError. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const problem = problemDocument(request, error);
  // A refusal that names when to come back says so in the standard header too (429, 503).
  const retryAfter = error.details.retryAfter;
  if (typeof retryAfter === 'number' && Number.isFinite(retryAfter))
    reply.header('retry-after', String(Math.ceil(retryAfter)));
  return reply.status(error.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

// Fastify's own client errors, mapped to our stable codes.
const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'REQUEST_BODY_TOO_LARGE',
    message: 'The request body is larger than this server accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type; send application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'REQUEST_INVALID',
    message: 'The Content-Length header does not match the body.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'REQUEST_INVALID',
    message: 'The body is empty; send a JSON document or no Content-Type.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'REQUEST_MALFORMED_JSON',
    message: 'The body is not valid JSON.',
  },
  FST_ERR_BAD_URL: {
    code: 'REQUEST_MALFORMED_URL',
    message: 'The URL is not valid: check its percent-encoding (%XX with two hex digits, UTF-8).',
  },
  FST_ERR_INVALID_URL: { code: 'REQUEST_MALFORMED_URL', message: 'The URL is not valid.' },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'REQUEST_URL_TOO_LONG',
    message: 'A path segment is longer than this server accepts.',
  },
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: {
    code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
    message: 'This request needs a Content-Type header: send application/json.',
  },
  FST_ERR_ROUTE_MISSING_CONTENT: {
    code: 'REQUEST_INVALID',
    message: 'This request needs a body.',
  },
};

/** Turns anything thrown into an AppError; unknown errors become INTERNAL_ERROR. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors: FieldError[] = error.validation.flatMap((v) => {
      const base = [error.validationContext, ...v.instancePath.split('/').filter(Boolean)].filter(Boolean);
      // An unknown field is reported at its own path, so clients see exactly what to remove.
      const unknownKeys =
        v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
      if (unknownKeys?.length)
        return unknownKeys.map((key) => ({ path: [...base, key].join('.'), message: 'unknown field' }));
      return [{ path: base.join('.'), message: v.message ?? 'invalid' }];
    });
    const fields = errors.map((e) => e.path).join(', ');
    return new AppError('REQUEST_INVALID', `The request is invalid: ${fields}.`, { errors });
  }
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (known) return new AppError(known.code, known.message);
  if (
    fastifyError.code === 'FST_ERR_VALIDATION' ||
    (fastifyError.validation && fastifyError.statusCode === 400)
  ) {
    return new AppError('REQUEST_INVALID', fastifyError.message ?? 'The request is invalid.');
  }
  const status = fastifyError.statusCode;
  if (!isResponseSerializationError(error) && status && status >= 400 && status < 500) {
    // Other Fastify client errors (bad URL encoding, ...): say what Fastify said, it is about the request.
    return new AppError('REQUEST_REJECTED', fastifyError.message ?? 'The request is invalid.');
  }
  return new AppError(
    'INTERNAL_ERROR',
    'An unexpected error occurred. Quote the request id when reporting it.',
  );
}

/**
 * Fastify's `frameworkErrors`: errors found before a route is chosen (a URL that does not
 * decode, an oversized path parameter) answer as problem documents too.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const appError = toAppError(error);
  request.log.info({ code: appError.code, status: appError.status }, 'request rejected');
  reply.header('x-request-id', request.id);
  sendProblem(request, reply, appError);
}

// Node's HTTP parser refuses some requests before Fastify sees them; its error codes, mapped.
const parserErrors: Record<string, { code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    code: 'REQUEST_HEADERS_TOO_LARGE',
    message: 'The request headers are larger than this server accepts; send fewer or smaller headers.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    code: 'REQUEST_TIMEOUT',
    message: 'The request was not received in time.',
  },
};

/**
 * Fastify's `clientErrorHandler` (Node's `clientError`): the request never became a request, so
 * the problem document is written to the socket directly, which is then closed (as Node does).
 */
export function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = error.code ? parserErrors[error.code] : undefined;
  const appError = new AppError(
    known?.code ?? 'REQUEST_MALFORMED_HTTP',
    known?.message ??
      'The HTTP request is malformed (request line, header names or values, or framing); it was not processed.',
  );
  const requestId = randomUUID();
  this.log.info({ code: appError.code, parserError: error.code, requestId }, 'request rejected');
  const body = JSON.stringify({
    type: `urn:lanewise:problem:${appError.code}`,
    title: STATUS_CODES[appError.status] ?? 'Error',
    status: appError.status,
    detail: appError.message,
    code: appError.code,
    instance: '',
    requestId,
  } satisfies Problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

async function errorsPlugin(app: FastifyInstance): Promise<void> {
  // Route patterns per method, to tell 405 (known path, other method) from 404.
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    // A catch-all (CORS preflight's OPTIONS *) says nothing about which paths exist.
    if ((route.url ?? route.path) === '*') return;
    const pattern = patternOf(route.url ?? route.path);
    const methods = ([] as string[]).concat(route.method);
    const existing = routes.find((r) => r.pattern.source === pattern.source);
    if (existing) for (const m of methods) existing.methods.add(m);
    else routes.push({ pattern, methods: new Set(methods) });
  });

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code, status: appError.status }, 'request rejected');
    return sendProblem(request, reply, appError);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [
      ...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => [...r.methods])),
    ].sort();
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        request,
        reply,
        new AppError(
          'METHOD_NOT_ALLOWED',
          `${request.method} is not allowed here; use ${allowed.join(', ')}.`,
        ),
      );
    }
    return sendProblem(
      request,
      reply,
      new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${path}.`),
    );
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A route's path as a regular expression over request paths, with find-my-way's syntax: `:name`
 * is a parameter (anywhere in a segment, up to the next `-`, `.` or `/`, optionally followed by a
 * `(regexp)`), `::` is a literal colon (`/shipments::batch` is the path `/shipments:batch`), and
 * `*` matches the rest.
 */
export function patternOf(url: string): RegExp {
  let out = '';
  for (let i = 0; i < url.length; ) {
    const c = url[i] as string;
    if (c === ':' && url[i + 1] === ':') {
      out += ':';
      i += 2;
    } else if (c === ':') {
      let j = i + 1;
      while (j < url.length && /[\w$]/.test(url[j] as string)) j++;
      if (url[j] === '(') {
        let depth = 0;
        let k = j;
        for (; k < url.length; k++) {
          if (url[k] === '(') depth++;
          else if (url[k] === ')' && --depth === 0) break;
        }
        out += `(?:${url
          .slice(j + 1, k)
          .replace(/^\^/, '')
          .replace(/\$$/, '')})`;
        j = k + 1;
      } else {
        out += '[^/]+?';
      }
      i = j;
    } else if (c === '*') {
      out += '.*';
      i++;
    } else {
      out += escapeRegExp(c);
      i++;
    }
  }
  return new RegExp(`^${out}/?$`);
}

export default fp(errorsPlugin, { name: 'lanewise-errors', fastify: '5.x' });
