/**
 * Helpers that turn API input into row values, shared by every module's mapping so a PATCH means
 * the same everywhere. The one instant formatter of answers is `toIsoString` (db/types.ts).
 */

/** Values with the undefined ones left out. */
export type Present<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * "Absent keeps, null clears": the columns a write sets, from column → value pairs where an
 * undefined value means the field was absent (a PATCH keeps the stored value) and null clears it.
 */
export function presentColumns<T extends Record<string, unknown>>(values: T): Present<T> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(values)) if (value !== undefined) out[column] = value;
  return out as Present<T>;
}
