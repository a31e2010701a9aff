import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../lib/api-schemas.js';
import { callerKey, callerOf } from '../auth/index.js';
import { jobSchema } from '../jobs/index.js';
import { chartRoutes } from './charts/index.js';
import { resultToCsv } from './query/csv.js';
import { runQuery } from './query/run.js';
import { queryResult, semanticQuery } from './query/schema.js';
import { catalogOf, catalogResponse } from './service.js';

export interface AnalyticsRouteOptions {
  /** Statement timeout of every analytics query (LANEWISE_ANALYTICS_TIMEOUT_MS). */
  readonly queryTimeoutMs: number;
}

const read = { permission: 'analytics:read' } as const;
const manage = { permission: 'analytics:manage' } as const;
const tags = ['analytics'];

/** /api/v1/analytics: the semantic query and the catalog. */
export const analyticsRoutes: FastifyPluginAsyncZod<AnalyticsRouteOptions> = async (app, options) => {
  app.post(
    '/analytics/query',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Run a semantic query',
        description:
          'Metrics by dimensions over a time range, computed from one definition per metric (GET /analytics/catalog). The answer carries the SQL and parameters it ran, whether rollups served it, and notes (rows left out for want of an exchange rate, …). Send `Accept: text/csv` for the rows as CSV that is safe to open in a spreadsheet.',
        body: semanticQuery,
        response: {
          200: {
            description: 'The result (application/json), or its rows as CSV (text/csv)',
            content: {
              'application/json': { schema: queryResult },
              'text/csv': {
                schema: z.string().meta({ description: 'A header of column labels, then one line per row' }),
              },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const result = await runQuery(app.db, callerOf(request.auth), request.body, {
        timeoutMs: options.queryTimeoutMs,
      });
      if (wantsCsv(request.headers.accept)) {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="lanewise-query.csv"')
          .serializer((payload) => payload as string)
          .send(resultToCsv(result));
      }
      return reply.type('application/json; charset=utf-8').send(result);
    },
  );

  app.get(
    '/analytics/catalog',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'List metrics and dimensions',
        description:
          'Every metric (label, synonyms, unit, format, the time field that buckets it, the dimensions it supports, how it treats unknown inputs) and every dimension and filter field.',
        response: { 200: catalogResponse, ...problemResponses },
      },
    },
    async (request) => catalogOf(app.db, request.auth.orgId),
  );

  // "::" escapes the colon: the path is literally /analytics/rollups:rebuild.
  app.post(
    '/analytics/rollups::rebuild',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Rebuild the rollups',
        description:
          'Queues a background job that rebuilds the organization’s shipment rollups from its shipments (they are kept right on every write; a rebuild is for after a restore or to compact them). Answers the job (follow it at GET /jobs/{id}/events); one rebuild at a time per organization.',
        response: { 202: jobSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request.auth);
      const { job } = await app.jobs.enqueue(
        'analytics.rollups-rebuild',
        {},
        { orgId: caller.orgId, dedupeKey: 'rollups-rebuild', createdBy: callerKey(caller) },
      );
      return reply.status(202).send(job);
    },
  );

  // POST /analytics/charts:spec and charts:svg: the same queries, drawn.
  await app.register(chartRoutes, { queryTimeoutMs: options.queryTimeoutMs });
};

/** Whether an Accept header prefers CSV to JSON (CSV named, and JSON not before it). */
function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((t) => t.split(';')[0]?.trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.indexOf('application/json');
  return csv !== -1 && (json === -1 || csv < json);
}
