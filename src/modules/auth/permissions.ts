import type { Role } from '../../db/types.js';

/**
 * The permission table: what each role may do. Routes name one permission in
 * `config.access`; the auth plugin allows the request when the caller's role (or API key's
 * scopes) holds it. Adding a permission here is the only way to make a new one usable.
 */
export const permissions = [
  'shipments:read',
  'shipments:write',
  'orders:read',
  'orders:write',
  'inventory:read',
  'inventory:write',
  // carriers, customers, suppliers, facilities, products
  'master-data:read',
  'master-data:write',
  'imports:run',
  'connectors:manage',
  'users:manage',
  'api-keys:manage',
  'audit:read',
  'assistant:ask',
  'models:promote',
  // Forecasts: see runs and series; start runs.
  'forecasts:read',
  'forecasts:run',
  // Alerts: see them (listed and streamed); respond: acknowledge, snooze, resolve; manage: rules
  // and channels.
  'alerts:read',
  'alerts:respond',
  'alerts:manage',
  // Posting events to a feed (its signed intake); a key with only this can do nothing else.
  'feeds:ingest',
  // Semantic queries, the catalog, dashboards, charts, personal saved views.
  'analytics:read',
  // Shared saved views, exchange rates, reporting currency and time zone, rollup rebuilds.
  'analytics:manage',
  // Background jobs of the organization: see them and their progress; cancel and retry them.
  'jobs:read',
  'jobs:manage',
  // Granting or taking away the owner role: only owners.
  'org:transfer-ownership',
  // A person's own profile, password and sessions (/me, logout-all); never held by API keys.
  'account:self',
] as const;

export type Permission = (typeof permissions)[number];

export const roles = ['owner', 'admin', 'analyst', 'operator', 'viewer'] as const satisfies readonly Role[];

const read: Permission[] = [
  'shipments:read',
  'orders:read',
  'inventory:read',
  'master-data:read',
  'jobs:read',
  'analytics:read',
  'alerts:read',
  'forecasts:read',
];
const everything = permissions.filter((p) => p !== 'org:transfer-ownership');

const table: Record<Role, readonly Permission[]> = {
  owner: permissions,
  admin: everything,
  analyst: [...read, 'analytics:manage', 'assistant:ask', 'models:promote', 'forecasts:run', 'account:self'],
  operator: [
    ...read,
    'shipments:write',
    'orders:write',
    'inventory:write',
    'imports:run',
    'jobs:manage',
    'alerts:respond',
    'account:self',
  ],
  viewer: [...read, 'account:self'],
};

const sets = new Map<Role, ReadonlySet<Permission>>(
  Object.entries(table).map(([role, list]) => [role as Role, new Set(list)]),
);

/** The permissions a role holds (a shared, frozen-by-convention set: do not mutate). */
export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return sets.get(role) ?? new Set();
}

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/**
 * Permissions an API key may carry. Machine clients never manage people, keys or ownership,
 * so a leaked key cannot mint more credentials.
 */
export const apiKeyScopes = permissions.filter(
  (p) => !['users:manage', 'api-keys:manage', 'org:transfer-ownership', 'account:self'].includes(p),
) as Permission[];
