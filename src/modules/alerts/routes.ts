import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AlertsConfig } from '../../config.js';
import { idParam, listOf, problemResponses } from '../../lib/api-schemas.js';
import { callerOf } from '../auth/index.js';
import { channelRoutes } from './channels/routes.js';
import {
  alert,
  alertListQuery,
  evaluation,
  rule,
  ruleCreate,
  ruleListQuery,
  rulePatch,
  ruleTypeInfo,
  snoozeBody,
} from './schema.js';
import {
  actOnAlert,
  archiveRule,
  createRule,
  evaluateRuleNow,
  getAlert,
  getRule,
  listAlerts,
  listRules,
  listRuleTypes,
  updateRule,
} from './service.js';

const read = { access: { permission: 'alerts:read' } } as const;
const respond = { access: { permission: 'alerts:respond' } } as const;
const manage = { access: { permission: 'alerts:manage' } } as const;
const tags = ['alerts'];

/** /api/v1/alert-rules and /api/v1/alerts (issue #12, ADR 0021). */
export const alertRoutes: FastifyPluginAsyncZod<{ readonly config: AlertsConfig }> = async (
  app,
  { config },
) => {
  await app.register(channelRoutes, { config });

  app.get(
    '/alert-rules/types',
    {
      config: read,
      schema: {
        tags,
        summary: 'List the rule types',
        description:
          'What can be watched, the parameters of each (JSON Schema), and whether this release can evaluate it.',
        response: { 200: z.object({ data: z.array(ruleTypeInfo) }), ...problemResponses },
      },
    },
    async () => ({ data: listRuleTypes() }),
  );

  app.post(
    '/alert-rules',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create an alert rule',
        description:
          'Evaluated every 5 minutes, and within seconds of a shipment change for shipment rules. The parameters are checked against the type (a metric rule’s names against the semantic catalog).',
        body: ruleCreate,
        response: { 201: rule, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRule(app.db, callerOf(request.auth), request.body)),
  );

  app.get(
    '/alert-rules',
    {
      config: read,
      schema: {
        tags,
        summary: 'List alert rules',
        querystring: ruleListQuery,
        response: { 200: listOf(rule), ...problemResponses },
      },
    },
    async (request) => listRules(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/alert-rules/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get an alert rule',
        description: 'With what its last evaluation found (or why it failed).',
        params: idParam,
        response: { 200: rule, ...problemResponses },
      },
    },
    async (request) => getRule(app.db, request.auth.orgId, request.params.id),
  );

  app.patch(
    '/alert-rules/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change an alert rule',
        description:
          'Rename it, change its parameters or severity, pause or resume it. The type cannot change.',
        params: idParam,
        body: rulePatch,
        response: { 200: rule, ...problemResponses },
      },
    },
    async (request) => updateRule(app.db, callerOf(request.auth), request.params.id, request.body),
  );

  app.delete(
    '/alert-rules/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Archive an alert rule',
        description:
          'It is evaluated no more; its open alerts are resolved (by the caller), its history stays.',
        params: idParam,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await archiveRule(app.db, callerOf(request.auth), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/alert-rules/:id/evaluate',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Evaluate an alert rule now',
        description:
          'What the schedule would do, now: alerts are opened, updated and resolved; the answer says how many.',
        params: idParam,
        response: { 200: evaluation, ...problemResponses },
      },
    },
    async (request) => evaluateRuleNow(app.db, callerOf(request.auth), request.params.id),
  );

  app.get(
    '/alerts',
    {
      config: read,
      schema: {
        tags,
        summary: 'List alerts',
        description:
          'Newest first; filter by state (open, acknowledged, snoozed, resolved), severity or rule. Also streamed on GET /stream (topic alerts).',
        querystring: alertListQuery,
        response: { 200: listOf(alert), ...problemResponses },
      },
    },
    async (request) => listAlerts(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/alerts/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get an alert',
        params: idParam,
        response: { 200: alert, ...problemResponses },
      },
    },
    async (request) => getAlert(app.db, request.auth.orgId, request.params.id),
  );

  app.post(
    '/alerts/:id/acknowledge',
    {
      config: respond,
      schema: {
        tags,
        summary: 'Acknowledge an alert',
        description:
          'Someone is on it: it stays open until its condition clears, and its channels stop repeating it.',
        params: idParam,
        response: { 200: alert, ...problemResponses },
      },
    },
    async (request) =>
      actOnAlert(app.db, callerOf(request.auth), request.params.id, { action: 'acknowledge' }),
  );

  app.post(
    '/alerts/:id/snooze',
    {
      config: respond,
      schema: {
        tags,
        summary: 'Snooze an alert',
        description: 'Its channels say nothing about it until `until`; it stays open and is still updated.',
        params: idParam,
        body: snoozeBody,
        response: { 200: alert, ...problemResponses },
      },
    },
    async (request) =>
      actOnAlert(app.db, callerOf(request.auth), request.params.id, {
        action: 'snooze',
        until: new Date(request.body.until),
      }),
  );

  app.post(
    '/alerts/:id/resolve',
    {
      config: respond,
      schema: {
        tags,
        summary: 'Resolve an alert',
        description: 'Closes it now; if its condition still holds, the next evaluation opens a new one.',
        params: idParam,
        response: { 200: alert, ...problemResponses },
      },
    },
    async (request) => actOnAlert(app.db, callerOf(request.auth), request.params.id, { action: 'resolve' }),
  );
};
