import type { Kysely } from 'kysely';
import { columnTypes, createTable, withOrg, withTimestamps } from './columns.js';

/**
 * File imports (issue #11, ADR 0016).
 *
 * - import_files: an uploaded or fetched file, stored outside the database (`storage_key` names
 *   it under LANEWISE_IMPORT_DIR); readable only through the organization's runs.
 * - import_mappings: declarative mappings, one row per (organization, name, version); a new
 *   version never changes an old one, so a run always says exactly which mapping it used.
 * - import_runs: one load of a file with a mapping. `checkpoint_row` is the last record whose
 *   effect is committed, written in the same transaction as the rows it covers, so a resumed run
 *   carries on exactly there (crash safety); the counts are committed with them too.
 * - import_quarantine: records that could not be loaded, with every reason, the values as read
 *   (correctable in place) and what a replay made of them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await withTimestamps(
    withOrg(createTable(db, t, 'import_files'), 'import_files')
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('content_type', 'varchar(255)')
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('storage_key', 'varchar(255)', (c) => c.notNull().unique())
      // The detected (or claimed) format options, JSON.
      .addColumn('format', 'text', (c) => c.notNull())
      // Where it came from: upload, url (the URL without credentials), cli.
      .addColumn('origin', 'varchar(2000)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(64)'),
    t,
    { updated: false },
  ).execute();
  await db.schema.createIndex('import_files_org_idx').on('import_files').columns(['org_id', 'id']).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'import_mappings'), 'import_mappings')
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('target', 'varchar(32)', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('description', 'varchar(1000)')
      .addColumn('created_by', 'varchar(64)')
      .addUniqueConstraint('import_mappings_version_uq', ['org_id', 'name', 'version']),
    t,
    { updated: false },
  ).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'import_runs'), 'import_runs')
      .addColumn('file_id', 'bigint', (c) => c.notNull().references('import_files.id'))
      .addColumn('mapping_id', 'bigint', (c) => c.notNull().references('import_mappings.id'))
      // The mapping's source (tms, sap, …): data quality is reported per source.
      .addColumn('source', 'varchar(64)', (c) => c.notNull())
      .addColumn('job_id', 'bigint')
      // queued, running, succeeded, failed, cancelled
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('checkpoint_row', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('read_rows', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('inserted', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('updated', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('unchanged', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('quarantined', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes_read', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('error_code', 'varchar(64)')
      .addColumn('error_message', 'varchar(2000)')
      .addColumn('started_at', t.instant)
      .addColumn('finished_at', t.instant)
      .addColumn('created_by', 'varchar(64)'),
    t,
  ).execute();
  await db.schema.createIndex('import_runs_org_idx').on('import_runs').columns(['org_id', 'id']).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'import_quarantine'), 'import_quarantine')
      .addColumn('run_id', 'bigint', (c) => c.notNull().references('import_runs.id'))
      .addColumn('row_number', 'bigint', (c) => c.notNull())
      // open (waiting for a fix), loaded (a replay wrote it), discarded
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('values_json', 'text', (c) => c.notNull())
      .addColumn('reasons_json', 'text', (c) => c.notNull())
      .addColumn('replays', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('loaded_id', 'bigint')
      .addUniqueConstraint('import_quarantine_row_uq', ['run_id', 'row_number']),
    t,
  ).execute();
  await db.schema
    .createIndex('import_quarantine_org_run_idx')
    .on('import_quarantine')
    .columns(['org_id', 'run_id', 'status', 'row_number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_quarantine').execute();
  await db.schema.dropTable('import_runs').execute();
  await db.schema.dropTable('import_mappings').execute();
  await db.schema.dropTable('import_files').execute();
}
