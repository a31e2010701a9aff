import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthConfig } from '../config.js';
import { AppError } from '../lib/errors.js';
import { authenticateApiKey, authenticateCachedApiKey } from '../modules/api-keys/index.js';
import {
  type AuthRuntime,
  authenticateAccessToken,
  authenticateCachedAccessToken,
  createAuthRuntime,
  isPermission,
  type Permission,
  type RequestAuth,
  tokenPrefixes,
} from '../modules/auth/index.js';
import type { Access } from './access.js';
import { hooksOf } from './route-hooks.js';

/**
 * Authentication and authorization of every request, in one onRequest hook (before the body is
 * even parsed):
 *
 * - a route whose `config.access` is `'public'` runs for anyone;
 * - any other route needs a credential — `Authorization: Bearer <access token | API key>` or
 *   `X-API-Key: <API key>` — that verifies (401 AUTH_MISSING_TOKEN, AUTH_INVALID_TOKEN,
 *   AUTH_TOKEN_EXPIRED, AUTH_TOKEN_REVOKED otherwise), and the permission it declares
 *   (403 AUTH_FORBIDDEN otherwise);
 * - the caller is then `request.auth` (see RequestAuth).
 *
 * The tenant contract for every module: a handler reads and writes only rows of
 * `request.auth.orgId` — repositories take it as their `orgId` argument and filter every query by
 * it — and never takes an organization from the body, query string or path. A row of another
 * organization is answered exactly like a row that does not exist (404), so ids of other tenants
 * are neither usable nor discoverable. `request.auth` exists only on non-public routes; reading it
 * on a public route is a programming error (500), never an anonymous identity.
 */
declare module 'fastify' {
  interface FastifyInstance {
    /** Token signer, abuse limits and principal caches of this process (services take it explicitly). */
    authRuntime: AuthRuntime;
  }
  interface FastifyRequest {
    /** The authenticated caller; set on every non-public route before its handler runs. */
    auth: RequestAuth;
  }
}

export interface AuthPluginOptions {
  readonly config: AuthConfig;
}

type WithAuth = FastifyRequest & { lanewiseAuth: RequestAuth | null };

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/** The credential a request presents, or null; throws for a malformed Authorization header. */
function credentialOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = BEARER.exec(header);
    if (!match?.[1]) {
      throw new AppError('AUTH_INVALID_TOKEN', 'Send the token as "Authorization: Bearer <token>".');
    }
    return match[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : null;
}

function challenge(reply: FastifyReply, error?: string): void {
  reply.header(
    'www-authenticate',
    error ? `Bearer realm="lanewise", error="${error}"` : 'Bearer realm="lanewise"',
  );
}

async function authPlugin(app: FastifyInstance, options: AuthPluginOptions): Promise<void> {
  const runtime = createAuthRuntime(app.db, options.config);
  app.decorate('authRuntime', runtime);

  // A misspelt permission would lock everyone out of a route: refuse it when the route is added,
  // and at start-up for routes added before this plugin.
  const checkPermission = (method: unknown, url: string, access: Access | undefined) => {
    if (access !== undefined && access !== 'public' && !isPermission(access.permission)) {
      throw new Error(
        `route ${String(method)} ${url} requires unknown permission "${access.permission}" (see src/modules/auth/permissions.ts)`,
      );
    }
  };
  app.addHook('onRoute', (route) => checkPermission(route.method, route.url, route.config?.access));
  app.addHook('onReady', async () => {
    for (const r of app.routeAccess) checkPermission(r.method, r.url, r.access);
  });

  // Stored per request under a private name; `request.auth` reads it and refuses to invent one.
  app.decorateRequest('lanewiseAuth', null);
  app.decorateRequest('auth', {
    getter(this: FastifyRequest) {
      const auth = (this as WithAuth).lanewiseAuth;
      if (auth === null) {
        throw new Error(
          `request.auth read on ${this.method} ${this.url}, which is public or not authenticated`,
        );
      }
      return auth;
    },
  });

  // The check is attached to each protected route as it is added, with the route's permission
  // in hand: nothing about the route is looked up per request, and public routes and the
  // not-found handler (nothing to protect) carry no hook at all. A protected route added before
  // this plugin would carry no check, so start-up refuses it (fail closed).
  const guarded = new Set<string>();
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined || access === 'public') return;
    const permission = access.permission as Permission;
    route.onRequest = [...hooksOf(route.onRequest), guard(permission)];
    for (const method of ([] as string[]).concat(route.method)) guarded.add(`${method} ${route.url}`);
  });
  app.addHook('onReady', async () => {
    for (const r of app.routeAccess) {
      if (r.access !== 'public' && !guarded.has(`${r.method} ${r.url}`)) {
        throw new Error(
          `route ${r.method} ${r.url} was added before the authentication plugin and would not be checked`,
        );
      }
    }
  });

  const fail = (reply: FastifyReply, done: (err?: Error) => void, err: unknown) => {
    if (err instanceof AppError && err.status === 401) challenge(reply, 'invalid_token');
    done(err as Error);
  };
  const admit = (
    request: FastifyRequest,
    auth: RequestAuth,
    permission: Permission,
    done: (err?: Error) => void,
  ) => {
    (request as WithAuth).lanewiseAuth = auth;
    if (auth.permissions.has(permission)) return done();
    const who = auth.kind === 'user' ? `your role (${auth.role})` : 'this API key';
    done(
      new AppError(
        'AUTH_FORBIDDEN',
        `This needs the "${permission}" permission, which ${who} does not have.`,
        {
          permission,
        },
      ),
    );
  };

  // Callback style on purpose: a caller this process has seen recently is authenticated without
  // a single await (see the auth benchmark); only cache misses wait for the database or jose.
  function guard(permission: Permission) {
    return (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      // Only the checks may throw here: done() is called outside the try, exactly once.
      let credential: string | null;
      let known: RequestAuth | undefined;
      try {
        credential = credentialOf(request);
        if (credential !== null) {
          known = credential.startsWith(tokenPrefixes.apiKey)
            ? authenticateCachedApiKey(runtime, credential)
            : authenticateCachedAccessToken(runtime, credential);
        }
      } catch (err) {
        return fail(reply, done, err);
      }
      if (credential === null) {
        challenge(reply);
        return done(
          new AppError(
            'AUTH_MISSING_TOKEN',
            'This needs authentication: send "Authorization: Bearer <token>" (log in at /api/v1/auth/login) or an API key.',
          ),
        );
      }
      if (known) return admit(request, known, permission, done);
      const pending = credential.startsWith(tokenPrefixes.apiKey)
        ? authenticateApiKey(app.db, runtime, credential)
        : authenticateAccessToken(app.db, runtime, credential);
      pending.then(
        (auth) => admit(request, auth, permission, done),
        (err) => fail(reply, done, err),
      );
    };
  }
}

export default fp(authPlugin, {
  name: 'lanewise-auth',
  fastify: '5.x',
  dependencies: ['lanewise-errors', 'lanewise-access', 'lanewise-database'],
});
