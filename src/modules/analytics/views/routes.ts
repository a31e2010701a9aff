import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, listOf, problemResponses } from '../../../lib/api-schemas.js';
import { callerOf } from '../../auth/index.js';
import { queryResult } from '../query/schema.js';
import type { AnalyticsRouteOptions } from '../routes.js';
import { view, viewCreate, viewListQuery, viewPatch } from './schema.js';
import { createView, deleteView, getView, listViews, patchView, runView } from './service.js';

const tags = ['analytics'];
// Personal views need only analytics:read; what shared ones need is checked per view.
const read = { permission: 'analytics:read' } as const;
const scopes =
  'A personal view is seen by its owner alone; a shared one by every member, and creating, changing or deleting it needs analytics:manage.';

/** /api/v1/analytics/views: saved semantic queries, personal or shared, and running them. */
export const viewRoutes: FastifyPluginAsyncZod<AnalyticsRouteOptions> = async (app, options) => {
  app.get(
    '/analytics/views',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'List saved views',
        description: `Your personal views and the shared ones (\`scope\` narrows to one kind). ${scopes}`,
        querystring: viewListQuery,
        response: { 200: listOf(view), ...problemResponses },
      },
    },
    async (request) => listViews(app.db, callerOf(request.auth), request.query),
  );

  app.post(
    '/analytics/views',
    {
      // No Idempotency-Key: a repeated save answers 409 ANALYTICS_VIEW_NAME_TAKEN, never a second view.
      config: { access: read },
      schema: {
        tags,
        summary: 'Save a view',
        description: `Saves a semantic query (the body of POST /api/v1/analytics/query) under a name, unique in its scope (409 ANALYTICS_VIEW_NAME_TAKEN). ${scopes} API keys save shared views only.`,
        body: viewCreate,
        response: { 201: view, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createView(app.db, callerOf(request.auth), request.body)),
  );

  app.get(
    '/analytics/views/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Get a saved view',
        description:
          'Another person’s personal view answers 404 ANALYTICS_VIEW_NOT_FOUND, like a missing one.',
        params: idParam,
        response: { 200: view, ...problemResponses },
      },
    },
    async (request) => getView(app.db, callerOf(request.auth), request.params.id),
  );

  app.patch(
    '/analytics/views/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Change a saved view',
        description: `Absent fields stay. ${scopes} Making a shared view personal makes it yours.`,
        params: idParam,
        body: viewPatch,
        response: { 200: view, ...problemResponses },
      },
    },
    async (request) => patchView(app.db, callerOf(request.auth), request.params.id, request.body),
  );

  app.delete(
    '/analytics/views/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Delete a saved view',
        description: scopes,
        params: idParam,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteView(app.db, callerOf(request.auth), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // A regex parameter before ":run" (see the jobs routes: find-my-way ends a plain parameter's
  // name only at "/", "-", "." or "(").
  app.post(
    '/analytics/views/:id(^\\d+)::run',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Run a saved view',
        description:
          'Runs the saved query now, as the caller, and answers as POST /api/v1/analytics/query does (a relative time range resolves against today).',
        operationId: 'postAnalyticsViewsByIdRun',
        params: idParam,
        response: { 200: queryResult, ...problemResponses },
      },
    },
    async (request) =>
      runView(app.db, callerOf(request.auth), request.params.id, { timeoutMs: options.queryTimeoutMs }),
  );
};
