import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { DatabaseTarget, Dialect } from '../src/db/url.js';
import { readerFor } from '../src/modules/imports/formats/index.js';
import { samplePeakRss, spawnCli } from '../test/support/cli.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import { figure, ratio, section } from './report.js';

/**
 * File imports (issue #11): a shipments CSV with a full mapping (units, locale numbers, dates in
 * a zone, carrier lookups with creation) and the shipment write path's validation, derivation
 * and rollups, per dialect, against the database's own bulk loader (`sqlite3 .import`,
 * `LOAD DATA LOCAL INFILE`, psql `\copy`) twice: the same file into a plain table of its columns,
 * and the rows our import stored into the real, indexed shipments table — neither with any of that. Ours is the built CLI (`npm run build` first), timed from start to exit, with
 * its peak RSS (target < 300 MB).
 * Then XLSX: records per second of the streamed reader and of a full import on a 100k-row workbook.
 * LANEWISE_BENCH_IMPORT_ROWS sets the CSV size (default 1,000,000).
 */

const rows = Number(process.env.LANEWISE_BENCH_IMPORT_ROWS ?? 1_000_000);
const xlsxRows = Number(process.env.LANEWISE_BENCH_XLSX_ROWS ?? 100_000);

const header = [
  'Shipment',
  'Mode',
  'Carrier',
  'From',
  'From Country',
  'To',
  'To Country',
  'Pickup',
  'Planned Delivery',
  'Delivered',
  'Weight lb',
  'Freight',
];
const cities = [
  ['Chicago', 'US'],
  ['Dallas', 'US'],
  ['Toronto', 'CA'],
  ['Venlo', 'NL'],
  ['Madrid', 'ES'],
  ['Lyon', 'FR'],
] as const;
const carriers = ['Acme Freight', 'Blue Line', 'Northwind', 'Rapid Parcel', 'Orbit Ocean'];
const modes = ['Truck', 'LTL', 'Parcel', 'Air'];

function line(i: number): string[] {
  const from = cities[i % cities.length] ?? cities[0];
  const to = cities[(i * 7 + 3) % cities.length] ?? cities[1];
  const pickup = Date.UTC(2024, 0, 1, 8) + i * 60_000;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return [
    `B-${i}`,
    modes[i % modes.length] ?? 'Truck',
    carriers[i % carriers.length] ?? 'Acme Freight',
    from[0],
    from[1],
    to[0],
    to[1],
    day(pickup),
    day(pickup + 2 * 86_400_000),
    i % 10 === 0 ? '' : day(pickup + ((i % 5) + 1) * 43_200_000),
    String(10 + (i % 997) * 1.5),
    `${(25 + (i % 500) * 1.25).toFixed(2).replace('.', ',')}`,
  ];
}

const definition = {
  target: 'shipments' as const,
  source: 'bench',
  timeZone: 'Europe/Paris',
  fields: {
    reference: { column: 'Shipment' },
    mode: {
      column: 'Mode',
      transforms: [
        { op: 'map' as const, values: { truck: 'ftl', ltl: 'ltl', parcel: 'parcel', air: 'air' } },
      ],
    },
    carrier: { column: 'Carrier', lookup: { by: 'name' as const, create: true } },
    'origin.city': { column: 'From' },
    'origin.country': { column: 'From Country' },
    'destination.city': { column: 'To' },
    'destination.country': { column: 'To Country' },
    plannedPickupAt: {
      column: 'Pickup',
      transforms: [{ op: 'date' as const, formats: ['yyyy-MM-dd HH:mm'] }],
    },
    actualPickupAt: {
      column: 'Pickup',
      transforms: [{ op: 'date' as const, formats: ['yyyy-MM-dd HH:mm'] }],
    },
    plannedDeliveryAt: {
      column: 'Planned Delivery',
      transforms: [{ op: 'date' as const, formats: ['yyyy-MM-dd HH:mm'] }],
    },
    actualDeliveryAt: {
      column: 'Delivered',
      transforms: [{ op: 'date' as const, formats: ['yyyy-MM-dd HH:mm'] }],
    },
    weightKg: {
      column: 'Weight lb',
      transforms: [
        { op: 'number' as const },
        { op: 'unit' as const, from: 'lb' as const, to: 'kg' as const },
      ],
    },
    'freightCost.amount': {
      column: 'Freight',
      transforms: [{ op: 'number' as const, decimal: ',' as const }],
    },
  },
};

async function writeCsv(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${header.join(',')}\n`);
  let chunk = '';
  for (let i = 1; i <= count; i++) {
    chunk += `${line(i)
      .map((v) => (v.includes(',') ? `"${v}"` : v))
      .join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** Runs the built CLI to its end; fails with its stderr unless it exits 0. */
async function cliRun(
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; peakMb: number | null }> {
  const running = spawnCli(args, { LOG_LEVEL: 'silent', ...env });
  const peak = samplePeakRss(running.child.pid);
  const result = await running.exited;
  const peakMb = peak.stop();
  if (result.code !== 0) throw new Error(`lanewise ${args[0]} failed (${result.code}): ${result.stderr}`);
  return { stdout: result.stdout, peakMb };
}

/**
 * Our whole path as a user runs it: `lanewise import FILE --mapping M --wait` in a process of its
 * own (stored, mapped, validated, loaded with rollups), timed from start to exit.
 */
async function ours(target: DatabaseTarget, file: string, store: string) {
  const env = {
    DATABASE_URL: target.dialect === 'sqlite' ? `sqlite:${target.file}` : target.url,
    LANEWISE_IMPORT_DIR: store,
  };
  await cliRun(['migrate', 'up'], env);
  await cliRun(['orgs', 'create', 'bench-import', '--name', 'Bench import'], env);
  await mkdir(store, { recursive: true });
  const mapping = path.join(store, 'mapping.json');
  await writeFile(mapping, JSON.stringify(definition));
  const started = performance.now();
  const run = await cliRun(['import', file, '--mapping', mapping, '--org', 'bench-import', '--wait'], env);
  const ms = performance.now() - started;
  const counts =
    /succeeded: ([\d,]+) read, ([\d,]+) inserted, [\d,]+ updated, [\d,]+ unchanged, ([\d,]+) quarantined/.exec(
      run.stdout,
    );
  if (!counts) throw new Error(`no counts in the import's output: ${run.stdout}`);
  const number = (text: string | undefined) => Number(text?.replaceAll(',', ''));
  return { ms, inserted: number(counts[2]), quarantined: number(counts[3]), peakMb: run.peakMb };
}

/** The database's own bulk load of the same CSV into a plain table of text columns. */
async function plainBaseline(target: DatabaseTarget, file: string): Promise<number> {
  const database = connect(target);
  const columns = header.map((_, i) => `c${i}`);
  try {
    await sql
      .raw(`create table bulk_load (${columns.map((c) => `${c} varchar(100)`).join(', ')})`)
      .execute(database.db);
  } finally {
    await database.close();
  }
  return bulkLoad(target, 'bulk_load', columns, file);
}

/**
 * The database's own bulk load of the very rows our import stored (read back from `mine`) into
 * the shipments table of a fresh schema (`theirs`), with all its indexes but none of the mapping,
 * validation, derivation or rollups: what loading those rows costs the database itself. Its
 * organization and carriers are copied first, untimed, so references hold.
 */
async function indexedBaseline(mine: DatabaseTarget, theirs: DatabaseTarget, dir: string): Promise<number> {
  const from = connect(mine);
  const to = connect(theirs);
  const file = path.join(dir, `shipments-${theirs.dialect}.csv`);
  let columns: string[] = [];
  try {
    await migrateToLatest(to.db);
    for (const table of ['organizations', 'carriers'] as const) {
      const rows = await from.db.selectFrom(table).selectAll().execute();
      // Rows of the same schema, as read (selected instants may be text; the driver binds either).
      if (rows.length > 0)
        await to.db
          .insertInto(table)
          .values(rows as never)
          .execute();
    }
    const out = createWriteStream(file);
    let lastId = 0;
    for (;;) {
      const page = await from.db
        .selectFrom('shipments')
        .selectAll()
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(10_000)
        .execute();
      if (page.length === 0) break;
      if (columns.length === 0) {
        columns = Object.keys(page[0] ?? {});
        out.write(`${columns.join(',')}\n`);
      }
      const text = page.map(
        (row) => `${columns.map((c) => csvField(theirs.dialect, row[c as keyof typeof row])).join(',')}\n`,
      );
      if (!out.write(text.join(''))) await once(out, 'drain');
      lastId = Number(page.at(-1)?.id);
    }
    out.end();
    await once(out, 'finish');
  } finally {
    await from.close();
    await to.close();
  }
  return bulkLoad(theirs, 'shipments', columns, file);
}

/** A value as each loader reads it from CSV: NULL is `\N` for MariaDB, an unquoted empty field otherwise. */
function csvField(dialect: Dialect, value: unknown): string {
  if (value === null || value === undefined) return dialect === 'mysql' ? '\\N' : '';
  let text: string;
  if (value instanceof Date) {
    text = dialect === 'mysql' ? value.toISOString().slice(0, 23).replace('T', ' ') : value.toISOString();
  } else if (typeof value === 'boolean') text = value ? '1' : '0';
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

/** Runs the database's own loader on `file` (CSV with a header line) into `table`; answers its milliseconds. */
function bulkLoad(target: DatabaseTarget, table: string, columns: string[], file: string): number {
  const started = performance.now();
  let result: ReturnType<typeof spawnSync>;
  if (target.dialect === 'sqlite') {
    result = spawnSync('sqlite3', [target.file, '.mode csv', `.import --skip 1 ${file} ${table}`]);
  } else if (target.dialect === 'mysql') {
    const url = new URL(target.url);
    result = spawnSync('mariadb', [
      '--local-infile=1',
      `-h${url.hostname}`,
      `-P${url.port || '3306'}`,
      `-u${decodeURIComponent(url.username)}`,
      url.pathname.slice(1),
      '-e',
      `LOAD DATA LOCAL INFILE '${file}' INTO TABLE ${table} FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' IGNORE 1 LINES (${columns.join(', ')})`,
    ]);
  } else {
    result = spawnSync('psql', [
      target.url,
      '-qc',
      `\\copy ${table} (${columns.join(', ')}) from '${file}' with (format csv, header true)`,
    ]);
  }
  if (result.status !== 0 || result.stderr?.length) {
    throw new Error(`bulk load into ${table} failed: ${result.stderr?.toString()}`);
  }
  return performance.now() - started;
}

async function writeXlsx(file: string, count: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const sheet = workbook.addWorksheet('Shipments');
  sheet.addRow(header).commit();
  for (let i = 1; i <= count; i++) {
    const values: (string | number)[] = line(i);
    values[10] = 10 + (i % 997) * 1.5;
    sheet.addRow(values).commit();
  }
  sheet.commit();
  await workbook.commit();
}

export const benchmark = {
  name: 'imports',
  async run(): Promise<void> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-bench-import-'));
    try {
      const csv = path.join(dir, 'shipments.csv');
      await writeCsv(csv, rows);
      const bytes = (await stat(csv)).size;
      section(
        `imports: ${rows.toLocaleString('en-US')}-row shipments CSV (${(bytes / 1e6).toFixed(0)} MB), full mapping`,
      );
      for (const dialect of testDialects) {
        const mine = await createTestDatabase(dialect);
        const theirs = await createTestDatabase(dialect);
        const indexed = await createTestDatabase(dialect);
        try {
          const run = await ours(mine.target, csv, path.join(dir, `store-${dialect}`));
          const plainMs = await plainBaseline(theirs.target, csv);
          const indexedMs = await indexedBaseline(mine.target, indexed.target, dir);
          figure(`${dialect}: imported (inserted)`, run.inserted, 'rows');
          figure(`${dialect}: quarantined`, run.quarantined, 'rows');
          ratio(
            `${dialect}: import vs bulk load, plain table`,
            rows / (run.ms / 1000),
            rows / (plainMs / 1000),
            'rows/s',
            0.5,
          );
          ratio(
            `${dialect}: import vs bulk load, indexed shipments`,
            rows / (run.ms / 1000),
            rows / (indexedMs / 1000),
            'rows/s',
            0.5,
          );
          figure(
            `${dialect}: peak RSS of the importing process`,
            run.peakMb ?? Number.NaN,
            'MB (target < 300)',
          );
        } finally {
          await mine.drop();
          await theirs.drop();
          await indexed.drop();
        }
      }

      const xlsx = path.join(dir, 'shipments.xlsx');
      await writeXlsx(xlsx, xlsxRows);
      section(`imports: ${xlsxRows.toLocaleString('en-US')}-row XLSX workbook`);
      let count = 0;
      const started = performance.now();
      for await (const _ of readerFor('xlsx')(createReadStream(xlsx), { kind: 'xlsx' })) count++;
      figure('xlsx: streamed reader', count / ((performance.now() - started) / 1000), 'rows/s');
      const sqlite = await createTestDatabase('sqlite');
      try {
        const run = await ours(sqlite.target, xlsx, path.join(dir, 'store-xlsx'));
        figure('xlsx: full import on sqlite', xlsxRows / (run.ms / 1000), 'rows/s');
        figure('xlsx: imported (inserted)', run.inserted, 'rows');
      } finally {
        await sqlite.drop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
