import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.js';
import type { Caller } from '../../auth/index.js';
import type { TargetField } from '../mapping/fields.js';
import type { ImportTargetName, QuarantineReason } from '../mapping/schema.js';

/**
 * What the loader needs from an entity it imports into (ADR 0016): the fields a mapping may
 * fill, how mapped values become the item the entity's own write path takes (validated by the
 * entity's API schema, so a file obeys exactly the rules the API does), and that write path in
 * its per-row form. The loader owns batching, transactions, lookups, quarantine and checkpoints.
 */
export interface ImportTarget<Item = unknown> {
  readonly name: ImportTargetName;
  readonly fields: readonly TargetField[];
  /** The natural key of a mapped record, or null when it has none (then it is refused by toItem). */
  keyOf(values: Readonly<Record<string, unknown>>, context: TargetContext): string | null;
  /** The entity item, or why the record cannot be one. `idOf` answers the resolved reference fields. */
  toItem(
    values: Readonly<Record<string, unknown>>,
    idOf: (field: string) => number | null,
    context: TargetContext,
  ): { readonly item: Item } | { readonly reasons: QuarantineReason[] };
  /** Writes items through the entity's one write path in the caller's transaction, one outcome per item. */
  write(trx: Kysely<DB>, caller: Caller, items: readonly Item[]): Promise<TargetOutcome[]>;
}

export interface TargetContext {
  /** The mapping's source (default `import`): part of the natural key. */
  readonly source: string;
  /** The organization's reporting currency: amounts with no currency are in it. */
  readonly currency: string;
}

export type TargetOutcome =
  | { readonly result: 'inserted' | 'updated' | 'unchanged'; readonly id: number }
  | { readonly result: 'refused'; readonly reasons: QuarantineReason[] };
