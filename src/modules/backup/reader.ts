import { type CanonicalValue, isCanonical, TableDigest } from './canonical.js';
import {
  type BackupFooter,
  type BackupHeader,
  type BackupTable,
  corrupt,
  parseHeader,
  parseJson,
  parseSection,
  type TableManifest,
} from './format.js';
import { readLines } from './lines.js';

/** A backup whose every line, count and checksum was checked. */
export interface VerifiedBackup {
  readonly header: BackupHeader;
  readonly footer: BackupFooter;
}

/** Receives the rows of a table, in file order, a batch at a time. */
export type RowBatchHandler = (table: BackupTable, rows: CanonicalValue[][]) => Promise<void>;

const DEFAULT_BATCH = 2_000;

/** Checks a backup file end to end without loading it (see scanBackup). */
export function verifyBackup(file: string): Promise<VerifiedBackup> {
  return scanBackup(file);
}

/**
 * Reads a backup file end to end and checks it: header, that every table of the header comes in
 * order with well-formed rows of canonical values, the footer, and that each table's row count
 * and sha256 equal the footer's. With `onRows`, hands over the rows as it goes (restore loads them
 * inside its transaction, and a mismatch found at the end still rolls everything back).
 * Throws BackupError (BACKUP_CORRUPT, BACKUP_SCHEMA_TOO_NEW, ...) on the first problem.
 */
export async function scanBackup(
  file: string,
  onRows?: RowBatchHandler,
  batchSize = DEFAULT_BATCH,
): Promise<VerifiedBackup> {
  let lineNo = 0;
  let header: BackupHeader | undefined;
  let footer: BackupFooter | undefined;
  const computed: TableManifest[] = [];
  let tableIndex = -1;
  let table: BackupTable | undefined;
  let digest: TableDigest | undefined;
  let batch: CanonicalValue[][] = [];

  const flush = async () => {
    if (onRows && table && batch.length > 0) await onRows(table, batch);
    batch = [];
  };
  const closeTable = async () => {
    await flush();
    if (table && digest) computed.push({ name: table.name, rows: digest.rows, sha256: digest.finish() });
  };

  for await (const lines of readLines(file)) {
    for (const line of lines) {
      lineNo++;
      if (!header) {
        header = parseHeader(line);
        continue;
      }
      if (footer) throw corrupt(lineNo, 'data after the footer');
      if (line.startsWith('[')) {
        if (!table || !digest) throw corrupt(lineNo, 'a row before any table start');
        const values = parseJson(line, lineNo);
        checkRow(values, table, lineNo);
        digest.add(line);
        if (onRows) {
          batch.push(values);
          if (batch.length >= batchSize) await flush();
        }
        continue;
      }
      const section = parseSection(line, lineNo);
      await closeTable();
      if (section.type === 'footer') {
        footer = section;
        table = undefined;
        continue;
      }
      tableIndex++;
      table = header.tables[tableIndex];
      if (!table || table.name !== section.name) {
        throw corrupt(
          lineNo,
          `table ${section.name} where the header says ${table?.name ?? 'the footer'} comes`,
        );
      }
      digest = new TableDigest(table.columns.map((c) => c.name));
    }
  }
  if (!header) throw corrupt(1, 'the file is empty');
  if (!footer) throw corrupt(lineNo, 'the file ends before its footer (truncated?)');
  checkManifest(header, footer, computed, lineNo);
  return { header, footer };
}

function checkRow(values: unknown, table: BackupTable, lineNo: number): asserts values is CanonicalValue[] {
  if (!Array.isArray(values) || values.length !== table.columns.length) {
    throw corrupt(lineNo, `a ${table.name} row must have ${table.columns.length} values`);
  }
  for (let i = 0; i < values.length; i++) {
    const column = table.columns[i];
    if (column && !isCanonical(column.kind, values[i])) {
      throw corrupt(lineNo, `${table.name}.${column.name} is not a canonical ${column.kind}`);
    }
  }
}

function checkManifest(
  header: BackupHeader,
  footer: BackupFooter,
  computed: readonly TableManifest[],
  lineNo: number,
): void {
  if (computed.length !== header.tables.length) {
    throw corrupt(lineNo, `${header.tables.length - computed.length} table(s) of the header are missing`);
  }
  if (footer.tables.length !== computed.length) throw corrupt(lineNo, 'the footer lists other tables');
  let total = 0;
  for (const [i, actual] of computed.entries()) {
    const expected = footer.tables[i];
    if (!expected || expected.name !== actual.name) throw corrupt(lineNo, 'the footer lists other tables');
    if (expected.rows !== actual.rows) {
      throw corrupt(lineNo, `table ${actual.name} has ${actual.rows} rows, the footer says ${expected.rows}`);
    }
    if (expected.sha256 !== actual.sha256) throw corrupt(lineNo, `checksum mismatch in table ${actual.name}`);
    total += actual.rows;
  }
  if (footer.totalRows !== total)
    throw corrupt(lineNo, `the footer's total ${footer.totalRows} is not ${total}`);
}
