// The Bedrock emulator against the real BedrockRuntimeClient: Converse, ConverseStream, errors,
// latency, client aborts, recording.
import * as runtimeSdk from '@aws-sdk/client-bedrock-runtime';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  ThrottlingException,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  emulatorClientConfig,
  startBedrockEmulator,
  type BedrockEmulator,
} from '../support/bedrock-emulator/index';
import { collect, eventNames, user } from '../support/stream-events';

const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

let emu: BedrockEmulator;
let client: BedrockRuntimeClient;
let noRetry: BedrockRuntimeClient;

beforeAll(async () => {
  emu = await startBedrockEmulator();
  client = new BedrockRuntimeClient(emulatorClientConfig(emu.url));
  noRetry = new BedrockRuntimeClient({ ...emulatorClientConfig(emu.url), maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  noRetry.destroy();
  await emu.close();
});
beforeEach(() => emu.reset());

describe('Converse', () => {
  it('answers with an echo of the last user text by default, with usage and metrics', async () => {
    const out = await client.send(new ConverseCommand({ modelId: MODEL, messages: [user('What is the capital of France?')] }));
    expect(out.output?.message?.role).toBe('assistant');
    expect(out.output?.message?.content?.[0].text).toContain('What is the capital of France?');
    expect(out.stopReason).toBe('end_turn');
    const u = out.usage!;
    expect(u.inputTokens).toBeGreaterThan(0);
    expect(u.totalTokens).toBe(u.inputTokens! + u.outputTokens!);
    expect(out.metrics?.latencyMs).toBeGreaterThan(0);
  });

  it('returns scripted text, tool use and reasoning blocks in order', async () => {
    emu.script({
      content: [
        { reasoning: { text: 'Weather needs a tool.', signature: 'sig-1' } },
        { redactedReasoning: Buffer.from('secret').toString('base64') },
        { text: 'Checking.' },
        { toolUse: { toolUseId: 'tooluse_abc', name: 'get_weather', input: { city: 'Paris' } } },
      ],
      usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 100, cacheWriteInputTokens: 7 },
    });
    const out = await client.send(
      new ConverseCommand({
        modelId: MODEL,
        messages: [user('weather in Paris?')],
        toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] },
      }),
    );
    const c = out.output!.message!.content!;
    expect(c[0].reasoningContent?.reasoningText).toEqual({ text: 'Weather needs a tool.', signature: 'sig-1' });
    expect(Buffer.from(c[1].reasoningContent!.redactedContent!).toString()).toBe('secret');
    expect(c[2].text).toBe('Checking.');
    expect(c[3].toolUse).toEqual({ toolUseId: 'tooluse_abc', name: 'get_weather', input: { city: 'Paris' } });
    expect(out.stopReason).toBe('tool_use');
    expect(out.usage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 122, cacheReadInputTokens: 100, cacheWriteInputTokens: 7 });
  });

  it('uses the handler when the script queue is empty, and the queue first', async () => {
    emu.setHandler((req) => ({ text: `handled ${req.operation} for ${req.modelId}` }));
    emu.script({ text: 'scripted' });
    const first = await client.send(new ConverseCommand({ modelId: MODEL, messages: [user('a')] }));
    const second = await client.send(new ConverseCommand({ modelId: MODEL, messages: [user('b')] }));
    expect(first.output?.message?.content?.[0].text).toBe('scripted');
    expect(second.output?.message?.content?.[0].text).toBe(`handled Converse for ${MODEL}`);
  });

  it('answers 500 with a message when the handler throws', async () => {
    emu.setHandler(() => {
      throw new Error('boom');
    });
    const err = await noRetry.send(new ConverseCommand({ modelId: MODEL, messages: [user('a')] })).catch((e) => e);
    expect(err.name).toBe('InternalServerException');
    expect(err.$metadata.httpStatusCode).toBe(500);
    expect(err.message).toContain('boom');
  });

  it('waits latencyMs before answering', async () => {
    emu.script({ text: 'late', latencyMs: 150 });
    const t0 = Date.now();
    await client.send(new ConverseCommand({ modelId: MODEL, messages: [user('a')] }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });
});

describe('errors', () => {
  const cases: [string, number][] = [
    ['ValidationException', 400],
    ['AccessDeniedException', 403],
    ['ResourceNotFoundException', 404],
    ['ModelTimeoutException', 408],
    ['ModelErrorException', 424],
    ['ThrottlingException', 429],
    ['ModelNotReadyException', 429],
    ['ServiceQuotaExceededException', 400],
    ['InternalServerException', 500],
    ['ServiceUnavailableException', 503],
  ];
  it.each(cases)('%s maps to the SDK exception with status %i', async (type, status) => {
    emu.script({ error: { type, message: `scripted ${type}` } });
    const err = await noRetry.send(new ConverseCommand({ modelId: MODEL, messages: [user('a')] })).catch((e) => e);
    expect(err.name).toBe(type);
    expect(err).toBeInstanceOf((runtimeSdk as unknown as Record<string, new () => Error>)[type]);
    expect(err.message).toBe(`scripted ${type}`);
    expect(err.$metadata.httpStatusCode).toBe(status);
    expect(err.$fault).toBe(status >= 500 ? 'server' : 'client');
  });

  it('answers ConverseStream errors before any event as a plain HTTP error', async () => {
    emu.script({ error: { type: 'ThrottlingException' } });
    const err = await noRetry.send(new ConverseStreamCommand({ modelId: MODEL, messages: [user('a')] })).catch((e) => e);
    expect(err).toBeInstanceOf(ThrottlingException);
    expect(err.$metadata.httpStatusCode).toBe(429);
  });

  it('lets the SDK retry throttling (one scripted reply per attempt)', async () => {
    emu.script({ error: { type: 'ThrottlingException' } }, { text: 'finally' });
    const out = await client.send(new ConverseCommand({ modelId: MODEL, messages: [user('a')] }));
    expect(out.output?.message?.content?.[0].text).toBe('finally');
    expect(emu.requests.filter((r) => r.operation === 'Converse')).toHaveLength(2);
    expect(emu.requests[1].headers['amz-sdk-request']).toBe('attempt=2; max=3');
  });
});

describe('ConverseStream', () => {
  it('streams events in Bedrock order with tool-input fragments and reasoning deltas', async () => {
    emu.script({
      content: [
        { reasoning: { text: 'Let me think about it.', signature: 'sig-xyz' } },
        { text: 'Hello, streaming world!' },
        { toolUse: { toolUseId: 'tooluse_1', name: 'lookup', input: { query: 'bedrock emulator', limit: 3 } } },
      ],
      chunkSize: 5,
    });
    const out = await client.send(
      new ConverseStreamCommand({
        modelId: MODEL,
        messages: [user('go')],
        toolConfig: { tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: {} } } }] },
      }),
    );
    const events = await collect(out.stream);
    const names = eventNames(events);
    expect(names[0]).toBe('messageStart');
    expect(names.slice(-2)).toEqual(['messageStop', 'metadata']);
    expect(events[0].messageStart?.role).toBe('assistant');

    const deltas = (i: number) => events.filter((e) => e.contentBlockDelta?.contentBlockIndex === i).map((e) => e.contentBlockDelta!.delta!);
    const reasoning = deltas(0);
    expect(reasoning.slice(0, -1).map((d) => d.reasoningContent?.text).join('')).toBe('Let me think about it.');
    expect(reasoning.at(-1)?.reasoningContent?.signature).toBe('sig-xyz');
    const text = deltas(1).map((d) => d.text);
    expect(text.join('')).toBe('Hello, streaming world!');
    expect(text.every((t) => t!.length <= 5)).toBe(true);

    const start = events.find((e) => e.contentBlockStart)!.contentBlockStart!;
    expect(start).toEqual({ contentBlockIndex: 2, start: { toolUse: { toolUseId: 'tooluse_1', name: 'lookup' } } });
    const fragments = deltas(2).map((d) => d.toolUse!.input!);
    expect(fragments.length).toBeGreaterThan(1);
    expect(JSON.parse(fragments.join(''))).toEqual({ query: 'bedrock emulator', limit: 3 });
    // only tool-use blocks get a contentBlockStart; every block gets a stop
    expect(names.filter((n) => n === 'contentBlockStart')).toHaveLength(1);
    expect(events.filter((e) => e.contentBlockStop).map((e) => e.contentBlockStop!.contentBlockIndex)).toEqual([0, 1, 2]);
    const stopIdx = names.indexOf('contentBlockStop');
    expect(names.indexOf('contentBlockDelta')).toBeLessThan(stopIdx);

    expect(events.at(-2)?.messageStop?.stopReason).toBe('tool_use');
    const meta = events.at(-1)!.metadata!;
    expect(meta.usage?.totalTokens).toBe(meta.usage!.inputTokens! + meta.usage!.outputTokens!);
    expect(meta.metrics?.latencyMs).toBeGreaterThan(0);
  });

  it('does not split a surrogate pair across deltas', async () => {
    emu.script({ text: '😀😀😀😀😀', chunkSize: 2 });
    const out = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [user('emoji')] }));
    const texts = (await collect(out.stream)).filter((e) => e.contentBlockDelta).map((e) => e.contentBlockDelta!.delta!.text!);
    expect(texts).toEqual(['😀😀', '😀😀', '😀']);
  });

  it('sends redacted reasoning as one delta', async () => {
    emu.script({ content: [{ redactedReasoning: Buffer.from([1, 2, 3]).toString('base64') }, { text: 'ok' }] });
    const out = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [user('x')] }));
    const events = await collect(out.stream);
    const redacted = events.find((e) => e.contentBlockDelta?.delta?.reasoningContent?.redactedContent);
    expect([...redacted!.contentBlockDelta!.delta!.reasoningContent!.redactedContent!]).toEqual([1, 2, 3]);
  });

  const streamErrors: [string, string][] = [
    ['throttlingException', 'ThrottlingException'],
    ['modelStreamErrorException', 'ModelStreamErrorException'],
    ['validationException', 'ValidationException'],
    ['internalServerException', 'InternalServerException'],
    ['serviceUnavailableException', 'ServiceUnavailableException'],
  ];
  it.each(streamErrors)('an in-stream %s makes for-await throw %s after some text', async (wire, sdkName) => {
    emu.script({ text: 'Partial answer that will be cut', streamError: { type: wire, message: 'stream broke' } });
    const out = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [user('x')] }));
    const seen: ConverseStreamOutput[] = [];
    const err = await (async () => {
      for await (const e of out.stream!) seen.push(e);
    })().catch((e) => e);
    expect(err?.name).toBe(sdkName);
    expect(err).toBeInstanceOf((runtimeSdk as unknown as Record<string, new () => Error>)[sdkName]);
    expect(err.message).toBe('stream broke');
    expect(eventNames(seen)).toEqual(['messageStart', 'contentBlockDelta']);
    expect(seen[1].contentBlockDelta?.delta?.text).toBe('Partial ');
  });

  it('places the stream error after afterEvents events', async () => {
    emu.script({ text: 'abcdefghijklmnop', chunkSize: 4, streamError: { type: 'ThrottlingException', afterEvents: 4 } });
    const out = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [user('x')] }));
    const seen: ConverseStreamOutput[] = [];
    const err = await (async () => {
      for await (const e of out.stream!) seen.push(e);
    })().catch((e) => e);
    expect(err).toBeInstanceOf(ThrottlingException);
    expect(seen).toHaveLength(4);
  });

  it('paces events by chunkDelayMs', async () => {
    emu.script({ text: 'one two three four', chunkSize: 5, chunkDelayMs: 20 });
    const t0 = Date.now();
    const out = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [user('x')] }));
    const events = await collect(out.stream);
    // messageStart, 4 deltas, stop, messageStop, metadata = 8 events, 7 gaps
    expect(events).toHaveLength(8);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(7 * 20 - 5);
    expect(emu.stats).toMatchObject({ activeStreams: 0, abortedStreams: 0, completedStreams: 1 });
  });
});
