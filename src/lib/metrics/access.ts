import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../../config.js';

/**
 * Who may read /metrics (README "Metrics"):
 * - `Authorization: Bearer <LANEWISE_METRICS_TOKEN>`, from anywhere, when a token is configured;
 * - a client address in LANEWISE_METRICS_ALLOW (addresses and CIDR ranges), when one is;
 * - with neither configured, loopback clients only (a Prometheus on the same host).
 *
 * Which address is the client's. A request that carries no forwarding header is judged by its
 * socket's peer. A request that does came through a proxy, and its peer is the proxy: a reverse
 * proxy on the same host would make every internet client look like loopback. So such a request
 * is admitted by address only when LANEWISE_TRUST_PROXY lists the proxies, and then by the
 * address Fastify resolved from X-Forwarded-For through them (the first hop that is not a listed
 * proxy). With LANEWISE_TRUST_PROXY=true that address is whatever the client wrote at the left
 * of the header, and with it off the real client is unknown: in both cases a forwarded request
 * needs the token.
 */
export interface MetricsAccess {
  /** null: no token; the address rules decide alone. */
  readonly token: string | null;
  readonly allow: readonly string[];
}

/** What the check reads of a request (a FastifyRequest has it). */
export interface MetricsCaller {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The client address Fastify resolved (through trusted proxies when configured). */
  readonly ip: string;
  readonly socket: { readonly remoteAddress?: string | undefined };
}

/** Returns the check for the configuration; throws ConfigError for an allow entry that is not an address or range. */
export function metricsGate(
  access: MetricsAccess,
  trustProxy: boolean | readonly string[],
): (caller: MetricsCaller) => boolean {
  const tokenDigest = access.token === null ? null : digest(access.token);
  const addresses =
    access.allow.length > 0 ? allowList(access.allow) : access.token === null ? loopback() : null;
  const proxiesListed = Array.isArray(trustProxy);

  return (caller) => {
    if (tokenDigest !== null) {
      const presented = bearerToken(caller.headers.authorization);
      // Digests have one length, so the comparison takes the same time whatever was sent.
      if (presented !== null && timingSafeEqual(digest(presented), tokenDigest)) return true;
    }
    if (addresses === null) return false;
    const address = clientAddress(caller, proxiesListed);
    if (address === null) return false;
    const family = isIP(address);
    return family !== 0 && addresses.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

function clientAddress(caller: MetricsCaller, proxiesListed: boolean): string | null {
  const forwarded = FORWARDING_HEADERS.some((h) => caller.headers[h] !== undefined);
  if (!forwarded) return caller.socket.remoteAddress ?? null;
  // Fastify reads only X-Forwarded-For; a proxy that sends just Forwarded or X-Real-IP leaves
  // request.ip at the proxy's own address, which must not pass for the client's.
  if (proxiesListed && caller.headers['x-forwarded-for'] !== undefined) return caller.ip;
  return null;
}

const BEARER = /^Bearer +(\S+) *$/i;

function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  return BEARER.exec(header)?.[1] ?? null;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function loopback(): BlockList {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  return list;
}

/** LANEWISE_METRICS_ALLOW as a BlockList (used as an allow list): `10.0.0.5`, `10.0.0.0/8`, `fd00::/8`. */
export function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const length = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
    if (family === 0 || extra !== undefined || !(length >= 0 && length <= bits)) {
      throw new ConfigError(
        `Invalid configuration:\n  LANEWISE_METRICS_ALLOW: "${entry}" is not an IP address or a CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8)`,
      );
    }
    list.addSubnet(address, length, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}
