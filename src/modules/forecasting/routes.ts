import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, listOf, problemResponses } from '../../lib/api-schemas.js';
import { callerOf } from '../auth/index.js';
import { inventoryRisks } from './policy/risks.js';
import { getForecastRun, listForecastRuns, startForecastRun } from './runs.js';
import {
  forecastRun,
  forecastSeriesDetail,
  forecastSeriesItem,
  riskList,
  riskQuery,
  runCreateOf,
  runListQuery,
  seriesListQuery,
} from './schema.js';
import { getForecastSeries, listForecastSeries } from './series-read.js';

const read = { access: { permission: 'forecasts:read' } } as const;
const run = { access: { permission: 'forecasts:run' } } as const;
const readStock = { access: { permission: 'inventory:read' } } as const;
const tags = ['forecasts'];

/** /api/v1/forecasts: runs and the series they forecast (issue #10, ADR 0022). */
export const forecastRoutes: FastifyPluginAsyncZod<{ readonly maxHorizon: number }> = async (
  app,
  { maxHorizon },
) => {
  app.post(
    '/forecasts/runs',
    {
      config: { ...run, idempotent: true },
      schema: {
        tags,
        summary: 'Start a forecast run',
        description:
          'Forecasts every series of the organization (or the kinds or series asked for) in a background job: demand per product and ship-from facility, shipments per lane and per carrier, at week or day grain. Each series gets the model its own backtest chooses, 80 % and 95 % intervals and its error measures. Follow it at GET /forecasts/runs/{id} or GET /jobs/{jobId}/events.',
        body: runCreateOf(maxHorizon),
        response: { 202: forecastRun, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await startForecastRun(app.db, app.jobs, callerOf(request.auth), request.body)),
  );

  app.get(
    '/forecasts/runs',
    {
      config: read,
      schema: {
        tags,
        summary: 'List forecast runs',
        querystring: runListQuery,
        response: { 200: listOf(forecastRun), ...problemResponses },
      },
    },
    async (request) => listForecastRuns(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/forecasts/runs/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a forecast run',
        description:
          'Status, progress (series done of total) and, once it succeeded, the summary error measures.',
        params: idParam,
        response: { 200: forecastRun, ...problemResponses },
      },
    },
    async (request) => getForecastRun(app.db, request.auth.orgId, request.params.id),
  );

  app.get(
    '/forecasts/series',
    {
      config: read,
      schema: {
        tags,
        summary: 'List forecast series',
        description: 'Every series forecast so far, with its class, chosen model and backtest error.',
        querystring: seriesListQuery,
        response: { 200: listOf(forecastSeriesItem), ...problemResponses },
      },
    },
    async (request) => listForecastSeries(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/forecasts/series/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a forecast series',
        description:
          'Its history (the values the forecast was fitted on), outliers and level shifts, the latest forecast with 80 % and 95 % intervals, and every candidate model’s backtest score.',
        params: idParam,
        response: { 200: forecastSeriesDetail, ...problemResponses },
      },
    },
    async (request) => getForecastSeries(app.db, request.auth.orgId, request.params.id),
  );

  app.get(
    '/inventory/risks',
    {
      config: readStock,
      schema: {
        tags: ['inventory'],
        summary: 'Rank stock-out risks',
        description:
          'Every product × facility with a demand forecast (run one first: POST /forecasts/runs) and a stock snapshot, most at risk first: the probability that demand over the replenishment lead time exceeds what is on hand (less allocated) and on order, with the safety stock and reorder point for the target service level, days of cover, EOQ when ordering and holding costs are given, and every number they come from.',
        querystring: riskQuery,
        response: { 200: riskList, ...problemResponses },
      },
    },
    async (request) => inventoryRisks(app.db, request.auth.orgId, request.query),
  );
};
