import type { IncomingMessage } from 'node:http';
import { pipeline, Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AppError } from '../../../lib/errors.js';
import { failed, networkError } from './connect.js';

/** IMPORT_FILE_TOO_LARGE, in the words storeStream uses. */
export function tooLarge(maxBytes: number): AppError {
  return new AppError('IMPORT_FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`);
}

/**
 * The response body as the file's bytes: decoded when the server compressed it although asked
 * not to (counted after decoding, so a small gzip cannot unpack past the limit), cut off with
 * IMPORT_FILE_TOO_LARGE at the first byte over maxBytes. Destroying the stream closes the socket.
 */
export function meteredBody(response: IncomingMessage, maxBytes: number, shown: string): Readable {
  const source = decoded(response, shown);
  async function* chunks(): AsyncGenerator<Buffer> {
    let bytes = 0;
    try {
      for await (const chunk of source) {
        const buffer = chunk as Buffer;
        bytes += buffer.length;
        if (bytes > maxBytes) throw tooLarge(maxBytes);
        yield buffer;
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('Z_')) {
        throw failed(`${shown} sent a compressed body that does not decompress (${code}).`);
      }
      throw networkError(error, shown);
    }
  }
  const body = Readable.from(chunks(), { objectMode: false });
  // Closed by the end, an error or a reader that gives up (storage full): the socket goes now,
  // not when the next chunk arrives.
  body.once('close', () => {
    response.destroy();
    if (source !== response) source.destroy();
  });
  return body;
}

/** The response's Content-Encoding, lower case; "identity" when absent or empty. */
export function contentEncoding(response: IncomingMessage): string {
  return response.headers['content-encoding']?.trim().toLowerCase() || 'identity';
}

function decoded(response: IncomingMessage, shown: string): Readable {
  const encoding = contentEncoding(response);
  if (encoding === 'identity') return response;
  const decoder = decoderFor(encoding);
  if (decoder === null) {
    response.destroy();
    throw failed(
      `${shown} sent the file with Content-Encoding ${encoding.slice(0, 40)}, which Lanewise cannot decode.`,
    );
  }
  pipeline(response, decoder, () => {});
  return decoder;
}

function decoderFor(encoding: string): Transform | null {
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  return null;
}
