import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../lib/errors.js';

/**
 * Where import files live: a directory (LANEWISE_IMPORT_DIR), one file per upload under the
 * organization's folder, named by a random key that only the database knows — so a file is
 * reachable only through its row, and its name from the user never becomes a path.
 */

export interface StoredFile {
  readonly key: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The absolute path of a stored file (keys are `<orgId>/<uuid>`, never user text). */
export function storedPath(directory: string, key: string): string {
  if (!/^\d+\/[0-9a-f-]{36}$/.test(key)) throw new Error(`not a storage key: ${key}`);
  return path.resolve(directory, key);
}

/** A new key and its path, for a writer that fills the file itself (URL pulls). */
export async function reserveFile(directory: string, orgId: number): Promise<{ key: string; path: string }> {
  const key = `${orgId}/${randomUUID()}`;
  const file = storedPath(directory, key);
  await mkdir(path.dirname(file), { recursive: true });
  return { key, path: file };
}

/**
 * Streams a body to a new file, hashing and counting as it goes; more than maxBytes aborts and
 * removes what was written (IMPORT_FILE_TOO_LARGE). Never holds the body in memory.
 */
export async function storeStream(
  directory: string,
  orgId: number,
  body: Readable,
  maxBytes: number,
): Promise<StoredFile> {
  const { key, path: file } = await reserveFile(directory, orgId);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        done(new AppError('IMPORT_FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(file, { flags: 'wx' }));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return { key, bytes, sha256: hash.digest('hex') };
}

/** Reads a stored file from the start. */
export function openStored(directory: string, key: string): Readable {
  return createReadStream(storedPath(directory, key), { highWaterMark: 256 * 1024 });
}

/** The first bytes of a stored file (format detection, suggestions). */
export async function headOf(directory: string, key: string, bytes = 64 * 1024): Promise<Buffer> {
  const handle = await open(storedPath(directory, key), 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Removes a stored file (missing is fine). */
export async function removeStored(directory: string, key: string): Promise<void> {
  await rm(storedPath(directory, key), { force: true });
}

/** The last bytes of a stored file (at most `bytes`). */
export async function tailOf(directory: string, key: string, bytes = 64 * 1024 + 22): Promise<Buffer> {
  const handle = await open(storedPath(directory, key), 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer;
  } finally {
    await handle.close();
  }
}
