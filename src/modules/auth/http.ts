import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestMeta } from '../audit/index.js';

/** Where a request came from, for audit events and abuse limits. */
export function requestMeta(request: FastifyRequest): RequestMeta {
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof agent === 'string' ? agent : null,
    requestId: request.id,
  };
}

/** Answers that carry credentials are never cached (RFC 6749 §5.1). */
export function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
  reply.header('pragma', 'no-cache');
}
