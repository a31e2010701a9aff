import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../lib/api-schemas.js';
import { auditPage, auditQuery } from './schema.js';
import { listAudit } from './service.js';

/** GET /api/v1/audit-events: the organization's audit log, newest first, filtered. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit-events',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags: ['audit'],
        summary: 'List audit events',
        querystring: auditQuery,
        response: { 200: auditPage, ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const prefix = q.action?.endsWith('.*') ? q.action.slice(0, -1) : undefined;
      return listAudit(
        app.db,
        request.auth.orgId,
        {
          action: prefix ? undefined : q.action,
          actionPrefix: prefix,
          actorUserId: q.actorUserId,
          outcome: q.outcome,
          severity: q.severity,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        },
        q,
      );
    },
  );
};
