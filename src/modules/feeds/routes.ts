import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOf, problem, problemResponses } from '../../lib/api-schemas.js';
import { AppError } from '../../lib/errors.js';
import type { FeedObserver } from '../../lib/metrics/index.js';
import { callerOf } from '../auth/index.js';
import {
  feed,
  feedCreate,
  feedEvent,
  feedEventListQuery,
  feedListQuery,
  feedParams,
  feedWithSecret,
  intakeAnswer,
  replayAnswer,
  replayBody,
} from './schema.js';
import {
  archiveFeed,
  createFeed,
  getFeed,
  ingest,
  listFeedEvents,
  listFeeds,
  replayFeedEvents,
  rotateFeedSecret,
} from './service.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

const manage = { permission: 'connectors:manage' } as const;
const tags = ['feeds'];

/** The exact bytes of a JSON body, kept for the signature check (feed routes only). */
const rawBodies = new WeakMap<FastifyRequest, Buffer>();

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export interface FeedRouteOptions {
  /** Told each request's outcome (the metrics); none when metrics are off. */
  readonly observer?: FeedObserver | undefined;
  /**
   * config.imports.allowHosts: when given, an mqtt feed's broker is vetted at creation (an early
   * FEED_MQTT_BROKER_REFUSED). The subscribers vet it again at every connection, whatever this says.
   */
  readonly allowHosts?: readonly string[] | undefined;
}

/** /api/v1/feeds: webhook feeds of tracking events (issue #12, ADR 0019). */
export const feedRoutes: FastifyPluginAsyncZod<FeedRouteOptions> = async (app, { observer, allowHosts }) => {
  // The signature covers the body as sent: these routes parse JSON from the bytes themselves,
  // with the framework's own parser (the same prototype-poisoning refusals as everywhere else).
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    rawBodies.set(request, body as Buffer);
    json(request, (body as Buffer).toString('utf8'), done);
  });

  app.post(
    '/feeds',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Create a feed',
        description:
          "A feed of tracking events. A webhook feed (the default): a carrier or tracker posts its events to `intakePath`, signed with the secret this answer shows once. An mqtt feed: Lanewise's workers subscribe to `mqtt.topics` on `mqtt.url` (QoS 1, shared subscriptions) and take each message in as a webhook request of the feed; it has no intake path and no secret, and reads show its connection state, never its password. Events are mapped to tracking events by `mapping` (the preset of `shape` by default) and applied to the shipments they name. A broker on a loopback or private address needs its host in LANEWISE_IMPORT_ALLOW_HOSTS (FEED_MQTT_BROKER_REFUSED).",
        body: feedCreate,
        response: { 201: feedWithSecret, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createFeed(
            app.db,
            callerOf(request.auth),
            request.body,
            allowHosts === undefined ? undefined : { allowHosts },
          ),
        ),
  );

  app.get(
    '/feeds',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'List feeds',
        querystring: feedListQuery,
        response: { 200: listOf(feed), ...problemResponses },
      },
    },
    async (request) => listFeeds(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/feeds/:id',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Get a feed',
        description: 'With its counts: events received, events quarantined, when the last one came.',
        params: feedParams,
        response: { 200: feed, ...problemResponses },
      },
    },
    async (request) => getFeed(app.db, request.auth.orgId, request.params.id),
  );

  app.delete(
    '/feeds/:id',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Archive a feed',
        description: 'It accepts no more events; what it delivered stays.',
        params: feedParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await archiveFeed(app.db, callerOf(request.auth), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/feeds/:id/rotate-secret',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Replace a feed's secret",
        description:
          'The new secret is shown once; requests signed with the old one are refused from now on.',
        params: feedParams,
        response: { 200: feedWithSecret, ...problemResponses },
      },
    },
    async (request) => rotateFeedSecret(app.db, callerOf(request.auth), request.params.id),
  );

  app.post(
    '/feeds/:id/events',
    {
      config: { access: { permission: 'feeds:ingest' } },
      schema: {
        tags,
        summary: 'Post events to a feed',
        description:
          "One event, an array, `{ \"events\": [...] }` or (epcis feeds) an EPCIS document; at most 1000. Authenticated by an API key holding feeds:ingest (give the sender a key with only that scope), and signed: `Lanewise-Timestamp` (Unix seconds, within 5 minutes of the server's clock) and `Lanewise-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + '.' + body)>`. Answers 202 once every event is stored with its outcome: applied to its shipment, quarantined (with its reasons; replayable) or a duplicate of one the feed already has (same event id), which changes nothing.",
        params: feedParams,
        headers: z
          .object({
            [TIMESTAMP_HEADER]: z
              .string()
              .optional()
              .meta({ description: 'Unix seconds when the request was signed' }),
            [SIGNATURE_HEADER]: z.string().optional().meta({ description: 'sha256=<hex HMAC>' }),
          })
          .passthrough(),
        response: { 202: intakeAnswer, ...problemResponses, 413: problem },
      },
    },
    async (request, reply) => {
      const raw = rawBodies.get(request);
      if (raw === undefined) {
        throw new AppError('REQUEST_UNSUPPORTED_MEDIA_TYPE', 'Send the events as application/json.');
      }
      const { answer, shape, lagSeconds } = await ingest(app.db, callerOf(request.auth), request.params.id, {
        timestamp: header(request, TIMESTAMP_HEADER),
        signature: header(request, SIGNATURE_HEADER),
        raw,
        parsed: request.body,
      });
      observer?.observe({ shape }, { ...answer, lagSeconds });
      return reply.status(202).send(answer);
    },
  );

  app.get(
    '/feeds/:id/events',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "List a feed's events",
        description: 'Newest first; `status=quarantined` lists those waiting for a fix, with their reasons.',
        params: feedParams,
        querystring: feedEventListQuery,
        response: { 200: listOf(feedEvent), ...problemResponses },
      },
    },
    async (request) => listFeedEvents(app.db, request.auth.orgId, request.params.id, request.query),
  );

  app.post(
    '/feeds/:id/events/replay',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Apply quarantined events again',
        description:
          'For events that named a shipment that did not exist yet (or failed the mapping): each that now passes is applied once and marked applied.',
        params: feedParams,
        body: replayBody,
        response: { 200: replayAnswer, ...problemResponses },
      },
    },
    async (request) => replayFeedEvents(app.db, callerOf(request.auth), request.params.id, request.body.ids),
  );
};
