import type { Kysely } from 'kysely';
import { constraintViolation } from '../../db/errors.js';
import type { DB } from '../../db/types.js';
import { AppError, type FieldError } from '../../lib/errors.js';
import { type OwnedTable, ownedIds } from './repository.js';

/** A reference a write makes to another row, by the path of the field that holds it. */
export interface Reference {
  readonly path: string;
  readonly table: OwnedTable;
  readonly id: number | null | undefined;
}

const nouns: Record<OwnedTable, string> = {
  customers: 'customer',
  facilities: 'facility',
  products: 'product',
  order_lines: 'order line',
};

/**
 * The references that do not name a row of the organization, as field errors. A row of another
 * tenant is reported exactly like a missing one, so ids of other organizations stay unusable
 * and undiscoverable. One query per table, whatever the number of references.
 */
export async function missingReferences(
  db: Kysely<DB>,
  orgId: number,
  references: readonly Reference[],
): Promise<FieldError[]> {
  const wanted = references.filter((r): r is Reference & { id: number } => typeof r.id === 'number');
  const tables = [...new Set(wanted.map((r) => r.table))];
  const owned = new Map(
    await Promise.all(
      tables.map(
        async (table) =>
          [
            table,
            await ownedIds(
              db,
              orgId,
              table,
              wanted.filter((r) => r.table === table).map((r) => r.id),
            ),
          ] as const,
      ),
    ),
  );
  return wanted
    .filter((r) => !owned.get(r.table)?.has(r.id))
    .map((r) => ({ path: r.path, message: `no such ${nouns[r.table]}` }));
}

/** Throws 422 REQUEST_INVALID listing the body fields at fault, when there are any. */
export function rejectInvalid(errors: readonly FieldError[]): void {
  if (errors.length === 0) return;
  const shown = errors.map((e) => ({ path: `body.${e.path}`, message: e.message }));
  throw new AppError(
    'REQUEST_INVALID',
    422,
    `The request refers to data that does not exist or disagrees with itself: ${shown.map((e) => e.path).join(', ')}.`,
    { errors: shown },
  );
}

/** Turns a unique-key violation into 409 RESOURCE_CONFLICT with the message given; rethrows anything else. */
export function conflictOr(error: unknown, message: string): never {
  if (constraintViolation(error) === 'unique') throw new AppError('RESOURCE_CONFLICT', 409, message);
  throw error;
}
