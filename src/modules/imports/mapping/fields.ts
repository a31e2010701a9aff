/**
 * What a target entity tells the mapping layer about each of its fields, so one mapping engine
 * (apply.ts) and one suggester (suggest.ts) serve every target. The targets (../targets/) own
 * the lists; the mapping layer only reads them.
 */

export type FieldType =
  | 'text'
  | 'number'
  | 'integer'
  /** An instant: the mapped value is ISO 8601 text with an offset. */
  | 'instant'
  /** A calendar day `YYYY-MM-DD`. */
  | 'day'
  /** One of `values`. */
  | 'enum'
  | 'boolean'
  /** ISO 3166-1 alpha-2 (names such as "Nigeria" or alpha-3 "NGA" are read too). */
  | 'country'
  /** ISO 4217. */
  | 'currency'
  /** Names a row of `lookup` by name or code; the loader resolves it to an id. */
  | 'reference';

export type LookupTable = 'carriers' | 'customers' | 'suppliers' | 'facilities' | 'products';

export interface TargetField {
  /** The entity's API path: `reference`, `origin.city`, `freightCost.amount`; a reference field is named for the row (`carrier`). */
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  /** Without it a record cannot become an item (the mapping may still make others required). */
  readonly required?: boolean;
  /** enum: the allowed values. */
  readonly values?: readonly string[];
  /** reference: the table it names. */
  readonly lookup?: LookupTable;
  /** Column names that suggest this field (lower case, words separated by spaces). */
  readonly synonyms: readonly string[];
}

/** A reference a mapped record names, for the loader to resolve (and maybe create) in bulk. */
export interface LookupRequest {
  readonly field: string;
  readonly table: LookupTable;
  readonly by: 'name' | 'code';
  readonly text: string;
  readonly create: boolean;
}
