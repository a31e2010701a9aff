import { describe, expect, it } from 'vitest';
import type { Role } from '../../db/types.js';
import {
  apiKeyScopes,
  isPermission,
  isRole,
  type Permission,
  permissions,
  permissionsOf,
  roles,
} from './permissions.js';

const reads: Permission[] = [
  'shipments:read',
  'orders:read',
  'inventory:read',
  'master-data:read',
  'jobs:read',
  'analytics:read',
  'alerts:read',
  'forecasts:read',
];

describe('permission table', () => {
  it('gives the viewer read access only', () => {
    expect([...permissionsOf('viewer')].sort()).toEqual([...reads, 'account:self'].sort());
  });

  it('lets the operator write operational data and run imports, nothing else', () => {
    expect([...permissionsOf('operator')].sort()).toEqual(
      [
        ...reads,
        'shipments:write',
        'orders:write',
        'inventory:write',
        'imports:run',
        'jobs:manage',
        'alerts:respond',
        'account:self',
      ].sort(),
    );
  });

  it('lets the analyst ask the assistant, run forecasts and promote models, but not write data', () => {
    expect([...permissionsOf('analyst')].sort()).toEqual(
      [
        ...reads,
        'analytics:manage',
        'assistant:ask',
        'models:promote',
        'forecasts:run',
        'account:self',
      ].sort(),
    );
  });

  it('gives the admin everything but ownership, and the owner everything', () => {
    expect([...permissionsOf('admin')].sort()).toEqual(
      permissions.filter((p) => p !== 'org:transfer-ownership').sort(),
    );
    expect([...permissionsOf('owner')].sort()).toEqual([...permissions].sort());
  });

  it('every role can manage its own account; no API key can manage people, keys or ownership', () => {
    for (const role of roles) expect(permissionsOf(role).has('account:self')).toBe(true);
    for (const p of ['users:manage', 'api-keys:manage', 'org:transfer-ownership', 'account:self'] as const) {
      expect(apiKeyScopes).not.toContain(p);
    }
    expect(apiKeyScopes).toContain('shipments:write');
  });

  it('gives a role it does not know (a stale token, a hand-edited row) no permission at all', () => {
    expect(permissionsOf('superuser' as Role).size).toBe(0);
  });
});

describe('names from outside (tokens, API key scopes, route declarations)', () => {
  it('knows exactly the five roles, spelled exactly', () => {
    for (const role of roles) expect(isRole(role), role).toBe(true);
    for (const other of [
      'superuser',
      'Owner',
      'admin ',
      '',
      7,
      null,
      undefined,
      ['admin'],
      { role: 'admin' },
    ]) {
      expect(isRole(other), JSON.stringify(other)).toBe(false);
    }
  });

  it('knows exactly the permissions of the table, spelled exactly', () => {
    for (const permission of permissions) expect(isPermission(permission), permission).toBe(true);
    for (const other of ['shipments:delete', 'SHIPMENTS:READ', 'shipments', 'shipments:read ', '']) {
      expect(isPermission(other), other).toBe(false);
    }
  });
});
