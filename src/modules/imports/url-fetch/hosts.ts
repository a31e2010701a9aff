import { AppError } from '../../../lib/errors.js';
import { type AddressKind, classifyAddress } from './addresses.js';

/** What the URL rules need to know beyond the URL. */
export interface UrlPolicy {
  /** LANEWISE_IMPORT_ALLOW_HOSTS (config.imports.allowHosts): exact hosts or `*.suffix`. */
  readonly allowHosts: readonly string[];
  /** Lets allow-listed hosts (only those) be fetched over plain http:. */
  readonly allowHttp: boolean;
}

/** A URL that passed the rules that need no DNS. */
export interface VettedUrl {
  readonly url: URL;
  /** Lower case, without IPv6 brackets or a trailing dot. */
  readonly host: string;
  readonly port: number;
  readonly allowListed: boolean;
  /** The host's kind when the host is an IP literal (no DNS then); null for a name. */
  readonly literal: AddressKind | null;
}

// Names that only ever lead to a cloud instance's metadata service: refused even when allow-listed.
const METADATA_NAMES = ['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data'];

/** Applies the scheme, credential, metadata-name and allow-list rules; throws IMPORT_URL_REFUSED. */
export function vetUrl(input: string | URL, policy: UrlPolicy): VettedUrl {
  const url = parse(input);
  const shown = describeUrl(url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refused(`Only https: URLs can be imported, not ${url.protocol} (${shown}).`);
  }
  if (url.username !== '' || url.password !== '') {
    throw refused(
      `The URL ${shown} carries a user name or password; Lanewise does not send credentials in URLs.`,
    );
  }
  const host = bareHost(url.hostname);
  if (METADATA_NAMES.some((name) => host === name || host.endsWith(`.${name}`))) {
    throw refused(`${shown} names a cloud metadata service, which imports never reach.`);
  }
  const allowListed = isAllowListed(host, policy.allowHosts);
  if (url.protocol === 'http:' && !(allowListed && policy.allowHttp)) {
    throw refused(
      `Only https: URLs can be imported (${shown}); http: is allowed only for allow-listed hosts.`,
    );
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { url, host, port, allowListed, literal: classifyAddress(host) };
}

/** Whether a host matches LANEWISE_IMPORT_ALLOW_HOSTS: an exact entry, or `*.suffix` for any name under suffix. */
export function isAllowListed(host: string, allowHosts: readonly string[]): boolean {
  const name = bareHost(host);
  return allowHosts.some((raw) => {
    const entry = bareHost(raw);
    if (entry.startsWith('*.')) return name.endsWith(entry.slice(1)) && name.length > entry.length - 1;
    return name === entry;
  });
}

/** A URL fit for a message or a log: scheme, host, port and path, never user info, query or fragment. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function bareHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

function parse(input: string | URL): URL {
  if (input instanceof URL) return input;
  try {
    return new URL(input);
  } catch {
    // The text may hold a token, so it is not repeated.
    throw refused('The import URL is not a valid absolute URL.');
  }
}

function refused(message: string): AppError {
  return new AppError('IMPORT_URL_REFUSED', message);
}
