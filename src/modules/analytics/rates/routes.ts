import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, listOf, problemResponses } from '../../../lib/api-schemas.js';
import { callerOf, requestMeta } from '../../auth/index.js';
import {
  exchangeRate,
  MAX_BATCH_ROWS,
  MAX_RANGE_DAYS,
  rateBatch,
  rateBatchResult,
  rateListQuery,
} from './schema.js';
import { deleteRate, listRates, upsertRates } from './service.js';

const tags = ['analytics'];
const read = { permission: 'analytics:read' } as const;
const manage = { permission: 'analytics:manage' } as const;

/** /api/v1/analytics/exchange-rates: the rates money is converted at, per day. */
export const rateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/analytics/exchange-rates',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'List exchange rates',
        description:
          'A rate is the units of the quote currency for one unit of the currency, on one day. Filters combine with AND; from and to are inclusive.',
        querystring: rateListQuery,
        response: { 200: listOf(exchangeRate), ...problemResponses },
      },
    },
    async (request) => listRates(app.db, request.auth.orgId, request.query),
  );

  app.put(
    '/analytics/exchange-rates',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Upsert exchange rates',
        description: `Sets rates by (currency, quote currency, day): an item gives one day, or a range (from, to; at most ${MAX_RANGE_DAYS.toLocaleString('en-US')} days) of one rate, at most ${MAX_BATCH_ROWS.toLocaleString('en-US')} rows per call. The quote currency defaults to the reporting currency. All or nothing: a malformed item is a 400 (\`body.items.N.field\`), a currency quoted in itself or a day set by two items a 422 (\`items.N.field\`). Each row's result says inserted, updated or unchanged. Queries use the new rates at once.`,
        body: rateBatch,
        response: { 200: rateBatchResult, ...problemResponses },
      },
    },
    async (request) => upsertRates(app.db, callerOf(request.auth), request.body.items, requestMeta(request)),
  );

  app.delete(
    '/analytics/exchange-rates/:id',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Delete an exchange rate',
        description:
          'Amounts of that currency on that day then count as having no rate (queries say how many).',
        params: idParam,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteRate(app.db, callerOf(request.auth), request.params.id, requestMeta(request));
      return reply.status(204).send(null);
    },
  );
};
