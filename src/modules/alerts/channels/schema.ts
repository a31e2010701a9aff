import { z } from 'zod';
import { defineSorts } from '../../../db/keyset.js';
import { id, idParam, instantOutput, listQueryBase } from '../../../lib/api-schemas.js';
import { severities } from '../schema.js';

const webhookConfig = z
  .object({ url: z.url({ protocol: /^https?$/ }).max(2_000) })
  .strict()
  .meta({ description: 'POSTed JSON, signed like feed requests: Lanewise-Timestamp and Lanewise-Signature' });
const emailConfig = z.object({ to: z.array(z.email().max(320)).min(1).max(20) }).strict();

export const digests = ['off', 'hourly', 'daily'] as const;

export const channelCreate = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('webhook'), webhook: webhookConfig }).strict(),
    z.object({ kind: z.literal('email'), email: emailConfig }).strict(),
  ])
  .and(
    z.object({
      name: z.string().trim().min(1).max(200),
      minSeverity: z
        .enum(severities)
        .default('warning')
        .meta({ description: 'Alerts less severe are not told here' }),
      digest: z
        .enum(digests)
        .default('off')
        .meta({ description: 'off: each alert change at once; hourly or daily: one message per period' }),
      maxAttempts: z
        .number()
        .int()
        .min(1)
        .max(10)
        .default(6)
        .meta({ description: 'Attempts of each delivery (with backoff) before it is dead-lettered' }),
    }),
  )
  .meta({ id: 'AlertChannelCreate' });
export type ChannelCreate = z.output<typeof channelCreate>;

export const channel = z
  .object({
    id,
    name: z.string(),
    kind: z.enum(['webhook', 'email']),
    webhook: z.object({ url: z.string() }).nullable(),
    email: z.object({ to: z.array(z.string()) }).nullable(),
    minSeverity: z.enum(severities),
    digest: z.enum(digests),
    status: z.enum(['active', 'paused']),
    maxAttempts: z.number().int(),
    lastDigestAt: instantOutput.nullable(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'AlertChannel' });

export const channelWithSecret = channel
  .extend({
    secret: z
      .string()
      .nullable()
      .meta({ description: 'Webhook channels: the HMAC-SHA256 key of their requests. Shown only now.' }),
  })
  .meta({ id: 'AlertChannelWithSecret' });

export const delivery = z
  .object({
    id,
    channelId: id,
    alertId: id,
    change: z.enum(['opened', 'updated', 'resolved']),
    status: z.enum(['pending', 'digest', 'sent', 'dead', 'skipped']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    sentAt: instantOutput.nullable(),
    createdAt: instantOutput,
  })
  .meta({ id: 'AlertDelivery' });

export const channelSorts = defineSorts(
  'alert-channels',
  [
    { key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false },
    { key: 'name', column: 'name', kind: 'text', nullable: false },
  ],
  '-createdAt',
);
export const channelListQuery = z.object({ ...listQueryBase, sort: channelSorts.param }).strict();

export const deliverySorts = defineSorts(
  'alert-deliveries',
  [{ key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false }],
  '-createdAt',
);
export const deliveryListQuery = z
  .object({
    ...listQueryBase,
    sort: deliverySorts.param,
    status: z.enum(['pending', 'digest', 'sent', 'dead', 'skipped']).optional(),
  })
  .strict();

export const channelParams = idParam;
