import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { constraintViolation } from '../db/errors.js';
import { AppError } from '../lib/errors.js';
import type { RequestAuth } from '../modules/auth/index.js';
import { deleteKey, findKey, insertKey, type KeyScope, storeResponse } from '../modules/idempotency/index.js';
import { hooksOf } from './route-hooks.js';

/**
 * `Idempotency-Key` on POST routes marked `config: { idempotent: true }` (Stripe's semantics):
 * the first request with a key runs and its response is stored; a retry with the same key and
 * the same request gets that response again (with `Idempotent-Replayed: true`) and creates
 * nothing; the same key with a different request is refused; a retry while the first is still
 * running gets 409. A 5xx is not stored, so the retry runs again. Keys last 24 hours and belong
 * to the caller (person or API key) in its organization.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency?: KeyScope;
  }
}

const KEY = /^[\x21-\x7e]{1,255}$/;

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

async function idempotencyPlugin(app: FastifyInstance): Promise<void> {
  // Hooks go on the idempotent routes only, so every other request pays nothing for them.
  app.addHook('onRoute', (route) => {
    if (!route.config?.idempotent) return;
    route.preHandler = [...hooksOf(route.preHandler), claim];
    route.onSend = [...hooksOf(route.onSend), record];
  });

  async function claim(request: FastifyRequest, reply: FastifyReply) {
    if (request.method !== 'POST') return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new AppError(
        'IDEMPOTENCY_KEY_INVALID',
        'Idempotency-Key must be 1–255 visible ASCII characters.',
      );
    }
    const scope: KeyScope = { orgId: request.auth.orgId, caller: callerKey(request.auth), key };
    const hash = requestHash(request);
    // Expired keys are ignored here and swept by a scheduled job (housekeeping.idempotency-keys).
    const existing = await findKey(app.db, scope);
    if (existing) {
      if (existing.request_hash !== hash) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for a different request; use a new key.',
        );
      }
      if (existing.status_code === null) {
        throw new AppError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is still running; retry shortly.',
        );
      }
      reply.header('idempotent-replayed', 'true');
      return reply
        .status(existing.status_code)
        .type('application/json; charset=utf-8')
        .send(existing.response_body);
    }
    try {
      await insertKey(app.db, scope, { method: request.method, path: request.url.slice(0, 500), hash });
    } catch (error) {
      if (constraintViolation(error) === 'unique') {
        throw new AppError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is still running; retry shortly.',
        );
      }
      throw error;
    }
    request.idempotency = scope;
  }

  async function record(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const scope = request.idempotency;
    if (!scope) return payload;
    request.idempotency = undefined;
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await deleteKey(app.db, scope);
      return payload;
    }
    await storeResponse(app.db, scope, { status: reply.statusCode, body: payload });
    return payload;
  }
}

/**
 * Whose key space a request's key lives in: the person or the API key that sent it (Stripe
 * scopes keys to the account and the key that made the request). Two callers of one
 * organization may pick the same key without one replaying the other's answer.
 */
function callerKey(auth: RequestAuth): string {
  return auth.kind === 'api_key' ? `api_key:${auth.apiKeyId}` : `user:${auth.userId}`;
}

export default fp(idempotencyPlugin, {
  name: 'lanewise-idempotency',
  fastify: '5.x',
  dependencies: ['lanewise-database'],
});
