import type { Kysely } from 'kysely';
import { constraintViolation } from '../../db/errors.js';
import { type ListRequest, listAnswer } from '../../db/keyset.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type { Caller } from '../auth/index.js';
import { filteredRows, findRow, findRowsByKey, insertRow, updateRow } from './repository.js';
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

export type UpsertResult = { readonly result: 'inserted' | 'updated' | 'unchanged'; readonly id: number };

const same = (stored: unknown, next: unknown) =>
  (stored ?? null) === (next ?? null) ||
  // Numeric columns may read back as text (PostgreSQL numeric) or a Date for instants.
  (stored !== null && next !== null && typeof next === 'number' && Number(stored) === next);

/**
 * Creates or updates items by their natural key (code, SKU or a carrier's name) in the caller's
 * transaction, through the resource's own toInsert and toUpdate: a stored item takes the fields
 * the input gives, and is `unchanged` when none differs. Inputs are valid create inputs.
 */
export async function upsertResources(
  trx: Kysely<DB>,
  resource: AnyResource,
  caller: Caller,
  inputs: readonly unknown[],
): Promise<UpsertResult[]> {
  if (!caller.has('master-data:write')) {
    throw new AppError('AUTH_FORBIDDEN', `Writing ${resource.path} needs the master-data:write permission.`);
  }
  const { orgId } = caller;
  const keyOf = (values: object) => String((values as Record<string, unknown>)[resource.naturalKey]);
  const stored = new Map(
    (
      await findRowsByKey(
        trx,
        resource,
        orgId,
        inputs.map((i) => keyOf(resource.toInsert(i))),
      )
    ).map((row) => [keyOf(row), row as unknown as Record<string, unknown>]),
  );
  const results: UpsertResult[] = [];
  for (const input of inputs) {
    const key = keyOf(resource.toInsert(input));
    const row = stored.get(key);
    if (!row) {
      const values = resource.toInsert(input);
      let id: number;
      try {
        id = await insertRow(trx, resource, orgId, values);
      } catch (error) {
        asConflict(resource, error);
      }
      stored.set(key, { ...values, id });
      results.push({ result: 'inserted', id });
      continue;
    }
    const changes = Object.fromEntries(
      Object.entries(resource.toUpdate(input) as Record<string, unknown>).filter(
        ([column, value]) => !same(row[column], value),
      ),
    );
    const id = Number(row.id);
    if (Object.keys(changes).length === 0) {
      results.push({ result: 'unchanged', id });
      continue;
    }
    await updateRow(trx, resource, orgId, id, changes);
    Object.assign(row, changes);
    results.push({ result: 'updated', id });
  }
  return results;
}
