import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './passwords.js';
import { roles } from './permissions.js';

// Bodies are strict: an unknown member (orgId, role, id, ...) is a 400, never silently stored.

/** An email as typed; compared lower-case. */
export const email = z.email().max(254);
/** A password as typed; the policy (12–128 characters, not common) is checked by the service. */
export const password = z
  .string()
  .min(1)
  .max(PASSWORD_MAX_LENGTH * 4);
export const role = z.enum(roles);

export const loginBody = z
  .object({
    email,
    password,
    organization: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .meta({ description: "Slug of the organization to log in to (default: the user's first)" }),
  })
  .strict()
  .meta({ examples: [{ email: 'analyst@demo.lanewise.test', password: 'correct horse battery staple' }] });

export const refreshBody = z
  .object({ refreshToken: z.string().min(1).max(200) })
  .strict()
  .meta({ examples: [{ refreshToken: 'lwr_EXAMPLE-not-a-real-refresh-token' }] });

export const changePasswordBody = z
  .object({ currentPassword: password, newPassword: password })
  .strict()
  .meta({
    examples: [
      { currentPassword: 'correct horse battery staple', newPassword: 'a longer and fresher passphrase' },
    ],
  });

const organization = z.object({ id: z.number().int(), slug: z.string(), name: z.string() });
const user = z.object({ id: z.number().int(), email: z.string(), name: z.string() });

export const session = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().meta({ description: 'Seconds the access token lives' }),
    refreshToken: z.string().meta({ description: 'Opaque; exchange at /auth/refresh. Each is usable once.' }),
    refreshExpiresAt: z.string().meta({ description: 'The refresh token expires unless used before this' }),
    sessionExpiresAt: z
      .string()
      .meta({ description: 'The session ends at this instant however often it is refreshed' }),
    user,
    organization,
    role,
  })
  .meta({
    id: 'Session',
    examples: [
      {
        accessToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.EXAMPLE.EXAMPLE',
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshToken: 'lwr_EXAMPLE-not-a-real-refresh-token',
        refreshExpiresAt: '2026-03-08T09:00:00.000Z',
        sessionExpiresAt: '2026-03-31T09:00:00.000Z',
        user: { id: 3, email: 'analyst@demo.lanewise.test', name: 'Demo Analyst' },
        organization: { id: 1, slug: 'demo', name: 'Demo Logistics' },
        role: 'analyst',
      },
    ],
  });

export const me = z
  .object({
    user,
    organization,
    role,
    permissions: z.array(z.string()),
    memberships: z.array(z.object({ organization, role })),
  })
  .meta({
    id: 'Me',
    examples: [
      {
        user: { id: 3, email: 'analyst@demo.lanewise.test', name: 'Demo Analyst' },
        organization: { id: 1, slug: 'demo', name: 'Demo Logistics' },
        role: 'analyst',
        permissions: ['shipments:read', 'orders:read', 'assistant:ask'],
        memberships: [{ organization: { id: 1, slug: 'demo', name: 'Demo Logistics' }, role: 'analyst' }],
      },
    ],
  });
