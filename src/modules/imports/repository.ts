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

export function runsQuery(db: Kysely<DB>, orgId: number) {
  return db.selectFrom('import_runs').selectAll().where('org_id', '=', orgId);
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
