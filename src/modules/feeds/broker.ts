import type { LookupAddress } from 'node:dns';
import { AppError } from '../../lib/errors.js';
import { systemResolver, vetAddresses, vetUrl } from '../imports/index.js';

/**
 * Where an MQTT feed's subscribers may connect: the outbound guard of URL imports (ADR 0016),
 * applied to a broker. The host passes vetUrl's name rules (cloud metadata names, the allow list)
 * and every address it resolves to is vetted (loopback, private, link-local, shared and metadata
 * addresses only for hosts in LANEWISE_IMPORT_ALLOW_HOSTS). A subscriber connects to the vetted
 * address itself, so a second DNS answer (rebinding) is never asked for.
 */

export interface BrokerPolicy {
  /** config.imports.allowHosts (LANEWISE_IMPORT_ALLOW_HOSTS). */
  readonly allowHosts: readonly string[];
  /** Host name → addresses (default: the system resolver). */
  readonly resolve?: (hostname: string) => Promise<readonly string[]>;
}

/** A broker URL taken apart: mqtts is TLS (default port 8883), mqtt plain TCP (1883). */
export interface Broker {
  readonly secure: boolean;
  /** The host as named (for TLS: the name the certificate must carry). */
  readonly hostname: string;
  readonly port: number;
  /** scheme://host:port, fit for messages and logs. */
  readonly shown: string;
}

export function brokerOf(text: string): Broker {
  const url = new URL(text);
  const secure = url.protocol === 'mqtts:';
  const port = url.port === '' ? (secure ? 8883 : 1883) : Number(url.port);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { secure, hostname, port, shown: `${url.protocol}//${url.hostname}:${port}` };
}

/** The vetted addresses of the broker, in the resolver's order; throws FEED_MQTT_BROKER_REFUSED. */
export async function vetBroker(text: string, policy: BrokerPolicy): Promise<LookupAddress[]> {
  const broker = brokerOf(text);
  // vetUrl's rules are for http(s) URLs; the same host on an https URL gets the same verdict.
  const stand = new URL(`https://${new URL(text).host}/`);
  const standShown = `${stand.protocol}//${stand.host}${stand.pathname}`;
  try {
    const target = vetUrl(stand, { allowHosts: policy.allowHosts, allowHttp: false });
    return await vetAddresses(target, {
      resolve: policy.resolve ?? systemResolver,
      connectTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message = error.message
      .replaceAll(standShown, broker.shown)
      .replace(/imports never reach/, 'Lanewise never connects to');
    throw new AppError('FEED_MQTT_BROKER_REFUSED', `The MQTT broker: ${message}`);
  }
}
