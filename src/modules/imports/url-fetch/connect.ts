import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { AppError } from '../../../lib/errors.js';
import { classifyAddress, mayConnect } from './addresses.js';
import { describeUrl, type VettedUrl } from './hosts.js';

/** Resolves a host name to its addresses (all of them); the default asks the system resolver. */
export type Resolver = (hostname: string) => Promise<readonly string[]>;

export interface HopOptions {
  readonly resolve: Resolver;
  /** DNS, TCP and TLS together. */
  readonly connectTimeoutMs: number;
  /** Longest silence on the socket once connected, while waiting for headers or body bytes. */
  readonly idleTimeoutMs: number;
  /** Certificates trusted instead of the default roots (a private CA; tests). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[] | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The system resolver, every address, in the order it returns them. */
export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Resolves the host and vets every address it resolves to (one refused address refuses the URL:
 * a resolver may hand out any of them). The addresses returned are the only ones the request
 * will connect to.
 */
export async function vetAddresses(target: VettedUrl, options: HopOptions): Promise<LookupAddress[]> {
  options.signal?.throwIfAborted();
  const shown = describeUrl(target.url);
  const addresses =
    target.literal === null
      ? await withTimeout(resolveName(target.host, options.resolve, shown), options.connectTimeoutMs, shown)
      : [target.host];
  if (addresses.length === 0) throw failed(`${shown}: the host name resolves to no address.`);
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind === null || !mayConnect(kind, target.allowListed)) {
      const why = target.allowListed
        ? 'which imports never reach'
        : 'which only hosts in LANEWISE_IMPORT_ALLOW_HOSTS may reach';
      const verb = target.literal === null ? 'resolves to' : 'is';
      throw new AppError('IMPORT_URL_REFUSED', `${shown} ${verb} a ${kind ?? 'malformed'} address, ${why}.`);
    }
  }
  return addresses.map((address) => ({ address, family: isIP(address) }));
}

/**
 * One GET to the vetted addresses. The request names the host (so SNI, certificate checks and
 * Host use it) but its lookup answers only with the vetted addresses: a second DNS answer
 * between the check and the connection (rebinding) is never asked for.
 */
export function get(target: VettedUrl, addresses: readonly LookupAddress[], options: HopOptions) {
  return send(target, addresses, options, {
    method: 'GET',
    headers: { accept: '*/*', 'accept-encoding': 'identity', 'user-agent': 'Lanewise-Import/1' },
  });
}

/** What one request sends: its method, headers and (POST) body. */
export interface Outgoing {
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/**
 * One request to the vetted addresses (see get); outbound webhooks POST through it, so they
 * reach only what a URL import may reach.
 */
export function send(
  target: VettedUrl,
  addresses: readonly LookupAddress[],
  options: HopOptions,
  outgoing: Outgoing,
) {
  const shown = describeUrl(target.url);
  const secure = target.url.protocol === 'https:';
  return new Promise<IncomingMessage>((resolve, reject) => {
    let response: IncomingMessage | null = null;
    const request = (secure ? https : http).request({
      host: target.host,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      method: outgoing.method,
      headers: outgoing.headers,
      agent: false,
      lookup: pinnedLookup(addresses),
      ca: options.ca as string | Buffer | (string | Buffer)[] | undefined,
      signal: options.signal,
    });
    const connectTimer = setTimeout(
      () => request.destroy(failed(`${shown} did not connect within ${options.connectTimeoutMs} ms.`)),
      options.connectTimeoutMs,
    );
    request.on('socket', (socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    request.setTimeout(options.idleTimeoutMs, () => {
      const error = failed(`${shown} sent nothing for ${options.idleTimeoutMs} ms.`);
      // Once the response exists, its reader must see this error, not a bare "aborted".
      if (response) response.destroy(error);
      else request.destroy(error);
    });
    // http.request aborts only the request; a body already streaming must end with the abort too.
    const onAbort = () => response?.destroy(abortReason(options.signal));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('response', (incoming) => {
      clearTimeout(connectTimer);
      response = incoming;
      incoming.once('close', () => options.signal?.removeEventListener('abort', onAbort));
      // The reader attaches its own listeners; this keeps an error before it reads from crashing the process.
      incoming.on('error', () => {});
      resolve(incoming);
    });
    request.on('error', (error) => {
      clearTimeout(connectTimer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(networkError(error, shown));
    });
    request.on('close', () => clearTimeout(connectTimer));
    request.end(outgoing.body);
  });
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return Object.assign(new Error('The URL pull was aborted.'), { name: 'AbortError' });
}

function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    const fit = family === 0 ? addresses : addresses.filter((entry) => entry.family === family);
    const first = fit[0];
    if (first === undefined) {
      callback(Object.assign(new Error('no vetted address of this family'), { code: 'ENOTFOUND' }), '');
    } else if (options.all) {
      callback(null, [...fit]);
    } else {
      callback(null, first.address, first.family);
    }
  };
}

async function resolveName(host: string, resolve: Resolver, shown: string): Promise<readonly string[]> {
  try {
    return await resolve(host);
  } catch (error) {
    throw failed(`${shown}: the host name does not resolve (${codeOf(error) ?? 'DNS error'}).`);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, shown: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(failed(`${shown}: the host name did not resolve within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Maps a socket, TLS or HTTP error to IMPORT_URL_FAILED; our own errors and aborts pass through. */
export function networkError(error: unknown, shown: string): Error {
  if (error instanceof AppError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  const code = codeOf(error);
  if (code === 'ECONNREFUSED') return failed(`${shown} refused the connection.`);
  if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return failed(`${shown} presented a TLS certificate that is not trusted (${code}).`);
  }
  if (code === 'ECONNRESET') return failed(`${shown} closed the connection before the file was complete.`);
  return failed(`${shown} could not be fetched (${code ?? 'network error'}).`);
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** IMPORT_URL_FAILED with a message that never holds the query or user info. */
export function failed(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('IMPORT_URL_FAILED', message, details);
}
