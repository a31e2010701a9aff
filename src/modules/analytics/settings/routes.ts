import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../lib/api-schemas.js';
import { callerOf, requestMeta } from '../../auth/index.js';
import { reportingSettings, settingsPatch, settingsPatchResult } from './schema.js';
import { getReportingSettings, patchReportingSettings } from './service.js';

const tags = ['analytics'];

/** /api/v1/analytics/settings: the organization's reporting currency and time zone. */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/analytics/settings',
    {
      config: { access: { permission: 'analytics:read' } },
      schema: {
        tags,
        summary: 'Get the reporting settings',
        description:
          'The currency analytics convert money into and the time zone calendar days are counted in.',
        response: { 200: reportingSettings, ...problemResponses },
      },
    },
    async (request) => getReportingSettings(app.db, request.auth.orgId),
  );

  app.patch(
    '/analytics/settings',
    {
      config: { access: { permission: 'analytics:manage' } },
      schema: {
        tags,
        summary: 'Change the reporting settings',
        description:
          'Send either field or both; audited. A new currency applies to the next query: amounts are converted at the rate of their day quoted in it (PUT /api/v1/analytics/exchange-rates), and amounts without such a rate are left out, with a note saying how many. A new time zone changes every shipment’s ship and delivery day: they are re-derived by a background job (`rederivation.jobId`), and until it is done queries answer from the raw tables with a note.',
        body: settingsPatch,
        response: { 200: settingsPatchResult, ...problemResponses },
      },
    },
    async (request) =>
      patchReportingSettings(app.db, app.jobs, callerOf(request.auth), request.body, requestMeta(request)),
  );
};
