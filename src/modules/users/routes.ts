import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, listOf, problemResponses } from '../../lib/api-schemas.js';
import {
  AUTH_BODY_LIMIT,
  callerOf,
  noStore,
  requestMeta,
  requireUser,
  sessionSchema,
} from '../auth/index.js';
import { acceptInvitation, acceptInvitationSignedIn, reinvite } from './invitations.js';
import {
  acceptInvitationBody,
  addedMember,
  invitation,
  member,
  memberListQuery,
  newMemberBody,
  roleBody,
  signedInAcceptBody,
} from './schema.js';
import { addMember, changeRole, disableMember, enableMember, getMember, listMembers } from './service.js';

const tags = ['users'];
const manage = { access: { permission: 'users:manage' } } as const;

/** The organization's members (admin) and accepting invitations; registered under /api/v1. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const runtime = app.authRuntime;

  app.get(
    '/users',
    {
      config: manage,
      schema: {
        tags,
        summary: "List the organization's members",
        querystring: memberListQuery,
        response: { 200: listOf(member), ...problemResponses },
      },
    },
    async (request) => listMembers(app.db, request.auth.orgId, request.query),
  );

  app.post(
    '/users',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Add a member (invited until they join): a new account, or an existing one that accepts after signing in',
        body: newMemberBody,
        response: { 201: addedMember, ...problemResponses },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const added = await addMember(app.db, callerOf(request.auth), request.body, requestMeta(request));
      return reply.status(201).send(added);
    },
  );

  app.get(
    '/users/:id',
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
    '/users/:id/role',
    {
      config: manage,
      schema: {
        tags,
        summary: "Change a member's role (ends their sessions in this organization)",
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
    '/users/:id/disable',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Disable a member in this organization (ends their sessions here)',
        params: idParam,
        response: { 200: member, ...problemResponses },
      },
    },
    async (request) =>
      disableMember(app.db, runtime, callerOf(request.auth), request.params.id, requestMeta(request)),
  );

  app.post(
    '/users/:id/enable',
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
    '/users/:id/invitation',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A new invitation for a member who has not joined yet (earlier ones stop working)',
        params: idParam,
        response: { 201: invitation, ...problemResponses },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const issued = await reinvite(app.db, callerOf(request.auth), request.params.id, requestMeta(request));
      return reply.status(201).send(issued);
    },
  );

  app.post(
    '/auth/accept-invitation',
    {
      config: { access: 'public' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        tags: ['auth'],
        summary: 'Set the first password of a new account with its invitation, and log in',
        body: acceptInvitationBody,
        response: { 200: sessionSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return acceptInvitation(app.db, runtime, request.body, requestMeta(request));
    },
  );

  app.post(
    '/me/invitations/accept',
    {
      config: { access: { permission: 'account:self' } },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        tags: ['auth'],
        summary: 'Join an organization with its invitation, signed in (answers a session there)',
        body: signedInAcceptBody,
        response: { 200: sessionSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return acceptInvitationSignedIn(
        app.db,
        runtime,
        requireUser(request.auth),
        request.body.token,
        requestMeta(request),
      );
    },
  );
};
