import { z } from 'zod';
import { latestSchemaVersion, migrations } from '../../db/migrations/index.js';
import { columnKinds } from './canonical.js';
import { BackupError } from './errors.js';

/**
 * The backup file: gzip'd JSON lines.
 *
 *   {"type":"header", format, formatVersion, schemaVersion, sourceDialect, createdAt, tables}
 *   {"type":"table","name":"organizations"}
 *   [ ...row values in the header's column order... ]     (one line per row, ids ascending)
 *   {"type":"table","name":"users"}
 *   ...
 *   {"type":"footer","tables":[{"name","rows","sha256"}...],"totalRows":N}
 *
 * Tables come parents first, so loading them in file order satisfies every foreign key. Rows are
 * arrays and section lines are objects, so a reader tells them apart by the first character.
 */
export const BACKUP_FORMAT = 'lanewise-backup';
export const BACKUP_FORMAT_VERSION = 1;

const columnSchema = z.object({ name: z.string().min(1), kind: z.enum(columnKinds) });
const tableSchema = z.object({ name: z.string().min(1), columns: z.array(columnSchema).min(1) });

const headerSchema = z.object({
  type: z.literal('header'),
  format: z.string(),
  formatVersion: z.number().int(),
  schemaVersion: z.string(),
  sourceDialect: z.enum(['sqlite', 'mysql', 'postgres']),
  createdAt: z.string(),
  tables: z.array(tableSchema),
});

const tableStartSchema = z.object({ type: z.literal('table'), name: z.string() });

const footerSchema = z.object({
  type: z.literal('footer'),
  tables: z.array(
    z.object({
      name: z.string(),
      rows: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
  totalRows: z.number().int().nonnegative(),
});

export type BackupHeader = z.infer<typeof headerSchema>;
export type BackupTable = z.infer<typeof tableSchema>;
export type BackupFooter = z.infer<typeof footerSchema>;
export type TableManifest = BackupFooter['tables'][number];
export type SectionLine = z.infer<typeof tableStartSchema> | BackupFooter;

/** Reads the header line, refusing files this build cannot restore (schema or format too new). */
export function parseHeader(line: string | undefined): BackupHeader {
  const json = line === undefined ? undefined : parseJson(line, 1);
  if (!json || typeof json !== 'object' || (json as { format?: unknown }).format !== BACKUP_FORMAT) {
    throw corrupt(1, 'not a Lanewise backup (no header line)');
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw corrupt(1, `malformed header: ${parsed.error.issues[0]?.message ?? ''}`);
  const header = parsed.data;
  if (header.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      'BACKUP_FORMAT_UNSUPPORTED',
      `backup format version ${header.formatVersion} is newer than this build reads (${BACKUP_FORMAT_VERSION}); upgrade Lanewise`,
    );
  }
  checkSchemaVersion(header.schemaVersion);
  checkTables(header.tables);
  return header;
}

/** Refuses a schema version this build has no migration for. */
export function checkSchemaVersion(version: string): void {
  if (Object.hasOwn(migrations, version)) return;
  // Migration names sort in the order they run, so a name after ours is from a later release.
  if (version > latestSchemaVersion) {
    throw new BackupError(
      'BACKUP_SCHEMA_TOO_NEW',
      `the backup's schema version ${version} is newer than this build knows (${latestSchemaVersion}); restore it with a newer Lanewise`,
    );
  }
  throw new BackupError(
    'BACKUP_SCHEMA_UNKNOWN',
    `the backup's schema version "${version}" is not a migration this build knows`,
  );
}

function checkTables(tables: readonly BackupTable[]): void {
  const names = new Set<string>();
  for (const table of tables) {
    if (names.has(table.name)) throw corrupt(1, `table ${table.name} is listed twice`);
    names.add(table.name);
    const columns = new Set(table.columns.map((c) => c.name));
    if (columns.size !== table.columns.length) throw corrupt(1, `table ${table.name} lists a column twice`);
    if (!columns.has('id')) throw corrupt(1, `table ${table.name} has no id column`);
  }
}

/** Reads a line that is not a row: a table start or the footer. */
export function parseSection(line: string, lineNo: number): SectionLine {
  const json = parseJson(line, lineNo);
  const type = (json as { type?: unknown } | null)?.type;
  const parsed = type === 'footer' ? footerSchema.safeParse(json) : tableStartSchema.safeParse(json);
  if (!parsed.success) throw corrupt(lineNo, 'expected a table start or the footer');
  return parsed.data;
}

/** Parses a line as JSON, reporting bad JSON as a damaged file. */
export function parseJson(line: string, lineNo: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw corrupt(lineNo, 'not valid JSON');
  }
}

/** A BACKUP_CORRUPT error pointing at a line of the (decompressed) file. */
export function corrupt(lineNo: number, problem: string): BackupError {
  return new BackupError('BACKUP_CORRUPT', `backup file is damaged at line ${lineNo}: ${problem}`);
}
