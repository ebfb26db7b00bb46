import { isIPv4, isIPv6 } from 'node:net';

// Which IP addresses an image URL may reach. A prompt (or a web page or repository the user's
// agent reads) chooses image URLs, so without this the proxy could be made to read, or port-scan,
// the user's own machine and network (server-side request forgery). Ranges from the IANA IPv4 and
// IPv6 Special-Purpose Address Registries
// (https://www.iana.org/assignments/iana-ipv4-special-registry/,
// https://www.iana.org/assignments/iana-ipv6-special-registry/). IPv6 forms that carry an IPv4
// address (mapped, compatible, translated, NAT64, 6to4) are judged by the IPv4 address inside.

/** What an address is, for the decision whether an image may be fetched from it. */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'unique-local'
  | 'metadata'
  | 'multicast'
  | 'broadcast'
  | 'unspecified'
  | 'documentation'
  | 'reserved'
  | 'invalid';

type Range = readonly [bytes: number[], prefix: number, kind: AddressKind];

const v4 = (a: string, prefix: number, kind: AddressKind): Range => [a.split('.').map(Number), prefix, kind];

// Cloud instance metadata and credential endpoints (AWS EC2/ECS/EKS, GCP, Azure, OpenStack,
// Alibaba, Oracle): never an image host, so refused even when private hosts are allowed.
const METADATA_V4: Range[] = [
  v4('169.254.169.254', 32, 'metadata'),
  v4('169.254.170.2', 32, 'metadata'),
  v4('169.254.170.23', 32, 'metadata'),
  v4('100.100.100.200', 32, 'metadata'),
  v4('192.0.0.192', 32, 'metadata'),
];

// First match wins: the more specific ranges come first.
const V4_RANGES: Range[] = [
  ...METADATA_V4,
  v4('255.255.255.255', 32, 'broadcast'),
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'shared'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'documentation'),
  v4('192.88.99.0', 24, 'reserved'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'documentation'),
  v4('198.51.100.0', 24, 'documentation'),
  v4('203.0.113.0', 24, 'documentation'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

const v6 = (a: string, prefix: number, kind: AddressKind): Range => [ipv6Bytes(a)!, prefix, kind];

// Single addresses, judged before the forms that embed an IPv4 address (:: and ::1 lie in ::/96).
const V6_EXACT: Range[] = [
  v6('fd00:ec2::254', 128, 'metadata'),
  v6('fd00:ec2::23', 128, 'metadata'),
  v6('::', 128, 'unspecified'),
  v6('::1', 128, 'loopback'),
];

const V6_RANGES: Range[] = [
  v6('64:ff9b:1::', 48, 'private'), // local-use NAT64 (RFC 8215): a translator inside the network
  v6('100::', 64, 'reserved'), // discard-only
  v6('2001:db8::', 32, 'documentation'),
  v6('2001::', 23, 'reserved'), // IETF protocol assignments incl. Teredo 2001::/32 and benchmarking
  v6('3fff::', 20, 'documentation'),
  v6('5f00::', 16, 'reserved'), // SRv6 SIDs
  v6('fc00::', 7, 'unique-local'),
  v6('fe80::', 10, 'link-local'),
  v6('fec0::', 10, 'private'), // deprecated site-local
  v6('ff00::', 8, 'multicast'),
];

// IPv6 prefixes whose last 32 bits (or, for 6to4, bits 16..48) are an IPv4 address.
const EMBEDDING_V4: readonly [bytes: number[], prefix: number, at: number, whenPublic: AddressKind][] = [
  [ipv6Bytes('::ffff:0:0')!, 96, 12, 'public'], // IPv4-mapped: the socket connects to the IPv4 address
  [ipv6Bytes('64:ff9b::')!, 96, 12, 'public'], // well-known NAT64: translated to the IPv4 address
  [ipv6Bytes('2002::')!, 16, 2, 'public'], // 6to4
  [ipv6Bytes('::ffff:0:0:0')!, 96, 12, 'reserved'], // IPv4-translated (RFC 2765)
  [ipv6Bytes('::')!, 96, 12, 'reserved'], // IPv4-compatible (deprecated); :: and ::1 are matched before
];

/** What `address` (IPv4 or IPv6, brackets and a %zone allowed) is; 'invalid' for anything that is not an IP address. */
export function classifyAddress(address: string): AddressKind {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(ip)) return classifyV4(ip.split('.').map(Number));
  const bytes = isIPv6(ip) ? ipv6Bytes(ip) : undefined;
  if (!bytes) return 'invalid';
  for (const [prefix, bits, kind] of V6_EXACT) if (matches(bytes, prefix, bits)) return kind;
  for (const [prefix, bits, at, whenPublic] of EMBEDDING_V4) {
    if (!matches(bytes, prefix, bits)) continue;
    const inner = classifyV4(bytes.slice(at, at + 4));
    return inner === 'public' ? whenPublic : inner;
  }
  for (const [prefix, bits, kind] of V6_RANGES) if (matches(bytes, prefix, bits)) return kind;
  // Global unicast is 2000::/3; everything else is unassigned.
  return (bytes[0] & 0xe0) === 0x20 ? 'public' : 'reserved';
}

function classifyV4(bytes: number[]): AddressKind {
  for (const [prefix, bits, kind] of V4_RANGES) if (matches(bytes, prefix, bits)) return kind;
  return 'public';
}

// Kinds that stay refused when the user allows private image hosts: nothing serves images there,
// and the metadata endpoints hand out cloud credentials.
const NEVER: ReadonlySet<AddressKind> = new Set(['metadata', 'multicast', 'broadcast', 'unspecified', 'invalid']);

/**
 * Whether an image may be fetched from `address`: only public addresses by default; with
 * `allowPrivate` (the allowPrivateImageHosts setting) every kind except metadata endpoints,
 * multicast, broadcast and the unspecified address.
 */
export function addressAllowed(address: string, allowPrivate: boolean): boolean {
  const kind = classifyAddress(address);
  return allowPrivate ? !NEVER.has(kind) : kind === 'public';
}

function matches(bytes: number[], prefix: number[], bits: number): boolean {
  if (bytes.length !== prefix.length) return false;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i] & mask) !== (prefix[i] & mask)) return false;
  }
  return true;
}

/** The 16 bytes of an IPv6 address (no brackets or zone), or undefined when it is not one. */
export function parseIPv6(ip: string): number[] | undefined {
  return isIPv6(ip) ? ipv6Bytes(ip) : undefined;
}

// The bytes of text already known to be an IPv6 address. The tables above are read with it as
// they are: node's isIPv6 compiles a large regular expression on first use (3–4 ms), which the
// first address check pays, not the server's start.
function ipv6Bytes(ip: string): number[] | undefined {
  // A trailing dotted quad ("::ffff:1.2.3.4") is the last two hextets.
  const text = ip.toLowerCase().replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) => `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const halves = text.split('::');
  const words = (s: string): number[] => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const left = words(halves[0]);
  const right = halves.length > 1 ? words(halves[1]) : [];
  const zeros = halves.length > 1 ? 8 - left.length - right.length : 0;
  const hextets = [...left, ...Array<number>(Math.max(zeros, 0)).fill(0), ...right];
  if (hextets.length !== 8) return undefined;
  return hextets.flatMap((h) => [h >> 8, h & 0xff]);
}
