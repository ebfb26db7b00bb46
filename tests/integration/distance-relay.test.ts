import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, test } from 'vitest';
import { emulatorClientConfig, startBedrockEmulator } from '../support/bedrock-emulator';
import { startDistanceRelay, type DistanceRelay } from '../support/distance-relay';
import { TEST_CA_PEM, TEST_SERVER_TLS } from '../support/test-tls';
import { until } from '../support/wait';

const waitFor = (probe: () => boolean) => until('the relay', probe, { ms: 5000 });

// The relay that simulates distance to Bedrock for `npm run bench` and `npm run emulator -- --rtt-ms`.
// Delays are asserted only as lower bounds (a busy machine makes them longer, never shorter).

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A TCP server whose connection handler the test chooses; resolves with its port and its sockets. */
async function server(onConnection: (s: net.Socket) => void): Promise<{ port: number; sockets: net.Socket[] }> {
  const sockets: net.Socket[] = [];
  const srv = net.createServer({ allowHalfOpen: true }, (s) => {
    sockets.push(s);
    s.on('error', () => {});
    onConnection(s);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => {
    for (const s of sockets) s.destroy();
    srv.close(r);
  }));
  return { port: (srv.address() as net.AddressInfo).port, sockets };
}

const echo = (s: net.Socket) => s.pipe(s);

async function relayTo(port: number, rttMs: number, extra: { handshakeMs?: number; maxInFlightBytes?: number } = {}): Promise<DistanceRelay> {
  const relay = await startDistanceRelay({ target: { host: '127.0.0.1', port }, rttMs, ...extra });
  cleanups.push(() => relay.close());
  return relay;
}

function connect(relay: DistanceRelay): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: relay.port, allowHalfOpen: true }, () => resolve(s));
    s.once('error', reject);
    cleanups.push(() => s.destroy());
  });
}

/** Reads until `n` bytes have arrived. */
function readBytes(s: net.Socket, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      parts.push(c);
      got += c.length;
      if (got >= n) {
        s.off('data', onData);
        resolve(Buffer.concat(parts));
      }
    };
    s.on('data', onData);
    s.once('error', reject);
  });
}

const event = (s: net.Socket, name: string) => new Promise<unknown>((r) => s.once(name, r));

describe('distance relay', () => {
  test('bytes pass intact both ways, including megabytes in small and large writes', async () => {
    const toClient = randomBytes(3 * 1024 * 1024);
    const { port } = await server((s) => {
      s.write(toClient);
      echo(s);
    });
    const relay = await relayTo(port, 10);
    const c = await connect(relay);
    const sent = randomBytes(2 * 1024 * 1024);
    const all = readBytes(c, toClient.length + sent.length);
    for (let i = 0; i < sent.length; i += 1000) c.write(sent.subarray(i, i + 1000));
    const got = await all;
    expect(got.subarray(0, toClient.length).equals(toClient)).toBe(true);
    expect(got.subarray(toClient.length).equals(sent)).toBe(true);
  });

  test('order is kept under load: 20 connections each echo 300 numbered writes', async () => {
    const { port } = await server(echo);
    const relay = await relayTo(port, 4, { handshakeMs: 0 });
    await Promise.all(Array.from({ length: 20 }, async (_, conn) => {
      const c = await connect(relay);
      const msgs = Array.from({ length: 300 }, (_, i) => `${conn}:${i};`.padEnd(17 + (i % 50), '.'));
      const text = msgs.join('');
      const back = readBytes(c, Buffer.byteLength(text));
      for (const m of msgs) {
        c.write(m);
        if (Math.random() < 0.1) await new Promise((r) => setImmediate(r));
      }
      expect((await back).toString()).toBe(text);
    }));
    expect(relay.stats.connections).toBe(20);
  });

  test('delays: the first answer takes at least the handshake plus one round trip, later ones at least one round trip', async () => {
    const { port } = await server(echo);
    const relay = await relayTo(port, 80, { handshakeMs: 80 });
    const t0 = performance.now();
    const c = await connect(relay);
    c.write('ping');
    await readBytes(c, 4);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2 * 80 - 2);
    const t1 = performance.now();
    c.write('pong');
    await readBytes(c, 4);
    expect(performance.now() - t1).toBeGreaterThanOrEqual(80 - 2);
  });

  test('counts connections accepted and open', async () => {
    const { port } = await server(echo);
    const relay = await relayTo(port, 2);
    const socks = await Promise.all([connect(relay), connect(relay), connect(relay)]);
    await waitFor(() => relay.stats.connections === 3 && relay.stats.openConnections === 3);
    socks[0].end();
    socks[1].destroy();
    await waitFor(() => relay.stats.openConnections === 1);
    expect(relay.stats.connections).toBe(3);
    relay.resetStats();
    expect(relay.stats).toEqual({ connections: 0, openConnections: 1, resets: 0 });
    await connect(relay);
    await waitFor(() => relay.stats.connections === 1 && relay.stats.openConnections === 2);
  });

  test('a client FIN reaches the server after its data; the server can still answer (half close), then its FIN reaches the client', async () => {
    let serverSaw = '';
    const { port } = await server((s) => {
      s.on('data', (d) => (serverSaw += d));
      s.on('end', () => s.end(`got ${serverSaw}`));
    });
    const relay = await relayTo(port, 10);
    const c = await connect(relay);
    let answer = '';
    c.on('data', (d) => (answer += d));
    const ended = event(c, 'end');
    c.end('hello');
    await ended;
    expect(answer).toBe('got hello');
    await waitFor(() => relay.stats.openConnections === 0);
  });

  test('a reset from the client reaches the server, and one from the server reaches the client', async () => {
    const { port, sockets } = await server(() => {});
    const relay = await relayTo(port, 4);
    const c1 = await connect(relay);
    await waitFor(() => sockets.length === 1);
    const serverError = event(sockets[0], 'error');
    c1.resetAndDestroy();
    expect((await serverError as NodeJS.ErrnoException).code).toBe('ECONNRESET');

    const c2 = await connect(relay);
    c2.on('error', () => {});
    await waitFor(() => sockets.length === 2);
    const clientError = event(c2, 'error');
    sockets[1].resetAndDestroy();
    expect((await clientError as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    await waitFor(() => relay.stats.openConnections === 0 && relay.stats.resets === 2);
  });

  test('a client that stops reading pushes back on the server (bounded buffering), then gets every byte', async () => {
    const big = randomBytes(24 * 1024 * 1024);
    let serverSocket: net.Socket | undefined;
    const { port } = await server((s) => {
      serverSocket = s;
      s.write(big);
    });
    const relay = await relayTo(port, 2, { maxInFlightBytes: 64 * 1024 });
    const c = await connect(relay);
    c.pause();
    await waitFor(() => serverSocket !== undefined);
    // The server still holds most of its write: the relay stopped reading from it.
    await new Promise((r) => setTimeout(r, 300));
    expect(serverSocket!.writableLength).toBeGreaterThan(big.length / 4);
    const all = readBytes(c, big.length);
    c.resume();
    expect((await all).equals(big)).toBe(true);
  });

  test('the AWS SDK talks TLS and HTTP/2 to the Bedrock emulator through it; connections counted as the emulator counts them', async () => {
    const emu = await startBedrockEmulator({ tls: TEST_SERVER_TLS });
    cleanups.push(() => emu.close());
    const relay = await startDistanceRelay({ target: emu.url, rttMs: 10 });
    cleanups.push(() => relay.close());
    expect(relay.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const sdk = new BedrockRuntimeClient({ ...emulatorClientConfig(relay.url), requestHandler: { nodeHttp2ConnectOptions: { ca: TEST_CA_PEM } } });
    cleanups.push(() => sdk.destroy());
    emu.script({ text: 'one' }, { text: 'two' });
    const a = await sdk.send(new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    expect(a.output?.message?.content?.[0]?.text).toBe('one');
    const s = await sdk.send(new ConverseStreamCommand({ modelId: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    let text = '';
    for await (const ev of s.stream!) text += ev.contentBlockDelta?.delta?.text ?? '';
    expect(text).toBe('two');
    expect(relay.stats.connections).toBeGreaterThanOrEqual(1);
    expect(relay.stats.connections).toBe(emu.stats.connections);
  });
});
