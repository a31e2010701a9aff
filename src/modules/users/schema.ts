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
  .meta({ id: 'Member' });

export const invitation = z
  .object({
    token: z.string().meta({ description: 'Give it to the person; they set their password with it (once)' }),
    expiresAt: z.string(),
  })
  .meta({ id: 'Invitation' });

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
  .strict();

export const roleBody = z.object({ role }).strict();

export const addedMember = z.object({ user: member, invitation: invitation.nullable() });

export const acceptInvitationBody = z.object({ token: z.string().min(1).max(2000), password }).strict();
