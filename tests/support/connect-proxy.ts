// A company proxy for tests: answers HTTP CONNECT, records each target (host:port) and the
// Proxy-Authorization it was sent, and can refuse or demand a password. Whatever host a client
// asks for, it connects to 127.0.0.1 on the asked port, so tests can use names that only resolve
// through the proxy (bedrock.corp.test) and nothing ever leaves the machine.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

export interface ConnectRecord {
  /** host:port as the client asked for it. */
  target: string;
  proxyAuthorization?: string;
  /** What the proxy answered. */
  status: number;
}

export interface ConnectProxy {
  url: string;
  port: number;
  /** Every CONNECT seen, oldest first. */
  connects: ConnectRecord[];
  /** Just the targets of `connects`. */
  targets(): string[];
  /** Answer every CONNECT with this status (e.g. 403) instead of tunnelling; undefined tunnels again. */
  refuseWith(status: number | undefined): void;
  /** Demand this user and password (407 otherwise); undefined accepts anyone. */
  requireAuth(user: string | undefined, password?: string): void;
  close(): Promise<void>;
}

/** Starts a CONNECT proxy on 127.0.0.1, port 0. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const connects: ConnectRecord[] = [];
  let refuse: number | undefined;
  let expectedAuth: string | undefined;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    // Only tunnels: a plain (forwarding) request is not something Outcrop sends.
    res.writeHead(405, { 'content-type': 'text/plain' }).end('This test proxy only tunnels (CONNECT).');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on('error', () => {});
    const target = req.url ?? '';
    const proxyAuthorization = req.headers['proxy-authorization'];
    const answer = (status: number, reason: string, extra = ''): void => {
      connects.push({ target, proxyAuthorization, status });
      client.end(`HTTP/1.1 ${status} ${reason}\r\n${extra}content-length: 0\r\n\r\n`);
    };
    if (expectedAuth !== undefined && proxyAuthorization !== expectedAuth) return answer(407, 'Proxy Authentication Required', 'proxy-authenticate: Basic realm="corp"\r\n');
    if (refuse !== undefined) return answer(refuse, 'Refused by policy');
    const port = Number(/:(\d+)$/.exec(target)?.[1]);
    if (!port) return answer(400, 'Bad Request');
    const upstream = net.connect({ host: '127.0.0.1', port });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.once('error', () => {
      if (!client.writableEnded) answer(502, 'Bad Gateway');
      client.destroy();
    });
    upstream.once('connect', () => {
      connects.push({ target, proxyAuthorization, status: 200 });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    targets: () => connects.map((c) => c.target),
    refuseWith: (status) => {
      refuse = status;
    },
    requireAuth: (user, password = '') => {
      expectedAuth = user === undefined ? undefined : `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
