import { type Kysely, type SqlBool, sql } from 'kysely';
import { insertOne } from '../../../db/bulk.js';
import type { DB, NewRow, RowUpdate } from '../../../db/types.js';

const columns = [
  'id',
  'name',
  'description',
  'query',
  'shared',
  'owner_user_id',
  'created_by',
  'created_at',
  'updated_at',
] as const;

/** Who is looking: a person sees their own views and the shared ones; an API key only the shared. */
export interface Viewer {
  readonly orgId: number;
  readonly userId: number | null;
}

export type ViewScope = 'personal' | 'shared';

/**
 * The views a viewer may see, optionally of one scope. Indexes: (org, shared, id) for the shared
 * ones, (org, owner, id) for a person's own.
 */
export function visibleViews(db: Kysely<DB>, viewer: Viewer, scope?: ViewScope) {
  const query = db.selectFrom('analytics_views').select(columns).where('org_id', '=', viewer.orgId);
  const shared = sql<SqlBool>`shared = 1`;
  const own =
    viewer.userId === null
      ? sql<SqlBool>`1 = 0`
      : sql<SqlBool>`(shared = 0 and owner_user_id = ${viewer.userId})`;
  if (scope === 'shared') return query.where(shared);
  if (scope === 'personal') return query.where(own);
  return query.where(sql<SqlBool>`(${shared} or ${own})`);
}
export type ViewRow = Awaited<ReturnType<ReturnType<typeof visibleViews>['executeTakeFirstOrThrow']>>;

/** One view the viewer may see, or undefined (another person's personal view is not found). */
export function findVisibleView(db: Kysely<DB>, viewer: Viewer, id: number): Promise<ViewRow | undefined> {
  return visibleViews(db, viewer).where('id', '=', id).executeTakeFirst();
}

/** Whether a view of this name exists in the scope (personal: the owner's; shared: the organization's). */
export async function nameTaken(
  db: Kysely<DB>,
  orgId: number,
  scope: { readonly shared: boolean; readonly ownerUserId: number | null },
  name: string,
  exceptId?: number,
): Promise<boolean> {
  let query = db
    .selectFrom('analytics_views')
    .select('id')
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .where('shared', '=', scope.shared ? 1 : 0);
  if (!scope.shared) query = query.where('owner_user_id', '=', scope.ownerUserId);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

export function insertView(db: Kysely<DB>, row: NewRow<'analytics_views'>): Promise<number> {
  return insertOne(db, 'analytics_views', row);
}

export async function updateView(
  db: Kysely<DB>,
  orgId: number,
  id: number,
  changes: RowUpdate<'analytics_views'>,
): Promise<void> {
  await db
    .updateTable('analytics_views')
    .set(changes)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function deleteViewRow(db: Kysely<DB>, orgId: number, id: number): Promise<void> {
  await db.deleteFrom('analytics_views').where('org_id', '=', orgId).where('id', '=', id).execute();
}
