// The emulator's prompt cache (real BedrockRuntimeClient) and the header that tells Outcrop it is
// the emulator, seen through the same probe the core uses.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, type Message, type SystemContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { probeBackend } from '../../src-main/core/diagnosis/backend';
import { emulatorClientConfig, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator/index';
import { collect, user } from '../support/stream-events';

const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const CP = { cachePoint: { type: 'default' as const } };
const SYSTEM: SystemContentBlock[] = [{ text: 'You are a careful reviewer. '.repeat(200) }, CP];

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

describe('prompt caching in the emulator', () => {
  it('writes the prefix on first sight and reads it on a repeat; only the rest counts as input', async () => {
    const messages: Message[] = [user('Review this.')];
    const first = await client.send(new ConverseCommand({ modelId: MODEL, system: SYSTEM, messages }));
    const write = first.usage!.cacheWriteInputTokens!;
    expect(write).toBeGreaterThan(1000);
    expect(first.usage!.cacheReadInputTokens).toBe(0);
    const second = await client.send(new ConverseCommand({ modelId: MODEL, system: SYSTEM, messages: [user('And this one?')] }));
    expect(second.usage).toMatchObject({ cacheReadInputTokens: write, cacheWriteInputTokens: 0 });
    expect(second.usage!.inputTokens).toBeLessThan(20);
    expect(second.usage!.totalTokens).toBe(second.usage!.inputTokens! + second.usage!.outputTokens! + write);
  });

  it('a longer prompt reads the cached prefix and writes only what is new; the stream reports it too', async () => {
    await client.send(new ConverseCommand({ modelId: MODEL, system: SYSTEM, messages: [user('one')] }));
    const turn: Message[] = [{ role: 'user', content: [{ text: 'A long document. '.repeat(100) }, CP, { text: 'Summarise it.' }] }];
    const out = await client.send(new ConverseStreamCommand({ modelId: MODEL, system: SYSTEM, messages: turn }));
    const events = await collect(out.stream!);
    const usage = events.find((e) => e.metadata)!.metadata!.usage!;
    expect(usage.cacheReadInputTokens).toBeGreaterThan(1000);
    expect(usage.cacheWriteInputTokens).toBeGreaterThan(300);
  });

  it('another model, no cache point, or a scripted usage: no simulated caching', async () => {
    await client.send(new ConverseCommand({ modelId: MODEL, system: SYSTEM, messages: [user('x')] }));
    const other = await client.send(new ConverseCommand({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', system: SYSTEM, messages: [user('x')] }));
    expect(other.usage!.cacheReadInputTokens).toBe(0);
    const none = await client.send(new ConverseCommand({ modelId: MODEL, system: [{ text: 'plain' }], messages: [user('x')] }));
    expect(none.usage!.cacheReadInputTokens).toBeUndefined();
    emu.script({ text: 'ok', usage: { inputTokens: 7, outputTokens: 1 } });
    const scripted = await client.send(new ConverseCommand({ modelId: MODEL, system: SYSTEM, messages: [user('x')] }));
    expect(scripted.usage).toEqual({ inputTokens: 7, outputTokens: 1, totalTokens: 8 });
  });
});

describe('the emulator announces itself', () => {
  it('probeBackend calls a loopback endpoint with the x-outcrop-emulator header the emulator', async () => {
    expect(await probeBackend(emu.url)).toEqual({ backend: { kind: 'emulator', label: 'Emulator (no AWS)', endpoint: emu.url }, reachable: { ok: true } });
  });

  it('another loopback server is not the emulator; a closed port is unreachable; no endpoint is real AWS (not probed)', async () => {
    const other = createServer((_req, res) => res.writeHead(403).end('{}'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      expect((await probeBackend(url)).backend).toEqual({ kind: 'aws', label: 'AWS', endpoint: url });
    } finally {
      other.close();
    }
    const closed = await probeBackend(url);
    expect(closed.reachable.ok).toBe(false);
    expect(await probeBackend(undefined)).toEqual({ backend: { kind: 'aws', label: 'AWS' }, reachable: { ok: true } });
    expect(await probeBackend('https://vpce-123.bedrock-runtime.us-east-1.vpce.amazonaws.com')).toMatchObject({ backend: { kind: 'aws' }, reachable: { ok: true } });
  });
});
