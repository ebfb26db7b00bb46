import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createBedrockGateway, type BedrockGateway } from '../../src-proxy/bedrock/gateway';
import { createImageFetcher, fetchAll, MAX_IMAGES_PER_REQUEST, MAX_PARALLEL_DOWNLOADS, type ImageFetcher } from '../../src-proxy/images/fetch-image';
import { startProxy, type RunningProxy } from '../../src-proxy/server';
import { defaultSettings } from '../../src-shared/settings';
import { isRuntimeCall, startBedrockEmulator, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type BedrockEmulator } from '../support/bedrock-emulator';
import { PNG, refusalFor, startSsrfWorld, type SsrfWorld } from '../support/ssrf-world';
import { until } from '../support/wait';

// A request names the image URLs the proxy downloads: their number is capped before any download
// (a body can hold tens of thousands), a few run at once, and the first failure aborts the rest.
// Names resolve through the SSRF world's resolver (public.test is "public", evil.test loopback) and
// every checked address is dialled at 127.0.0.1, so downloads land on the local servers below.

/**
 * An image host that counts connections and downloads open at once. `/slow/*` never answers (until
 * the client hangs up); `/missing` is a 404; anything else is held until `min(N, still to come)`
 * downloads are open together, then answered: a fetchAll that runs fewer than N at once stalls.
 */
interface ImageHost {
  port: number;
  /** Paths requested, in order. */
  requests: string[];
  /** `slow` counts connections with a /slow/* request on them that are still open. */
  open: { sockets: number; downloads: number; slow: number };
  peak: { sockets: number; downloads: number };
  /** Downloads (other than slow and missing ones) the next test will make. */
  expect(total: number): void;
  reset(): void;
  close(): Promise<void>;
}

async function startImageHost(): Promise<ImageHost> {
  // Sockets of this test only: reset() drops the kept-alive ones of earlier tests.
  let sockets = new Set<Socket>();
  let slow = new Set<Socket>();
  const open = {
    get sockets() {
      return sockets.size;
    },
    get slow() {
      return slow.size;
    },
    downloads: 0,
  };
  const peak = { sockets: 0, downloads: 0 };
  const requests: string[] = [];
  let held: http.ServerResponse[] = [];
  let toCome = 0;
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url?.startsWith('/slow/')) {
      const mine = slow;
      mine.add(req.socket);
      req.socket.on('close', () => mine.delete(req.socket));
      return;
    }
    if (req.url === '/missing') return void res.writeHead(404).end();
    held.push(res);
    open.downloads++;
    peak.downloads = Math.max(peak.downloads, open.downloads);
    if (held.length < Math.min(MAX_PARALLEL_DOWNLOADS, toCome)) return;
    toCome -= held.length;
    open.downloads -= held.length;
    for (const r of held) r.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    held = [];
  });
  server.on('connection', (socket) => {
    const mine = sockets;
    mine.add(socket);
    peak.sockets = Math.max(peak.sockets, mine.size);
    socket.on('close', () => mine.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    open,
    peak,
    expect(total) {
      toCome = total;
    },
    reset() {
      requests.length = 0;
      for (const socket of sockets) socket.destroy();
      sockets = new Set();
      slow = new Set();
      held = [];
      open.downloads = 0;
      peak.sockets = 0;
      peak.downloads = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

let world: SsrfWorld;
let host: ImageHost;
let emu: BedrockEmulator;
let bedrock: BedrockGateway;
let proxy: RunningProxy;
// Long enough that only an abort, never the download timeout, ends a slow download in a test.
const LIMITS = { maxBytes: 1024 * 1024, timeoutMs: 120_000 };
const fetcher = (): ImageFetcher => createImageFetcher(LIMITS, () => undefined, () => false, { resolve: world.resolve, dialAddress: world.dialAddress });

beforeAll(async () => {
  world = await startSsrfWorld();
  host = await startImageHost();
  emu = await startBedrockEmulator();
  bedrock = createBedrockGateway({
    region: 'us-east-1',
    endpoint: emu.url,
    controlEndpoint: emu.url,
    credentials: () => async () => ({ accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }),
    maxAttempts: 1,
  });
  const settings = defaultSettings();
  proxy = await startProxy({ host: '127.0.0.1', port: 0, bedrock, settings: () => settings, fetchImage: fetcher() });
});
afterAll(async () => {
  await proxy.close();
  bedrock.close();
  await emu.close();
  await host.close();
  await world.close();
});
beforeEach(() => {
  world.reset();
  host.reset();
  emu.reset();
});

const ROUTES = {
  chat: {
    path: '/v1/chat/completions',
    body: (urls: string[]) => ({ model: 'claude-sonnet', messages: [{ role: 'user', content: [{ type: 'text', text: 'Compare these.' }, ...urls.map((url) => ({ type: 'image_url', image_url: { url } }))] }] }),
    error: (json: { error: { code: string; message: string } }) => `${json.error.code}: ${json.error.message}`,
  },
  messages: {
    path: '/v1/messages',
    body: (urls: string[]) => ({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: [...urls.map((url) => ({ type: 'image', source: { type: 'url', url } })), { type: 'text', text: 'Compare.' }] }] }),
    error: (json: { type: string; error: { type: string; message: string } }) => `${json.type}/${json.error.type}: ${json.error.message}`,
  },
  responses: {
    path: '/v1/responses',
    body: (urls: string[]) => ({ model: 'claude-sonnet', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Compare.' }, ...urls.map((image_url) => ({ type: 'input_image', image_url }))] }] }),
    error: (json: { error: { code: string; message: string } }) => `${json.error.code}: ${json.error.message}`,
  },
} as const;
type RouteName = keyof typeof ROUTES;

async function post(route: RouteName, urls: string[]): Promise<{ status: number; error?: string }> {
  const r = ROUTES[route];
  const res = await fetch(`${proxy.url}${r.path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify(r.body(urls)) });
  const json = await res.json();
  return { status: res.status, error: res.status === 200 ? undefined : r.error(json as never) };
}

const tooMany = (n: number): string => `At most ${MAX_IMAGES_PER_REQUEST} image URLs per request (Bedrock takes at most ${MAX_IMAGES_PER_REQUEST} images); this one has ${n}.`;
const expectedError: Record<RouteName, (message: string) => string> = {
  chat: (m) => `invalid_request: ${m}`,
  messages: (m) => `error/invalid_request_error: ${m}`,
  responses: (m) => `invalid_request: ${m}`,
};
/** Distinct URLs the SSRF world's recording target would answer (public.test is dialled at 127.0.0.1). */
const targetUrls = (n: number): string[] => Array.from({ length: n }, (_, i) => `http://public.test:${world.targetPort}/img/${i}.png`);

describe.each(Object.keys(ROUTES) as RouteName[])('%s: the number of image URLs', (route) => {
  test(`${MAX_IMAGES_PER_REQUEST + 1} distinct URLs are a 400 naming the count and the limit, before any lookup or connection`, async () => {
    const urls = targetUrls(MAX_IMAGES_PER_REQUEST + 1);
    expect(await post(route, urls)).toEqual({ status: 400, error: expectedError[route](tooMany(MAX_IMAGES_PER_REQUEST + 1)) });
    expect(world.lookups).toEqual([]);
    expect(world.target.connections).toBe(0);
    expect(emu.requests.filter(isRuntimeCall)).toHaveLength(0);
  });

  test(`${MAX_IMAGES_PER_REQUEST} URLs, the limit, are all fetched and sent`, async () => {
    expect((await post(route, targetUrls(MAX_IMAGES_PER_REQUEST))).status).toBe(200);
    expect(world.target.requests).toHaveLength(MAX_IMAGES_PER_REQUEST);
  });
});

describe('downloads of one request', () => {
  test(`run ${MAX_PARALLEL_DOWNLOADS} at once, never more`, async () => {
    const urls = Array.from({ length: MAX_IMAGES_PER_REQUEST }, (_, i) => `http://public.test:${host.port}/img/${i}.png`);
    host.expect(urls.length);
    const running = { now: 0, peak: 0 };
    const fetch = fetcher();
    const counted: ImageFetcher = async (url, signal) => {
      running.peak = Math.max(running.peak, ++running.now);
      return fetch(url, signal).finally(() => running.now--);
    };
    const images = await fetchAll(urls, counted);
    expect([...images.keys()]).toEqual(urls);
    expect(host.requests).toHaveLength(urls.length);
    // The host answers only when N are open together, so reaching the end proves N ran at once.
    expect(host.peak.downloads).toBe(MAX_PARALLEL_DOWNLOADS);
    expect(running.peak).toBe(MAX_PARALLEL_DOWNLOADS);
    expect(host.peak.sockets).toBeLessThanOrEqual(MAX_PARALLEL_DOWNLOADS);
  });

  test('a refused URL among slow ones: the request answers at once and the slow downloads are aborted', async () => {
    const slow = (i: number): string => `http://public.test:${host.port}/slow/${i}`;
    const refused = `http://evil.test:${host.port}/secret.png`;
    const urls = [slow(0), slow(1), slow(2), refused, slow(4), slow(5), slow(6), slow(7)];
    // The slow host never answers and downloads time out after two minutes: only an abort ends them.
    expect(await post('chat', urls)).toEqual({ status: 400, error: `image_fetch_failed: ${refusalFor(refused)}` });
    // A connection still being opened when the abort came carries no request: node hands it back
    // to the agent's idle pool (closed after its idle time), so only connections with a request count.
    await until('every slow download aborted (its socket closed)', () => host.open.slow === 0);
    // URLs still queued when the refusal came were never requested.
    expect(host.requests.filter((p) => p === '/slow/6' || p === '/slow/7')).toEqual([]);
    expect(world.target.connections).toBe(0);
    expect(emu.requests.filter(isRuntimeCall)).toHaveLength(0);
  });

  test('a failed download (HTTP 404) among slow ones aborts them and starts no more', async () => {
    const urls = [0, 1, 2, 3].map((i) => `http://public.test:${host.port}/slow/${i}`);
    urls.splice(2, 0, `http://public.test:${host.port}/missing`);
    urls.push(...[5, 6, 7].map((i) => `http://public.test:${host.port}/slow/${i}`));
    await expect(fetchAll(urls, fetcher())).rejects.toThrow(`Could not download image http://public.test:${host.port}/missing: HTTP 404.`);
    await until('every slow download aborted (its socket closed)', () => host.open.slow === 0);
    expect(host.requests.filter((p) => ['/slow/6', '/slow/7'].includes(p))).toEqual([]);
  });

  test('a request whose client already left downloads nothing and does not resolve', async () => {
    const urls = [0, 1].map((i) => `http://public.test:${host.port}/img/${i}.png`);
    await expect(fetchAll(urls, fetcher(), AbortSignal.abort())).rejects.toThrow(/aborted/);
    expect(world.lookups).toEqual([]);
    expect(host.requests).toEqual([]);
  });
});
