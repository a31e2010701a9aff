import { z } from 'zod';
import { apiKeyScopes } from '../auth/index.js';

export const serviceAccountBody = z
  .object({ name: z.string().trim().min(1).max(200), description: z.string().max(500).optional() })
  .strict();

export const serviceAccount = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
    createdByUserId: z.number().int().nullable(),
  })
  .meta({ id: 'ServiceAccount' });

export const apiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    scopes: z
      .array(z.string().max(64))
      .min(1)
      .max(32)
      .meta({ description: `Permissions the key carries; any of: ${apiKeyScopes.join(', ')}` }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .transform((v) => new Date(v))
      .optional()
      .meta({ description: 'When the key stops working (default: never)' }),
  })
  .strict();

export const apiKey = z
  .object({
    id: z.number().int(),
    serviceAccountId: z.number().int(),
    name: z.string(),
    prefix: z.string().meta({ description: 'The first characters of the key, to tell keys apart' }),
    scopes: z.array(z.string()),
    status: z.enum(['active', 'revoked', 'expired']),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
    createdByUserId: z.number().int().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createdApiKey = z.object({
  apiKey,
  key: z.string().meta({
    description: 'The key itself: shown this once, never again. Send it as `Authorization: Bearer <key>`.',
  }),
});

export const apiKeyListQuery = z
  .object({ serviceAccountId: z.coerce.number().int().positive().optional() })
  .strict();
