import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createImageFetcher, DEFAULT_IMAGE_LIMITS } from '../../src-proxy/images/fetch-image';
import type { NetworkConfig } from '../../src-proxy/net/proxy-rules';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { TEST_CA_PEM, TEST_SERVER_TLS } from '../support/test-tls';

// Image URLs in requests are downloaded through the same proxy and with the same CAs as Bedrock.
// The image server is on loopback, so these fetchers allow private image hosts (the default
// refuses them: see image-ssrf.test.ts).

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let server: https.Server;
let port: number;
let proxy: ConnectProxy;

beforeAll(async () => {
  server = https.createServer(TEST_SERVER_TLS, (req, res) => {
    if (req.url === '/moved.png') return void res.writeHead(302, { location: `https://images.corp.test:${port}/cat.png` }).end();
    if (req.url === '/cat.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await proxy.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  proxy.connects.length = 0;
  proxy.refuseWith(undefined);
});

const fetcher = (network: NetworkConfig) => createImageFetcher(DEFAULT_IMAGE_LIMITS, () => network, () => true);

describe('image downloads on a corporate network', () => {
  test('go through the proxy (a name only the proxy can reach), redirects included', async () => {
    const fetch = fetcher({ httpsProxy: proxy.url, extraCa: [TEST_CA_PEM] });
    const image = await fetch(`https://images.corp.test:${port}/moved.png`);
    expect(image.format).toBe('png');
    expect(Buffer.from(image.bytes)).toEqual(PNG);
    expect(proxy.targets()).toContain(`images.corp.test:${port}`);
  });

  test('skip the proxy for NO_PROXY hosts, even while the proxy refuses everything', async () => {
    proxy.refuseWith(403);
    const fetch = fetcher({ httpsProxy: proxy.url, noProxy: '.example.com,localhost', extraCa: [TEST_CA_PEM] });
    expect((await fetch(`https://localhost:${port}/cat.png`)).format).toBe('png');
    expect(proxy.connects).toEqual([]);
  });

  test('a refusing proxy is a clear image_fetch_failed naming the proxy', async () => {
    proxy.refuseWith(403);
    const fetch = fetcher({ httpsProxy: proxy.url, extraCa: [TEST_CA_PEM] });
    await expect(fetch(`https://images.corp.test:${port}/cat.png`)).rejects.toMatchObject({ code: 'image_fetch_failed', message: expect.stringContaining(`The proxy http://127.0.0.1:${proxy.port} refused to connect to images.corp.test:${port}: HTTP 403`) });
  });

  test('a server signed by the company CA is trusted only with the CA', async () => {
    await expect(fetcher({})(`https://localhost:${port}/cat.png`)).rejects.toMatchObject({ code: 'image_fetch_failed', message: expect.stringMatching(/certificate/i) });
    expect((await fetcher({ extraCa: [TEST_CA_PEM] })(`https://localhost:${port}/cat.png`)).format).toBe('png');
  });

  test('the network config is read per download (a settings change applies to the next one)', async () => {
    let network: NetworkConfig = { extraCa: [TEST_CA_PEM] };
    const fetch = createImageFetcher(DEFAULT_IMAGE_LIMITS, () => network, () => true);
    await fetch(`https://localhost:${port}/cat.png`);
    expect(proxy.connects).toEqual([]);
    network = { httpsProxy: proxy.url, extraCa: [TEST_CA_PEM] };
    await fetch(`https://localhost:${port}/cat.png`);
    expect(proxy.targets()).toEqual([`localhost:${port}`]);
  });
});
