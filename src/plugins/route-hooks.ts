/** A route option's hooks (one, several or none) as an array, to append a hook in `onRoute`. */
export function hooksOf<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
