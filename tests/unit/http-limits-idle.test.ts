import http from 'node:http';
import net from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { checkOnlyWhileConnected, connectionsChecker } from '../../src-proxy/http-limits';

// Node checks headersTimeout / requestTimeout with an interval it arms when a server listens; an
// idle proxy must not be woken by it. These tests read that interval where Node keeps it.

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Node's checking interval of `server` (undefined before the first listen). */
function checkTimer(server: http.Server): (NodeJS.Timeout & { _destroyed: boolean; _idleTimeout: number }) | undefined {
  const key = Object.getOwnPropertySymbols(server).find((s) => s.description === 'http.server.connectionsCheckingInterval');
  return key ? (server as unknown as Record<symbol, never>)[key] : undefined;
}
const armed = (server: http.Server): boolean => checkTimer(server)?._destroyed === false;

async function listening(server: http.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket)).on('error', reject);
  });
}

/** Resolves once `probe` holds (the server sees a connect or a close a moment after the client). */
async function until(probe: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !probe(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(probe()).toBe(true);
}

test('canary: this Node exposes the checking interval and its set-up (else idle servers wake every 10 s again)', async () => {
  const server = http.createServer({ connectionsCheckingInterval: 10_000 });
  expect(connectionsChecker(server)).toBeDefined();
  await listening(server);
  expect(armed(server)).toBe(true);
  expect(checkTimer(server)!._idleTimeout).toBe(10_000);
});

test('a plain server keeps checking with no connection open (what checkOnlyWhileConnected changes)', async () => {
  const server = http.createServer({ connectionsCheckingInterval: 10_000 });
  await listening(server);
  expect(armed(server)).toBe(true);
});

test('the check runs only while a connection is open, and again for the next one', async () => {
  const server = http.createServer({ connectionsCheckingInterval: 10_000 }, (_req, res) => res.end('ok'));
  checkOnlyWhileConnected(server);
  // The server's end of each connection (its 'close' listeners run after checkOnlyWhileConnected's).
  const serverSide: net.Socket[] = [];
  server.on('connection', (s: net.Socket) => serverSide.push(s));
  const port = await listening(server);
  expect(armed(server)).toBe(false);

  const a = await connect(port);
  const b = await connect(port);
  await until(() => armed(server));
  expect(checkTimer(server)!._idleTimeout).toBe(10_000);
  a.destroy();
  // One connection is still open: its limits are still checked, once the server has seen the other close.
  await until(() => serverSide.some((s) => s.closed));
  expect(armed(server)).toBe(true);
  b.destroy();
  await until(() => !armed(server));

  const c = await connect(port);
  await until(() => armed(server));
  c.destroy();
  await until(() => !armed(server));
});

test('a client that stalls while sending its headers is still cut after the check was stopped and re-armed', async () => {
  const server = http.createServer({ headersTimeout: 200, requestTimeout: 400, connectionsCheckingInterval: 50 }, (_req, res) => res.end('ok'));
  checkOnlyWhileConnected(server);
  const port = await listening(server);
  // A first client comes and goes: the check stops after it.
  (await connect(port)).destroy();
  await until(() => !armed(server));

  const stalled = await connect(port);
  stalled.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  let answer = '';
  stalled.on('data', (d) => (answer += d));
  await new Promise((r) => stalled.on('close', r));
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
});
