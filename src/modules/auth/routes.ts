import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from './context.js';
import { noStore, requestMeta } from './http.js';
import { changePassword, login } from './login.js';
import { describeMe } from './me.js';
import { changePasswordBody, loginBody, me, refreshBody, session } from './schema.js';
import { logout, logoutEverywhere, refreshSession } from './sessions.js';

const tags = ['auth'];
/** Credentials are small: unauthenticated endpoints refuse bodies over 16 KiB (413). */
export const AUTH_BODY_LIMIT = 16 * 1024;
const self = { access: { permission: 'account:self' } } as const;

/** Login, refresh, logout and the caller's own profile and password, registered under /api/v1. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const runtime = app.authRuntime;

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Log in with email and password',
        body: loginBody,
        response: { 200: session },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return login(app.db, runtime, request.body, requestMeta(request));
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { access: 'public' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Exchange a refresh token for new tokens (the old one is used up)',
        body: refreshBody,
        response: { 200: session },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return refreshSession(app.db, runtime, request.body.refreshToken, requestMeta(request));
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'public' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        tags,
        summary: "End the refresh token's session",
        body: refreshBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await logout(app.db, runtime, request.body.refreshToken, requestMeta(request));
      reply.status(204); // no body, so no content type either
    },
  );

  app.post(
    '/auth/logout-all',
    {
      config: self,
      schema: { tags, summary: 'End every session of the caller, everywhere', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await logoutEverywhere(app.db, runtime, requireUser(request.auth), requestMeta(request));
      reply.status(204);
    },
  );

  app.get(
    '/me',
    {
      config: self,
      schema: {
        tags,
        summary: 'The caller: account, organization, role, permissions',
        response: { 200: me },
      },
    },
    async (request) => describeMe(app.db, request.auth),
  );

  app.patch(
    '/me/password',
    {
      config: self,
      schema: {
        tags,
        summary: 'Change your password (ends your other sessions; answers a new session)',
        body: changePasswordBody,
        response: { 200: session },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return changePassword(app.db, runtime, requireUser(request.auth), request.body, requestMeta(request));
    },
  );
};
