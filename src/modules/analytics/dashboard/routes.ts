import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../lib/api-schemas.js';
import { callerOf } from '../../auth/index.js';
import { laneAnalysis } from './lanes.js';
import { dashboard, dashboardQuery, laneQuery, lanes, scorecardQuery, scorecards } from './schema.js';
import { carrierScorecards } from './scorecards.js';
import { dashboardOf } from './service.js';

const read = { access: { permission: 'analytics:read' } } as const;
const tags = ['analytics'];
const scope =
  'Covers `from`–`to` (days in the reporting time zone; by default the last 30 days ending today) and the shipments matching every given filter. Every figure carries the semantic query that computes it: POST it to /api/v1/analytics/query to get the same number.';

/** /api/v1/analytics/dashboard, /scorecards/carriers and /lanes. Thin: parse, call the service. */
export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/analytics/dashboard',
    {
      config: read,
      schema: {
        tags,
        summary: 'Dashboard: headline KPIs and their trends',
        description: `${scope} Each KPI is compared with the previous period (previousRange) and has a trend by day (ranges up to 45 days), ISO week (up to a year) or month. Order metrics (OTIF) have no carrier, mode or places: with such filters they are shown unfiltered, and the KPI lists the filters it ignores.`,
        querystring: dashboardQuery,
        response: { 200: dashboard, ...problemResponses },
      },
    },
    async (request) => dashboardOf(app.db, callerOf(request.auth), request.query),
  );

  app.get(
    '/analytics/scorecards/carriers',
    {
      config: read,
      schema: {
        tags,
        summary: 'Carrier scorecards',
        description: `${scope} Per carrier: volume, on-time rate, transit, cost per kg, freight cost, an on-time trend (by week up to 92 days, else by month) and the rank among carriers by the stated rankRule; carriers with fewer than minShipments delivered shipments are listed unranked.`,
        querystring: scorecardQuery,
        response: { 200: scorecards, ...problemResponses },
      },
    },
    async (request) => carrierScorecards(app.db, callerOf(request.auth), request.query),
  );

  app.get(
    '/analytics/lanes',
    {
      config: read,
      schema: {
        tags,
        summary: 'Lane analysis',
        description: `${scope} The lanes with the most shipments ("origin city, country → destination city, country"; shipments missing either end have no lane), each with its volume, cost, on-time rate, transit and its best carrier by the stated bestCarrierRule.`,
        querystring: laneQuery,
        response: { 200: lanes, ...problemResponses },
      },
    },
    async (request) => laneAnalysis(app.db, callerOf(request.auth), request.query),
  );
};
