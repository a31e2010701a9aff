import type { Kysely } from 'kysely';
import type { FieldError } from '../lib/errors.js';
import type { DB } from './types.js';

/** Tables a write may refer to by id; each has `id` and `org_id`. */
export type OwnedTable =
  | 'carriers'
  | 'customers'
  | 'suppliers'
  | 'facilities'
  | 'products'
  | 'orders'
  | 'order_lines';

/** A reference a write makes to another row, by the path of the field that holds it. */
export interface Reference {
  readonly path: string;
  readonly table: OwnedTable;
  readonly id: number | null | undefined;
}

const nouns: Record<OwnedTable, string> = {
  carriers: 'carrier',
  customers: 'customer',
  suppliers: 'supplier',
  facilities: 'facility',
  products: 'product',
  orders: 'order',
  order_lines: 'order line',
};

/** Which of the ids exist in the table for the organization. */
async function ownedIds(
  db: Kysely<DB>,
  orgId: number,
  table: OwnedTable,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  // The tables share id and org_id; one stands in for all for the type checker.
  const rows = await db
    .selectFrom(table as 'customers')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}

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
      tables.map(async (table) => {
        const ids = wanted.filter((r) => r.table === table).map((r) => r.id);
        return [table, await ownedIds(db, orgId, table, ids)] as const;
      }),
    ),
  );
  return wanted
    .filter((r) => !owned.get(r.table)?.has(r.id))
    .map((r) => ({ path: r.path, message: `no such ${nouns[r.table]}` }));
}
