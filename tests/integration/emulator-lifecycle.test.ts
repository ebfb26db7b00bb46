// Emulator lifecycle against the real BedrockRuntimeClient: client aborts, dropped connections,
// recording, reset and close.
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  emulatorClientConfig,
  startBedrockEmulator,
  TEST_ACCESS_KEY_ID,
  type BedrockEmulator,
} from '../support/bedrock-emulator/index';
import { collect, eventNames, user } from '../support/stream-events';

const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

let emu: BedrockEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  emu = await startBedrockEmulator();
  client = new BedrockRuntimeClient(emulatorClientConfig(emu.url));
});
afterAll(async () => {
  client.destroy();
  await emu.close();
});
beforeEach(() => emu.reset());

describe('client abort', () => {
  // SDK fact (client-bedrock-runtime 3.116x): aborting while iterating ends `for await` quietly,
  // without an AbortError.
  it('sees a ConverseStream aborted mid-way and stops sending', async () => {
    emu.script({ text: 'x'.repeat(400), chunkSize: 4, chunkDelayMs: 15 });
    const controller = new AbortController();
    const out = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [user('x')] }), {
      abortSignal: controller.signal,
    });
    let count = 0;
    const err = await (async () => {
      for await (const _ of out.stream!) {
        if (++count === 3) controller.abort();
      }
    })().catch((e) => e);
    expect(count).toBeLessThan(20);
    expect(err === undefined || err.name === 'AbortError').toBe(true);
    await vi.waitFor(() => expect(emu.stats.abortedStreams).toBe(1), { timeout: 2000, interval: 10 });
    expect(emu.stats.activeStreams).toBe(0);
    expect(emu.stats.completedStreams).toBe(0);
  });

  it('sees a Converse aborted while the emulator waits latencyMs', async () => {
    emu.script({ text: 'never', latencyMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const t0 = Date.now();
    const err = await client
      .send(new ConverseCommand({ modelId: MODEL, messages: [user('x')] }), { abortSignal: controller.signal })
      .catch((e) => e);
    expect(err?.name).toBe('AbortError');
    await vi.waitFor(() => expect(emu.stats.abortedStreams).toBe(1), { timeout: 2000, interval: 10 });
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('recording', () => {
  it('records operation, decoded model id, body, headers and credentials', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3';
    const withToken = new BedrockRuntimeClient({
      ...emulatorClientConfig(emu.url),
      credentials: { ...emulatorClientConfig(emu.url).credentials, sessionToken: 'session-token-1' },
    });
    await withToken.send(
      new ConverseCommand({ modelId: arn, messages: [user('record me')], inferenceConfig: { maxTokens: 50 } }),
    );
    withToken.destroy();
    const rec = emu.lastRequest('Converse')!;
    expect(rec.modelId).toBe(arn);
    expect(rec.rawPath).toBe(`/model/${encodeURIComponent(arn)}/converse`);
    expect(rec.body).toEqual({ messages: [user('record me')], inferenceConfig: { maxTokens: 50 } });
    expect(rec.auth).toBe('sigv4');
    expect(rec.accessKeyId).toBe(TEST_ACCESS_KEY_ID);
    expect(rec.sessionToken).toBe('session-token-1');
    expect(rec.headers['content-type']).toBe('application/json');
    expect(rec.headers[':authority']).toBe(new URL(emu.url).host);
    expect(rec.time).toBeLessThanOrEqual(Date.now());
    expect(emu.lastRequest('ConverseStream')).toBeUndefined();
  });

  it('reset clears requests, queue, handler and stats', async () => {
    emu.script({ text: 'queued' });
    emu.setHandler(() => ({ text: 'handled' }));
    await client.send(new ConverseCommand({ modelId: MODEL, messages: [user('a')] }));
    emu.script({ text: 'left over' });
    emu.reset();
    expect(emu.requests).toHaveLength(0);
    expect(emu.stats.completedStreams).toBe(0);
    const out = await client.send(new ConverseCommand({ modelId: MODEL, messages: [user('fresh')] }));
    expect(out.output?.message?.content?.[0].text).toContain('fresh');
  });
});

describe('dropped connections', () => {
  // SDK fact: a reset HTTP/2 stream also ends `for await` quietly; only the missing
  // messageStop/metadata tells the stream was cut.
  it('disconnectAfterEvents resets the stream after N events', async () => {
    emu.script({ text: 'abcdefghijklmnopqrstuvwxyz', chunkSize: 2, disconnectAfterEvents: 3 });
    const out = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [user('x')] }));
    const events = await collect(out.stream).catch(() => undefined);
    expect(events && eventNames(events)).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta']);
    expect(emu.stats.completedStreams).toBe(1);
  });

  it('closes quickly while a stream is open, and the client stream ends', async () => {
    const own = await startBedrockEmulator();
    const c = new BedrockRuntimeClient({ ...emulatorClientConfig(own.url), maxAttempts: 1 });
    own.script({ text: 'y'.repeat(1000), chunkSize: 1, chunkDelayMs: 20 });
    const out = await c.send(new ConverseStreamCommand({ modelId: MODEL, messages: [user('x')] }));
    let count = 0;
    const reading = (async () => {
      for await (const _ of out.stream!) count++;
      return 'ended';
    })().catch((e) => e);
    await new Promise((r) => setTimeout(r, 60));
    const t0 = Date.now();
    await own.close();
    expect(Date.now() - t0).toBeLessThan(500);
    const ended = await reading;
    expect(ended === 'ended' || ended instanceof Error).toBe(true);
    expect(count).toBeLessThan(100);
    c.destroy();
  });
});
