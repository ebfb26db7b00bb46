import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Settings } from '../../src-shared/settings';
import { startHarness, type Harness } from '../support/harness';

// The official @anthropic-ai/sdk against POST /v1/messages, over real sockets, as the Anthropic
// Messages API defines it (docs.anthropic.com): what Claude Code and Anthropic SDK users get.
// Create, stream, tools and thinking here; caching, media, errors and the rest in
// anthropic-sdk-features.test.ts.

const SONNET = 'claude-sonnet-4-5-20250929';
const SONNET_ON_BEDROCK = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NO_CACHING = { caching: { system: false, tools: false, conversation: false } };

let h: Harness;
let client: Anthropic;
let initial: Settings;
beforeAll(async () => {
  h = await startHarness();
  initial = h.settings;
  client = new Anthropic({ baseURL: h.proxy.url, apiKey: 'anything-on-loopback', maxRetries: 0, timeout: 15_000 });
});
afterAll(async () => h.close());
beforeEach(() => {
  h.emu.reset();
  h.log.length = 0;
  // Explicit cache_control only, unless a test turns the defaults on: the Converse bodies stay exact.
  h.setSettings({ ...initial, ...NO_CACHING });
});

const converse = () => h.emu.lastRequest('Converse') ?? h.emu.lastRequest('ConverseStream')!;
const user = (content: string | Anthropic.ContentBlockParam[]): Anthropic.MessageParam => ({ role: 'user', content });
const tools: Anthropic.Tool[] = [
  { name: 'read_file', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  { name: 'list_dir', description: 'List a folder', input_schema: { type: 'object', properties: { path: { type: 'string' } } } },
];

describe('messages.create', () => {
  test('answers with an Anthropic message and sends Bedrock the exact Converse request', async () => {
    h.emu.script({ text: 'Hello from Bedrock', usage: { inputTokens: 9, outputTokens: 4 } });
    // temperature and top_k left the SDK's types but are still part of the API older clients send.
    const message = await client.messages.create({
      model: SONNET,
      max_tokens: 64,
      system: 'Be nice.',
      temperature: 0.5,
      top_k: 40,
      stop_sequences: ['END'],
      metadata: { user_id: 'someone' },
      messages: [user('Hi!')],
    } as Anthropic.MessageCreateParamsNonStreaming);
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: SONNET, content: [{ type: 'text', text: 'Hello from Bedrock' }], stop_reason: 'end_turn', stop_sequence: null });
    expect(message.id).toMatch(/^msg_/);
    expect(message.usage).toMatchObject({ input_tokens: 9, output_tokens: 4 });
    expect(message.usage.cache_read_input_tokens ?? 0).toBe(0);
    expect(message.usage.cache_creation_input_tokens ?? 0).toBe(0);

    const sent = converse();
    expect(sent.modelId).toBe(SONNET_ON_BEDROCK);
    expect(sent.body.system).toEqual([{ text: 'Be nice.' }]);
    expect(sent.body.messages).toEqual([{ role: 'user', content: [{ text: 'Hi!' }] }]);
    expect(sent.body.inferenceConfig).toMatchObject({ maxTokens: 64, temperature: 0.5, stopSequences: ['END'] });
    // top_k is not a Converse field: Claude takes it among the extra model fields.
    expect(sent.body.additionalModelRequestFields).toMatchObject({ top_k: 40 });
  });

  test('is logged with protocol messages, the SDK as client, and the tokens', async () => {
    h.emu.script({ text: 'ok', usage: { inputTokens: 3, outputTokens: 1 } });
    await client.messages.create({ model: 'claude-haiku-4-5-20251001', max_tokens: 16, messages: [user('x')] });
    expect(h.log).toHaveLength(1);
    expect(h.log[0]).toMatchObject({ protocol: 'messages', endpoint: '/v1/messages', model: 'claude-haiku-4-5-20251001', bedrockModel: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', status: 200, inputTokens: 3, outputTokens: 1 });
    expect(h.log[0].client).toMatch(/^Anthropic\/JS \d/);
  });

  test('system blocks and a system entry inside messages (as Claude Code sends) reach Bedrock as system text', async () => {
    h.emu.script({ text: 'ok' });
    const messages = [user('Hi'), { role: 'system', content: 'Answer in French.' }] as unknown as Anthropic.MessageParam[];
    await client.messages.create({ model: SONNET, max_tokens: 64, system: [{ type: 'text', text: 'You are a coding agent.' }], messages });
    const sent = converse().body;
    expect(JSON.stringify(sent.system)).toContain('You are a coding agent.');
    expect(JSON.stringify(sent)).toContain('Answer in French.');
    expect(sent.messages.every((m: { role: string }) => m.role === 'user' || m.role === 'assistant')).toBe(true);
  });

  test.each([
    ['max_tokens', 'max_tokens'],
    ['stop_sequence', 'stop_sequence'],
    ['end_turn', 'end_turn'],
  ])('Bedrock stopReason %s is stop_reason %s', async (bedrock, anthropic) => {
    h.emu.script({ text: 'cut', stopReason: bedrock });
    const message = await client.messages.create({ model: SONNET, max_tokens: 16, messages: [user('x')] });
    expect(message.stop_reason).toBe(anthropic);
  });
});

describe('messages.stream', () => {
  test('streams text; the events come in the documented order and the final message has the usage', async () => {
    h.emu.script({ text: 'Streaming works fine', chunkSize: 3, usage: { inputTokens: 5, outputTokens: 7, cacheReadInputTokens: 2, cacheWriteInputTokens: 3 } });
    const stream = client.messages.stream({ model: SONNET, max_tokens: 64, messages: [user('Go')] });
    const types: string[] = [];
    let text = '';
    stream.on('streamEvent', (event) => types.push(event.type));
    stream.on('text', (delta) => (text += delta));
    const final = await stream.finalMessage();
    expect(text).toBe('Streaming works fine');
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types.filter((t) => t === 'content_block_delta').length).toBeGreaterThan(1);
    const core = types.filter((t) => t !== 'ping');
    expect(core.indexOf('content_block_start')).toBeLessThan(core.indexOf('content_block_delta'));
    expect(core.lastIndexOf('content_block_stop')).toBeLessThan(core.indexOf('message_delta'));
    expect(core.indexOf('message_delta')).toBe(core.length - 2);
    expect(final).toMatchObject({ role: 'assistant', model: SONNET, stop_reason: 'end_turn', content: [{ type: 'text', text: 'Streaming works fine' }] });
    expect(final.usage).toMatchObject({ input_tokens: 5, output_tokens: 7, cache_read_input_tokens: 2, cache_creation_input_tokens: 3 });
    expect(h.emu.lastRequest('ConverseStream')!.modelId).toBe(SONNET_ON_BEDROCK);
    expect(h.log[0]).toMatchObject({ protocol: 'messages', stream: true, status: 200 });
  });

  test('create({stream: true}) gives the raw events: message_start carries the message, message_delta the stop reason', async () => {
    h.emu.script({ text: 'abc', usage: { inputTokens: 4, outputTokens: 2 } });
    const stream = await client.messages.create({ model: SONNET, max_tokens: 64, stream: true, messages: [user('x')] });
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const start = events.find((e) => e.type === 'message_start') as Anthropic.RawMessageStartEvent;
    expect(start.message).toMatchObject({ type: 'message', role: 'assistant', model: SONNET, content: [] });
    expect(start.message.id).toMatch(/^msg_/);
    expect(typeof start.message.usage.input_tokens).toBe('number');
    const delta = events.find((e) => e.type === 'message_delta') as Anthropic.RawMessageDeltaEvent;
    expect(delta.delta.stop_reason).toBe('end_turn');
    expect(delta.usage.output_tokens).toBe(2);
    const blockStart = events.find((e) => e.type === 'content_block_start') as Anthropic.RawContentBlockStartEvent;
    expect(blockStart).toMatchObject({ index: 0, content_block: { type: 'text', text: '' } });
  });
});

describe('tools', () => {
  test('a full tool round trip: tool_use out, tool_result back, the answer', async () => {
    h.emu.script(
      { content: [{ text: 'Reading it.' }, { toolUse: { toolUseId: 'tooluse_1', name: 'read_file', input: { path: 'README.md' } } }] },
      { text: 'The README says hello.' },
    );
    const messages: Anthropic.MessageParam[] = [user('What does the README say?')];
    const first = await client.messages.create({ model: SONNET, max_tokens: 512, tools, messages });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toHaveLength(2);
    expect(first.content[0]).toMatchObject({ type: 'text', text: 'Reading it.' });
    expect(first.content[1]).toEqual({ type: 'tool_use', id: 'tooluse_1', name: 'read_file', input: { path: 'README.md' } });
    const spec = converse().body.toolConfig.tools[0].toolSpec;
    expect(spec).toEqual({ name: 'read_file', description: 'Read a file', inputSchema: { json: tools[0].input_schema } });

    messages.push({ role: 'assistant', content: first.content }, user([{ type: 'tool_result', tool_use_id: 'tooluse_1', content: '# Hello' }]));
    const second = await client.messages.create({ model: SONNET, max_tokens: 512, tools, messages });
    expect(second.content[0]).toMatchObject({ type: 'text', text: 'The README says hello.' });
    const sent = converse().body.messages;
    expect(sent[1].content).toContainEqual({ toolUse: { toolUseId: 'tooluse_1', name: 'read_file', input: { path: 'README.md' } } });
    expect(sent[2].content[0]).toEqual({ toolResult: { toolUseId: 'tooluse_1', content: [{ text: '# Hello' }] } });
  });

  test('a failed tool (is_error) and block content in tool_result reach Bedrock', async () => {
    h.emu.script({ text: 'Sorry.' });
    await client.messages.create({
      model: SONNET,
      max_tokens: 64,
      tools,
      messages: [
        user('Read both'),
        { role: 'assistant', content: [{ type: 'tool_use', id: 'tu_a', name: 'read_file', input: { path: 'a' } }, { type: 'tool_use', id: 'tu_b', name: 'read_file', input: { path: 'b' } }] },
        user([
          { type: 'tool_result', tool_use_id: 'tu_a', content: 'ENOENT: no such file', is_error: true },
          { type: 'tool_result', tool_use_id: 'tu_b', content: [{ type: 'text', text: 'contents of b' }] },
        ]),
      ],
    });
    const results = converse().body.messages[2].content;
    expect(results[0]).toEqual({ toolResult: { toolUseId: 'tu_a', content: [{ text: 'ENOENT: no such file' }], status: 'error' } });
    expect(results[1].toolResult).toMatchObject({ toolUseId: 'tu_b', content: [{ text: 'contents of b' }] });
  });

  test('streamed tool input arrives as input_json_delta and assembles in finalMessage', async () => {
    h.emu.script({ content: [{ toolUse: { toolUseId: 'tooluse_s', name: 'list_dir', input: { path: 'src/some/deeper/folder' } } }], chunkSize: 4 });
    const stream = client.messages.stream({ model: SONNET, max_tokens: 256, tools, messages: [user('List it')] });
    const deltas: string[] = [];
    stream.on('streamEvent', (e) => {
      if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta') deltas.push(e.delta.partial_json);
    });
    const final = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(1);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content[0]).toEqual({ type: 'tool_use', id: 'tooluse_s', name: 'list_dir', input: { path: 'src/some/deeper/folder' } });
  });

  test.each([
    [{ type: 'auto' } as Anthropic.ToolChoice, { auto: {} }],
    [{ type: 'any' } as Anthropic.ToolChoice, { any: {} }],
    [{ type: 'tool', name: 'list_dir' } as Anthropic.ToolChoice, { tool: { name: 'list_dir' } }],
  ])('tool_choice %j is Converse toolChoice %j', async (choice, expected) => {
    h.emu.script({ content: [{ toolUse: { name: 'list_dir', input: {} } }] });
    await client.messages.create({ model: SONNET, max_tokens: 64, tools, tool_choice: choice, messages: [user('x')] });
    expect(converse().body.toolConfig.toolChoice).toEqual(expected);
  });

  test('tool_choice none: the request works and Bedrock is never forced to call a tool', async () => {
    h.emu.script({ text: 'No tools needed.' });
    const message = await client.messages.create({ model: SONNET, max_tokens: 64, tools, tool_choice: { type: 'none' }, messages: [user('x')] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'No tools needed.' });
    const choice = converse().body.toolConfig?.toolChoice;
    expect(choice?.any ?? choice?.tool).toBeUndefined();
  });

  test("tool schemas as Claude Code writes them: $schema is stripped, the rest kept; defer_loading does not fail the request", async () => {
    h.emu.script({ text: 'ok' });
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { file_path: { type: 'string' }, content: { type: 'string' } }, required: ['file_path', 'content'], additionalProperties: false };
    const claudeTools = [
      { name: 'Write', description: 'Write a file', input_schema: schema },
      { name: 'Placeholder', description: 'Loaded later', input_schema: { type: 'object', properties: {} }, defer_loading: true },
    ] as unknown as Anthropic.Tool[];
    const message = await client.messages.create({ model: SONNET, max_tokens: 64, tools: claudeTools, messages: [user('x')] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'ok' });
    const sentTools = converse().body.toolConfig.tools.filter((t: { toolSpec?: unknown }) => t.toolSpec);
    const write = sentTools.find((t: { toolSpec: { name: string } }) => t.toolSpec.name === 'Write').toolSpec;
    const { $schema: _dropped, ...rest } = schema;
    expect(write.inputSchema.json).toEqual(rest);
  });
});

describe('thinking', () => {
  const thinking = { type: 'enabled', budget_tokens: 2000 } as const;

  test('thinking blocks come back signed and go back to Bedrock untouched across a tool turn', async () => {
    h.emu.script(
      { content: [{ reasoning: { text: 'I should read the file first.', signature: 'sig-abc-123' } }, { toolUse: { toolUseId: 'tooluse_t', name: 'read_file', input: { path: 'a.ts' } } }] },
      { content: [{ reasoning: { text: 'Now I know.', signature: 'sig-def' } }, { text: 'It exports one function.' }] },
    );
    const messages: Anthropic.MessageParam[] = [user('What is in a.ts?')];
    const first = await client.messages.create({ model: SONNET, max_tokens: 4000, thinking, tools, messages });
    expect(first.content[0]).toEqual({ type: 'thinking', thinking: 'I should read the file first.', signature: 'sig-abc-123' });
    expect(first.content[1]).toMatchObject({ type: 'tool_use', id: 'tooluse_t' });
    expect(converse().body.additionalModelRequestFields).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2000 } });

    messages.push({ role: 'assistant', content: first.content }, user([{ type: 'tool_result', tool_use_id: 'tooluse_t', content: 'export function f() {}' }]));
    // The emulator refuses, as Bedrock does, a tool turn whose assistant message lost its signed thinking.
    const second = await client.messages.create({ model: SONNET, max_tokens: 4000, thinking, tools, messages });
    expect(second.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(second.content[1]).toMatchObject({ text: 'It exports one function.' });
    const assistant = converse().body.messages[1];
    expect(assistant.content[0]).toEqual({ reasoningContent: { reasoningText: { text: 'I should read the file first.', signature: 'sig-abc-123' } } });
  });

  test('streamed thinking: thinking_delta then signature_delta, assembled by the SDK', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'Two plus two is four, checked twice.', signature: 'sig-stream' } }, { text: '4' }], chunkSize: 5 });
    const stream = client.messages.stream({ model: SONNET, max_tokens: 4000, thinking, messages: [user('2+2?')] });
    const kinds = new Set<string>();
    stream.on('streamEvent', (e) => {
      if (e.type === 'content_block_delta') kinds.add(e.delta.type);
    });
    const final = await stream.finalMessage();
    expect(kinds).toEqual(new Set(['thinking_delta', 'signature_delta', 'text_delta']));
    expect(final.content[0]).toEqual({ type: 'thinking', thinking: 'Two plus two is four, checked twice.', signature: 'sig-stream' });
    expect(final.content[1]).toMatchObject({ type: 'text', text: '4' });
  });

  test('redacted thinking comes back as redacted_thinking and returns to Bedrock as the same bytes', async () => {
    const data = Buffer.from('opaque encrypted reasoning').toString('base64');
    h.emu.script({ content: [{ redactedReasoning: data }, { toolUse: { toolUseId: 'tooluse_r', name: 'list_dir', input: { path: '.' } } }] }, { text: 'done' });
    const messages: Anthropic.MessageParam[] = [user('x')];
    const first = await client.messages.create({ model: SONNET, max_tokens: 4000, thinking, tools, messages });
    expect(first.content[0]).toEqual({ type: 'redacted_thinking', data });
    messages.push({ role: 'assistant', content: first.content }, user([{ type: 'tool_result', tool_use_id: 'tooluse_r', content: 'a.ts' }]));
    await client.messages.create({ model: SONNET, max_tokens: 4000, thinking, tools, messages });
    expect(converse().body.messages[1].content[0]).toEqual({ reasoningContent: { redactedContent: data } });
  });
});
