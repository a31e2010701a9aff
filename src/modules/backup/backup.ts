import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import { currentSchemaVersion } from '../../db/migrator.js';
import type { DB } from '../../db/types.js';
import { type CanonicalValue, encodeRow, isCanonical, TableDigest, toCanonical } from './canonical.js';
import { BackupError } from './errors.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupFooter,
  type BackupHeader,
  type TableManifest,
} from './format.js';
import { createLineWriter } from './lines.js';
import { readPages, withReadSnapshot } from './snapshot.js';
import { describeTables, type TableSpec } from './tables.js';

export interface BackupOptions {
  /** The file to write (conventionally `*.lwbak`). */
  readonly out: string;
  /** Overwrite `out` if it exists (default: refuse). */
  readonly overwrite?: boolean;
  /** Rows read per query; smaller pages hold less memory, larger ones make fewer round trips. */
  readonly pageSize?: number;
  /** Called after each table is written (for progress output). */
  readonly onTable?: (table: TableManifest) => void;
}

/** What a finished backup holds. */
export interface BackupSummary {
  readonly file: string;
  readonly bytes: number;
  readonly header: BackupHeader;
  readonly footer: BackupFooter;
}

const DEFAULT_PAGE_SIZE = 5_000;

/**
 * Writes a portable backup of every business table: one consistent snapshot, streamed table by
 * table (parents first) in id order, as gzip'd JSON lines with per-table counts and checksums.
 */
export async function createBackup(db: Kysely<DB>, options: BackupOptions): Promise<BackupSummary> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError('pageSize must be a positive integer');
  if (!options.overwrite && fs.existsSync(options.out)) {
    throw new BackupError(
      'BACKUP_FILE_EXISTS',
      `${options.out} already exists; choose another file or overwrite it`,
    );
  }
  const sourceDialect = dialectOf(db);
  const writer = createLineWriter(options.out);
  try {
    const { header, footer } = await withReadSnapshot(db, async (conn) => {
      // Read inside the snapshot too: a migration running meanwhile cannot split schema and rows.
      const schemaVersion = await currentSchemaVersion(conn);
      if (schemaVersion === '') {
        throw new BackupError('BACKUP_NO_SCHEMA', 'the database has no Lanewise schema; nothing to back up');
      }
      const tables = await describeTables(conn);
      const header: BackupHeader = {
        type: 'header',
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        schemaVersion,
        sourceDialect,
        createdAt: new Date().toISOString(),
        tables: tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => ({ ...c })) })),
      };
      await writer.write(`${JSON.stringify(header)}\n`);
      const manifest: TableManifest[] = [];
      for (const table of tables) {
        const entry = await writeTable(conn, table, pageSize, writer.write);
        manifest.push(entry);
        options.onTable?.(entry);
      }
      const footer: BackupFooter = {
        type: 'footer',
        tables: manifest,
        totalRows: manifest.reduce((sum, t) => sum + t.rows, 0),
      };
      await writer.write(`${JSON.stringify(footer)}\n`);
      return { header, footer };
    });
    const bytes = await writer.finish();
    return { file: options.out, bytes, header, footer };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

async function writeTable(
  conn: Kysely<DB>,
  table: TableSpec,
  pageSize: number,
  write: (text: string) => Promise<void>,
): Promise<TableManifest> {
  const columns = table.columns;
  const digest = new TableDigest(columns.map((c) => c.name));
  await write(`${JSON.stringify({ type: 'table', name: table.name })}\n`);
  for await (const page of readPages(conn, table, pageSize)) {
    let text = '';
    for (const row of page) {
      const values: CanonicalValue[] = new Array(columns.length);
      for (let i = 0; i < columns.length; i++) {
        const { name, kind } = columns[i] as TableSpec['columns'][number];
        const value = row[name];
        // The common kinds need no conversion; checking first keeps the per-value cost low.
        values[i] = isCanonical(kind, value)
          ? value
          : toCanonical(kind, value, `${table.name}.${name} (id ${row.id})`);
      }
      const line = encodeRow(values);
      digest.add(line);
      text += `${line}\n`;
    }
    // One write per page: the compressor sees large chunks and backpressure is checked per page.
    await write(text);
  }
  return { name: table.name, rows: digest.rows, sha256: digest.finish() };
}
