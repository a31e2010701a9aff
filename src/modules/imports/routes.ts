import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, listOf, problemResponses } from '../../lib/api-schemas.js';
import { AppError } from '../../lib/errors.js';
import { callerOf } from '../auth/index.js';
import { type FileStore, getFile, pullFile, registerFile } from './files.js';
import { formatOptions } from './formats/types.js';
import { presetMappings } from './mapping/presets.js';
import { addMappingVersion, createMapping, getMapping, listMappings } from './mappings.js';
import { previewFile, suggestForFile } from './preview.js';
import { listQuarantine, patchQuarantined, replayQuarantine } from './quarantine.js';
import { cancelRun, getRun, listRuns, qualityBySource, startRun } from './runs.js';
import {
  fileFetch,
  importFile,
  importMapping,
  importRun,
  mappingCreate,
  mappingListQuery,
  mappingParams,
  mappingQuery,
  mappingVersionCreate,
  presetList,
  preview,
  previewBody,
  qualityAnswer,
  quarantined,
  quarantineListQuery,
  quarantineParams,
  quarantinePatch,
  replayAnswer,
  replayBody,
  runCreate,
  runListQuery,
  suggestBody,
  suggestion,
} from './schema.js';

export type ImportRouteOptions = FileStore & { readonly allowHosts: readonly string[] };

const access = { permission: 'imports:run' } as const;
const tags = ['imports'];

/** Multipart failures of the upload, in the API's codes. */
const multipartCodes: Record<string, AppError> = {
  FST_INVALID_MULTIPART_CONTENT_TYPE: new AppError(
    'REQUEST_UNSUPPORTED_MEDIA_TYPE',
    'Send the file as multipart/form-data, in a part named "file".',
  ),
  FST_FILES_LIMIT: new AppError('REQUEST_INVALID', 'Send one file per upload.'),
  FST_PARTS_LIMIT: new AppError(
    'REQUEST_INVALID',
    'Too many parts: send the file and at most a "format" field.',
  ),
  FST_FIELDS_LIMIT: new AppError('REQUEST_INVALID', 'Too many fields: send at most a "format" field.'),
  FST_MP_PREMATURE_CLOSE: new AppError('REQUEST_INVALID', 'The upload ended before the file did.'),
  FST_PROTO_VIOLATION: new AppError('REQUEST_INVALID', 'A field name is not allowed.'),
};

function uploadError(error: unknown, maxBytes: number): unknown {
  const code = (error as { code?: string })?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('IMPORT_FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`);
  }
  return (code && multipartCodes[code]) || error;
}

/** The `format` form field: JSON of (part of) ImportFormat. */
function formatField(text: string | undefined) {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('REQUEST_INVALID', 'The "format" field must be JSON (an ImportFormat object).');
  }
  const parsed = formatOptions.partial().safeParse(json);
  if (!parsed.success) {
    throw new AppError('REQUEST_INVALID', `format: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** /api/v1/imports: files, mappings, runs and quarantine (issue #11, ADR 0016). */
export const importRoutes: FastifyPluginAsyncZod<ImportRouteOptions> = async (app, store) => {
  // Only these routes take multipart; one more byte than the limit lets storage say it was too big.
  await app.register(multipart, {
    limits: { files: 1, fields: 2, parts: 3, fieldSize: 10_000, fileSize: store.maxBytes + 1 },
  });

  app.post(
    '/imports/files',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Upload a file to import',
        description:
          'multipart/form-data with the file in a part named `file` and, optionally before it, a `format` field holding JSON of ImportFormat (anything left out is detected: CSV/TSV delimiter and encoding, XLSX, JSON, NDJSON, X12, EPCIS). The body is streamed to storage, never held in memory; the limit is LANEWISE_IMPORT_MAX_BYTES. Then suggest or preview a mapping, and start a run.',
        consumes: ['multipart/form-data'],
        response: { 201: importFile, ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request.auth);
      try {
        const part = await request.file();
        if (!part || part.fieldname !== 'file') {
          throw new AppError('REQUEST_INVALID', 'Send the file in a multipart part named "file".');
        }
        const field = part.fields.format;
        const formatText =
          field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : undefined;
        const file = await registerFile(app.db, caller, store, part.file, {
          name: part.filename || 'upload',
          contentType: part.mimetype || null,
          origin: 'upload',
          format: formatField(formatText),
        });
        return reply.status(201).send(file);
      } catch (error) {
        throw uploadError(error, store.maxBytes);
      }
    },
  );

  // "::" escapes the colon: the path is literally /imports/files:fetch.
  app.post(
    '/imports/files::fetch',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Pull a file to import from a URL',
        description:
          'Fetches an https URL into storage (streamed, at most LANEWISE_IMPORT_MAX_BYTES) and registers it like an upload. Every address the name resolves to, and every redirect, is checked: loopback, private, link-local, shared and cloud-metadata addresses are refused (IMPORT_URL_REFUSED) unless the host is in LANEWISE_IMPORT_ALLOW_HOSTS; a failed fetch is IMPORT_URL_FAILED.',
        body: fileFetch,
        response: { 201: importFile, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await pullFile(app.db, callerOf(request.auth), store, request.body.url, request.body.format)),
  );

  app.get(
    '/imports/files/:id',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Get an import file',
        params: idParam,
        response: { 200: importFile, ...problemResponses },
      },
    },
    async (request) => getFile(app.db, request.auth.orgId, request.params.id),
  );

  app.post(
    '/imports/files/:id/suggest',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Suggest a mapping for a file',
        description:
          'Reads the first records and proposes, for the target, which column feeds each field, the date formats and number locale the values use, units named in headers, value maps for enumerations and lookups for references, with a confidence per field. Save it (edited or not) with POST /imports/mappings.',
        params: idParam,
        body: suggestBody,
        response: { 200: suggestion, ...problemResponses },
      },
    },
    async (request) =>
      suggestForFile(app.db, request.auth.orgId, store.directory, request.params.id, request.body.target),
  );

  app.post(
    '/imports/files/:id/preview',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Preview a mapping on a file',
        description:
          'What a saved mapping, or a definition sent inline, makes of the first records (20 unless `limit` says, at most 100): the mapped values and every reason a record would be quarantined. Writes nothing.',
        params: idParam,
        body: previewBody,
        response: { 200: preview, ...problemResponses },
      },
    },
    async (request) =>
      previewFile(app.db, request.auth.orgId, store.directory, request.params.id, request.body),
  );

  app.get(
    '/imports/presets',
    {
      config: { access },
      schema: {
        tags,
        summary: 'List preset mappings',
        description:
          'Mappings for the record shapes of the X12 214 and 856 and EPCIS 2.0 readers (docs/adr/0017). Suggest on an EDI or EPCIS file answers its preset; save one (edited or not) with POST /imports/mappings.',
        response: { 200: presetList, ...problemResponses },
      },
    },
    async () => ({
      data: Object.entries(presetMappings).map(([name, definition]) => ({ name, definition })),
    }),
  );

  app.get(
    '/imports/mappings',
    {
      config: { access },
      schema: {
        tags,
        summary: 'List saved mappings',
        description: 'The newest version of each mapping unless allVersions=true.',
        querystring: mappingListQuery,
        response: { 200: listOf(importMapping), ...problemResponses },
      },
    },
    async (request) => listMappings(app.db, request.auth.orgId, request.query),
  );

  app.post(
    '/imports/mappings',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Save a mapping',
        description:
          'Saves version 1 of a named mapping, checked against its target (422 IMPORT_MAPPING_INVALID names each problem). A taken name is 409 IMPORT_MAPPING_NAME_TAKEN: add a version instead.',
        body: mappingCreate,
        response: { 201: importMapping, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createMapping(app.db, callerOf(request.auth), request.body)),
  );

  app.get(
    '/imports/mappings/:name',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Get a mapping',
        description: 'Its newest version, or ?version=N.',
        params: mappingParams,
        querystring: mappingQuery,
        response: { 200: importMapping, ...problemResponses },
      },
    },
    async (request) => getMapping(app.db, request.auth.orgId, request.params.name, request.query.version),
  );

  app.get(
    '/imports/mappings/:name/versions',
    {
      config: { access },
      schema: {
        tags,
        summary: 'List the versions of a mapping',
        params: mappingParams,
        querystring: mappingListQuery,
        response: { 200: listOf(importMapping), ...problemResponses },
      },
    },
    async (request) => {
      // An unknown name is 404, not an empty list: the caller asked for one mapping.
      await getMapping(app.db, request.auth.orgId, request.params.name);
      return listMappings(app.db, request.auth.orgId, {
        ...request.query,
        allVersions: true,
        name: request.params.name,
      });
    },
  );

  app.post(
    '/imports/mappings/:name/versions',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Add a version of a mapping',
        description: 'Versions never change once saved: runs name the version they used.',
        params: mappingParams,
        body: mappingVersionCreate,
        response: { 201: importMapping, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addMappingVersion(app.db, callerOf(request.auth), request.params.name, request.body)),
  );

  app.post(
    '/imports/runs',
    {
      config: { access, idempotent: true },
      schema: {
        tags,
        summary: 'Start an import run',
        description:
          'Loads a file with a saved mapping in a background job (follow it at GET /imports/runs/{id} or GET /jobs/{jobId}/events). Needs the write permission of the target, and master-data:write when the mapping creates references. Rows are upserted by their natural key, so running the same file again changes nothing; a crash resumes at the last committed batch.',
        body: runCreate,
        response: { 202: importRun, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await startRun(app.db, app.jobs, callerOf(request.auth), request.body, store.directory)),
  );

  app.get(
    '/imports/runs',
    {
      config: { access },
      schema: {
        tags,
        summary: 'List import runs',
        querystring: runListQuery,
        response: { 200: listOf(importRun), ...problemResponses },
      },
    },
    async (request) => listRuns(app.db, request.auth.orgId, request.query),
  );

  app.get(
    '/imports/quality',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Data quality per source',
        description:
          'Per source (the mapping’s `source`): runs, records read, loaded, still quarantined and waiting for a fix, and the quarantined share.',
        response: { 200: qualityAnswer, ...problemResponses },
      },
    },
    async (request) => qualityBySource(app.db, request.auth.orgId),
  );

  app.get(
    '/imports/runs/:id',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Get an import run',
        description:
          'Status, counts (read, inserted, updated, unchanged, quarantined), checkpoint and bytes read.',
        params: idParam,
        response: { 200: importRun, ...problemResponses },
      },
    },
    async (request) => getRun(app.db, request.auth.orgId, request.params.id),
  );

  app.post(
    '/imports/runs/:id/cancel',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Cancel an import run',
        description: 'The batch in flight commits whole; nothing after it is loaded. What was loaded stays.',
        params: idParam,
        response: { 200: importRun, ...problemResponses },
      },
    },
    async (request) => cancelRun(app.db, app.jobs, callerOf(request.auth), request.params.id),
  );

  app.get(
    '/imports/runs/:id/quarantine',
    {
      config: { access },
      schema: {
        tags,
        summary: 'List the quarantined records of a run',
        description:
          'Each record as read, with every reason it was not loaded (field, column, value, rule, message).',
        params: idParam,
        querystring: quarantineListQuery,
        response: { 200: listOf(quarantined), ...problemResponses },
      },
    },
    async (request) => listQuarantine(app.db, request.auth.orgId, request.params.id, request.query),
  );

  app.patch(
    '/imports/runs/:id/quarantine/:recordId',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Correct or discard a quarantined record',
        description:
          '`values` replaces the record as read (then replay it); `status: discarded` sets it aside.',
        params: quarantineParams,
        body: quarantinePatch,
        response: { 200: quarantined, ...problemResponses },
      },
    },
    async (request) =>
      patchQuarantined(
        app.db,
        callerOf(request.auth),
        request.params.id,
        request.params.recordId,
        request.body,
      ),
  );

  app.post(
    '/imports/runs/:id/quarantine/replay',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Replay quarantined records',
        description:
          'Maps the open records again (the ones named, or the first 1,000) with the run’s mapping, or another saved mapping of the same target (re-map), and writes them through the same path as the run; loaded records are marked with the row they wrote, the others keep their new reasons.',
        params: idParam,
        body: replayBody,
        response: { 200: replayAnswer, ...problemResponses },
      },
    },
    async (request) => replayQuarantine(app.db, callerOf(request.auth), request.params.id, request.body),
  );
};
