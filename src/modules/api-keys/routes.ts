import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, listOf, problemResponses } from '../../lib/api-schemas.js';
import { callerOf, noStore, requestMeta } from '../auth/index.js';
import {
  apiKey,
  apiKeyBody,
  apiKeyListQuery,
  createdApiKey,
  serviceAccount,
  serviceAccountBody,
  serviceAccountListQuery,
} from './schema.js';
import {
  createApiKey,
  createServiceAccount,
  disableServiceAccount,
  listApiKeys,
  listServiceAccounts,
  revokeApiKey,
} from './service.js';

const tags = ['api keys'];
const manage = { access: { permission: 'api-keys:manage' } } as const;

/** Service accounts (machine clients) and their API keys, under /api/v1. */
export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/service-accounts',
    {
      config: manage,
      schema: {
        tags,
        summary: 'List service accounts',
        querystring: serviceAccountListQuery,
        response: { 200: listOf(serviceAccount), ...problemResponses },
      },
    },
    async (request) => listServiceAccounts(app.db, request.auth.orgId, request.query),
  );

  app.post(
    '/service-accounts',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a service account',
        body: serviceAccountBody,
        response: { 201: serviceAccount, ...problemResponses },
      },
    },
    async (request, reply) => {
      const created = await createServiceAccount(
        app.db,
        callerOf(request.auth),
        request.body,
        requestMeta(request),
      );
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/service-accounts/:id/disable',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Disable a service account and revoke all its keys',
        params: idParam,
        response: { 200: serviceAccount, ...problemResponses },
      },
    },
    async (request) =>
      disableServiceAccount(
        app.db,
        app.authRuntime,
        callerOf(request.auth),
        request.params.id,
        requestMeta(request),
      ),
  );

  app.post(
    '/service-accounts/:id/api-keys',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create an API key (shown once)',
        params: idParam,
        body: apiKeyBody,
        response: { 201: createdApiKey, ...problemResponses },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const created = await createApiKey(
        app.db,
        callerOf(request.auth),
        request.params.id,
        request.body,
        requestMeta(request),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api-keys',
    {
      config: manage,
      schema: {
        tags,
        summary: 'List API keys (never the keys themselves)',
        querystring: apiKeyListQuery,
        response: { 200: listOf(apiKey), ...problemResponses },
      },
    },
    async (request) => listApiKeys(app.db, request.auth.orgId, request.query),
  );

  app.delete(
    '/api-keys/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: idParam,
        response: { 200: apiKey, ...problemResponses },
      },
    },
    async (request) =>
      revokeApiKey(app.db, app.authRuntime, callerOf(request.auth), request.params.id, requestMeta(request)),
  );
};
