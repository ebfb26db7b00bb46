import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBedrockGateway, type BedrockGateway } from '../../src-proxy/bedrock/gateway';
import { startProxy, type RunningProxy } from '../../src-proxy/server';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { defaultSettings } from '../../src-shared/settings';
import { defaultFoundationModels, defaultInferenceProfiles } from '../support/bedrock-emulator';
import { startFaultyBedrock, type FaultyBedrock } from '../support/faulty-bedrock';
import { until } from '../support/wait';

// The streamed twin of upstream-faults.test.ts 'abort during the SDK retry back-off': a client
// that leaves a stream while the SDK waits out a Retry-After ends the request at once, and the
// SDK sends no further attempt.

const BACKOFF_MS = 1500;
let faulty: FaultyBedrock;
let gateway: BedrockGateway;
let proxy: RunningProxy;
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  faulty = await startFaultyBedrock();
  gateway = createBedrockGateway({ region: 'us-east-1', endpoint: faulty.url, credentials: () => async () => ({ accessKeyId: 'AKIDFAULTY', secretAccessKey: 'secret' }), maxAttempts: 3, timeouts: () => ({ connectMs: 2000, firstByteMs: 20_000, streamIdleMs: 20_000 }) });
  const listing = { foundationModels: defaultFoundationModels(), inferenceProfiles: defaultInferenceProfiles() } as Awaited<ReturnType<BedrockGateway['listModels']>>;
  const settings = defaultSettings();
  proxy = await startProxy({ host: '127.0.0.1', port: 0, bedrock: { ...gateway, listModels: async () => listing }, settings: () => settings, log: (e) => log.push(e) });
});
afterAll(async () => {
  await proxy.close();
  gateway.close();
  await faulty.close();
});

async function streamChat(signal?: AbortSignal): Promise<{ status: number; text: string; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }], stream: true }), signal });
  const text = await res.text();
  return { status: res.status, text, ms: Date.now() - started };
}

describe('abort during the SDK retry back-off, streamed', () => {
  test('the back-off is real: without a disconnect, the next attempt waits for Retry-After', async () => {
    faulty.plan((req) => (req.n === 0 ? { fault: 'throttle', retryAfterMs: BACKOFF_MS } : 'ok'));
    const a = await streamChat();
    expect(a.status).toBe(200);
    expect(a.text).toContain('[DONE]');
    expect(faulty.requests.map((r) => r.stream)).toEqual([true, true]);
    expect(a.ms).toBeGreaterThanOrEqual(BACKOFF_MS - 50);
  });

  test('a client disconnect during the back-off ends the Bedrock work at once: logged at once, no further attempt', async () => {
    faulty.requests.length = 0;
    log.length = 0;
    // The stream cancelled below, then a later one that waits out a longer back-off and is answered.
    faulty.plan((req) => (req.n === 0 ? { fault: 'throttle', retryAfterMs: BACKOFF_MS } : req.n === 1 ? { fault: 'throttle', retryAfterMs: BACKOFF_MS + 300 } : 'ok'));
    const abort = new AbortController();
    const pending = streamChat(abort.signal).catch(() => undefined);
    await until('the first attempt', () => faulty.requests.length === 1 && faulty.requests[0].resetByClient !== undefined, { everyMs: 5 });
    const abortedAt = Date.now();
    abort.abort();
    await pending;
    const entry = await until('the log entry', () => log.at(-1), { ms: BACKOFF_MS, everyMs: 5 });
    expect(Date.now() - abortedAt).toBeLessThan(BACKOFF_MS / 2);
    expect(entry).toMatchObject({ status: 499, error: { code: 'client_closed' } });
    // The SDK's retry finds the call cancelled and sends nothing. A stream sent after it and told
    // to back off longer gets its answer only after the cancelled call's retry would have gone out.
    const later = await streamChat();
    expect(later.status).toBe(200);
    expect(later.text).toContain('[DONE]');
    expect(faulty.requests.length).toBe(3);
  });
});
