import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AlertsConfig } from '../../../config.js';
import { listOf, problemResponses } from '../../../lib/api-schemas.js';
import { callerOf } from '../../auth/index.js';
import {
  channel,
  channelCreate,
  channelListQuery,
  channelParams,
  channelWithSecret,
  delivery,
  deliveryListQuery,
} from './schema.js';
import { archiveChannel, createChannel, getChannel, listChannels, listDeliveries } from './service.js';

const manage = { access: { permission: 'alerts:manage' } } as const;
const tags = ['alerts'];

/** /api/v1/alert-channels: where alerts are told (issue #12, ADR 0021). */
export const channelRoutes: FastifyPluginAsyncZod<{ readonly config: AlertsConfig }> = async (
  app,
  { config },
) => {
  app.post(
    '/alert-channels',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create an alert channel',
        description:
          'An outbound webhook (each alert change POSTed as JSON, signed like feed requests with the secret this answer shows once: Lanewise-Timestamp and Lanewise-Signature = sha256=HMAC(secret, timestamp + "." + body); retried with backoff, dead-lettered after 6 attempts) or e-mail (needs LANEWISE_SMTP_URL). Webhook URLs follow the URL-import rules: https, and no private or loopback address unless LANEWISE_IMPORT_ALLOW_HOSTS allows it. With a digest, the channel gets one message per hour or day instead.',
        body: channelCreate,
        response: { 201: channelWithSecret, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createChannel(app.db, config, callerOf(request.auth), request.body)),
  );

  app.get(
    '/alert-channels',
    {
      config: manage,
      schema: {
        tags,
        summary: 'List alert channels',
        querystring: channelListQuery,
        response: { 200: listOf(channel), ...problemResponses },
      },
    },
    async (request) => listChannels(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/alert-channels/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Get an alert channel',
        params: channelParams,
        response: { 200: channel, ...problemResponses },
      },
    },
    async (request) => getChannel(app.db, request.auth.orgId, request.params.id),
  );

  app.delete(
    '/alert-channels/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Archive an alert channel',
        description: 'Nothing more is sent to it; deliveries still waiting are skipped.',
        params: channelParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await archiveChannel(app.db, callerOf(request.auth), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/alert-channels/:id/deliveries',
    {
      config: manage,
      schema: {
        tags,
        summary: 'What an alert channel was told',
        description: 'Newest first, with attempts and the last error; `status=dead` lists the dead letters.',
        params: channelParams,
        querystring: deliveryListQuery,
        response: { 200: listOf(delivery), ...problemResponses },
      },
    },
    async (request) => listDeliveries(app.db, request.auth.orgId, request.params.id, request.query),
  );
};
