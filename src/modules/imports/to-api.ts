import type { z } from 'zod';
import { type Row, toDate } from '../../db/types.js';
import { formatOptions } from './formats/types.js';
import { mappingDefinition } from './mapping/schema.js';
import type { importFile, importMapping, importRun, quarantined } from './schema.js';

/** Rows of the import tables as the API shows them. */

export function fileToApi(row: Row<'import_files'>): z.infer<typeof importFile> {
  return {
    id: Number(row.id),
    name: row.name,
    contentType: row.content_type,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    format: formatOptions.parse(JSON.parse(row.format)),
    origin: row.origin,
    createdAt: toDate(row.created_at).toISOString(),
  };
}

export function mappingToApi(row: Row<'import_mappings'>): z.infer<typeof importMapping> {
  return {
    id: Number(row.id),
    name: row.name,
    version: Number(row.version),
    target: mappingDefinition.shape.target.parse(row.target),
    description: row.description,
    definition: mappingDefinition.parse(JSON.parse(row.definition)),
    createdBy: row.created_by,
    createdAt: toDate(row.created_at).toISOString(),
  };
}

/** A run with the name and version of its mapping and the size of its file. */
export type RunRow = Row<'import_runs'> & {
  readonly mapping_name: string;
  readonly mapping_version: number;
  readonly file_bytes: number;
};

export function runToApi(row: RunRow, now: Date = new Date()): z.infer<typeof importRun> {
  const at = (value: Date | string | null) => (value === null ? null : toDate(value).toISOString());
  const started = row.started_at === null ? null : toDate(row.started_at).getTime();
  const ended = row.finished_at === null ? now.getTime() : toDate(row.finished_at).getTime();
  const durationMs = started === null ? null : Math.max(0, ended - started);
  const read = Number(row.read_rows);
  const bytesRead = Number(row.bytes_read);
  const bytesTotal = Number(row.file_bytes);
  const running = row.status === 'running' && durationMs !== null && durationMs > 0 && bytesRead > 0;
  return {
    id: Number(row.id),
    fileId: Number(row.file_id),
    mapping: { id: Number(row.mapping_id), name: row.mapping_name, version: Number(row.mapping_version) },
    jobId: row.job_id === null ? null : Number(row.job_id),
    status: row.status,
    format: formatOptions.parse(JSON.parse(row.format)),
    counts: {
      read,
      inserted: Number(row.inserted),
      updated: Number(row.updated),
      unchanged: Number(row.unchanged),
      quarantined: Number(row.quarantined),
    },
    source: row.source,
    checkpointRow: Number(row.checkpoint_row),
    bytesRead,
    bytesTotal,
    error:
      row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? row.error_code },
    durationMs,
    rowsPerSecond: durationMs ? Math.round((read / durationMs) * 1000 * 10) / 10 : null,
    etaSeconds: running
      ? Math.round((((bytesTotal - bytesRead) / bytesRead) * (durationMs as number)) / 1000)
      : null,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at).toISOString(),
    startedAt: at(row.started_at),
    finishedAt: at(row.finished_at),
  };
}

export function quarantinedToApi(row: Row<'import_quarantine'>): z.infer<typeof quarantined> {
  return {
    id: Number(row.id),
    runId: Number(row.run_id),
    row: Number(row.row_number),
    status: row.status,
    values: JSON.parse(row.values_json),
    reasons: JSON.parse(row.reasons_json),
    replays: Number(row.replays),
    loadedId: row.loaded_id === null ? null : Number(row.loaded_id),
    updatedAt: toDate(row.updated_at).toISOString(),
  };
}
