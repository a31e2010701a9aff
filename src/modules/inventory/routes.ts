import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, listOf, problemResponses } from '../../lib/api-schemas.js';
import { callerOf } from '../auth/index.js';
import {
  movement,
  movementCreate,
  movementListQuery,
  snapshot,
  snapshotCreate,
  snapshotListQuery,
  snapshotPatch,
} from './schema.js';
import {
  createMovement,
  createSnapshot,
  getMovement,
  getSnapshot,
  listMovements,
  listSnapshots,
  patchSnapshot,
  removeSnapshot,
} from './service.js';

const read = { permission: 'inventory:read' } as const;
const write = { permission: 'inventory:write' } as const;
const tags = ['inventory'];

/**
 * /api/v1/inventory/snapshots and /api/v1/inventory/movements. Thin: parse, scope by the caller's
 * org, call the service. Movements have no PATCH or DELETE on purpose (the ledger is append-only),
 * so those methods answer 405 METHOD_NOT_ALLOWED.
 */
export const inventoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/inventory/snapshots',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'List inventory snapshots',
        description:
          'Stock per product × facility × day. Filters combine with AND; days are inclusive. Pages are stable while snapshots are added: pass nextCursor as cursor.',
        querystring: snapshotListQuery,
        response: { 200: listOf(snapshot), ...problemResponses },
      },
    },
    async (request) => listSnapshots(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/inventory/snapshots/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Get an inventory snapshot',
        params: idParam,
        response: { 200: snapshot, ...problemResponses },
      },
    },
    async (request) => getSnapshot(app.db, request.auth.orgId, request.params.id),
  );

  app.post(
    '/inventory/snapshots',
    {
      config: { access: write, idempotent: true },
      schema: {
        tags,
        summary: 'Record an inventory snapshot',
        description:
          'Creates the snapshot of a product at a facility on a day. There is one per facility × product × day: a second answers 409 RESOURCE_CONFLICT with `existingId`, to PATCH instead (POST never overwrites). Send Idempotency-Key to retry safely.',
        body: snapshotCreate,
        response: { 201: snapshot, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSnapshot(app.db, callerOf(request.auth), request.body)),
  );

  app.patch(
    '/inventory/snapshots/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Correct an inventory snapshot',
        description:
          'Partial update of the quantities; facility, product and day identify the snapshot and stay.',
        params: idParam,
        body: snapshotPatch,
        response: { 200: snapshot, ...problemResponses },
      },
    },
    async (request) => patchSnapshot(app.db, callerOf(request.auth), request.params.id, request.body),
  );

  app.delete(
    '/inventory/snapshots/:id',
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Delete an inventory snapshot',
        description:
          'Deletes for good (no archive): snapshots are derived data, rebuilt from counts, WMS exports or the movement ledger, so no history is lost.',
        params: idParam,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeSnapshot(app.db, callerOf(request.auth), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/inventory/movements',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'List inventory movements',
        description:
          'The stock ledger. Filters combine with AND; occurredFrom is inclusive, occurredTo exclusive. Pages are stable while movements are added: pass nextCursor as cursor.',
        querystring: movementListQuery,
        response: { 200: listOf(movement), ...problemResponses },
      },
    },
    async (request) => listMovements(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/inventory/movements/:id',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Get an inventory movement',
        params: idParam,
        response: { 200: movement, ...problemResponses },
      },
    },
    async (request) => getMovement(app.db, request.auth.orgId, request.params.id),
  );

  app.post(
    '/inventory/movements',
    {
      config: { access: write, idempotent: true },
      schema: {
        tags,
        summary: 'Record an inventory movement',
        description:
          'Appends to the ledger, which is append-only: movements cannot be changed or deleted (PATCH and DELETE answer 405); correct a wrong one with a new `adjustment`. The quantity is the signed change of on-hand units. Send Idempotency-Key to retry safely.',
        body: movementCreate,
        response: { 201: movement, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createMovement(app.db, callerOf(request.auth), request.body)),
  );
};
