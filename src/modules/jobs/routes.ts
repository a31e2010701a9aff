import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, problemResponses } from '../../lib/api-schemas.js';
import { AppError } from '../../lib/errors.js';
import { eventStreams, lastEventIdHeaders, streamRouteOptions } from '../../lib/sse.js';
import { actorOf, requestMeta } from '../auth/index.js';
import { finishedStates, type JobScope } from './contract.js';
import { listJobs } from './list.js';
import { commandJob, type JobCommand } from './manage.js';
import { findJob, jobEventsAfter } from './read.js';
import { job, jobDetail, jobEventStream, jobListQuery, jobPage } from './schema.js';
import { type EventReader, eventStream } from './sse.js';

const tags = ['jobs'];
const read = { access: { permission: 'jobs:read' } } as const;
const manage = { access: { permission: 'jobs:manage' } } as const;

const notFound = (id: number) =>
  new AppError('JOBS_NOT_FOUND', `No job ${id} in this organization; list them with GET /api/v1/jobs.`);

// The id before a literal ":verb" must be a regex parameter: find-my-way ends a parameter's
// name only at "/", "-", "." or "(", so "/jobs/:id::cancel" would be one parameter named
// "id::cancel". The regex only finds the route; idParam still checks the id's spelling.
const commandPath = (verb: JobCommand) => `/jobs/:id(^\\d+)::${verb}` as const;

/** Background jobs of the caller's organization under /api/v1: list, show, cancel, retry, follow. */
export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  const scopeOf = (orgId: number): JobScope => ({ orgId });

  const streams = eventStreams(app);

  app.get(
    '/jobs',
    {
      config: read,
      schema: {
        tags,
        summary: 'List jobs',
        description:
          'The organization’s background jobs, newest first; filter by type, state and creation time.',
        querystring: jobListQuery,
        response: { 200: jobPage, ...problemResponses },
      },
    },
    async (request) => {
      const { type, state, createdFrom, createdTo, ...page } = request.query;
      return listJobs(
        app.db,
        scopeOf(request.auth.orgId),
        {
          ...(type === undefined ? {} : { type }),
          ...(state === undefined ? {} : { state }),
          ...(createdFrom === undefined ? {} : { createdFrom: new Date(createdFrom) }),
          ...(createdTo === undefined ? {} : { createdTo: new Date(createdTo) }),
        },
        page,
      );
    },
  );

  app.get(
    '/jobs/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Show a job',
        description:
          'State, attempts (each with its start, end and error), progress and result; never the payload.',
        params: idParam,
        response: { 200: jobDetail, ...problemResponses },
      },
    },
    async (request) => {
      const found = await findJob(app.db, scopeOf(request.auth.orgId), request.params.id);
      if (!found) throw notFound(request.params.id);
      return { ...found, attemptHistory: [...found.attemptHistory] };
    },
  );

  for (const [verb, summary, description] of [
    [
      'cancel',
      'Cancel a job',
      'A queued job never runs; a running job is asked to stop (its signal fires) and ends cancelled. 409 JOBS_NOT_CANCELLABLE once it has finished.',
    ],
    [
      'retry',
      'Retry a dead or cancelled job',
      'The job is queued again with a fresh set of attempts. 409 JOBS_NOT_RETRYABLE unless it is dead or cancelled.',
    ],
  ] as const) {
    app.post(
      commandPath(verb),
      {
        config: manage,
        schema: {
          tags,
          summary,
          description,
          operationId: verb === 'cancel' ? 'postJobsByIdCancel' : 'postJobsByIdRetry',
          params: idParam,
          response: { 200: job, ...problemResponses },
        },
      },
      async (request) =>
        commandJob(
          app.jobs,
          app.db,
          verb,
          { scope: scopeOf(request.auth.orgId), actor: actorOf(request.auth), meta: requestMeta(request) },
          request.params.id,
        ),
    );
  }

  app.get(
    '/jobs/:id/events',
    {
      config: read,
      ...streamRouteOptions,
      schema: {
        tags,
        summary: 'Follow a job (server-sent events)',
        description:
          'A text/event-stream of the job’s state changes and progress, from the first event or after Last-Event-ID. It ends once the job has finished and every event was sent; a reconnect after that is answered 204, which tells SSE clients to stop reconnecting.',
        params: idParam,
        headers: lastEventIdHeaders,
        response: {
          200: {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: jobEventStream } },
          },
          204: z.null().meta({ description: 'The job has finished and no event follows Last-Event-ID' }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request.auth.orgId);
      const { id } = request.params;
      const after = request.headers['last-event-id'] ?? 0;
      const found = await findJob(app.db, scope, id);
      if (!found) throw notFound(id);
      const reader: EventReader = {
        eventsAfter: (afterEventId, limit) => jobEventsAfter(app.db, scope, id, afterEventId, limit),
        finished: async () => {
          const now = await findJob(app.db, scope, id);
          return now === null || finishedStates.includes(now.state);
        },
      };
      if (finishedStates.includes(found.state) && (await reader.eventsAfter(after, 1)).length === 0) {
        return reply.status(204).send(null);
      }

      return streams.send(reply, (signal) => eventStream(reader, after, signal));
    },
  );
};
