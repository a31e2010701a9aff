import { z } from 'zod';
import { email, password, role } from '../auth/index.js';

export const member = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role,
    status: z.enum(['active', 'invited', 'disabled']),
    lastLoginAt: z.string().nullable(),
    memberSince: z.string(),
  })
  .meta({
    id: 'Member',
    examples: [
      {
        id: 3,
        email: 'analyst@demo.lanewise.test',
        name: 'Demo Analyst',
        role: 'analyst',
        status: 'active',
        lastLoginAt: '2026-03-01T09:00:00.000Z',
        memberSince: '2025-11-03T10:00:00.000Z',
      },
    ],
  });

export const invitation = z
  .object({
    token: z.string().meta({ description: 'Give it to the person; they set their password with it (once)' }),
    expiresAt: z.string(),
  })
  .meta({
    id: 'Invitation',
    examples: [{ token: 'lwi_EXAMPLE-not-a-real-invitation', expiresAt: '2026-03-08T09:00:00.000Z' }],
  });

export const memberListQuery = z.object({ role: role.optional() }).strict();

export const newMemberBody = z
  .object({
    email,
    name: z.string().trim().min(1).max(200),
    role,
    password: password
      .optional()
      .meta({ description: 'Set a password now; omit it to get an invitation instead' }),
  })
  .strict()
  .meta({ examples: [{ email: 'planner@example.com', name: 'Pat Planner', role: 'operator' }] });

export const roleBody = z
  .object({ role })
  .strict()
  .meta({ examples: [{ role: 'analyst' }] });

export const addedMember = z.object({ user: member, invitation: invitation.nullable() });

export const acceptInvitationBody = z
  .object({ token: z.string().min(1).max(2000), password })
  .strict()
  .meta({
    examples: [{ token: 'lwi_EXAMPLE-not-a-real-invitation', password: 'a long and private passphrase' }],
  });
