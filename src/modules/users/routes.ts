import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, problemResponses } from '../../lib/api-schemas.js';
import { AUTH_BODY_LIMIT, callerOf, noStore, requestMeta, sessionSchema } from '../auth/index.js';
import { acceptInvitation, reinvite } from './invitations.js';
import {
  acceptInvitationBody,
  addedMember,
  invitation,
  member,
  memberListQuery,
  newMemberBody,
  roleBody,
} from './schema.js';
import { addMember, changeRole, disableMember, enableMember, getMember, listMembers } from './service.js';

const tags = ['users'];
const manage = { access: { permission: 'users:manage' } } as const;

/** The organization's members (admin) and accepting an invitation, under /api/v1. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const runtime = app.authRuntime;

  app.get(
    '/api/v1/users',
    {
      config: manage,
      schema: {
        tags,
        summary: "List the organization's members",
        querystring: memberListQuery,
        response: { 200: z.object({ data: z.array(member) }), ...problemResponses },
      },
    },
    async (request) => ({ data: await listMembers(app.db, request.auth.orgId, request.query) }),
  );

  app.post(
    '/api/v1/users',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a member: create an account (with a password, or an invitation) or add an existing one',
        body: newMemberBody,
        response: { 201: addedMember, ...problemResponses },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const added = await addMember(
        app.db,
        runtime,
        callerOf(request.auth),
        request.body,
        requestMeta(request),
      );
      return reply.status(201).send(added);
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Get a member',
        params: idParam,
        response: { 200: member, ...problemResponses },
      },
    },
    async (request) => getMember(app.db, request.auth.orgId, request.params.id),
  );

  app.patch(
    '/api/v1/users/:id/role',
    {
      config: manage,
      schema: {
        tags,
        summary: "Change a member's role (ends their sessions)",
        params: idParam,
        body: roleBody,
        response: { 200: member, ...problemResponses },
      },
    },
    async (request) =>
      changeRole(
        app.db,
        runtime,
        callerOf(request.auth),
        request.params.id,
        request.body.role,
        requestMeta(request),
      ),
  );

  app.post(
    '/api/v1/users/:id/disable',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Disable a member in this organization (ends their sessions)',
        params: idParam,
        response: { 200: member, ...problemResponses },
      },
    },
    async (request) =>
      disableMember(app.db, runtime, callerOf(request.auth), request.params.id, requestMeta(request)),
  );

  app.post(
    '/api/v1/users/:id/enable',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Enable a disabled member again',
        params: idParam,
        response: { 200: member, ...problemResponses },
      },
    },
    async (request) =>
      enableMember(app.db, runtime, callerOf(request.auth), request.params.id, requestMeta(request)),
  );

  app.post(
    '/api/v1/users/:id/invitation',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A new invitation for a member who has not set a password (earlier ones stop working)',
        params: idParam,
        response: { 201: invitation, ...problemResponses },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const issued = await reinvite(
        app.db,
        runtime,
        callerOf(request.auth),
        request.params.id,
        requestMeta(request),
      );
      return reply.status(201).send(issued);
    },
  );

  app.post(
    '/api/v1/auth/accept-invitation',
    {
      config: { access: 'public' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        tags: ['auth'],
        summary: 'Set your first password with an invitation and log in',
        body: acceptInvitationBody,
        response: { 200: sessionSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return acceptInvitation(app.db, runtime, request.body, requestMeta(request));
    },
  );
};
