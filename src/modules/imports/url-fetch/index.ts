import { type StoredFile, storeStream } from '../storage.js';
import { type FetchedFile, type FetchOptions, fetchUrl } from './fetch.js';

/**
 * Pulling an import file from a URL (issue #11). Other code of the imports module uses this
 * door: fetchToFile for the usual "pull into storage", fetchUrl when the body goes elsewhere,
 * vetUrl for a route that wants to refuse a bad URL before it queues the pull.
 */
export type { AddressKind } from './addresses.js';
export { classifyAddress } from './addresses.js';
export type { Resolver } from './connect.js';
export type { FetchedFile, FetchOptions } from './fetch.js';
export { fetchUrl } from './fetch.js';
export type { UrlPolicy, VettedUrl } from './hosts.js';
export { describeUrl, vetUrl } from './hosts.js';

/** Where fetchToFile stores the body: config.imports.directory and the owning organization. */
export interface FetchDestination {
  readonly directory: string;
  readonly orgId: number;
}

/** A pulled file in storage, with what the response said about it. */
export type PulledFile = StoredFile & Omit<FetchedFile, 'body' | 'contentLength'>;

/** Fetches a URL (fetchUrl's rules) and streams its body into import storage (storeStream: size and sha256). */
export async function fetchToFile(
  url: string,
  destination: FetchDestination,
  options: FetchOptions,
): Promise<PulledFile> {
  const { body, contentLength: _, ...about } = await fetchUrl(url, options);
  const stored = await storeStream(destination.directory, destination.orgId, body, options.maxBytes);
  return { ...stored, ...about };
}
