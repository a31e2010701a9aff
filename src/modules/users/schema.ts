import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import { listQueryBase } from '../../lib/api-schemas.js';
import { email, password, role } from '../auth/index.js';

export const member = z
  .object({
    id: z.number().int().meta({ description: 'The membership (one person in this organization)' }),
    email: z.string(),
    name: z.string().meta({ description: 'The name as this organization entered it' }),
    role,
    status: z
      .enum(['active', 'invited', 'disabled'])
      .meta({ description: 'invited: has not joined yet (first login, or accepting the invitation)' }),
    lastLoginAt: z.string().nullable().meta({ description: 'Last login to this organization' }),
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
    token: z.string().meta({
      description:
        'Give it to the person (no e-mail is sent yet). Usable once: a new account sets its first password with it; an existing account signs in and accepts it.',
    }),
    expiresAt: z.string(),
  })
  .meta({
    id: 'Invitation',
    examples: [
      { token: 'lwi_3q2-7wEXAMPLEnotArealInvitation000000000000', expiresAt: '2026-03-08T09:00:00.000Z' },
    ],
  });

/** The members list's sorts: the keys, their columns (of the member query) and the default. */
export const memberSorts = defineSorts(
  'users',
  [
    { key: 'id', column: 'id', kind: 'number', nullable: false },
    { key: 'name', column: 'name', kind: 'text', nullable: false },
    { key: 'email', column: 'email', kind: 'text', nullable: false },
    { key: 'memberSince', column: 'created_at', kind: 'instant', nullable: false },
  ],
  'id',
);

export const memberListQuery = z
  .object({
    ...listQueryBase,
    sort: memberSorts.param,
    role: role.optional(),
  })
  .strict();

export const newMemberBody = z
  .object({
    email,
    name: z.string().trim().min(1).max(200),
    role,
    password: password.optional().meta({
      description:
        'A first password if the e-mail has no account yet (the person joins at their first login); omit it to get an invitation instead',
    }),
  })
  .strict()
  .meta({ examples: [{ email: 'planner@example.com', name: 'Pat Planner', role: 'operator' }] });

export const roleBody = z
  .object({ role })
  .strict()
  .meta({ examples: [{ role: 'analyst' }] });

export const addedMember = z.object({ user: member, invitation: invitation.nullable() });

const invitationToken = z.string().min(1).max(2000);

export const acceptInvitationBody = z
  .object({ token: invitationToken, password })
  .strict()
  .meta({
    examples: [
      { token: 'lwi_3q2-7wEXAMPLEnotArealInvitation000000000000', password: 'a long and private passphrase' },
    ],
  });

export const signedInAcceptBody = z
  .object({ token: invitationToken })
  .strict()
  .meta({ examples: [{ token: 'lwi_3q2-7wEXAMPLEnotArealInvitation000000000000' }] });
