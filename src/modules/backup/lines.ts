import { once } from 'node:events';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { BackupError } from './errors.js';

// Level 4 compresses these JSON lines nearly as well as the default 6 at about half the CPU.
const GZIP_LEVEL = 4;

/** Writes gzip'd text to a file, waiting whenever the compressor's buffer is full. */
export interface LineWriter {
  /** Appends text (whole lines, each ending with '\n'); resolves once there is room for more. */
  write(text: string): Promise<void>;
  /** Flushes, closes and moves the file into place; returns its size in bytes. */
  finish(): Promise<number>;
  /** Stops and deletes the partial file. */
  abort(): Promise<void>;
}

/**
 * Opens a gzip writer. Data goes to `<file>.partial` and is renamed to `file` only once complete,
 * so a backup that fails halfway never leaves a file that looks like a finished one.
 */
export function createLineWriter(file: string): LineWriter {
  const partial = `${file}.partial`;
  const gzip = zlib.createGzip({ level: GZIP_LEVEL });
  const done = pipeline(gzip, fs.createWriteStream(partial));
  // Awaited in finish/abort; until then a write error must not surface as an unhandled rejection.
  done.catch(() => undefined);
  return {
    async write(text) {
      if (!gzip.write(text)) await Promise.race([once(gzip, 'drain'), done]);
    },
    async finish() {
      gzip.end();
      await done;
      fs.renameSync(partial, file);
      return fs.statSync(file).size;
    },
    async abort() {
      gzip.destroy();
      await done.catch(() => undefined);
      fs.rmSync(partial, { force: true });
    },
  };
}

/**
 * Yields the lines of a gzip'd file in batches (one per decompressed chunk), without their '\n'.
 * A missing file, a truncated or damaged gzip stream become BackupErrors.
 */
export async function* readLines(file: string): AsyncGenerator<string[]> {
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let carry: Buffer | null = null;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const lines: string[] = [];
      let start = 0;
      // '\n' never occurs inside a multi-byte UTF-8 sequence, so splitting bytes is safe.
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, nl);
        lines.push((carry ? Buffer.concat([carry, piece]) : piece).toString('utf8'));
        carry = null;
        start = nl + 1;
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
      }
      if (lines.length > 0) yield lines;
    }
  } catch (error) {
    throw readError(file, error);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  // A last line without '\n' is what is left of a cut-off file; the reader reports it as such.
  if (carry) yield [carry.toString('utf8')];
}

function readError(file: string, error: unknown): unknown {
  if (error instanceof BackupError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
    return new BackupError('BACKUP_FILE_NOT_FOUND', `cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new BackupError(
      'BACKUP_CORRUPT',
      `backup file is damaged: ${(error as Error).message} (not a complete gzip file; truncated or altered?)`,
      { cause: error },
    );
  }
  return error;
}
