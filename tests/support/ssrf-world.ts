import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { HostResolver } from '../../src-proxy/net/host-guard';
import { TEST_SERVER_TLS } from './test-tls';

// The world of the SSRF tests: a loopback "target" that records every connection and request
// that got through (it must see none), a "public" image server (plain and TLS) standing in for an
// internet host, and a resolver mapping test names to addresses. Every checked address is dialled
// at 127.0.0.1 (the dial seam), so a name that wrongly passed the check lands on the target (its
// URLs use the target's port) and nothing ever leaves the machine.

export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** The public-looking address every "public" test name resolves to. */
export const PUBLIC_ADDRESS = '93.184.216.34';

export interface SsrfWorld {
  targetPort: number;
  publicPort: number;
  tlsPort: number;
  /** Connections and requests the target saw. */
  target: { connections: number; requests: string[] };
  /** Requests the public servers saw: `host url`. */
  publicRequests: string[];
  /** Names asked of the resolver, in order. */
  lookups: string[];
  /** Addresses dialled after the check. */
  dials: string[];
  resolve: HostResolver;
  dialAddress(checked: string): string;
  reset(): void;
  close(): Promise<void>;
}

/** Names and what they resolve to; functions answer per call (rebinding). */
const NAMES: Record<string, (call: number) => string[]> = {
  'public.test': () => [PUBLIC_ADDRESS],
  'cdn.corp.test': () => [PUBLIC_ADDRESS],
  'wrong.test': () => [PUBLIC_ADDRESS],
  'evil.test': () => ['127.0.0.1'],
  'evil6.test': () => ['::1'],
  'mapped.test': () => ['::ffff:127.0.0.1'],
  'private.test': () => ['10.0.0.7'],
  'router.test': () => ['192.168.1.1'],
  'metadata.test': () => ['169.254.169.254'],
  'cgnat.test': () => ['100.64.0.1'],
  'ula.test': () => ['fd12:3456::1'],
  'mixed.test': () => [PUBLIC_ADDRESS, '127.0.0.1'],
  'rebind.test': (call) => (call === 1 ? [PUBLIC_ADDRESS] : ['127.0.0.1']),
};

export async function startSsrfWorld(): Promise<SsrfWorld> {
  const target = { connections: 0, requests: [] as string[] };
  const publicRequests: string[] = [];
  const lookups: string[] = [];
  const dials: string[] = [];
  const targetServer = http.createServer((req, res) => {
    target.requests.push(`${req.headers.host} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
  });
  targetServer.on('connection', () => target.connections++);
  const serveImages = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    publicRequests.push(`${req.headers.host} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/cat.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (url.pathname === '/redirect') return void res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    const hop = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (hop) return void res.writeHead(302, { location: Number(hop[1]) > 0 ? `/chain/${Number(hop[1]) - 1}` : '/cat.png' }).end();
    res.writeHead(404).end();
  };
  const publicServer = http.createServer(serveImages);
  const tlsServer = https.createServer(TEST_SERVER_TLS, serveImages);
  const servers = [targetServer, publicServer, tlsServer];
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  const portOf = (s: http.Server): number => (s.address() as AddressInfo).port;
  const calls = new Map<string, number>();
  return {
    targetPort: portOf(targetServer),
    publicPort: portOf(publicServer),
    tlsPort: portOf(tlsServer),
    target,
    publicRequests,
    lookups,
    dials,
    async resolve(name) {
      lookups.push(name);
      const call = (calls.get(name) ?? 0) + 1;
      calls.set(name, call);
      const answer = NAMES[name]?.(call);
      if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
    dialAddress(checked) {
      dials.push(checked);
      return '127.0.0.1';
    },
    reset() {
      target.connections = 0;
      target.requests.length = 0;
      publicRequests.length = 0;
      lookups.length = 0;
      dials.length = 0;
      calls.clear();
    },
    async close() {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}

/** The one refusal message for an image URL (naming the URL asked for, never where it led). */
export function refusalFor(url: string): string {
  const u = new URL(url);
  return `Image URL ${u.origin}${u.pathname} points to a private or local network address; Outcrop does not fetch those (turn on 'Allow private image hosts' in Settings if you need it).`;
}

/** Literal address forms of local and private hosts (port filled in by the test). */
export const LITERAL_FORMS = [
  '127.0.0.1',
  'localhost',
  'LocalHost.',
  '[::1]',
  '0.0.0.0',
  '0',
  '[::]',
  '127.1',
  '2130706433',
  '0x7f000001',
  '0177.0.0.1',
  '0x7f.1',
  '[::ffff:127.0.0.1]',
  '[::ffff:7f00:1]',
  '[::127.0.0.1]',
  '[64:ff9b::127.0.0.1]',
  '[2002:7f00:1::]',
  '10.0.0.1',
  '172.16.0.1',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '[fe80::1]',
  '[fc00::1]',
  '[fd00:ec2::254]',
  '224.0.0.1',
  '[ff02::1]',
  '255.255.255.255',
  '198.18.0.1',
  '240.0.0.1',
];

/** Names that resolve to local or private addresses (see NAMES). */
export const EVIL_NAMES = ['evil.test', 'evil6.test', 'mapped.test', 'private.test', 'router.test', 'metadata.test', 'cgnat.test', 'ula.test', 'mixed.test', 'printer.localhost'];
