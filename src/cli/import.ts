import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { AppError, type ErrorCode } from '../lib/errors.js';
import { type Caller, systemCaller } from '../modules/auth/index.js';
import {
  addMappingVersion,
  createMapping,
  executeRun,
  getMapping,
  getRun,
  listQuarantineReasons,
  type RunProgress,
  type RunSummary,
  registerFile,
  startRun,
  suggestForFile,
} from '../modules/imports/index.js';
import {
  importTargets,
  type MappingDefinition,
  mappingDefinition,
} from '../modules/imports/mapping/schema.js';
import { configFrom, orgIdOf, say, withDatabase, withDatabaseOption } from './context.js';
import { withQueue } from './jobs.js';

/**
 * `lanewise import FILE`: loads a file the way the API does (the same storage, mapping, run and
 * quarantine), as the installation's operator. Without --mapping it suggests one for --target,
 * prints it and saves it under the file's name, so it can be edited and used again. With --wait
 * it runs here, with a progress bar on a terminal; without, it queues the run for the workers.
 */

interface ImportOptions {
  databaseUrl?: string;
  org?: string;
  mapping?: string;
  target: (typeof importTargets)[number];
  format?: string;
  wait?: boolean;
  resume?: number;
}

export function importCommand(): Command {
  return withDatabaseOption(new Command('import'))
    .description('Import a file (CSV/TSV, XLSX, JSON, NDJSON, X12 214/856, EPCIS 2.0) into an organization')
    .argument('[file]', 'the file to import')
    .option('--mapping <name|file>', 'a saved mapping by name, or a mapping definition JSON file')
    .addOption(
      new Option('--target <target>', 'what the rows are, when the mapping is suggested')
        .choices(importTargets)
        .default('shipments'),
    )
    .option('--format <json>', 'format options as JSON, e.g. \'{"kind":"csv","delimiter":";"}\'')
    .option('--org <slug>', 'the organization (needed when there are several)')
    .option('--wait', 'run the import here and wait for its counts (otherwise a worker runs it)')
    .option(
      '--resume <run>',
      'carry on with a run that stopped (a killed --wait), from its checkpoint',
      runId,
    )
    .action(async (file: string | undefined, o: ImportOptions) => {
      const config = configFrom(o);
      await withDatabase(config, { migrate: true }, async (database) => {
        const { db } = database;
        const caller = systemCaller(await orgIdOf(db, o.org));
        const store = { directory: config.imports.directory, maxBytes: config.imports.maxBytes };
        const execute = async (id: number) => {
          say(`Run ${id} started`);
          const bar = process.stderr.isTTY ? progressBar() : undefined;
          const environment = { db, directory: store.directory, batchSize: config.imports.batchRows };
          const summary = await executeRun(
            { ...environment, ...(bar ? { progress: bar.update } : {}) },
            caller,
            id,
          );
          bar?.done();
          await report(db, caller, id, summary);
        };
        if (o.resume !== undefined) {
          await execute(o.resume);
          return;
        }
        if (file === undefined)
          throw new AppError('REQUEST_INVALID', 'Name the file to import (or --resume a run).');
        const registered = await registerFile(db, caller, store, createReadStream(file), {
          name: path.basename(file),
          contentType: null,
          origin: 'cli',
          format: o.format === undefined ? undefined : parseJsonOption(o.format, '--format'),
        });
        const mapping = await mappingFor(db, caller, o, registered.id, store.directory, file);
        if (!o.wait) {
          const run = await withQueue(config, database, undefined, (queue) =>
            startRun(db, queue, caller, { fileId: registered.id, mapping }, store.directory),
          );
          say(`Run ${run.id} queued (job ${run.jobId}); follow it with: lanewise jobs show ${run.jobId}`);
          return;
        }
        const run = await startRun(db, null, caller, { fileId: registered.id, mapping }, store.directory);
        await execute(run.id);
      });
    });
}

function runId(value: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) throw new InvalidArgumentError('a run id (a positive integer)');
  return Number(value);
}

/** The run's counts, then its first quarantined records; a failed run fails the command. */
async function report(db: Kysely<DB>, caller: Caller, id: number, summary: RunSummary): Promise<void> {
  const n = (v: number) => v.toLocaleString('en-US');
  say(
    `Run ${id} ${summary.status}: ${n(summary.read)} read, ${n(summary.inserted)} inserted, ${n(summary.updated)} updated, ${n(summary.unchanged)} unchanged, ${n(summary.quarantined)} quarantined`,
  );
  const run = await getRun(db, caller.orgId, id);
  if (run.error) throw new AppError(run.error.code as ErrorCode, run.error.message);
  if (summary.quarantined > 0) {
    for (const line of await listQuarantineReasons(db, caller.orgId, id, 5)) say(`  ${line}`);
    say(`  All of them: GET /api/v1/imports/runs/${id}/quarantine`);
  }
}

function parseJsonOption(text: string, option: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new AppError('REQUEST_INVALID', `${option} must be JSON.`);
  }
}

/**
 * The mapping a CLI run uses, saved so the run can name it: a saved one by name; a definition
 * file saved under the file's stem; or, with neither, the suggestion for --target, printed.
 */
async function mappingFor(
  db: Kysely<DB>,
  caller: Caller,
  o: ImportOptions,
  fileId: number,
  directory: string,
  file: string,
): Promise<{ name: string; version: number }> {
  let definition: MappingDefinition;
  let name: string;
  if (o.mapping !== undefined && !(await isFile(o.mapping))) {
    const saved = await getMapping(db, caller.orgId, o.mapping);
    return { name: saved.name, version: saved.version };
  }
  if (o.mapping !== undefined) {
    const parsed = mappingDefinition.safeParse(JSON.parse(await readFile(o.mapping, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'IMPORT_MAPPING_INVALID',
        `${o.mapping}: ${issue?.path.join('.')} ${issue?.message}`,
      );
    }
    definition = parsed.data;
    name = stemOf(o.mapping);
  } else {
    const suggestion = await suggestForFile(db, caller.orgId, directory, fileId, o.target);
    definition = suggestion.definition;
    name = stemOf(file);
    process.stderr.write(
      `No --mapping: using this suggestion for ${o.target} (save it to a file, edit it, and pass it with --mapping):\n`,
    );
    say(JSON.stringify(definition, null, 2));
    if (suggestion.unmapped.length > 0) {
      process.stderr.write(`Columns left out: ${suggestion.unmapped.join(', ')}\n`);
    }
  }
  const saved = await saveMapping(db, caller, name, definition);
  return { name: saved.name, version: saved.version };
}

async function saveMapping(db: Kysely<DB>, caller: Caller, name: string, definition: MappingDefinition) {
  try {
    return await createMapping(db, caller, { name, definition });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'IMPORT_MAPPING_NAME_TAKEN') throw error;
    return addMappingVersion(db, caller, name, { definition });
  }
}

async function isFile(candidate: string): Promise<boolean> {
  try {
    return (await stat(candidate)).isFile();
  } catch {
    return false;
  }
}

/** A mapping name from a file name: `Shipments 2024.csv` → `Shipments 2024`. */
function stemOf(file: string): string {
  const stem = path
    .basename(file)
    .replace(/\.[^.]+$/, '')
    .replace(/[^A-Za-z0-9 ._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100);
  return stem || 'import';
}

/** A one-line progress bar on stderr, redrawn at most ten times a second. */
function progressBar() {
  let last = 0;
  const draw = (p: RunProgress) => {
    const share = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
    const width = 30;
    const filled = Math.round(share * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${p.rows.toLocaleString('en-US')} records`,
    );
  };
  return {
    update(p: RunProgress) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(p);
    },
    done() {
      process.stderr.write('\n');
    },
  };
}
