import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { cursorKey, openCursor, sealCursor } from '../lib/cursor.js';
import { loadSigningSecret } from '../modules/auth/index.js';
import { hooksOf } from './route-hooks.js';

/**
 * List cursors are sealed with an HMAC on the way out and opened on the way in, on every route
 * whose query string has a `cursor`: a cursor a client edited, forged or took from another
 * server is refused (400 REQUEST_INVALID_CURSOR) before it reaches a query. The key is derived
 * from the token-signing secret, which every API process on the same database shares (the
 * setting, or LANEWISE_JWT_SECRET), so a cursor issued by one process works on the others.
 * Services page with plain positions; sealing is the HTTP boundary's concern.
 */
function hasCursorParam(schema: unknown): boolean {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape !== undefined && 'cursor' in shape;
}

async function cursorsPlugin(app: FastifyInstance): Promise<void> {
  let key: Buffer | undefined;
  let loading: Promise<Buffer> | undefined;
  const keyOf = async (): Promise<Buffer> => {
    if (key) return key;
    loading ??= loadSigningSecret(app.db, app.authRuntime.config.jwtSecret).then(
      (secret) => {
        key = cursorKey(secret);
        return key;
      },
      (error: unknown) => {
        loading = undefined; // a database that was down may be back at the next request
        throw error;
      },
    );
    return loading;
  };

  async function open(request: FastifyRequest) {
    const sealing = await keyOf();
    const query = request.query as Record<string, unknown> | undefined;
    if (query && typeof query.cursor === 'string') query.cursor = openCursor(sealing, query.cursor);
  }

  function seal(
    _request: FastifyRequest,
    _reply: unknown,
    payload: unknown,
    done: (e: null, p: unknown) => void,
  ) {
    const next = (payload as { nextCursor?: unknown } | null)?.nextCursor;
    if (key && typeof next === 'string')
      return done(null, { ...(payload as object), nextCursor: sealCursor(key, next) });
    done(null, payload);
  }

  app.addHook('onRoute', (route) => {
    if (!hasCursorParam(route.schema?.querystring)) return;
    route.preValidation = [...hooksOf(route.preValidation), open];
    route.preSerialization = [...hooksOf(route.preSerialization), seal];
  });
}

export default fp(cursorsPlugin, {
  name: 'lanewise-cursors',
  fastify: '5.x',
  dependencies: ['lanewise-database', 'lanewise-auth'],
});
