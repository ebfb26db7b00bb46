import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createBedrockGateway, type BedrockGateway } from '../../src-proxy/bedrock/gateway';
import { createImageFetcher, DEFAULT_IMAGE_LIMITS } from '../../src-proxy/images/fetch-image';
import { startProxy, type RunningProxy } from '../../src-proxy/server';
import { defaultSettings, type Settings } from '../../src-shared/settings';
import { isRuntimeCall, startBedrockEmulator, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type BedrockEmulator } from '../support/bedrock-emulator';
import { startHarness, type Harness } from '../support/harness';
import { EVIL_NAMES, LITERAL_FORMS, refusalFor, startSsrfWorld, type SsrfWorld } from '../support/ssrf-world';

// The SSRF refusals through the real HTTP routes: the same 400 in each protocol's shape for every
// local address form (the app's own fetcher, allowPrivateImageHosts read per request), and for
// names and redirects (a fetcher with the test resolver), with nothing reaching the target or Bedrock.

let world: SsrfWorld;
let h: Harness;
let emu: BedrockEmulator;
let bedrock: BedrockGateway;
let seamed: RunningProxy;
let seamedSettings: Settings;
beforeAll(async () => {
  world = await startSsrfWorld();
  h = await startHarness();
  emu = await startBedrockEmulator();
  bedrock = createBedrockGateway({
    region: 'us-east-1',
    endpoint: emu.url,
    controlEndpoint: emu.url,
    credentials: () => async () => ({ accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }),
    maxAttempts: 1,
  });
  seamedSettings = defaultSettings();
  const fetchImage = createImageFetcher(DEFAULT_IMAGE_LIMITS, () => undefined, () => seamedSettings.allowPrivateImageHosts, { resolve: world.resolve, dialAddress: world.dialAddress });
  seamed = await startProxy({ host: '127.0.0.1', port: 0, bedrock, settings: () => seamedSettings, fetchImage });
});
afterAll(async () => {
  await seamed.close();
  bedrock.close();
  await emu.close();
  await h.close();
  await world.close();
});
beforeEach(() => {
  world.reset();
  h.emu.reset();
  emu.reset();
  h.setSettings({ allowPrivateImageHosts: false });
  seamedSettings = defaultSettings();
});

const ROUTES = {
  chat: {
    path: '/v1/chat/completions',
    body: (url: string) => ({ model: 'claude-sonnet', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url } }] }] }),
    error: (json: { error: { code: string; message: string } }) => `${json.error.code}: ${json.error.message}`,
  },
  messages: {
    path: '/v1/messages',
    body: (url: string) => ({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url } }, { type: 'text', text: 'What?' }] }] }),
    error: (json: { type: string; error: { type: string; message: string } }) => `${json.type}/${json.error.type}: ${json.error.message}`,
  },
  responses: {
    path: '/v1/responses',
    body: (url: string) => ({ model: 'claude-sonnet', input: [{ role: 'user', content: [{ type: 'input_text', text: 'What?' }, { type: 'input_image', image_url: url }] }] }),
    error: (json: { error: { code: string; message: string } }) => `${json.error.code}: ${json.error.message}`,
  },
} as const;
type RouteName = keyof typeof ROUTES;

async function post(base: string, route: RouteName, url: string): Promise<{ status: number; error?: string }> {
  const r = ROUTES[route];
  const res = await fetch(`${base}${r.path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify(r.body(url)) });
  const json = await res.json();
  return { status: res.status, error: res.status === 200 ? undefined : r.error(json as never) };
}

const expected: Record<RouteName, (url: string) => string> = {
  chat: (url) => `image_fetch_failed: ${refusalFor(url)}`,
  messages: (url) => `error/invalid_request_error: ${refusalFor(url)}`,
  responses: (url) => `image_fetch_failed: ${refusalFor(url)}`,
};

describe.each(Object.keys(ROUTES) as RouteName[])('%s', (route) => {
  test('every literal local address form is the same 400, nothing reaches the target or Bedrock', async () => {
    for (const host of LITERAL_FORMS) {
      const url = `http://${host}:${world.targetPort}/secret.png`;
      expect(await post(h.proxy.url, route, url)).toEqual({ status: 400, error: expected[route](url) });
    }
    expect(world.target.connections).toBe(0);
    expect(h.emu.requests.filter(isRuntimeCall)).toHaveLength(0);
  });

  test('allowPrivateImageHosts (read per request) lets the loopback host through', async () => {
    h.setSettings({ allowPrivateImageHosts: true });
    expect((await post(h.proxy.url, route, `http://127.0.0.1:${world.targetPort}/ok.png`)).status).toBe(200);
    expect(world.target.requests).toEqual([`127.0.0.1:${world.targetPort} /ok.png`]);
  });
});

describe.each(['chat', 'messages'] as RouteName[])('%s with names and redirects', (route) => {
  test('names resolving to local addresses and redirects to local addresses are the same 400', async () => {
    for (const name of EVIL_NAMES) {
      const url = `http://${name}:${world.targetPort}/secret.png`;
      expect(await post(seamed.url, route, url)).toEqual({ status: 400, error: expected[route](url) });
    }
    const redirect = `http://public.test:${world.publicPort}/redirect`;
    for (const host of [...LITERAL_FORMS, ...EVIL_NAMES]) {
      const url = `${redirect}?to=${encodeURIComponent(`http://${host}:${world.targetPort}/secret.png`)}`;
      expect(await post(seamed.url, route, url)).toEqual({ status: 400, error: expected[route](redirect) });
    }
    expect(world.target.connections).toBe(0);
    expect(world.dials.every((a) => a === '93.184.216.34')).toBe(true);
    expect(emu.requests.filter(isRuntimeCall)).toHaveLength(0);
  });

  test('a public host is fetched and sent to Bedrock', async () => {
    expect((await post(seamed.url, route, `http://public.test:${world.publicPort}/cat.png`)).status).toBe(200);
    expect(world.publicRequests).toEqual([`public.test:${world.publicPort} /cat.png`]);
  });
});
