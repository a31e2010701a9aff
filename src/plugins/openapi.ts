import { STATUS_CODES } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { API_PREFIX } from '../lib/api-schemas.js';

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
      if (!tagged) return { ...result, schema: { ...result.schema, hide: true } };
      const schema = result.schema as Record<string, unknown> & {
        response?: Record<string, unknown>;
        headers?: { properties?: Record<string, unknown>; required?: string[] };
      };
      const config = (input.route as { config?: { access?: unknown; idempotent?: boolean } }).config;
      return {
        ...result,
        schema: {
          ...schema,
          // What the route declares for the server is what the document says: public routes need
          // no credential, idempotent ones take the Idempotency-Key header.
          ...(config?.access === 'public' ? { security: [] } : {}),
          ...(config?.idempotent ? { headers: withIdempotencyKey(schema.headers) } : {}),
          operationId:
            (schema.operationId as string | undefined) ?? operationIdOf(input.route.method, input.url),
          // Every API route can refuse a request (validation, authentication, permission): say so.
          response: { ...schema.response, '4XX': schema.response?.['4XX'] ?? problemResponse },
        },
      };
    },
    transformObject: (input) =>
      sortedComponents(describeResponses(jsonSchemaTransformObject(input) as Document)),
  });

  app.declarePublicPrefix('/docs');
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, persistAuthorization: false },
    staticCSP: true,
    // The UI loads only its own resources ('self'), so upgrade-insecure-requests gains nothing on
    // HTTPS, while on plain HTTP (a LAN host without TLS) it makes the browser fetch the UI's
    // scripts over HTTPS, which fails, and the page stays blank.
    transformStaticCSP: (header) =>
      header
        .split(';')
        .filter((d) => d.trim() !== 'upgrade-insecure-requests')
        .join(';'),
  });
  // The document at its stable, versioned address.
  app.get(`${API_PREFIX}/openapi.json`, { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}

/** The route's header schema plus the optional Idempotency-Key (see the idempotency plugin). */
function withIdempotencyKey(
  headers: { properties?: Record<string, unknown>; required?: string[] } | undefined,
) {
  return {
    type: 'object',
    ...headers,
    properties: {
      ...headers?.properties,
      'Idempotency-Key': {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        pattern: '^[\\x21-\\x7e]+$',
        description:
          'Makes a retry safe: the first request with a key runs, a retry with the same key and request gets the same answer (with `Idempotent-Replayed: true`). Keys are per caller and last 24 hours.',
        examples: ['8e03978e-40d5-43e8-bc93-6894a57f9324'],
      },
    },
  };
}

const problemResponse = {
  description: 'The request was refused; see `code` (application/problem+json, RFC 9457)',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          code: { type: 'string', description: 'Stable, namespaced error code' },
          instance: { type: 'string' },
          requestId: { type: 'string' },
          errors: {
            type: 'array',
            items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  },
};

type Document = ReturnType<typeof jsonSchemaTransformObject>;
type Operations = Record<
  string,
  { responses?: Record<string, { description?: string; content?: Record<string, unknown> }> }
>;

/**
 * Finishes the generated document: error answers are application/problem+json (the generator
 * assumes application/json), and each response says what its status means.
 */
/**
 * Component schemas in name order: the order schemas were registered in depends on which module
 * was imported first (the CLI and the tests import in different orders), and the committed
 * document must not.
 */
function sortedComponents(document: Document): Document {
  const components = (document as { components?: { schemas?: Record<string, unknown> } }).components;
  if (components?.schemas) {
    components.schemas = Object.fromEntries(
      Object.entries(components.schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }
  return document;
}

function describeResponses(document: Document): Document {
  const paths = ((document as { paths?: unknown }).paths ?? {}) as Record<string, Operations>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (/^[45]/.test(status) && json) response.content = { 'application/problem+json': json };
        if (!response.description || response.description === 'Default Response') {
          response.description = STATUS_CODES[status] ?? 'Response';
        }
      }
    }
  }
  return document;
}

/** A stable operationId from method and path: GET /api/v1/shipments/{id}/events → getShipmentsByIdEvents. */
export function operationIdOf(method: string | string[], url: string): string {
  const verb = String(Array.isArray(method) ? method[0] : method).toLowerCase();
  const words = url
    .replace(/^\/api\/v\d+/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((part) =>
      /^[:{]/.test(part) ? ['by', part.replace(/[:{}]/g, '')] : part.split(/[:-]+/).filter(Boolean),
    )
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return verb + words.join('');
}

export default fp(openapiPlugin, {
  name: 'lanewise-openapi',
  fastify: '5.x',
  dependencies: ['lanewise-access'],
});
