import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import { id, idInteger, instantOutput, listQueryBase } from '../../lib/api-schemas.js';
import { formatOptions } from './formats/types.js';
import { importTargets, mappingDefinition } from './mapping/schema.js';

/** The API shapes of /api/v1/imports (files, mappings, runs, quarantine). */

export const importFile = z
  .object({
    id,
    name: z.string().meta({ description: 'The file name as sent (never used as a path)' }),
    contentType: z.string().nullable(),
    bytes: z.number().int(),
    sha256: z.string(),
    format: formatOptions,
    origin: z
      .string()
      .meta({ description: '`upload`, `cli`, or the URL it was fetched from (without query)' }),
    createdAt: instantOutput,
  })
  .meta({ id: 'ImportFile' });

export const fileFetch = z
  .object({
    url: z.string().min(1).max(2000).meta({ description: 'An https URL (http only for allow-listed hosts)' }),
    format: formatOptions.partial().optional(),
  })
  .strict();

export const mappingName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/, 'letters, digits, space . _ - (at most 100)');

export const mappingRef = z
  .object({ name: mappingName, version: z.number().int().min(1).optional() })
  .strict()
  .meta({ description: 'A saved mapping by name; its newest version unless `version` says' });

export const importMapping = z
  .object({
    id,
    name: mappingName,
    version: z.number().int(),
    target: z.enum(importTargets),
    description: z.string().nullable(),
    definition: mappingDefinition,
    createdBy: z.string().nullable(),
    createdAt: instantOutput,
  })
  .meta({ id: 'ImportMapping' });

export const mappingCreate = z
  .object({
    name: mappingName,
    description: z.string().max(1000).optional(),
    definition: mappingDefinition,
  })
  .strict();
export const mappingVersionCreate = mappingCreate.omit({ name: true }).strict();
export const mappingParams = z.object({ name: mappingName }).strict();
export const mappingQuery = z
  .object({
    version: z
      .string()
      .regex(/^[1-9][0-9]{0,8}$/)
      .transform(Number)
      .optional(),
  })
  .strict();

export const mappingSorts = defineSorts(
  'import-mappings',
  [
    { key: 'name', column: 'name', kind: 'text', nullable: false },
    { key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false },
  ],
  'name',
);
export const mappingListQuery = z
  .object({
    ...listQueryBase,
    sort: mappingSorts.param,
    target: z.enum(importTargets).optional(),
    allVersions: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true')
      .meta({ description: 'Every version of each mapping, not only the newest' }),
  })
  .strict();

export const suggestBody = z.object({ target: z.enum(importTargets) }).strict();
export const suggestion = z
  .object({
    columns: z.array(z.string()),
    definition: mappingDefinition,
    confidence: z
      .record(z.string(), z.number())
      .meta({ description: 'Target field → 0..1, how sure the suggester is of its column' }),
    unmapped: z.array(z.string()).meta({ description: 'Columns no target field took' }),
  })
  .meta({ id: 'ImportSuggestion' });

/** A mapping for a preview or a run: a saved one by name, or a definition sent inline (preview only). */
export const previewBody = z
  .object({
    mapping: mappingRef.optional(),
    definition: mappingDefinition.optional(),
    format: formatOptions.partial().optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .refine(
    (b) => (b.mapping === undefined) !== (b.definition === undefined),
    'exactly one of mapping or definition',
  );

const reason = z.object({
  field: z.string(),
  column: z.string().optional(),
  value: z.unknown().optional(),
  rule: z.string(),
  message: z.string(),
});

export const preview = z
  .object({
    columns: z.array(z.string()),
    records: z.array(
      z.object({
        row: z.number().int(),
        values: z.record(z.string(), z.unknown()),
        reasons: z.array(reason),
      }),
    ),
    problems: z.array(z.string()).meta({ description: 'Mapped columns the file does not have, and similar' }),
  })
  .meta({ id: 'ImportPreview' });

export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export const runCreate = z
  .object({
    fileId: id,
    mapping: mappingRef,
    format: formatOptions
      .partial()
      .optional()
      .meta({ description: 'Overrides what was detected for the file' }),
  })
  .strict();

export const importRun = z
  .object({
    id,
    fileId: id,
    mapping: z.object({ id, name: z.string(), version: z.number().int() }),
    jobId: id.nullable(),
    status: z.enum(runStatuses),
    format: formatOptions,
    counts: z.object({
      read: z.number().int(),
      inserted: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      quarantined: z.number().int(),
    }),
    source: z.string().meta({ description: 'The mapping’s source: rows are keyed by (source, reference)' }),
    checkpointRow: z.number().int().meta({ description: 'The last record whose effect is committed' }),
    bytesRead: z.number().int(),
    bytesTotal: z.number().int(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    durationMs: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'From start to finish (to now while running)' }),
    rowsPerSecond: z.number().nullable(),
    etaSeconds: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'While running: the time left at the rate so far' }),
    createdBy: z.string().nullable(),
    createdAt: instantOutput,
    startedAt: instantOutput.nullable(),
    finishedAt: instantOutput.nullable(),
  })
  .meta({ id: 'ImportRun' });

export const runSorts = defineSorts(
  'import-runs',
  [{ key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false }],
  '-createdAt',
);
export const runListQuery = z
  .object({ ...listQueryBase, sort: runSorts.param, status: z.enum(runStatuses).optional() })
  .strict();

export const quarantineStatuses = ['open', 'loaded', 'discarded'] as const;
export const quarantined = z
  .object({
    id,
    runId: id,
    row: z.number().int().meta({ description: 'The record’s position in the file' }),
    status: z.enum(quarantineStatuses),
    values: z.record(z.string(), z.unknown()).meta({ description: 'The record as read (or as corrected)' }),
    reasons: z.array(reason),
    replays: z.number().int(),
    loadedId: id.nullable().meta({ description: 'The row a replay wrote' }),
    updatedAt: instantOutput,
  })
  .meta({ id: 'ImportQuarantined' });

export const quarantineSorts = defineSorts(
  'import-quarantine',
  [{ key: 'row', column: 'row_number', kind: 'number', nullable: false }],
  'row',
);
export const quarantineListQuery = z
  .object({ ...listQueryBase, sort: quarantineSorts.param, status: z.enum(quarantineStatuses).optional() })
  .strict();
export const quarantineParams = z.object({ id: idInteger, recordId: idInteger }).strict();
export const quarantinePatch = z
  .object({
    values: z
      .record(z.string().max(300), z.unknown())
      .optional()
      .meta({ description: 'The corrected record; it replaces the stored one whole' }),
    status: z.enum(['open', 'discarded']).optional(),
  })
  .strict()
  .refine((p) => p.values !== undefined || p.status !== undefined, 'values or status');
export const replayBody = z
  .object({
    ids: z
      .array(id)
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: 'The records to replay (default: every open one, up to 1,000)' }),
    mapping: mappingRef
      .optional()
      .meta({ description: 'Re-map with this saved mapping (same target) instead of the run’s own' }),
  })
  .strict();
export const replayAnswer = z
  .object({
    loaded: z.number().int(),
    quarantined: z.number().int(),
    records: z.array(quarantined),
  })
  .meta({ id: 'ImportReplay' });

export const qualityAnswer = z
  .object({
    data: z.array(
      z.object({
        source: z.string(),
        runs: z.number().int(),
        read: z.number().int(),
        loaded: z.number().int().meta({ description: 'Inserted, updated or unchanged' }),
        quarantined: z.number().int().meta({ description: 'Still in quarantine (open or discarded)' }),
        open: z.number().int().meta({ description: 'Quarantined and waiting for a fix' }),
        quarantinedShare: z.number().nullable().meta({ description: 'quarantined ÷ read' }),
      }),
    ),
  })
  .meta({ id: 'ImportQuality' });

export const presetList = z
  .object({ data: z.array(z.object({ name: z.string(), definition: mappingDefinition })) })
  .meta({ id: 'ImportPresets' });
