import type { z } from 'zod';
import type { SortDefinition } from '../../db/keyset.js';
import type { DB, NewRow, Row, RowUpdate } from '../../db/types.js';

/** The master-data tables: small per organization, archived rather than deleted. */
export type MasterTable = 'carriers' | 'customers' | 'suppliers' | 'facilities' | 'products';

/** A filter of a list: its query parameter and the column it compares for equality. */
export interface EqualityFilter<T extends MasterTable = MasterTable> {
  readonly param: string;
  readonly column: keyof DB[T] & string;
}

/**
 * Everything that differs between master-data resources. One generic repository, service and
 * route set serve all of them (carriers, customers, suppliers, facilities, products).
 */
export interface MasterResource<T extends MasterTable, Api, Create, Patch> {
  readonly table: T;
  /** URL segment and OpenAPI tag, e.g. "carriers". */
  readonly path: string;
  /** Singular name for messages, e.g. "carrier". */
  readonly noun: string;
  /** The unique business key within an organization (name, code or SKU). */
  readonly naturalKey: keyof DB[T] & string;
  readonly schemas: {
    readonly api: z.ZodType<Api>;
    readonly create: z.ZodType<Create>;
    readonly patch: z.ZodType<Patch>;
    readonly filters: z.ZodObject;
  };
  readonly filters: readonly EqualityFilter<T>[];
  readonly sorts: SortDefinition;
  toApi(row: Row<T>): Api;
  toInsert(input: Create): Omit<NewRow<T>, 'org_id' | 'id'>;
  toUpdate(input: Patch): RowUpdate<T>;
}

/**
 * Any master-data resource, as the generic repository, service and routes see it: columns as
 * names (each resource's definition checks them against its own table), input as unknown (the
 * routes have parsed it with the resource's own schema). Every MasterResource is one, no cast.
 */
export interface AnyMasterResource {
  readonly table: MasterTable;
  readonly path: string;
  readonly noun: string;
  readonly naturalKey: string;
  readonly schemas: {
    readonly api: z.ZodType<unknown>;
    readonly create: z.ZodType<unknown>;
    readonly patch: z.ZodType<unknown>;
    readonly filters: z.ZodObject;
  };
  readonly filters: readonly { readonly param: string; readonly column: string }[];
  readonly sorts: SortDefinition;
  toApi(row: Row<MasterTable>): unknown;
  toInsert(input: unknown): Omit<NewRow<MasterTable>, 'org_id' | 'id'>;
  toUpdate(input: unknown): RowUpdate<MasterTable>;
}
