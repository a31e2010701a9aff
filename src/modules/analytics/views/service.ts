import type { Kysely } from 'kysely';
import { listAnswer } from '../../../db/keyset.js';
import { type DB, toIsoString } from '../../../db/types.js';
import { AppError } from '../../../lib/errors.js';
import { type Caller, callerKey } from '../../auth/index.js';
import { planQuery } from '../query/plan.js';
import { type RunOptions, runQuery } from '../query/run.js';
import { type QueryResult, type SemanticQuery, semanticQuery } from '../query/schema.js';
import { resolveRange, todayIn } from '../query/time.js';
import { findSettings, lockOrganization } from '../settings/repository.js';
import {
  deleteViewRow,
  findVisibleView,
  insertView,
  nameTaken,
  updateView,
  type Viewer,
  type ViewRow,
  visibleViews,
} from './repository.js';
import { type View, type ViewCreate, type ViewListQuery, type ViewPatch, viewSorts } from './schema.js';

/**
 * Saved views (issue #9 part 6): a personal view is its owner's alone — to everyone else it does
 * not exist (ANALYTICS_VIEW_NOT_FOUND, never a 403 that would tell it does); a shared view is
 * seen by every member, and creating, changing or deleting one needs analytics:manage. API keys
 * are nobody's person: they see shared views only, and save shared ones when they may manage.
 */

const viewerOf = (caller: Caller): Viewer => ({ orgId: caller.orgId, userId: caller.userId });

const notFound = (id: number) =>
  new AppError(
    'ANALYTICS_VIEW_NOT_FOUND',
    `No saved view ${id} that you can see; list yours with GET /api/v1/analytics/views.`,
  );

function requireManage(caller: Caller, what: string): void {
  if (!caller.has('analytics:manage'))
    throw new AppError('AUTH_FORBIDDEN', `${what} needs the analytics:manage permission.`);
}

/** The person a personal view would belong to; API keys and the system own none. */
function ownerFor(caller: Caller): number {
  if (caller.userId === null) {
    throw new AppError(
      'AUTH_FORBIDDEN',
      'Only people have personal views: an API key saves shared views (send shared: true; needs analytics:manage).',
    );
  }
  return caller.userId;
}

function toApi(row: ViewRow): View {
  const parsed = semanticQuery.safeParse(JSON.parse(row.query));
  // Stored queries were validated when saved; one that no longer parses is a schema change that
  // needs a data migration, not something a client can fix.
  if (!parsed.success) throw new Error(`saved view ${row.id} holds a query the schema no longer accepts`);
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    query: parsed.data,
    shared: Number(row.shared) === 1,
    ownerUserId: row.owner_user_id === null ? null : Number(row.owner_user_id),
    createdBy: row.created_by,
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
  };
}

async function refuseTakenName(
  trx: Kysely<DB>,
  orgId: number,
  scope: { shared: boolean; ownerUserId: number | null },
  name: string,
  exceptId?: number,
): Promise<void> {
  if (await nameTaken(trx, orgId, scope, name, exceptId)) {
    throw new AppError(
      'ANALYTICS_VIEW_NAME_TAKEN',
      scope.shared
        ? `A shared view named "${name}" exists in this organization; choose another name or change that view.`
        : `You have a view named "${name}"; choose another name or change that view.`,
    );
  }
}

/**
 * Refuses a query that could never run, as POST /analytics/query would: names through the
 * catalog (400 ANALYTICS_UNKNOWN_NAME with suggestions), metrics against their dimensions and
 * filters (422 ANALYTICS_NOT_COMBINABLE), a range that ends before it starts. A relative range
 * is resolved against today only to check it; the view keeps it relative.
 */
async function checkQuery(db: Kysely<DB>, orgId: number, query: SemanticQuery): Promise<void> {
  const settings = await findSettings(db, orgId);
  const today = todayIn(settings?.reporting_timezone ?? 'UTC', new Date());
  const range = query.timeRange ? resolveRange(query.timeRange, today) : undefined;
  if (range && range.from > range.to) {
    throw new AppError(
      'REQUEST_INVALID',
      `query.timeRange: from (${range.from}) is after to (${range.to}).`,
      {
        errors: [{ path: 'body.query.timeRange.to', message: 'must not be before from' }],
      },
    );
  }
  planQuery(query, range);
}

const blankToNull = (text: string | null | undefined) => (text ? text : null);

/** A page of the views the caller sees (own personal ones and shared ones), by name by default. */
export function listViews(db: Kysely<DB>, caller: Caller, q: ViewListQuery) {
  return listAnswer(visibleViews(db, viewerOf(caller), q.scope), q, viewSorts, toApi);
}

/** One view the caller may see, or 404 ANALYTICS_VIEW_NOT_FOUND. */
export async function getView(db: Kysely<DB>, caller: Caller, id: number): Promise<View> {
  const row = await findVisibleView(db, viewerOf(caller), id);
  if (!row) throw notFound(id);
  return toApi(row);
}

/** Saves a query under a name, personal (the caller's) or shared; 409 when the name is taken there. */
export async function createView(db: Kysely<DB>, caller: Caller, input: ViewCreate): Promise<View> {
  const { orgId } = caller;
  if (input.shared) requireManage(caller, 'Saving a shared view');
  const ownerUserId = input.shared ? null : ownerFor(caller);
  await checkQuery(db, orgId, input.query);
  const id = await db.transaction().execute(async (trx) => {
    // Names are unique per scope with no unique key to say so: writers of one organization take turns.
    await lockOrganization(trx, orgId);
    await refuseTakenName(trx, orgId, { shared: input.shared, ownerUserId }, input.name);
    const now = new Date();
    return insertView(trx, {
      org_id: orgId,
      name: input.name,
      description: blankToNull(input.description),
      query: JSON.stringify(input.query),
      shared: input.shared ? 1 : 0,
      owner_user_id: ownerUserId,
      created_by: callerKey(caller),
      created_at: now,
      updated_at: now,
    });
  });
  return getView(db, caller, id);
}

/**
 * Changes a view the caller sees. A shared view (or sharing one) needs analytics:manage; a shared
 * view made personal becomes the caller's. The name must be free in the scope it ends up in.
 */
export async function patchView(db: Kysely<DB>, caller: Caller, id: number, input: ViewPatch): Promise<View> {
  const { orgId } = caller;
  if (input.query) await checkQuery(db, orgId, input.query);
  await db.transaction().execute(async (trx) => {
    await lockOrganization(trx, orgId);
    const current = await findVisibleView(trx, viewerOf(caller), id);
    if (!current) throw notFound(id);
    const wasShared = Number(current.shared) === 1;
    if (wasShared) requireManage(caller, 'Changing a shared view');
    else if (input.shared === true) requireManage(caller, 'Sharing a view');
    const shared = input.shared ?? wasShared;
    const ownerUserId = shared ? null : wasShared ? ownerFor(caller) : current.owner_user_id;
    const name = input.name ?? current.name;
    if (name !== current.name || shared !== wasShared) {
      await refuseTakenName(trx, orgId, { shared, ownerUserId }, name, id);
    }
    await updateView(trx, orgId, id, {
      name,
      ...(input.description === undefined ? {} : { description: blankToNull(input.description) }),
      ...(input.query === undefined ? {} : { query: JSON.stringify(input.query) }),
      shared: shared ? 1 : 0,
      owner_user_id: ownerUserId,
      updated_at: new Date(),
    });
  });
  return getView(db, caller, id);
}

/** Deletes a view the caller sees (a shared one needs analytics:manage). */
export async function deleteView(db: Kysely<DB>, caller: Caller, id: number): Promise<void> {
  const current = await findVisibleView(db, viewerOf(caller), id);
  if (!current) throw notFound(id);
  if (Number(current.shared) === 1) requireManage(caller, 'Deleting a shared view');
  await deleteViewRow(db, caller.orgId, id);
}

/** Runs a view's saved query as the caller (whose permissions and organization the answer follows). */
export async function runView(
  db: Kysely<DB>,
  caller: Caller,
  id: number,
  options: RunOptions = {},
): Promise<QueryResult> {
  const view = await getView(db, caller, id);
  return runQuery(db, caller, view.query, options);
}
