import type { Kysely, SelectQueryBuilder } from 'kysely';
import { findOwnedRow, insertOne } from '../../db/bulk.js';
import type { DB, NewRow, Row, RowUpdate } from '../../db/types.js';
import type { AnyMasterResource, MasterTable } from './resource.js';

// One set of queries serves five tables whose shared columns (id, org_id, archived_at, ...) are
// identical; Kysely cannot express "any of these tables" generically, so the table is narrowed
// to one representative for the type checker. Column names come from the resource definitions
// (allow-lists), never from requests.
type AnyResource = AnyMasterResource;
type Q = SelectQueryBuilder<DB, 'carriers', Row<'carriers'>>;

function scoped(db: Kysely<DB>, resource: AnyResource, orgId: number): Q {
  return db
    .selectFrom(resource.table as 'carriers')
    .selectAll()
    .where('org_id', '=', orgId);
}

export interface MasterListQuery {
  readonly equals: ReadonlyMap<string, unknown>;
  readonly includeArchived: boolean;
}

/** The organization's rows of the resource matching equality filters (archived ones only when asked). */
export function filteredRows(
  db: Kysely<DB>,
  resource: AnyResource,
  orgId: number,
  query: MasterListQuery,
): Q {
  let q = scoped(db, resource, orgId);
  for (const [column, value] of query.equals) q = q.where(column as 'name', '=', value as string);
  if (!query.includeArchived) q = q.where('archived_at', 'is', null);
  return q;
}

/** One row by id within the organization, or undefined. */
export function findRow(
  db: Kysely<DB>,
  resource: AnyResource,
  orgId: number,
  id: number,
): Promise<Row<MasterTable> | undefined> {
  return findOwnedRow(db, resource.table, orgId, id) as Promise<Row<MasterTable> | undefined>;
}

/** Inserts a row for the organization; returns its id. */
export function insertRow(
  db: Kysely<DB>,
  resource: AnyResource,
  orgId: number,
  values: object,
): Promise<number> {
  const now = new Date();
  // The representative table again: the values come from the resource's own toInsert.
  return insertOne(
    db,
    resource.table as 'carriers',
    {
      ...values,
      org_id: orgId,
      created_at: now,
      updated_at: now,
    } as NewRow<'carriers'>,
  );
}

/** Updates a row of the organization; false when no such row. */
export async function updateRow(
  db: Kysely<DB>,
  resource: AnyResource,
  orgId: number,
  id: number,
  values: object,
): Promise<boolean> {
  const result = await db
    .updateTable(resource.table as 'carriers')
    .set({ ...values, updated_at: new Date() } as RowUpdate<'carriers'>)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The organization's rows of the resource with these natural keys (exact, as its unique key compares). */
export function findRowsByKey(
  db: Kysely<DB>,
  resource: AnyResource,
  orgId: number,
  keys: readonly string[],
): Promise<Row<MasterTable>[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return scoped(db, resource, orgId)
    .where(resource.naturalKey as 'name', 'in', [...new Set(keys)])
    .execute() as Promise<Row<MasterTable>[]>;
}
