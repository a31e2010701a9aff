import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, listOf, problemResponses } from '../../lib/api-schemas.js';
import { callerOf } from '../auth/index.js';
import { getShipmentDelayRisk } from './delay-risk-read.js';
import { queueDelayRisk } from './jobs.js';
import { createCandidate, getModel, listModels, promoteModel, rollbackModel } from './models.js';
import { inventoryRisks } from './policy/risks.js';
import { ENGINE_VERSION } from './registry.js';
import { getForecastRun, listForecastRuns, startForecastRun } from './runs.js';
import {
  candidateCreate,
  delayRiskTrain,
  forecastModel,
  forecastRun,
  forecastSeriesDetail,
  forecastSeriesItem,
  modelListQuery,
  promoteBody,
  riskList,
  riskQuery,
  rollbackBody,
  runCreateOf,
  runListQuery,
  seriesListQuery,
  shipmentDelayRisk,
} from './schema.js';
import { getForecastSeries, listForecastSeries } from './series-read.js';

const read = { access: { permission: 'forecasts:read' } } as const;
const run = { access: { permission: 'forecasts:run' } } as const;
const readStock = { access: { permission: 'inventory:read' } } as const;
const promote = { access: { permission: 'models:promote' } } as const;
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

  app.get(
    '/models',
    {
      config: read,
      schema: {
        tags: ['models'],
        summary: 'List model versions',
        description:
          'The model registry: every forecast configuration version with its parameters, the training window, data fingerprint and summary of its latest run, and its status (candidate, active, archived).',
        querystring: modelListQuery,
        response: { 200: listOf(forecastModel), ...problemResponses },
      },
    },
    async (request) => listModels(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/models/:id',
    {
      config: read,
      schema: {
        tags: ['models'],
        summary: 'Get a model version',
        params: idParam,
        response: { 200: forecastModel, ...problemResponses },
      },
    },
    async (request) => getModel(app.db, request.auth.orgId, request.params.id),
  );

  app.post(
    '/models',
    {
      config: run,
      schema: {
        tags: ['models'],
        summary: 'Create a candidate forecast configuration',
        description:
          'A new version, status candidate: runs use it only when they name it (POST /forecasts/runs with modelVersion) until it is promoted.',
        body: candidateCreate,
        response: { 201: forecastModel, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createCandidate(app.db, callerOf(request.auth), {
          engine: ENGINE_VERSION,
          ...request.body.params,
        }),
      ),
  );

  app.post(
    '/models/:id/promote',
    {
      config: promote,
      schema: {
        tags: ['models'],
        summary: 'Promote a model version',
        description:
          'Makes the version the active one of its kind (the one it replaces is archived); an archived version promoted again is a roll back to it. With ifBetter, only when its latest run beat the active version’s on mean backtest MASE (409 MODEL_NOT_BETTER otherwise, with both figures).',
        params: idParam,
        body: promoteBody,
        response: { 200: forecastModel, ...problemResponses },
      },
    },
    async (request) => promoteModel(app.db, callerOf(request.auth), request.params.id, request.body),
  );

  app.post(
    '/models/rollback',
    {
      config: promote,
      schema: {
        tags: ['models'],
        summary: 'Roll back to the previous active version',
        description:
          'Re-activates the version that was active before the current one, and archives the current one.',
        body: rollbackBody,
        response: { 200: forecastModel, ...problemResponses },
      },
    },
    async (request) => rollbackModel(app.db, callerOf(request.auth), request.body.kind),
  );

  app.post(
    '/models/delay-risk/train',
    {
      config: run,
      schema: {
        tags: ['models'],
        summary: 'Train the delay-risk model',
        description:
          'A background job: evaluates a new delay-risk model on a time-based holdout (the last 20 % of delivered shipments) against the carrier’s late rate on each lane, trains it on every known outcome, registers it (active if it beats the active version’s holdout Brier score, else a candidate) and predicts every open shipment. Needs at least 50 delivered shipments with both outcomes.',
        response: { 202: delayRiskTrain, ...problemResponses },
      },
    },
    async (request, reply) => {
      return reply.status(202).send({ jobId: await queueDelayRisk(app.jobs, callerOf(request.auth)) });
    },
  );

  app.get(
    '/shipments/:id/delay-risk',
    {
      config: { access: { permission: 'shipments:read' } },
      schema: {
        tags: ['shipments'],
        summary: 'Get the delay risk of an open shipment',
        description:
          'The probability that it is delivered late, the baseline beside it and the main factors, from the latest prediction of the active delay-risk model.',
        params: idParam,
        response: { 200: shipmentDelayRisk, ...problemResponses },
      },
    },
    async (request) => getShipmentDelayRisk(app.db, request.auth.orgId, request.params.id),
  );
};
