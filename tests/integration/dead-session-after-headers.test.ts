import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createBedrockGateway, type BedrockGateway } from '../../src-proxy/bedrock/gateway';
import { startProxy, type RunningProxy } from '../../src-proxy/server';
import { defaultSettings } from '../../src-shared/settings';
import { defaultFoundationModels, defaultInferenceProfiles } from '../support/bedrock-emulator';
import { ANSWER_TEXT, startFaultyBedrock, type FaultyBedrock } from '../support/faulty-bedrock';

// Issue 18: a request never fails because its session died, as long as nothing reached the client.
// A connection that closes cleanly (GOAWAY, FIN) after the answer's 200 head and before its end
// is a cut connection, retried by the SDK on a fresh session, not an answer that was empty. Once
// events went out to the client, the client gets the in-stream error.

let faulty: FaultyBedrock;
let gateway: BedrockGateway;
let proxy: RunningProxy;

beforeAll(async () => {
  faulty = await startFaultyBedrock();
  // Limits far above what a test takes: an answer that never ends fails the test by its timeout.
  const timeouts = { connectMs: 5_000, firstByteMs: 20_000, streamIdleMs: 20_000 };
  gateway = createBedrockGateway({ region: 'us-east-1', endpoint: faulty.url, credentials: () => async () => ({ accessKeyId: 'AKIDFAULTY', secretAccessKey: 'secret' }), maxAttempts: 2, timeouts: () => timeouts });
  const listing = { foundationModels: defaultFoundationModels(), inferenceProfiles: defaultInferenceProfiles() } as Awaited<ReturnType<BedrockGateway['listModels']>>;
  const settings = defaultSettings();
  proxy = await startProxy({ host: '127.0.0.1', port: 0, bedrock: { ...gateway, listModels: async () => listing }, settings: () => settings, log: () => {} });
});
afterAll(async () => {
  await proxy.close();
  gateway.close();
  await faulty.close();
});
beforeEach(() => {
  faulty.requests.length = 0;
});

const ROUTES = {
  chat: { path: '/v1/chat/completions', headers: {}, body: (stream: boolean) => ({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }], stream }) },
  messages: { path: '/v1/messages', headers: { 'anthropic-version': '2023-06-01' }, body: (stream: boolean) => ({ model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'hi' }], stream }) },
};

async function send(route: keyof typeof ROUTES, stream: boolean): Promise<{ status: number; text: string }> {
  const r = ROUTES[route];
  const res = await fetch(`${proxy.url}${r.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...r.headers }, body: JSON.stringify(r.body(stream)) });
  return { status: res.status, text: await res.text() };
}

function sseEvents(text: string): Array<{ event?: string; data: any }> {
  return text
    .split('\n\n')
    .filter((b) => b.includes('data: '))
    .map((block) => {
      const event = block.split('\n').find((l) => l.startsWith('event: '))?.slice(7);
      const data = block.split('\n').find((l) => l.startsWith('data: '))!.slice(6);
      return { event, data: data === '[DONE]' ? data : JSON.parse(data) };
    });
}

describe('the connection closes after the 200 head, before any of the answer', () => {
  test.each([
    ['chat', false],
    ['chat', true],
    ['messages', false],
    ['messages', true],
  ] as const)('%s (stream: %s): sent again on a fresh connection, the client gets the whole answer', async (route, stream) => {
    faulty.plan((req) => (req.n === 0 ? 'cut-after-headers' : 'ok'));
    const a = await send(route, stream);
    expect(a.status, a.text.slice(0, 300)).toBe(200);
    expect(a.text).toContain(ANSWER_TEXT);
    expect(a.text).not.toMatch(/"error"/);
    expect(faulty.requests.map((r) => r.fault)).toEqual(['cut-after-headers', 'ok']);
  });
});

describe('a GOAWAY with an error code after the 200 head, before any of the answer', () => {
  test.each([
    ['chat', false],
    ['messages', true],
  ] as const)('%s (stream: %s): sent again on a fresh connection, the client gets the whole answer', async (route, stream) => {
    faulty.plan((req) => (req.n === 0 ? 'goaway-error-after-headers' : 'ok'));
    const a = await send(route, stream);
    expect(a.status, a.text.slice(0, 300)).toBe(200);
    expect(a.text).toContain(ANSWER_TEXT);
    expect(a.text).not.toMatch(/"error"/);
    expect(faulty.requests.map((r) => r.fault)).toEqual(['goaway-error-after-headers', 'ok']);
  });
});

describe('the connection closes after some events reached the client', () => {
  test.each(['chat', 'messages'] as const)('%s: the stream ends with an error event, not sent again', async (route) => {
    faulty.plan('cut-mid-stream');
    const a = await send(route, true);
    expect(a.status).toBe(200);
    // The delta sent before the cut reached the client.
    expect(a.text).toContain(ANSWER_TEXT);
    const events = sseEvents(a.text);
    const last = events.at(-1)!;
    if (route === 'chat') {
      expect(events.map((e) => e.data)).not.toContain('[DONE]');
      // The cut reads as a network failure (ECONNRESET).
      expect(last.data.error.code).toBe('bedrock_unreachable');
    } else {
      expect(last.event).toBe('error');
      expect(last.data.error.type).toBe('api_error');
    }
    expect(faulty.requests).toHaveLength(1);
  });
});
