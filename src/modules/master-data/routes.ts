import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, listOf, listQueryBase, problemResponses } from '../../lib/api-schemas.js';
import { callerOf } from '../auth/index.js';
import type { AnyMasterResource } from './resource.js';
import { archiveResource, createResource, getResource, listResource, updateResource } from './service.js';

type AnyResource = AnyMasterResource;

const read = { permission: 'master-data:read' } as const;
const write = { permission: 'master-data:write' } as const;

/** CRUD routes of one master-data resource under /api/v1/<path>. Thin: parse, scope, call the service. */
function resourceRoutes(resource: AnyResource): FastifyPluginAsyncZod {
  const tags = [resource.path];
  const listQuery = resource.schemas.filters
    .extend({
      ...listQueryBase,
      sort: resource.sorts.param,
      includeArchived: z
        .enum(['true', 'false'])
        .default('false')
        .transform((v) => v === 'true'),
    })
    .strict();

  return async (app) => {
    app.get(
      `/${resource.path}`,
      {
        config: { access: read },
        schema: {
          tags,
          summary: `List ${resource.path}`,
          querystring: listQuery,
          response: { 200: listOf(resource.schemas.api), ...problemResponses },
        },
      },
      async (request) => {
        const { limit, cursor, includeTotal, includeArchived, sort, ...filters } = request.query as z.infer<
          typeof listQuery
        >;
        return listResource(app.db, resource, request.auth.orgId, {
          filters,
          sort: String(sort),
          limit: limit as number,
          cursor: cursor as string | undefined,
          includeTotal: includeTotal as boolean,
          includeArchived: includeArchived as boolean,
        });
      },
    );

    app.get(
      `/${resource.path}/:id`,
      {
        config: { access: read },
        schema: {
          tags,
          summary: `Get a ${resource.noun}`,
          params: idParam,
          response: { 200: resource.schemas.api, ...problemResponses },
        },
      },
      async (request) => getResource(app.db, resource, request.auth.orgId, request.params.id),
    );

    app.post(
      `/${resource.path}`,
      {
        config: { access: write },
        schema: {
          tags,
          summary: `Create a ${resource.noun}`,
          body: resource.schemas.create,
          response: { 201: resource.schemas.api, ...problemResponses },
        },
      },
      async (request, reply) => {
        const created = await createResource(app.db, resource, callerOf(request.auth), request.body);
        return reply.status(201).send(created);
      },
    );

    app.patch(
      `/${resource.path}/:id`,
      {
        config: { access: write },
        schema: {
          tags,
          summary: `Update a ${resource.noun}`,
          description: 'Partial update: absent fields stay as they are; null clears an optional field.',
          params: idParam,
          body: resource.schemas.patch,
          response: { 200: resource.schemas.api, ...problemResponses },
        },
      },
      async (request) =>
        updateResource(app.db, resource, callerOf(request.auth), request.params.id, request.body),
    );

    app.delete(
      `/${resource.path}/:id`,
      {
        config: { access: write },
        schema: {
          tags,
          summary: `Archive a ${resource.noun}`,
          description: `Archives the ${resource.noun}: it leaves lists but stays for the history that refers to it.`,
          params: idParam,
          response: { 200: resource.schemas.api, ...problemResponses },
        },
      },
      async (request) => archiveResource(app.db, resource, callerOf(request.auth), request.params.id),
    );
  };
}

/** Routes of every master-data resource. */
export function masterDataRoutes(resources: readonly AnyResource[]): FastifyPluginAsyncZod {
  return async (app) => {
    for (const resource of resources) await app.register(resourceRoutes(resource));
  };
}
