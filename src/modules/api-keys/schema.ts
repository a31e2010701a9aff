import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import { idInteger, listQueryBase } from '../../lib/api-schemas.js';
import { apiKeyScopes } from '../auth/index.js';

export const serviceAccountBody = z
  .object({ name: z.string().trim().min(1).max(200), description: z.string().max(500).optional() })
  .strict()
  .meta({
    examples: [{ name: 'ERP nightly sync', description: 'Pushes shipments from the ERP every night' }],
  });

export const serviceAccount = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
    createdByUserId: z.number().int().nullable(),
  })
  .meta({
    id: 'ServiceAccount',
    examples: [
      {
        id: 2,
        name: 'ERP nightly sync',
        description: 'Pushes shipments from the ERP every night',
        disabledAt: null,
        createdAt: '2026-01-10T12:00:00.000Z',
        createdByUserId: 1,
      },
    ],
  });

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
  .strict()
  .meta({
    examples: [
      { name: 'erp-prod', scopes: ['shipments:write', 'orders:write'], expiresAt: '2027-01-01T00:00:00Z' },
    ],
  });

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
  .meta({
    id: 'ApiKey',
    examples: [
      {
        id: 5,
        serviceAccountId: 2,
        name: 'erp-prod',
        prefix: 'lwk_Ab3dE9xQ',
        scopes: ['shipments:write', 'orders:write'],
        status: 'active',
        expiresAt: '2027-01-01T00:00:00.000Z',
        revokedAt: null,
        lastUsedAt: '2026-03-02T02:00:05.000Z',
        createdAt: '2026-01-10T12:05:00.000Z',
        createdByUserId: 1,
      },
    ],
  });

export const createdApiKey = z.object({
  apiKey,
  key: z.string().meta({
    description: 'The key itself: shown this once, never again. Send it as `Authorization: Bearer <key>`.',
    // The real shape: the prefix and 32 random bytes in base64url.
    example: 'lwk_Ab3dE9xQ7Lm2Vt8RkW4nYc1ZpJ6sHf0DgUo5Ea3BiTq',
  }),
});

/** The sorts of each list: the `sort` parameter and the keyset column, from one definition each. */
export const serviceAccountSorts = defineSorts(
  'service-accounts',
  [
    { key: 'name', column: 'name', kind: 'text', nullable: false },
    { key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false },
  ],
  'name',
);
export const apiKeySorts = defineSorts(
  'api-keys',
  [{ key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false }],
  'createdAt',
);

export const serviceAccountListQuery = z
  .object({ ...listQueryBase, sort: serviceAccountSorts.param })
  .strict();

export const apiKeyListQuery = z
  .object({ ...listQueryBase, sort: apiKeySorts.param, serviceAccountId: idInteger.optional() })
  .strict();
