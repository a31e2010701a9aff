import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { constraintViolation } from '../db/errors.js';
import { AppError } from '../lib/errors.js';

/**
 * `Idempotency-Key` on POST routes marked `config: { idempotent: true }` (Stripe's semantics):
 * the first request with a key runs and its response is stored; a retry with the same key and
 * the same request gets that response again (with `Idempotent-Replayed: true`) and creates
 * nothing; the same key with a different request is refused; a retry while the first is still
 * running gets 409. A 5xx is not stored, so the retry runs again. Keys last 24 hours, per org.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency?: { orgId: number; key: string };
  }
}

const KEY = /^[\x21-\x7e]{1,255}$/;
const TTL_MS = 24 * 3600_000;

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

async function idempotencyPlugin(app: FastifyInstance): Promise<void> {
  // Hooks go on the idempotent routes only, so every other request pays nothing for them.
  app.addHook('onRoute', (route) => {
    if (!route.config?.idempotent) return;
    route.preHandler = [...asArray(route.preHandler), claim];
    route.onSend = [...asArray(route.onSend), record];
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
    const orgId = request.auth.orgId;
    const hash = requestHash(request);
    const db = app.db;
    await db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', new Date(Date.now() - TTL_MS))
      .execute();
    const existing = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
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
      await db
        .insertInto('idempotency_keys')
        .values({
          org_id: orgId,
          idempotency_key: key,
          method: request.method,
          path: request.url.slice(0, 500),
          request_hash: hash,
        })
        .execute();
    } catch (error) {
      if (constraintViolation(error) === 'unique') {
        throw new AppError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is still running; retry shortly.',
        );
      }
      throw error;
    }
    request.idempotency = { orgId, key };
  }

  async function record(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = undefined;
    const where = app.db
      .deleteFrom('idempotency_keys')
      .where('org_id', '=', claim.orgId)
      .where('idempotency_key', '=', claim.key);
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await where.execute();
      return payload;
    }
    await app.db
      .updateTable('idempotency_keys')
      .set({ status_code: reply.statusCode, response_body: payload })
      .where('org_id', '=', claim.orgId)
      .where('idempotency_key', '=', claim.key)
      .execute();
    return payload;
  }
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export default fp(idempotencyPlugin, {
  name: 'lanewise-idempotency',
  fastify: '5.x',
  dependencies: ['lanewise-database'],
});
