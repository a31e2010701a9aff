import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type Caller, callerKey } from '../auth/index.js';
import {
  checkClaim,
  checkXlsxEnd,
  detectFormat,
  readerFor,
  validateEpcis,
  validateX12,
} from './formats/index.js';
import { type FormatOptions, formatOptions } from './formats/types.js';
import { findFile, insertFile } from './repository.js';
import { headOf, openStored, removeStored, type StoredFile, storeStream, tailOf } from './storage.js';
import { fileToApi } from './to-api.js';
import { fetchToFile } from './url-fetch/index.js';

/** Import files: stored once, with the format detected from their bytes, then read by runs. */

export interface FileSource {
  /** The file name as the user gave it (shown, never used as a path). */
  readonly name: string;
  readonly contentType: string | null;
  /** `upload`, `cli`, or the URL without its query. */
  readonly origin: string;
  /** What the user says about the format; the rest is detected. */
  readonly format?: Partial<FormatOptions> | undefined;
}

export interface FileStore {
  readonly directory: string;
  readonly maxBytes: number;
}

/**
 * Streams a body into storage and registers it: refused (and removed) when empty, of a kind no
 * reader knows, or when its name or content type claims one kind and its bytes show another.
 */
export async function registerFile(
  db: Kysely<DB>,
  caller: Caller,
  store: FileStore,
  body: Readable,
  source: FileSource,
) {
  const stored = await storeStream(store.directory, caller.orgId, body, store.maxBytes);
  return registerStored(db, caller, store, stored, source);
}

/** Registers a file already in storage (a URL pull streams it there itself); removes it when refused. */
export async function registerStored(
  db: Kysely<DB>,
  caller: Caller,
  store: Pick<FileStore, 'directory'>,
  stored: StoredFile,
  source: FileSource,
) {
  try {
    if (stored.bytes === 0) throw new AppError('IMPORT_FILE_EMPTY', `${source.name} holds no bytes.`);
    const head = await headOf(store.directory, stored.key);
    const format = formatOf(head, source);
    await checkWhole(store.directory, stored.key, format);
    const id = await insertFile(db, {
      org_id: caller.orgId,
      name: source.name.slice(0, 255),
      content_type: source.contentType?.slice(0, 255) ?? null,
      bytes: stored.bytes,
      sha256: stored.sha256,
      storage_key: stored.key,
      format: JSON.stringify(format),
      origin: source.origin.slice(0, 2000),
      created_by: callerKey(caller),
    });
    return await getFile(db, caller.orgId, id);
  } catch (error) {
    await removeStored(store.directory, stored.key);
    throw error;
  }
}

/**
 * Pulls a file from an HTTPS URL into storage and registers it: every address of every hop is
 * vetted after DNS (loopback, private, link-local and metadata refused unless allow-listed).
 */
export async function pullFile(
  db: Kysely<DB>,
  caller: Caller,
  store: FileStore & { readonly allowHosts: readonly string[] },
  url: string,
  format?: Partial<FormatOptions>,
) {
  const pulled = await fetchToFile(
    url,
    { directory: store.directory, orgId: caller.orgId },
    { allowHosts: store.allowHosts, maxBytes: store.maxBytes },
  );
  return registerStored(db, caller, store, pulled, {
    name: pulled.fileName,
    contentType: pulled.contentType,
    origin: pulled.finalUrl,
    format,
  });
}

/**
 * The checks of a file as a whole that need more than its head, done once when it is stored so
 * that a broken file is refused before any row is written: X12 envelopes and counts, the EPCIS
 * header, the end of an XLSX zip.
 */
async function checkWhole(directory: string, key: string, format: FormatOptions): Promise<void> {
  if (format.kind === 'x12') await validateX12(openStored(directory, key));
  else if (format.kind === 'epcis') await validateEpcis(openStored(directory, key));
  else if (format.kind === 'xlsx') checkXlsxEnd(await tailOf(directory, key));
  // The first record, read as a run will: a header-only table (IMPORT_NO_ROWS) or a document
  // that is not what its first bytes promised is refused now, not in the background.
  const input = openStored(directory, key);
  try {
    for await (const _ of readerFor(format.kind)(input, format)) break;
  } finally {
    input.destroy();
  }
}

/** The format options of a file: what the user said, the kind detected from the bytes otherwise. */
function formatOf(head: Buffer, source: FileSource): FormatOptions {
  const said = source.format ?? {};
  const contentType = source.contentType ?? undefined;
  let kind = said.kind;
  if (kind === undefined) {
    kind = detectFormat(head, source.name, contentType);
    checkClaim(kind, source.name, contentType);
  }
  const parsed = formatOptions.safeParse({ ...said, kind });
  if (!parsed.success) {
    throw new AppError('REQUEST_INVALID', `format: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export async function getFile(db: Kysely<DB>, orgId: number, id: number) {
  const row = await findFile(db, orgId, id);
  if (!row) throw new AppError('RESOURCE_NOT_FOUND', `No import file with id ${id}.`);
  return fileToApi(row);
}
