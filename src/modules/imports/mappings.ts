import type { Kysely } from 'kysely';
import { constraintViolation } from '../../db/errors.js';
import { listAnswer } from '../../db/keyset.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type Caller, callerKey } from '../auth/index.js';
import { compileMapping } from './mapping/index.js';
import type { MappingDefinition } from './mapping/schema.js';
import { findMapping, findMappingByName, insertMapping, mappingsQuery } from './repository.js';
import { mappingSorts } from './schema.js';
import { targetOf } from './targets/index.js';
import { mappingToApi } from './to-api.js';

/**
 * Saved mappings, versioned: a name's first version is created once (409 when the name is
 * taken), later versions are added and never change, so a run always says what it used.
 */

const notFound = (name: string, version?: number) =>
  new AppError(
    'RESOURCE_NOT_FOUND',
    version === undefined
      ? `No import mapping named "${name}".`
      : `Import mapping "${name}" has no version ${version}.`,
  );

/** Checks a definition against its target before it is stored (IMPORT_MAPPING_INVALID). */
export function checkDefinition(definition: MappingDefinition): void {
  compileMapping(definition, targetOf(definition.target).fields);
}

export async function createMapping(
  db: Kysely<DB>,
  caller: Caller,
  input: {
    readonly name: string;
    readonly description?: string | undefined;
    readonly definition: MappingDefinition;
  },
) {
  checkDefinition(input.definition);
  if (await findMappingByName(db, caller.orgId, input.name)) {
    throw new AppError(
      'IMPORT_MAPPING_NAME_TAKEN',
      `A mapping named "${input.name}" exists; add a version with POST /imports/mappings/{name}/versions.`,
    );
  }
  return insertVersion(db, caller, input.name, 1, input);
}

export async function addMappingVersion(
  db: Kysely<DB>,
  caller: Caller,
  name: string,
  input: { readonly description?: string | undefined; readonly definition: MappingDefinition },
) {
  checkDefinition(input.definition);
  for (let attempt = 1; ; attempt++) {
    const newest = await findMappingByName(db, caller.orgId, name);
    if (!newest) throw notFound(name);
    try {
      return await insertVersion(db, caller, name, Number(newest.version) + 1, input);
    } catch (error) {
      // Two versions added at once: the loser takes the next number.
      if (!(error instanceof VersionTaken) || attempt >= 5)
        throw error instanceof VersionTaken ? error.cause : error;
    }
  }
}

class VersionTaken extends Error {}

async function insertVersion(
  db: Kysely<DB>,
  caller: Caller,
  name: string,
  version: number,
  input: { readonly description?: string | undefined; readonly definition: MappingDefinition },
) {
  let id: number;
  try {
    id = await insertMapping(db, {
      org_id: caller.orgId,
      name,
      version,
      target: input.definition.target,
      definition: JSON.stringify(input.definition),
      description: input.description ?? null,
      created_by: callerKey(caller),
    });
  } catch (error) {
    if (constraintViolation(error) !== 'unique') throw error;
    if (version === 1) {
      throw new AppError('IMPORT_MAPPING_NAME_TAKEN', `A mapping named "${name}" exists.`);
    }
    throw new VersionTaken('version taken', { cause: error });
  }
  const row = await findMapping(db, caller.orgId, id);
  if (!row) throw notFound(name, version);
  return mappingToApi(row);
}

/** A mapping by name: its newest version, or the one asked for. */
export async function getMapping(db: Kysely<DB>, orgId: number, name: string, version?: number) {
  const row = await findMappingByName(db, orgId, name, version);
  if (!row) throw notFound(name, version);
  return mappingToApi(row);
}

export function listMappings(
  db: Kysely<DB>,
  orgId: number,
  q: {
    readonly sort: string;
    readonly limit: number;
    readonly cursor?: string | undefined;
    readonly includeTotal: boolean;
    readonly target?: string | undefined;
    readonly allVersions: boolean;
    readonly name?: string | undefined;
  },
) {
  let query = mappingsQuery(db, orgId, q.allVersions);
  if (q.target !== undefined) query = query.where('m.target', '=', q.target);
  if (q.name !== undefined) query = query.where('m.name', '=', q.name);
  return listAnswer(query, q, mappingSorts, mappingToApi);
}
