// InvokeModel (embeddings, Anthropic Messages), InvokeModelWithResponseStream and CountTokens
// against the emulator with the real BedrockRuntimeClient.
import {
  BedrockRuntimeClient,
  ConverseCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emulatorClientConfig, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator/index';

let emu: BedrockEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  emu = await startBedrockEmulator();
  client = new BedrockRuntimeClient({ ...emulatorClientConfig(emu.url), maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await emu.close();
});
beforeEach(() => emu.reset());

async function invoke(modelId: string, body: unknown): Promise<any> {
  const out = await client.send(
    new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: 'application/json', accept: 'application/json' }),
  );
  expect(out.contentType).toBe('application/json');
  return JSON.parse(new TextDecoder().decode(out.body));
}

async function invokeError(modelId: string, body: unknown): Promise<any> {
  return client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: 'application/json' })).then(
    () => undefined,
    (e) => e,
  );
}

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('InvokeModel embeddings', () => {
  it('titan v2: 1024 dims by default, dimensions honoured, deterministic per text', async () => {
    const a = await invoke('amazon.titan-embed-text-v2:0', { inputText: 'hello world' });
    expect(a.embedding).toHaveLength(1024);
    expect(a.inputTextTokenCount).toBeGreaterThan(0);
    expect(norm(a.embedding)).toBeCloseTo(1, 3);
    const again = await invoke('amazon.titan-embed-text-v2:0', { inputText: 'hello world' });
    expect(again.embedding).toEqual(a.embedding);
    const other = await invoke('amazon.titan-embed-text-v2:0', { inputText: 'goodbye world' });
    expect(other.embedding).not.toEqual(a.embedding);
    const small = await invoke('amazon.titan-embed-text-v2:0', { inputText: 'hello world', dimensions: 256, normalize: true });
    expect(small.embedding).toHaveLength(256);
  });

  it('titan v2: refuses a body without inputText or with odd dimensions', async () => {
    const missing = await invokeError('amazon.titan-embed-text-v2:0', { texts: ['x'] });
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toMatch(/required key \[inputText\] not found/);
    const dims = await invokeError('amazon.titan-embed-text-v2:0', { inputText: 'x', dimensions: 100 });
    expect(dims.message).toMatch(/dimensions/);
  });

  it('cohere v3: embeddings_floats, or embeddings_by_type when embedding_types are asked for', async () => {
    const floats = await invoke('cohere.embed-english-v3', { texts: ['a', 'b'], input_type: 'search_document' });
    expect(floats.response_type).toBe('embeddings_floats');
    expect(floats.texts).toEqual(['a', 'b']);
    expect(floats.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(floats.embeddings).toHaveLength(2);
    expect(floats.embeddings[0]).toHaveLength(1024);
    const typed = await invoke('cohere.embed-multilingual-v3', { texts: ['a'], input_type: 'search_query', embedding_types: ['float', 'int8'] });
    expect(typed.response_type).toBe('embeddings_by_type');
    expect(typed.embeddings.float[0]).toHaveLength(1024);
    expect(typed.embeddings.int8[0].every((x: number) => Number.isInteger(x) && x >= -128 && x <= 127)).toBe(true);
  });

  it('cohere v3: refuses more than 96 texts and a missing input_type', async () => {
    const many = await invokeError('cohere.embed-english-v3', { texts: Array(97).fill('x'), input_type: 'search_document' });
    expect(many.message).toMatch(/maximum item count: 96, found: 97/);
    const noType = await invokeError('cohere.embed-english-v3', { texts: ['x'] });
    expect(noType.message).toMatch(/\[input_type\]/);
  });

  it('cohere v4: output_dimension, 1536 by default', async () => {
    const d = await invoke('cohere.embed-v4:0', { texts: ['a'], input_type: 'search_document' });
    expect(d.embeddings[0]).toHaveLength(1536);
    const small = await invoke('us.cohere.embed-v4:0', { texts: ['a'], input_type: 'search_document', output_dimension: 256 });
    expect(small.embeddings[0]).toHaveLength(256);
  });

  it('nova multimodal: embeddingDimension, 3072 by default', async () => {
    const body = (dim?: number) => ({
      schemaVersion: 'nova-multimodal-embed-v1',
      taskType: 'SINGLE_EMBEDDING',
      singleEmbeddingParams: { embeddingPurpose: 'GENERIC_INDEX', ...(dim ? { embeddingDimension: dim } : {}), text: { truncationMode: 'END', value: 'hi' } },
    });
    const d = await invoke('amazon.nova-2-multimodal-embeddings-v1:0', body());
    expect(d.embeddings[0].embeddingType).toBe('TEXT');
    expect(d.embeddings[0].embedding).toHaveLength(3072);
    const small = await invoke('amazon.nova-2-multimodal-embeddings-v1:0', body(384));
    expect(small.embeddings[0].embedding).toHaveLength(384);
  });

  it('answers a scripted body or error instead, and records the request', async () => {
    emu.script({ body: { embedding: [1, 2, 3], inputTextTokenCount: 9 } }, { error: { type: 'ThrottlingException' } });
    expect(await invoke('amazon.titan-embed-text-v2:0', { inputText: 'x' })).toEqual({ embedding: [1, 2, 3], inputTextTokenCount: 9 });
    const err = await invokeError('amazon.titan-embed-text-v2:0', { inputText: 'x' });
    expect(err.name).toBe('ThrottlingException');
    expect(emu.lastRequest('InvokeModel')?.body).toEqual({ inputText: 'x' });
  });
});

describe('InvokeModel for Claude (Anthropic Messages body)', () => {
  const MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
  const body = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'Say hi' }] };

  it('answers an Anthropic message built from the reply', async () => {
    emu.script({ content: [{ text: 'Hi!' }, { toolUse: { name: 'wave', input: { times: 2 } } }], usage: { inputTokens: 5, outputTokens: 3 } });
    const msg = await invoke(MODEL, body);
    expect(msg.type).toBe('message');
    expect(msg.role).toBe('assistant');
    expect(msg.content[0]).toEqual({ type: 'text', text: 'Hi!' });
    expect(msg.content[1]).toMatchObject({ type: 'tool_use', name: 'wave', input: { times: 2 } });
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.usage).toMatchObject({ input_tokens: 5, output_tokens: 3 });
  });

  it('refuses a body without max_tokens', async () => {
    const err = await invokeError(MODEL, { anthropic_version: 'bedrock-2023-05-31', messages: body.messages });
    expect(err.message).toMatch(/\[max_tokens\]/);
  });

  it('streams Anthropic events as Bedrock chunks', async () => {
    emu.script({ content: [{ reasoning: { text: 'hmm' } }, { text: 'Hello there' }], chunkSize: 4 });
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: JSON.stringify(body), contentType: 'application/json' }));
    const events: any[] = [];
    for await (const e of out.body!) events.push(JSON.parse(new TextDecoder().decode(e.chunk!.bytes)));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('message_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    const text = events.filter((e) => e.delta?.type === 'text_delta').map((e) => e.delta.text).join('');
    expect(text).toBe('Hello there');
    expect(events.some((e) => e.delta?.type === 'signature_delta')).toBe(true);
    expect(events.at(-1)['amazon-bedrock-invocationMetrics'].outputTokenCount).toBeGreaterThan(0);
  });

  it('streams a scripted array body one chunk per element, with in-stream errors', async () => {
    emu.script({ body: [{ n: 1 }, { n: 2 }, { n: 3 }], streamError: { type: 'ModelTimeoutException', afterEvents: 2 } });
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: JSON.stringify(body) }));
    const seen: any[] = [];
    const err = await (async () => {
      for await (const e of out.body!) seen.push(JSON.parse(new TextDecoder().decode(e.chunk!.bytes)));
    })().catch((e) => e);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(err?.name).toBe('ModelTimeoutException');
  });
});

describe('CountTokens', () => {
  const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
  const messages = [{ role: 'user' as const, content: [{ text: 'How many tokens is this sentence?' }] }];

  it('counts a Converse input the same way Converse usage estimates it', async () => {
    const counted = await client.send(new CountTokensCommand({ modelId: MODEL, input: { converse: { messages } } }));
    const conversed = await client.send(new ConverseCommand({ modelId: `us.${MODEL}`, messages }));
    expect(counted.inputTokens).toBeGreaterThan(0);
    expect(counted.inputTokens).toBe(conversed.usage?.inputTokens);
    expect(emu.lastRequest('CountTokens')?.body.input.converse.messages).toEqual(messages);
  });

  it('counts an InvokeModel body', async () => {
    const body = new TextEncoder().encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'abcdefgh' }] }));
    const counted = await client.send(new CountTokensCommand({ modelId: MODEL, input: { invokeModel: { body } } }));
    expect(counted.inputTokens).toBe(2);
  });

  it('refuses models that cannot count tokens, and invalid conversations', async () => {
    const nova = await client.send(new CountTokensCommand({ modelId: 'amazon.nova-pro-v1:0', input: { converse: { messages } } })).catch((e) => e);
    expect(nova.name).toBe('ValidationException');
    const bad = await client
      .send(new CountTokensCommand({ modelId: MODEL, input: { converse: { messages: [{ role: 'assistant', content: [{ text: 'x' }] }] } } }))
      .catch((e) => e);
    expect(bad.message).toMatch(/must start with a user message/);
  });
});
