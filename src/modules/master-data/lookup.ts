import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError, type FieldError } from '../../lib/errors.js';
import type { Caller } from '../auth/index.js';
import { carriers, customers, facilities, products, suppliers } from './definitions.js';
import { insertRow } from './repository.js';
import type { AnyMasterResource, MasterTable } from './resource.js';

/**
 * Finding master data by what people write in files — a carrier's name or SCAC, a customer's
 * code or name, a SKU — and, when asked, creating what is missing (issue #11 part 3). Creation
 * goes through each resource's own create schema and insert, so a row made by an import is the
 * row the API would have made. Matching ignores case and surrounding space, as people do
 * ("DHL" names the carrier "dhl"); MariaDB's unique keys are binary here (createTable), so two
 * spellings could otherwise both be created.
 */

export interface MasterLookup {
  readonly table: MasterTable;
  readonly by: 'name' | 'code';
  readonly text: string;
  readonly create: boolean;
}

/** The column a lookup compares: carriers' code is the SCAC, products' is the SKU. */
function columnOf(table: MasterTable, by: 'name' | 'code'): string {
  if (by === 'name') return 'name';
  if (table === 'carriers') return 'scac';
  if (table === 'products') return 'sku';
  return 'code';
}

const resources: Record<MasterTable, AnyMasterResource> = {
  carriers,
  customers,
  suppliers,
  facilities,
  products,
} as Record<MasterTable, AnyMasterResource>;

/** The key under which resolveMasterData answers a lookup. */
export function lookupKey(lookup: Pick<MasterLookup, 'table' | 'by' | 'text'>): string {
  return `${lookup.table}|${lookup.by}|${normalise(lookup.text)}`;
}

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A code made from a name, within the code rule (letters, digits, . _ - /; at most 64). */
function codeFrom(name: string): string {
  const code = name
    .trim()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w.\-/]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .toUpperCase();
  return code || 'UNNAMED';
}

/**
 * What the API would be sent to create the row a lookup names; `code` is the code made for a
 * lookup by name (unused for carriers, whose name is their key).
 */
function createInputOf(lookup: MasterLookup, code: string): Record<string, unknown> {
  const text = lookup.text.trim().replace(/\s+/g, ' ');
  switch (lookup.table) {
    case 'carriers':
      return lookup.by === 'name' ? { name: text } : { name: text, scac: text };
    case 'products':
      return { sku: code, name: text };
    case 'facilities':
      // A facility named only in a file: its kind is not known; warehouse is the least specific.
      return { code, name: text, kind: 'warehouse' };
    default:
      return { code, name: text };
  }
}

/**
 * A code made from a name that no row of the table has yet: two names may make the same code
 * ("A&B Co", "A-B Co"), and the second would break the unique key and fail the whole batch.
 */
async function freeCode(
  trx: Kysely<DB>,
  orgId: number,
  table: MasterTable,
  name: string,
  taken: Set<string>,
): Promise<string> {
  const column = columnOf(table, 'code');
  const base = codeFrom(name);
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const candidate = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    if (taken.has(candidate.toLowerCase())) continue;
    const existing = await trx
      .selectFrom(table as 'customers')
      .select('id')
      .where('org_id', '=', orgId)
      .where((eb) => eb(eb.fn('lower', [eb.ref(column as 'code')]), '=', candidate.toLowerCase()))
      .executeTakeFirst();
    if (!existing) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

export interface ResolvedMasterData {
  /** lookupKey → id of the (found or created) row. */
  readonly ids: ReadonlyMap<string, number>;
  /** lookupKey → why it could not be resolved (not found and not to be created, or invalid). */
  readonly problems: ReadonlyMap<string, FieldError>;
  /** Rows created, per table. */
  readonly created: Readonly<Record<string, number>>;
}

/**
 * Resolves lookups of the caller's organization in the caller's transaction: one query per
 * table and column for all texts, then the missing ones created where asked (needs
 * master-data:write; archived rows still match, as a shipment's history keeps its carrier).
 */
export async function resolveMasterData(
  trx: Kysely<DB>,
  caller: Caller,
  lookups: readonly MasterLookup[],
): Promise<ResolvedMasterData> {
  const ids = new Map<string, number>();
  const problems = new Map<string, FieldError>();
  const created: Record<string, number> = {};
  const groups = new Map<
    string,
    { table: MasterTable; by: 'name' | 'code'; wanted: Map<string, MasterLookup> }
  >();
  for (const lookup of lookups) {
    const group = `${lookup.table}|${lookup.by}`;
    let entry = groups.get(group);
    if (!entry) {
      entry = { table: lookup.table, by: lookup.by, wanted: new Map() };
      groups.set(group, entry);
    }
    const key = lookupKey(lookup);
    const seen = entry.wanted.get(key);
    // One row asking to create is enough to create it for all.
    if (!seen || (!seen.create && lookup.create)) entry.wanted.set(key, lookup);
  }
  for (const { table, by, wanted } of groups.values()) {
    const column = columnOf(table, by);
    const lowered = [...new Set([...wanted.values()].map((l) => normalise(l.text)))];
    for (let i = 0; i < lowered.length; i += 500) {
      const chunk = lowered.slice(i, i + 500);
      const rows = (await trx
        .selectFrom(table as 'carriers')
        .select((eb) => ['id', eb.ref(column as 'name').as('value')])
        .where('org_id', '=', caller.orgId)
        .where((eb) => eb(eb.fn('lower', [eb.ref(column as 'name')]), 'in', chunk))
        .orderBy('id')
        .execute()) as { id: number; value: string | null }[];
      for (const row of rows) {
        if (row.value === null) continue;
        const key = lookupKey({ table, by, text: row.value });
        if (!ids.has(key)) ids.set(key, Number(row.id));
      }
    }
    const resource = resources[table];
    const takenCodes = new Set<string>();
    for (const [key, lookup] of wanted) {
      if (ids.has(key)) continue;
      if (!lookup.create) {
        problems.set(key, { path: table, message: `no ${resource.noun} with ${by} "${lookup.text}"` });
        continue;
      }
      if (!caller.has('master-data:write')) {
        throw new AppError('AUTH_FORBIDDEN', `Creating ${table} needs the master-data:write permission.`);
      }
      const code =
        lookup.by === 'code'
          ? lookup.text.trim()
          : table === 'carriers'
            ? ''
            : await freeCode(trx, caller.orgId, table, lookup.text, takenCodes);
      const parsed = resource.schemas.create.safeParse(createInputOf(lookup, code));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.set(key, {
          path: table,
          message: `cannot create ${resource.noun} "${lookup.text}": ${issue?.path.join('.')} ${issue?.message}`,
        });
        continue;
      }
      const id = await insertRow(trx, resource, caller.orgId, resource.toInsert(parsed.data));
      ids.set(key, id);
      created[table] = (created[table] ?? 0) + 1;
    }
  }
  return { ids, problems, created };
}
