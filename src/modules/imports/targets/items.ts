import type { z } from 'zod';
import type { FieldError } from '../../../lib/errors.js';
import type { QuarantineReason } from '../mapping/schema.js';

/**
 * Helpers the targets share to turn flat mapped values (`origin.city`) into API items and to
 * report an API schema's refusals as quarantine reasons.
 */

/** Sets `a.b.c` in a nested object, creating the levels on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next && typeof next === 'object') node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[part] = created;
      node = created;
    }
  }
  node[parts.at(-1) as string] = value;
}

/** Rounds half away from zero to the places a numeric column keeps (unit conversions leave long tails). */
export function roundTo(value: number, places: number): number {
  const factor = 10 ** places;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}

/** Validates an item with the entity's create schema; its issues become reasons by API path. */
export function parseItem<T>(
  schema: z.ZodType<T>,
  item: unknown,
  valueAt: (path: string) => unknown,
): { readonly item: T } | { readonly reasons: QuarantineReason[] } {
  const parsed = schema.safeParse(item);
  if (parsed.success) return { item: parsed.data };
  return {
    reasons: parsed.error.issues.map((issue) => {
      const path = issue.path.join('.') || 'row';
      return { field: path, value: valueAt(path), rule: 'schema', message: `${path}: ${issue.message}` };
    }),
  };
}

/** Reads `a.b.c` from a nested object. */
export function getPath(source: unknown, path: string): unknown {
  let node = source;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** An entity write path's refusals (paths relative to the item) as quarantine reasons of rule `write`. */
export function writeReasons(errors: readonly FieldError[], item: unknown): QuarantineReason[] {
  return errors.map((e) => ({
    field: e.path,
    value: getPath(item, e.path),
    rule: 'write',
    message: `${e.path}: ${e.message}`,
  }));
}
