import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Who may call a route. Every route states it in its options (`config: { access }`); start-up
 * fails for a route that states nothing, so an endpoint can never be open by omission.
 * The authentication plugin enforces permissions; `'public'` routes skip it.
 */
export type Access = 'public' | { readonly permission: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

async function accessPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    // HEAD routes Fastify derives from GET share the GET route's config.
    if (route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
    }
  });
}

export default fp(accessPlugin, { name: 'lanewise-access', fastify: '5.x' });
