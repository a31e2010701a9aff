import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import { idInteger, listOf, listQueryBase } from '../../lib/api-schemas.js';

/** The one order of the audit log: by id (the order events were recorded in), newest first by default. */
export const auditSorts = defineSorts(
  'audit-events',
  [{ key: 'id', column: 'id', kind: 'number', nullable: false }],
  '-id',
);

export const auditQuery = z
  .object({
    action: z
      .string()
      .max(64)
      .regex(/^[a-z_-]+(\.[a-z_-]+)*(\.\*)?$/)
      .optional()
      .meta({ description: 'Exact action (`auth.login`), or a prefix ending in `.*` (`auth.*`)' }),
    actorUserId: idInteger.optional(),
    outcome: z.enum(['success', 'failure']).optional(),
    severity: z.enum(['info', 'warning', 'critical']).optional(),
    from: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'Events at or after this instant' }),
    to: z.iso.datetime({ offset: true }).optional().meta({ description: 'Events before this instant' }),
    ...listQueryBase,
    sort: auditSorts.param,
  })
  .strict();

export const auditEvent = z
  .object({
    id: z.number().int(),
    at: z.string(),
    action: z.string(),
    outcome: z.enum(['success', 'failure']),
    severity: z.enum(['info', 'warning', 'critical']),
    actor: z.object({
      type: z.string(),
      userId: z.number().int().nullable(),
      apiKeyId: z.number().int().nullable(),
    }),
    target: z.object({ type: z.string(), id: z.string() }).nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({
    id: 'AuditEvent',
    examples: [
      {
        id: 4410,
        at: '2026-03-01T09:00:00.000Z',
        action: 'auth.login',
        outcome: 'success',
        severity: 'info',
        actor: { type: 'user', userId: 3, apiKeyId: null },
        target: null,
        ip: '203.0.113.7',
        userAgent: 'curl/8.5.0',
        requestId: '5f0c6a52-3c1e-4c8e-9a55-1f0a2b9d7e11',
        details: { organization: 'demo' },
      },
    ],
  });

export const auditPage = listOf(auditEvent);
