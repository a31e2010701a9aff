import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, listOf, problemResponses } from '../../lib/api-schemas.js';
import { callerOf } from '../auth/index.js';
import {
  batchResult,
  batchUpsert,
  shipment,
  shipmentCreate,
  shipmentListQuery,
  shipmentPatch,
  trackingEvent,
  trackingEventCreate,
  trackingEventListQuery,
} from './schema.js';
import {
  addTrackingEvent,
  archiveShipment,
  createShipment,
  getShipment,
  listShipments,
  listTrackingEvents,
  patchShipment,
  upsertShipments,
} from './service.js';

const read = { permission: 'shipments:read' } as const;
const write = { permission: 'shipments:write' } as const;
const tags = ['shipments'];

/** /api/v1/shipments and /api/v1/shipments/:id/events. Thin: parse, scope by the caller's org, call the service. */
export const shipmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/shipments',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'List shipments',
        description:
          'Filters combine with AND. Pages are stable while shipments are added: pass nextCursor as cursor.',
        querystring: shipmentListQuery,
        response: { 200: listOf(shipment), ...problemResponses },
      },
    },
    async (request) => listShipments(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/shipments/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Get a shipment',
        params: idParam,
        response: { 200: shipment, ...problemResponses },
      },
    },
    async (request) => getShipment(app.db, request.auth.orgId, request.params.id),
  );

  app.post(
    '/shipments',
    {
      config: { access: write, idempotent: true },
      schema: {
        tags,
        summary: 'Create a shipment',
        description:
          'Lane, transit days, delay hours and on-time are derived. Send Idempotency-Key to retry safely.',
        body: shipmentCreate,
        response: { 201: shipment, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createShipment(app.db, callerOf(request.auth), request.body)),
  );

  // "::" escapes the colon: the path is literally /shipments:batch.
  app.put(
    '/shipments::batch',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Upsert shipments by reference',
        description:
          'Creates or updates up to 1,000 shipments by (source, reference); each item is judged merged with its stored shipment, by the same rules as PATCH. All or nothing: a malformed item is a 400 (`body.items.N.field`), an item that cannot be true or conflicts with its stored shipment a 422 (`items.N.field`); either way nothing is written. Each result says inserted, updated or unchanged.',
        body: batchUpsert,
        response: { 200: batchResult, ...problemResponses },
      },
    },
    async (request) => upsertShipments(app.db, callerOf(request.auth), request.body.items),
  );

  app.patch(
    '/shipments/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Update a shipment',
        description: 'Partial update: absent fields stay; null clears. Derived fields are recomputed.',
        params: idParam,
        body: shipmentPatch,
        response: { 200: shipment, ...problemResponses },
      },
    },
    async (request) => patchShipment(app.db, callerOf(request.auth), request.params.id, request.body),
  );

  app.delete(
    '/shipments/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Archive a shipment',
        description:
          'Archives: the shipment leaves lists and KPIs (list with includeArchived=true to see it); its tracking history stays.',
        params: idParam,
        response: { 200: shipment, ...problemResponses },
      },
    },
    async (request) => archiveShipment(app.db, callerOf(request.auth), request.params.id),
  );

  app.get(
    '/shipments/:id/events',
    {
      config: { access: read },
      schema: {
        tags,
        summary: "List a shipment's tracking events",
        params: idParam,
        querystring: trackingEventListQuery,
        response: { 200: listOf(trackingEvent), ...problemResponses },
      },
    },
    async (request) => listTrackingEvents(app.db, request.auth.orgId, request.params.id, request.query),
  );

  app.post(
    '/shipments/:id/events',
    {
      config: { access: write, idempotent: true },
      schema: {
        tags,
        summary: 'Add a tracking event',
        description:
          'Events are append-only (correct with a new event). The shipment follows: PICKED_UP sets the actual pickup, DELIVERED the actual delivery, and the status moves.',
        params: idParam,
        body: trackingEventCreate,
        response: { 201: trackingEvent, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addTrackingEvent(app.db, callerOf(request.auth), request.params.id, request.body)),
  );
};
