import { describe, expect, it } from 'vitest';
import type { Account } from '../auth/index.js';
import { type InvitationUse, invitationRefusal } from './invitations.js';
import type { InvitationRow } from './repository.js';

const NOW = new Date('2026-03-01T09:00:00.000Z');
const invitation: InvitationRow = {
  id: 1,
  org_id: 2,
  membership_id: 3,
  email: 'new@example.test',
  expires_at: new Date(NOW.getTime() + 1000),
  used_at: null,
  revoked_at: null,
  user_id: 4,
  membership_org_id: 2,
  role: 'viewer',
  name: 'New Person',
  token_version: 0,
  invited_at: new Date('2026-02-28T09:00:00.000Z'),
  disabled_at: null,
  created_account: 1,
};
const account: Account = {
  id: 4,
  email: 'new@example.test',
  name: 'New Person',
  status: 'active',
  hasPassword: false,
};
const firstPassword: InvitationUse = { kind: 'first_password' };
const signedIn: InvitationUse = { kind: 'signed_in', userId: 4 };

describe('invitationRefusal', () => {
  it('lets a live invitation set the first password of the account it created, and its person accept it signed in', () => {
    expect(invitationRefusal(invitation, account, firstPassword, NOW)).toBeNull();
    expect(invitationRefusal(invitation, account, signedIn, NOW)).toBeNull();
    // Dates may come back from the database as strings.
    expect(
      invitationRefusal(
        { ...invitation, expires_at: new Date(NOW.getTime() + 1).toISOString() },
        account,
        signedIn,
        NOW,
      ),
    ).toBeNull();
  });

  it('refuses, the same way for each, anything but a live invitation of this person to a waiting membership', () => {
    const refused: [string, InvitationRow | undefined, Account | undefined][] = [
      ['unknown token', undefined, account],
      ['account gone', invitation, undefined],
      ['used', { ...invitation, used_at: NOW }, account],
      ['revoked (a newer one exists)', { ...invitation, revoked_at: NOW }, account],
      ['expired now', { ...invitation, expires_at: NOW }, account],
      ['expired before', { ...invitation, expires_at: new Date(NOW.getTime() - 1) }, account],
      ['bound to another organization', { ...invitation, membership_org_id: 9 }, account],
      ['membership already joined', { ...invitation, invited_at: null }, account],
      ['membership disabled', { ...invitation, disabled_at: NOW }, account],
      ['another account', invitation, { ...account, id: 5 }],
      ['another e-mail', invitation, { ...account, email: 'other@example.test' }],
      ['account disabled', invitation, { ...account, status: 'disabled' }],
    ];
    for (const [why, inv, acc] of refused) {
      expect(invitationRefusal(inv, acc, firstPassword, NOW), why).toBe('invalid');
      expect(invitationRefusal(inv, acc, signedIn, NOW), why).toBe('invalid');
    }
  });

  it('never sets the password of an account it did not create or that has one: the person signs in', () => {
    expect(invitationRefusal({ ...invitation, created_account: 0 }, account, firstPassword, NOW)).toBe(
      'sign_in',
    );
    expect(invitationRefusal(invitation, { ...account, hasPassword: true }, firstPassword, NOW)).toBe(
      'sign_in',
    );
    expect(invitationRefusal({ ...invitation, created_account: 0 }, account, signedIn, NOW)).toBeNull();
    expect(invitationRefusal(invitation, { ...account, hasPassword: true }, signedIn, NOW)).toBeNull();
  });

  it('is accepted signed in only by the account it was made for', () => {
    expect(invitationRefusal(invitation, account, { kind: 'signed_in', userId: 5 }, NOW)).toBe('invalid');
  });
});
