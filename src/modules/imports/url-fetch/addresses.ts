import { isIP } from 'node:net';

/**
 * What kind of address a URL pull is about to connect to. Classification works on the bytes, so
 * every spelling of an address (`::ffff:127.0.0.1`, `::ffff:7f00:1`, `0:0:0:0:0:ffff:7f00:1`)
 * lands on the same answer, and IPv6 forms that carry an IPv4 address inside (mapped, compatible,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the address they carry. IPv6 outside the
 * global unicast block 2000::/3 is refused by default, so a range nobody listed fails closed.
 */
export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved'
  | 'metadata';

type Range = readonly [prefix: string, bits: number, kind: AddressKind];

// Most specific first: the first range that holds the address decides.
const V4_RANGES: readonly Range[] = [
  // Cloud instance metadata and platform endpoints (AWS/GCP/Azure/OCI, ECS, Alibaba, Azure wire server).
  ['169.254.169.254', 32, 'metadata'],
  ['169.254.170.2', 32, 'metadata'],
  ['100.100.100.200', 32, 'metadata'],
  ['168.63.129.16', 32, 'metadata'],
  ['255.255.255.255', 32, 'broadcast'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V6_RANGES: readonly Range[] = [
  ['fd00:ec2::254', 128, 'metadata'],
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'private'],
  ['100::', 64, 'reserved'],
  // Teredo hides the client address behind an XOR: not something to vet, so not something to reach.
  ['2001::', 32, 'reserved'],
  ['2001:2::', 48, 'reserved'],
  ['2001:db8::', 32, 'documentation'],
  ['2001:10::', 28, 'reserved'],
  ['2001:20::', 28, 'reserved'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'reserved'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'reserved'],
  ['ff00::', 8, 'multicast'],
];

/** IPv6 blocks whose last or inner 32 bits are an IPv4 address: [prefix, bits, offset of the IPv4 bytes]. */
const V4_CARRIERS: readonly (readonly [prefix: string, bits: number, offset: number])[] = [
  ['::ffff:0:0', 96, 12], // IPv4-mapped
  ['::ffff:0:0:0', 96, 12], // IPv4-translated (RFC 2765)
  ['64:ff9b::', 96, 12], // NAT64 well-known prefix
  ['2002::', 16, 2], // 6to4
];

/** The kind of an IPv4 or IPv6 address (a zone such as `%eth0` is ignored); null when it is not an address. */
export function classifyAddress(address: string): AddressKind | null {
  const bytes = addressBytes(address);
  if (bytes === null) return null;
  return bytes.length === 4 ? classifyV4(bytes) : classifyV6(bytes);
}

/** Kinds an administrator may open by allow-listing a host; the others are never a file server. */
const ALLOWABLE: ReadonlySet<AddressKind> = new Set([
  'public',
  'loopback',
  'private',
  'link-local',
  'shared',
  'documentation',
  'reserved',
]);

/** Whether a pull may connect to an address of this kind (allowListed: the host is in LANEWISE_IMPORT_ALLOW_HOSTS). */
export function mayConnect(kind: AddressKind, allowListed: boolean): boolean {
  return kind === 'public' || (allowListed && ALLOWABLE.has(kind));
}

function classifyV4(bytes: Uint8Array): AddressKind {
  return V4_TABLE.find(([prefix, bits]) => startsWith(bytes, prefix, bits))?.[2] ?? 'public';
}

function classifyV6(bytes: Uint8Array): AddressKind {
  const listed = V6_TABLE.find(([prefix, bits]) => startsWith(bytes, prefix, bits));
  if (listed) return listed[2];
  for (const [prefix, bits, offset] of CARRIER_TABLE) {
    if (startsWith(bytes, prefix, bits)) return classifyV4(bytes.subarray(offset, offset + 4));
  }
  // IPv4-compatible (::a.b.c.d, deprecated): refused whatever it carries, by the carried kind when that is not public.
  if (startsWith(bytes, COMPATIBLE, 96)) {
    const carried = classifyV4(bytes.subarray(12));
    return carried === 'public' ? 'reserved' : carried;
  }
  return startsWith(bytes, GLOBAL_UNICAST, 3) ? 'public' : 'reserved';
}

function bytesOf(prefix: string): Uint8Array {
  const bytes = addressBytes(prefix);
  if (bytes === null) throw new Error(`not an address: ${prefix}`);
  return bytes;
}

const V4_TABLE = V4_RANGES.map(([prefix, bits, kind]) => [bytesOf(prefix), bits, kind] as const);
const V6_TABLE = V6_RANGES.map(([prefix, bits, kind]) => [bytesOf(prefix), bits, kind] as const);
const CARRIER_TABLE = V4_CARRIERS.map(([prefix, bits, offset]) => [bytesOf(prefix), bits, offset] as const);
const COMPATIBLE = new Uint8Array(16);
const GLOBAL_UNICAST = Uint8Array.of(0x20, ...new Uint8Array(15));

function startsWith(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  if (bytes.length !== prefix.length) return false;
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/** The 4 or 16 bytes of an address; null when it is not one. */
export function addressBytes(address: string): Uint8Array | null {
  const text = address.replace(/%.*$/, '');
  const family = isIP(text);
  if (family === 4) return Uint8Array.from(text.split('.').map(Number));
  if (family !== 6) return null;
  return v6Bytes(text);
}

function v6Bytes(text: string): Uint8Array {
  let groups = text;
  const bytes = new Uint8Array(16);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = dotted[1].split('.').map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    groups = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = groups.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const words = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  words.forEach((word, i) => {
    const value = Number.parseInt(word, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}
