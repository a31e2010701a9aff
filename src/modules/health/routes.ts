import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import { sendProblem } from '../../plugins/errors.js';
import { checkReadiness } from './service.js';

const ok = z.object({ status: z.literal('ok') });
const ready = z.object({ status: z.literal('ready'), schemaVersion: z.string() });

/** Liveness and readiness probes for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    { config: { access: 'public' }, schema: { response: { 200: ok } }, logLevel: 'warn' },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    { config: { access: 'public' }, schema: { response: { 200: ready } }, logLevel: 'warn' },
    async (request, reply) => {
      const readiness = await checkReadiness(app.db, app.jobs);
      if (!readiness.ready || readiness.schemaVersion === null) {
        return sendProblem(
          request,
          reply,
          new AppError('SERVICE_NOT_READY', readiness.reason ?? 'not ready', {
            schemaVersion: readiness.schemaVersion,
            expectedSchemaVersion: readiness.expectedSchemaVersion,
          }),
        );
      }
      return { status: 'ready' as const, schemaVersion: readiness.schemaVersion };
    },
  );
};
