import type { Kysely } from 'kysely';
import { constraintViolation } from '../../db/errors.js';
import { type ListRequest, listAnswer } from '../../db/keyset.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type { Caller } from '../auth/index.js';
import { filteredRows, findRow, insertRow, updateRow } from './repository.js';
import type { AnyMasterResource } from './resource.js';

type AnyResource = AnyMasterResource;

export interface ListInput extends ListRequest {
  readonly filters: Record<string, unknown>;
  readonly includeArchived: boolean;
}

function notFound(resource: AnyResource, id: number): AppError {
  return new AppError('RESOURCE_NOT_FOUND', `No ${resource.noun} with id ${id}.`);
}

/** Maps integrity errors to answers a client can act on; anything else is rethrown. */
function asConflict(resource: AnyResource, error: unknown): never {
  const violation = constraintViolation(error);
  if (violation === 'unique') {
    throw new AppError(
      'RESOURCE_CONFLICT',
      `Another ${resource.noun} already has this ${resource.naturalKey}.`,
    );
  }
  if (violation === 'foreign_key') {
    throw new AppError(
      'RESOURCE_REFERENCE_INVALID',
      `The ${resource.noun} refers to something that does not exist.`,
    );
  }
  throw error;
}

/** A page of the resource for an organization, in API shape. */
export function listResource(db: Kysely<DB>, resource: AnyResource, orgId: number, input: ListInput) {
  const equals = new Map<string, unknown>();
  for (const filter of resource.filters) {
    const value = input.filters[filter.param];
    if (value !== undefined) equals.set(filter.column, value);
  }
  const query = filteredRows(db, resource, orgId, { equals, includeArchived: input.includeArchived });
  return listAnswer(query, input, resource.sorts, (row) => resource.toApi(row));
}

/** One item by id, or 404. */
export async function getResource(db: Kysely<DB>, resource: AnyResource, orgId: number, id: number) {
  const row = await findRow(db, resource, orgId, id);
  if (!row) throw notFound(resource, id);
  return resource.toApi(row);
}

/** Creates an item; 409 when its natural key is taken. */
export async function createResource(db: Kysely<DB>, resource: AnyResource, caller: Caller, input: unknown) {
  const { orgId } = caller;
  let id: number;
  try {
    id = await insertRow(db, resource, orgId, resource.toInsert(input));
  } catch (error) {
    asConflict(resource, error);
  }
  return getResource(db, resource, orgId, id);
}

/** Applies a partial update; 404 when the item is not the organization's. */
export async function updateResource(
  db: Kysely<DB>,
  resource: AnyResource,
  caller: Caller,
  id: number,
  input: unknown,
) {
  const { orgId } = caller;
  const values = resource.toUpdate(input) as object;
  try {
    const found = Object.keys(values).length
      ? await updateRow(db, resource, orgId, id, values)
      : (await findRow(db, resource, orgId, id)) !== undefined;
    if (!found) throw notFound(resource, id);
  } catch (error) {
    if (error instanceof AppError) throw error;
    asConflict(resource, error);
  }
  return getResource(db, resource, orgId, id);
}

/**
 * Archives an item: it leaves lists (unless includeArchived=true) but stays for the history that
 * refers to it (shipments keep their carrier). Archiving twice is harmless.
 */
export async function archiveResource(db: Kysely<DB>, resource: AnyResource, caller: Caller, id: number) {
  const { orgId } = caller;
  const row = await findRow(db, resource, orgId, id);
  if (!row) throw notFound(resource, id);
  if (row.archived_at === null) await updateRow(db, resource, orgId, id, { archived_at: new Date() });
  return getResource(db, resource, orgId, id);
}
