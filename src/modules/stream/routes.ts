import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import { problemResponses } from '../../lib/api-schemas.js';
import { AppError } from '../../lib/errors.js';
import { eventStreams, lastEventIdHeaders, streamRouteOptions } from '../../lib/sse.js';
import type { Permission } from '../auth/index.js';
import { connectionStream } from './connection.js';
import { type StreamTopic, streamTopics } from './outbox.js';
import { liveStream, streamQuery } from './schema.js';

/** The permission each topic needs. */
const topicPermission: Record<StreamTopic, Permission> = {
  shipments: 'shipments:read',
  alerts: 'alerts:read',
};

export interface StreamRouteOptions {
  readonly stream: Config['stream'];
}

/** GET /api/v1/stream: the organization's live updates (ADR 0020). */
export const streamRoutes: FastifyPluginAsyncZod<StreamRouteOptions> = async (app, { stream }) => {
  const streams = eventStreams(app);
  app.get(
    '/stream',
    {
      // Opening a stream needs shipments:read (every role has it); each topic needs its own.
      config: { access: { permission: 'shipments:read' } },
      ...streamRouteOptions,
      schema: {
        tags: ['stream'],
        summary: 'Live updates (server-sent events)',
        description:
          'A text/event-stream of the organization’s changes as they are committed: shipments written (by the API, imports, feeds) and alerts. Resume after a disconnect with Last-Event-ID: what was missed is sent first. Works behind several API processes (through Redis when REDIS_URL is set, otherwise within about LANEWISE_STREAM_POLL_MS).',
        querystring: streamQuery,
        headers: lastEventIdHeaders,
        response: {
          200: { description: 'The event stream', content: { 'text/event-stream': { schema: liveStream } } },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { auth } = request;
      const readable = streamTopics.filter((topic) => auth.permissions.has(topicPermission[topic]));
      const asked = request.query.topics;
      const denied = asked?.filter((topic) => !readable.includes(topic)) ?? [];
      if (denied.length > 0) {
        throw new AppError(
          'AUTH_FORBIDDEN',
          `The ${denied.join(', ')} topic needs the ${denied.map((t) => `"${topicPermission[t]}"`).join(', ')} permission.`,
        );
      }
      const topics = new Set(asked ?? readable);
      const lastEventId = request.headers['last-event-id'] ?? null;
      return streams.send(reply, (signal) =>
        connectionStream(app.db, app.streamHub, { orgId: auth.orgId, topics, lastEventId }, signal, {
          heartbeatMs: stream.heartbeatMs,
          maxMs: stream.maxMs,
          maxQueued: 1_000,
        }),
      );
    },
  );
};
