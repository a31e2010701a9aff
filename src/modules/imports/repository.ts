import { type Kysely, sql } from 'kysely';
import { findOwnedRow, insertOne } from '../../db/bulk.js';
import { dialectOf } from '../../db/dialect.js';
import type { DB, NewRow, Row, RowUpdate } from '../../db/types.js';

/** Queries of the import tables (files, mappings, runs, quarantine); every one scoped by org_id. */

export function insertFile(db: Kysely<DB>, row: NewRow<'import_files'>): Promise<number> {
  return insertOne(db, 'import_files', row);
}

export function findFile(
  db: Kysely<DB>,
  orgId: number,
  id: number,
): Promise<Row<'import_files'> | undefined> {
  return findOwnedRow(db, 'import_files', orgId, id);
}

export function insertMapping(db: Kysely<DB>, row: NewRow<'import_mappings'>): Promise<number> {
  return insertOne(db, 'import_mappings', row);
}

export function findMapping(
  db: Kysely<DB>,
  orgId: number,
  id: number,
): Promise<Row<'import_mappings'> | undefined> {
  return findOwnedRow(db, 'import_mappings', orgId, id);
}

/** A named mapping at a version, or its newest version. */
export function findMappingByName(
  db: Kysely<DB>,
  orgId: number,
  name: string,
  version?: number,
): Promise<Row<'import_mappings'> | undefined> {
  let q = db.selectFrom('import_mappings').selectAll().where('org_id', '=', orgId).where('name', '=', name);
  if (version !== undefined) q = q.where('version', '=', version);
  return q.orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** The organization's mappings, newest version of each name only unless `allVersions`. */
export function mappingsQuery(db: Kysely<DB>, orgId: number, allVersions: boolean) {
  let q = db.selectFrom('import_mappings as m').selectAll('m').where('m.org_id', '=', orgId);
  if (!allVersions) {
    q = q.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('import_mappings as n')
            .select('n.id')
            .whereRef('n.org_id', '=', 'm.org_id')
            .whereRef('n.name', '=', 'm.name')
            .whereRef('n.version', '>', 'm.version'),
        ),
      ),
    );
  }
  return q;
}

export function insertRun(db: Kysely<DB>, row: NewRow<'import_runs'>): Promise<number> {
  return insertOne(db, 'import_runs', row);
}

export function findRun(db: Kysely<DB>, orgId: number, id: number): Promise<Row<'import_runs'> | undefined> {
  return findOwnedRow(db, 'import_runs', orgId, id);
}

/** The same, locked for the transaction (a batch commit, a replay) where the dialect can. */
export function lockRun(trx: Kysely<DB>, orgId: number, id: number): Promise<Row<'import_runs'> | undefined> {
  const q = trx.selectFrom('import_runs').selectAll().where('org_id', '=', orgId).where('id', '=', id);
  // SQLite has no row locks: its one writer at a time serialises the same way.
  return (dialectOf(trx) === 'sqlite' ? q : q.forUpdate()).executeTakeFirst();
}

/**
 * Runs of the organization with their mapping's name and version and their file's size (the API
 * shape). Subqueries, not joins, so list sorts and cursors name import_runs' columns unambiguously.
 */
export function runsQuery(db: Kysely<DB>, orgId: number) {
  return db
    .selectFrom('import_runs')
    .selectAll('import_runs')
    .select((eb) => [
      eb
        .selectFrom('import_mappings as m')
        .select('m.name')
        .whereRef('m.id', '=', 'import_runs.mapping_id')
        .$asScalar()
        .$notNull()
        .as('mapping_name'),
      eb
        .selectFrom('import_mappings as m')
        .select('m.version')
        .whereRef('m.id', '=', 'import_runs.mapping_id')
        .$asScalar()
        .$notNull()
        .as('mapping_version'),
      eb
        .selectFrom('import_files as f')
        .select('f.bytes')
        .whereRef('f.id', '=', 'import_runs.file_id')
        .$asScalar()
        .$notNull()
        .as('file_bytes'),
    ])
    .where('import_runs.org_id', '=', orgId);
}

export async function updateRun(
  db: Kysely<DB>,
  orgId: number,
  id: number,
  changes: RowUpdate<'import_runs'>,
): Promise<void> {
  await db
    .updateTable('import_runs')
    .set({ ...changes, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/**
 * Changes a run only while it has the status expected (a run cancelled meanwhile stays
 * cancelled); answers whether it did.
 */
export async function updateRunIf(
  db: Kysely<DB>,
  orgId: number,
  id: number,
  status: Row<'import_runs'>['status'],
  changes: RowUpdate<'import_runs'>,
): Promise<boolean> {
  const result = await db
    .updateTable('import_runs')
    .set({ ...changes, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Adds to a run's counts and moves its checkpoint, in the batch's transaction. */
export async function advanceRun(
  trx: Kysely<DB>,
  orgId: number,
  id: number,
  delta: {
    readonly read: number;
    readonly inserted: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly quarantined: number;
  },
  checkpoint: { readonly row: number; readonly bytes: number } | null,
): Promise<void> {
  await trx
    .updateTable('import_runs')
    .set({
      read_rows: sql`read_rows + ${delta.read}`,
      inserted: sql`inserted + ${delta.inserted}`,
      updated: sql`updated + ${delta.updated}`,
      unchanged: sql`unchanged + ${delta.unchanged}`,
      quarantined: sql`quarantined + ${delta.quarantined}`,
      ...(checkpoint ? { checkpoint_row: checkpoint.row, bytes_read: checkpoint.bytes } : {}),
      updated_at: new Date(),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function insertQuarantine(
  trx: Kysely<DB>,
  rows: readonly NewRow<'import_quarantine'>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('import_quarantine')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

export function quarantineQuery(db: Kysely<DB>, orgId: number, runId: number) {
  return db
    .selectFrom('import_quarantine')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('run_id', '=', runId);
}

export function findQuarantined(
  db: Kysely<DB>,
  orgId: number,
  runId: number,
  id: number,
): Promise<Row<'import_quarantine'> | undefined> {
  return quarantineQuery(db, orgId, runId).where('id', '=', id).executeTakeFirst();
}

export async function updateQuarantined(
  db: Kysely<DB>,
  orgId: number,
  id: number,
  changes: RowUpdate<'import_quarantine'>,
): Promise<void> {
  await db
    .updateTable('import_quarantine')
    .set({ ...changes, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}
