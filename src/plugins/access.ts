import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Who may call a route. Every route states it in its options (`config: { access }`); start-up
 * fails for a route that states nothing, so an endpoint can never be open by omission.
 * The authentication plugin enforces permissions; `'public'` routes skip it.
 */
export type Access = 'public' | { readonly permission: string };

/** A route with the access it declares. */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /**
     * Declares every route under a path prefix public, for routes a third-party plugin registers
     * without our config (the /docs UI). Call it before registering that plugin.
     */
    declarePublicPrefix(prefix: string): void;
    /** Every route with its declared access, in registration order (docs and authorization tests). */
    routeAccess: readonly RouteAccess[];
  }
}

async function accessPlugin(app: FastifyInstance): Promise<void> {
  const publicPrefixes: string[] = [];
  const routes: RouteAccess[] = [];
  app.decorate('routeAccess', routes);
  app.decorate('declarePublicPrefix', (prefix: string) => {
    publicPrefixes.push(prefix);
  });
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (
      route.config?.access === undefined &&
      publicPrefixes.some((p) => url === p || url.startsWith(`${p}/`))
    ) {
      route.config = { ...route.config, access: 'public' };
    }
    // HEAD routes Fastify derives from GET share the GET route's config.
    if (route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
    }
    for (const method of ([] as string[]).concat(route.method)) {
      routes.push({ method, url: route.url ?? route.path, access: route.config.access });
    }
  });
}

export default fp(accessPlugin, { name: 'lanewise-access', fastify: '5.x' });
