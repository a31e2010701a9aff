import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, listOf, problemResponses } from '../../lib/api-schemas.js';
import { callerOf } from '../auth/index.js';
import { patchLine, putLine, removeLine } from './lines.js';
import {
  lineParams,
  order,
  orderCreate,
  orderLinePatch,
  orderLinePut,
  orderListQuery,
  orderPatch,
  orderSummary,
} from './schema.js';
import { archiveOrder, createOrder, getOrder, listOrders, patchOrder } from './service.js';

const read = { permission: 'orders:read' } as const;
const write = { permission: 'orders:write' } as const;
const tags = ['orders'];

/** /api/v1/orders and /api/v1/orders/:id/lines/:lineNo. Thin: parse, scope by the caller's org, call the service. */
export const orderRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orders',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'List orders',
        description:
          'Order headers (GET /orders/{id} adds the lines). Filters combine with AND; order dates are inclusive calendar days. Pages are stable while orders are added: pass nextCursor as cursor.',
        querystring: orderListQuery,
        response: { 200: listOf(orderSummary), ...problemResponses },
      },
    },
    async (request) => listOrders(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/orders/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Get an order with its lines',
        params: idParam,
        response: { 200: order, ...problemResponses },
      },
    },
    async (request) => getOrder(app.db, request.auth.orgId, request.params.id),
  );

  app.post(
    '/orders',
    {
      config: { access: write, idempotent: true },
      schema: {
        tags,
        summary: 'Create an order with its lines',
        description:
          'Header and lines are written together or not at all. Customer, ship-from facility and products must be your organization’s (422 names each field otherwise); priced lines share one currency. Send Idempotency-Key to retry safely.',
        body: orderCreate,
        response: { 201: order, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOrder(app.db, callerOf(request.auth), request.body)),
  );

  app.patch(
    '/orders/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Update an order',
        description:
          'Partial update of header fields: absent fields stay, null clears. Lines are not part of this body; change them with PUT, PATCH or DELETE /orders/{id}/lines/{lineNo}.',
        params: idParam,
        body: orderPatch,
        response: { 200: order, ...problemResponses },
      },
    },
    async (request) => patchOrder(app.db, callerOf(request.auth), request.params.id, request.body),
  );

  app.delete(
    '/orders/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Archive an order',
        description:
          'Archives: the order leaves lists (list with includeArchived=true to see it) but stays readable, with its lines, for shipments, inventory movements and OTIF history that refer to it.',
        params: idParam,
        response: { 200: order, ...problemResponses },
      },
    },
    async (request) => archiveOrder(app.db, callerOf(request.auth), request.params.id),
  );

  app.put(
    '/orders/:id/lines/:lineNo',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Create or replace an order line',
        description:
          'Writes the whole line with this number: 201 when it is new, 200 when it replaced one (left-out quantities become 0, a left-out price none). Answers the whole order.',
        params: lineParams,
        body: orderLinePut,
        response: { 200: order, 201: order, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { id, lineNo } = request.params;
      const result = await putLine(app.db, callerOf(request.auth), id, lineNo, request.body);
      return reply.status(result.created ? 201 : 200).send(result.order);
    },
  );

  app.patch(
    '/orders/:id/lines/:lineNo',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Update an order line',
        description:
          'Partial update of one line (e.g. qtyShipped as goods leave, qtyDelivered on proof of delivery). Answers the whole order.',
        params: lineParams,
        body: orderLinePatch,
        response: { 200: order, ...problemResponses },
      },
    },
    async (request) =>
      patchLine(app.db, callerOf(request.auth), request.params.id, request.params.lineNo, request.body),
  );

  app.delete(
    '/orders/:id/lines/:lineNo',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Remove an order line',
        description:
          'Deletes the line (an order may be left without lines). 409 when inventory movements refer to it: the ledger keeps its history, so set its quantities instead. Answers the whole order.',
        params: lineParams,
        response: { 200: order, ...problemResponses },
      },
    },
    async (request) => removeLine(app.db, callerOf(request.auth), request.params.id, request.params.lineNo),
  );
};
