import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterEach, describe, expect, test } from 'vitest';
import { createRuntimeClient } from '../../src-proxy/bedrock/runtime-client';
import { emulatorClientConfig } from '../support/bedrock-emulator';
import { eventFrame } from '../support/bedrock-emulator/eventstream';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { readSse, startHarness, type Harness } from '../support/harness';
import { TEST_CA_PEM, TEST_SERVER_TLS } from '../support/test-tls';

// The Bedrock runtime (HTTP/2 over TLS, ALPN h2) and the control plane (HTTP/1.1) through a
// company proxy, over TLS signed by a company CA. bedrock.corp.test resolves nowhere: only the
// proxy (which connects to 127.0.0.1) can reach it, so an answer proves the tunnel was used.

let h: Harness | undefined;
let proxy: ConnectProxy | undefined;
afterEach(async () => {
  await h?.close();
  await proxy?.close();
  h = proxy = undefined;
});

const chat = (stream = false) => ({ model: 'claude-sonnet', stream, messages: [{ role: 'user', content: 'hi' }] });

async function start(network: (proxyUrl: string) => object, endpointHost = 'bedrock.corp.test'): Promise<Harness> {
  const p = (proxy = await startConnectProxy());
  return startHarness({
    emulator: { tls: TEST_SERVER_TLS },
    gateway: (emu) => {
      const url = `https://${endpointHost}:${emu.port}`;
      return { endpoint: url, controlEndpoint: url, network: network(p.url) };
    },
  });
}

describe('Bedrock through a CONNECT proxy', () => {
  test('non-streamed and streamed calls and the model listing all go through the tunnel', async () => {
    h = await start((url) => ({ httpsProxy: url, extraCa: [TEST_CA_PEM] }));
    h.emu.setHandler((req) => ({ text: req.operation === 'ConverseStream' ? 'streamed via proxy' : 'via proxy' }));
    const plain = await h.post('/v1/chat/completions', chat());
    expect(plain.status).toBe(200);
    expect((await plain.json()).choices[0].message.content).toBe('via proxy');
    const streamed = await h.post('/v1/chat/completions', chat(true));
    const events = await readSse(streamed);
    expect(events.at(-1)).toBe('[DONE]');
    const models = await fetch(`${h.proxy.url}/v1/models`);
    expect(models.status).toBe(200);
    expect(h.emu.requests.map((r) => r.operation)).toEqual(expect.arrayContaining(['Converse', 'ConverseStream', 'ListFoundationModels']));
    // HTTP/2 reached the runtime (the SDK signs :authority with the name it asked for).
    expect(h.emu.lastRequest('Converse')!.headers[':authority']).toBe(`bedrock.corp.test:${h.emu.port}`);
    const target = `bedrock.corp.test:${h.emu.port}`;
    // One session shared by Converse and the stream (h2-pool.ts), at least one more for the control plane (HTTP/1.1).
    expect(proxy!.targets().filter((t) => t === target).length).toBeGreaterThanOrEqual(2);
    expect(proxy!.targets().every((t) => t === target)).toBe(true);
  });

  test('a streamed answer that reaches the tunnel in one piece is read to its end', async () => {
    // Every frame in one write, so one read on our side: through the tunnel HTTP/2 runs over a JS
    // stream and parses it all before the SDK starts reading the stream, which Node 24.20+ then
    // called a premature close (src-proxy/bedrock/event-stream-body.ts). The three streams share one
    // pooled session (one tunnel).
    proxy = await startConnectProxy();
    const frames = Buffer.concat([
      eventFrame('messageStart', { role: 'assistant' }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'in one piece' } }),
      eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
      eventFrame('messageStop', { stopReason: 'end_turn' }),
    ]);
    const server = http2.createSecureServer(TEST_SERVER_TLS);
    server.on('stream', (stream) => {
      stream.resume();
      stream.on('end', () => {
        stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream' });
        stream.end(frames);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const { client } = createRuntimeClient(emulatorClientConfig(`https://bedrock.corp.test:${port}`), { httpsProxy: proxy.url, extraCa: [TEST_CA_PEM] });
    try {
      for (let i = 0; i < 3; i++) {
        const out = await client.send(new ConverseStreamCommand({ modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
        const events: string[] = [];
        for await (const event of out.stream!) events.push(Object.keys(event)[0]);
        expect(events).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop']);
      }
      expect(proxy.targets()).toEqual([`bedrock.corp.test:${port}`]);
    } finally {
      client.destroy();
      server.close();
    }
  });

  test('NO_PROXY sends a listed host direct: the proxy sees nothing, even while it refuses everything', async () => {
    h = await start((url) => ({ httpsProxy: url, noProxy: 'example.com, localhost', extraCa: [TEST_CA_PEM] }), 'localhost');
    proxy!.refuseWith(403);
    h.emu.setHandler(() => ({ text: 'direct' }));
    expect((await h.post('/v1/chat/completions', chat())).status).toBe(200);
    expect((await readSse(await h.post('/v1/chat/completions', chat(true)))).at(-1)).toBe('[DONE]');
    expect((await fetch(`${h.proxy.url}/v1/models`)).status).toBe(200);
    expect(h.emu.lastRequest('ListFoundationModels')).toBeDefined();
    expect(proxy!.connects).toEqual([]);
  });

  test('a refusing proxy fails the call with a sentence naming the proxy (without its password) and the target', async () => {
    h = await start((url) => ({ httpsProxy: url.replace('http://', 'http://alice:s3cret@'), extraCa: [TEST_CA_PEM] }));
    proxy!.refuseWith(403);
    const res = await h.post('/v1/chat/completions', chat());
    expect(res.status).toBe(502);
    const { error } = await res.json();
    expect(error.code).toBe('bedrock_unreachable');
    const message: string = error.message;
    expect(message).toContain("check the proxy in Outcrop's settings");
    expect(message).toContain(`refused to connect to bedrock.corp.test:${h.emu.port}: HTTP 403`);
    expect(message).toContain(`http://***@127.0.0.1:${proxy!.port}`);
    expect(message).not.toContain('s3cret');
    expect(h.emu.requests).toEqual([]);
  });

  test('credentials in the proxy URL are sent as Proxy-Authorization basic (percent-decoded)', async () => {
    h = await start((url) => ({ httpsProxy: url.replace('http://', 'http://alice%40corp:p%3Ass@'), extraCa: [TEST_CA_PEM] }));
    proxy!.requireAuth('alice@corp', 'p:ss');
    h.emu.setHandler(() => ({ text: 'authenticated' }));
    expect((await h.post('/v1/chat/completions', chat())).status).toBe(200);
    expect((await readSse(await h.post('/v1/chat/completions', chat(true)))).at(-1)).toBe('[DONE]');
    expect((await fetch(`${h.proxy.url}/v1/models`)).status).toBe(200);
    expect(proxy!.connects.length).toBeGreaterThanOrEqual(3);
    for (const c of proxy!.connects) expect(c).toMatchObject({ status: 200, proxyAuthorization: `Basic ${Buffer.from('alice@corp:p:ss').toString('base64')}` });
  });

  test('a proxy that wants a password and gets none: 407 is explained', async () => {
    h = await start((url) => ({ httpsProxy: url, extraCa: [TEST_CA_PEM] }));
    proxy!.requireAuth('alice', 'pw');
    const res = await h.post('/v1/chat/completions', chat());
    expect((await res.json()).error.message).toMatch(/HTTP 407 .*user:password@ in the proxy URL/);
  });
});

describe('Bedrock over TLS signed by a company CA', () => {
  test('trusted only when the CA is given: without it the call fails with a certificate error', async () => {
    h = await start(() => ({}), 'localhost');
    h.emu.setHandler(() => ({ text: 'never' }));
    const res = await h.post('/v1/chat/completions', chat());
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect((await res.json()).error.message).toMatch(/certificate/i);
    expect(h.emu.requests).toEqual([]);
  });

  test('with the CA (no proxy) runtime calls, streams and listings work, and public roots stay trusted', async () => {
    h = await start(() => ({ extraCa: [TEST_CA_PEM] }), 'localhost');
    h.emu.setHandler(() => ({ text: 'trusted' }));
    expect((await h.post('/v1/chat/completions', chat())).status).toBe(200);
    expect((await readSse(await h.post('/v1/chat/completions', chat(true)))).at(-1)).toBe('[DONE]');
    expect((await fetch(`${h.proxy.url}/v1/models`)).status).toBe(200);
    expect(h.emu.lastRequest('ListFoundationModels')).toBeDefined();
  });
});
