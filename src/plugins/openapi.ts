import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, served at /api/v1/openapi.json, with an
 * interactive reference at /docs. Registered before any route so every route is collected;
 * routes without `schema.tags` (health probes) stay out of the document.
 */
async function openapiPlugin(app: FastifyInstance, options: { version: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lanewise API',
        version: options.version,
        description:
          'Logistics data and analytics. Version 1 is stable: within v1 changes are additive only; breaking changes go to /api/v2, and v1 then answers with Deprecation and Sunset headers. Errors are application/problem+json (RFC 9457) with a stable `code`.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/', description: 'this server' }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT or API key',
            description:
              'An access token from POST /api/v1/auth/login (JWT, 15 minutes) or a service-account API key, as `Authorization: Bearer <token>`.',
          },
        },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: (input) => {
      const result = jsonSchemaTransform(input);
      // Only tagged routes are API; probes and the docs UI stay out of the document.
      const tagged = Array.isArray((input.schema as { tags?: unknown } | undefined)?.tags);
      return tagged ? result : { ...result, schema: { ...result.schema, hide: true } };
    },
    transformObject: jsonSchemaTransformObject,
  });

  app.declarePublicPrefix('/docs');
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, persistAuthorization: false },
    staticCSP: true,
  });
  // The document at its stable, versioned address.
  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}

export default fp(openapiPlugin, {
  name: 'lanewise-openapi',
  fastify: '5.x',
  dependencies: ['lanewise-access'],
});
