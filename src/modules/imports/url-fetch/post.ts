import { type HopOptions, send, systemResolver, vetAddresses } from './connect.js';
import { type UrlPolicy, vetUrl } from './hosts.js';

export interface PostOptions extends UrlPolicy {
  /** Connect, and silence once connected, each at most this long. */
  readonly timeoutMs: number;
  readonly resolve?: HopOptions['resolve'];
  readonly signal?: AbortSignal;
}

export interface PostAnswer {
  readonly status: number;
  /** The first 2 KB of the answer, for an error message. */
  readonly body: string;
}

const KEPT = 2_048;

/**
 * POSTs a body to a URL under the URL-import rules (https only unless allow-listed, no
 * credentials in the URL, every resolved address vetted and pinned, no redirects followed).
 * Throws IMPORT_URL_REFUSED before connecting, IMPORT_URL_FAILED when the network fails; any
 * HTTP answer is returned, whatever its status.
 */
export async function postToUrl(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  options: PostOptions,
): Promise<PostAnswer> {
  const target = vetUrl(url, options);
  const hop: HopOptions = {
    resolve: options.resolve ?? systemResolver,
    connectTimeoutMs: options.timeoutMs,
    idleTimeoutMs: options.timeoutMs,
    signal: options.signal,
  };
  const addresses = await vetAddresses(target, hop);
  const response = await send(target, addresses, hop, {
    method: 'POST',
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
  let kept = '';
  for await (const chunk of response) {
    if (kept.length < KEPT) kept += String(chunk).slice(0, KEPT - kept.length);
  }
  return { status: response.statusCode ?? 0, body: kept };
}

/**
 * Checks a URL people give for later requests (an alert webhook) as a delivery will: the URL
 * rules, then every address its host resolves to now. Throws IMPORT_URL_REFUSED or
 * IMPORT_URL_FAILED (the host does not resolve).
 */
export async function vetOutboundUrl(url: string, options: PostOptions): Promise<void> {
  const target = vetUrl(url, options);
  await vetAddresses(target, {
    resolve: options.resolve ?? systemResolver,
    connectTimeoutMs: options.timeoutMs,
    idleTimeoutMs: options.timeoutMs,
  });
}
