import type { Readable } from 'node:stream';
import { contentEncoding, meteredBody, tooLarge } from './body.js';
import { failed, get, type HopOptions, type Resolver, systemResolver, vetAddresses } from './connect.js';
import { fileNameFor } from './file-name.js';
import { describeUrl, vetUrl } from './hosts.js';

/** How a URL pull behaves; allowHosts and maxBytes come from config.imports. */
export interface FetchOptions {
  /** config.imports.allowHosts (LANEWISE_IMPORT_ALLOW_HOSTS). */
  readonly allowHosts: readonly string[];
  /** config.imports.maxBytes: a larger body fails with IMPORT_FILE_TOO_LARGE. */
  readonly maxBytes: number;
  /** Lets allow-listed hosts (only those) be fetched over http: (default false). */
  readonly allowHttp?: boolean;
  /** Redirects followed before IMPORT_URL_FAILED (default 5). */
  readonly maxRedirects?: number;
  /** DNS + TCP + TLS, per hop (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Longest silence once connected, for headers and between body bytes (default 30 s). */
  readonly idleTimeoutMs?: number;
  /** Host name → addresses (default: the system resolver); every address it returns is vetted. */
  readonly resolve?: Resolver;
  /** Certificates trusted instead of the default roots (a private CA; tests). */
  readonly ca?: HopOptions['ca'];
  /** Aborts the pull (a cancelled job); the error is the AbortError, not an AppError. */
  readonly signal?: AbortSignal;
}

/** A response ready to be stored: the body streams on demand and must be consumed or destroyed. */
export interface FetchedFile {
  /** The file's bytes; errors with IMPORT_FILE_TOO_LARGE past maxBytes, IMPORT_URL_FAILED on a broken or silent connection. */
  readonly body: Readable;
  /** From Content-Disposition, else the final URL's last path segment, else "download". */
  readonly fileName: string;
  /** The Content-Type header as sent (parameters kept), or null. */
  readonly contentType: string | null;
  /** Content-Length when the server sent one for an unencoded body. */
  readonly contentLength: number | null;
  /** The URL the body came from after redirects, without query or fragment (they may hold a token): safe to store and show. */
  readonly finalUrl: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GETs a URL under the import rules (issue #11): https only, no credentials, every
 * address of every hop vetted after DNS and connected to directly, redirects re-checked.
 * Throws IMPORT_URL_REFUSED, IMPORT_URL_FAILED or IMPORT_FILE_TOO_LARGE.
 */
export async function fetchUrl(url: string, options: FetchOptions): Promise<FetchedFile> {
  const policy = { allowHosts: options.allowHosts, allowHttp: options.allowHttp ?? false };
  const maxRedirects = options.maxRedirects ?? 5;
  const hop: HopOptions = {
    resolve: options.resolve ?? systemResolver,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    ca: options.ca,
    signal: options.signal,
  };
  let next: string | URL = url;
  for (let redirects = 0; ; redirects++) {
    const target = vetUrl(next, policy);
    const shown = describeUrl(target.url);
    const response = await get(target, await vetAddresses(target, hop), hop);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECTS.has(status) && location !== undefined) {
      response.destroy();
      if (redirects >= maxRedirects) {
        throw failed(`${shown} redirected more than ${maxRedirects} times.`, { upstreamStatus: status });
      }
      next = redirectTarget(location, target.url, shown);
      continue;
    }
    if (status < 200 || status > 299) {
      response.destroy();
      throw failed(`${shown} answered HTTP ${status}; the file could not be fetched.`, {
        upstreamStatus: status,
      });
    }
    const encoded = contentEncoding(response) !== 'identity';
    const declared = response.headers['content-length'];
    const contentLength =
      declared !== undefined && /^\d+$/.test(declared) && !encoded ? Number(declared) : null;
    if (contentLength !== null && contentLength > options.maxBytes) {
      response.destroy();
      throw tooLarge(options.maxBytes);
    }
    return {
      body: meteredBody(response, options.maxBytes, shown),
      fileName: fileNameFor(response.headers['content-disposition'], target.url),
      contentType: response.headers['content-type']?.trim() || null,
      contentLength,
      finalUrl: shown,
    };
  }
}

function redirectTarget(location: string, base: URL, shown: string): URL {
  try {
    return new URL(location, base);
  } catch {
    throw failed(`${shown} redirected to a location that is not a valid URL.`);
  }
}
