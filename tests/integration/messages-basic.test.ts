import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startImageHost, type ImageHost } from '../support/image-host';
import { startHarness, type Harness } from '../support/harness';

// POST /v1/messages driven with plain fetch and bodies shaped like Claude Code's (CLIENTS.md).

let h: Harness;
let images: ImageHost;
let imagesUrl: string;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

beforeAll(async () => {
  // The image host is on loopback: allowed here (image URLs to private hosts are refused by default).
  h = await startHarness({ pingEveryMs: 60, settings: { allowPrivateImageHosts: true } });
  images = await startImageHost(PNG);
  imagesUrl = images.url;
});
afterAll(async () => {
  await h.close();
  images.close();
});
beforeEach(() => {
  h.emu.reset();
  h.log.length = 0;
});

const HEADERS = { 'anthropic-version': '2023-06-01', 'x-api-key': 'anything', 'user-agent': 'claude-cli/2.1.3 (external, sdk-cli)' };
const post = (body: unknown, headers: Record<string, string> = {}, path = '/v1/messages?beta=true') => h.post(path, body, { ...HEADERS, ...headers });

/** Reads an Anthropic SSE response into [event, data] pairs. */
async function readEvents(res: Response): Promise<Array<[string, any]>> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      return [event, data ? JSON.parse(data) : undefined] as [string, any];
    });
}

describe('create', () => {
  test('a plain message: msg_ id, model as asked, text block, end_turn, usage with cache counts', async () => {
    h.emu.script({ text: 'Hello there.', usage: { inputTokens: 12, outputTokens: 3, cacheReadInputTokens: 100, cacheWriteInputTokens: 7 } });
    const res = await post({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Hello there.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 3, cache_read_input_tokens: 100, cache_creation_input_tokens: 7 },
    });
    expect(body.id).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    const sent = h.emu.lastRequest('Converse')!;
    expect(sent.modelId).toBe('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(sent.body.inferenceConfig).toEqual({ maxTokens: 1024 });
    expect(h.log[0]).toMatchObject({ endpoint: '/v1/messages', status: 200, model: 'claude-sonnet-4-5', finishReason: 'end_turn', cacheReadTokens: 100 });
  });

  test('system as a string and as blocks, a role:"system" entry inside messages, temperature/top_k/stop_sequences', async () => {
    h.emu.script({ text: 'ok', stopReason: 'stop_sequence' });
    const res = await post({
      model: 'claude-haiku-4-5', max_tokens: 100, temperature: 0.2, top_k: 5, stop_sequences: ['END'], metadata: { user_id: '{"device":"x"}' },
      system: [{ type: 'text', text: 'You are Claude Code.' }],
      messages: [{ role: 'user', content: 'hi' }, { role: 'system', content: 'Mid-conversation instruction.' }],
    });
    const body = await res.json();
    expect(body.stop_reason).toBe('stop_sequence');
    expect(body.stop_sequence).toBe('END');
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.system).toEqual([{ text: 'You are Claude Code.' }, { text: 'Mid-conversation instruction.' }]);
    expect(sent.messages).toEqual([{ role: 'user', content: [{ text: 'hi' }] }]);
    expect(sent.inferenceConfig).toEqual({ maxTokens: 100, temperature: 0.2, stopSequences: ['END'] });
    expect(sent.additionalModelRequestFields).toEqual({ top_k: 5 });
  });

  test('max_tokens above the model limit is clamped, and the log entry says so', async () => {
    await post({ model: 'claude-sonnet-4-5', max_tokens: 128000, messages: [{ role: 'user', content: 'hi' }] });
    expect(h.emu.lastRequest('Converse')!.body.inferenceConfig.maxTokens).toBe(64000);
    expect(h.log[0].notes?.join(' ')).toMatch(/max_tokens 128000 lowered to 64000/);
  });

  test.each([
    ['guardrail_intervened', 'refusal'],
    ['content_filtered', 'refusal'],
    ['max_tokens', 'max_tokens'],
    ['model_context_window_exceeded', 'model_context_window_exceeded'],
    ['malformed_model_output', 'end_turn'],
  ])('Bedrock stop reason %s becomes %s', async (bedrock, anthropic) => {
    h.emu.script({ text: 'x', stopReason: bedrock });
    const body = await (await post({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })).json();
    expect(body.stop_reason).toBe(anthropic);
  });
});

describe('stream', () => {
  test('message_start, ping, text block deltas, message_delta with stop reason and usage, message_stop', async () => {
    h.emu.script({ text: 'Hello streaming world', chunkSize: 5, usage: { inputTokens: 9, outputTokens: 4, cacheReadInputTokens: 2 } });
    const res = await post({ model: 'claude-sonnet-4-5', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = await readEvents(res);
    const names = events.map(([e]) => e).filter((e) => e !== 'ping');
    expect(names[0]).toBe('message_start');
    expect(names.slice(1, 2)).toEqual(['content_block_start']);
    expect(names.slice(-4)).toEqual(['content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    const start = events[0][1];
    expect(start.message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null });
    expect(start.message.id).toMatch(/^msg_/);
    expect(start.message.usage).toMatchObject({ input_tokens: 0, cache_read_input_tokens: 0 });
    const text = events.filter(([e, d]) => e === 'content_block_delta' && d.delta.type === 'text_delta').map(([, d]) => d.delta.text).join('');
    expect(text).toBe('Hello streaming world');
    expect(events.find(([e]) => e === 'content_block_start')![1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    const delta = events.find(([e]) => e === 'message_delta')![1];
    expect(delta).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { input_tokens: 9, output_tokens: 4, cache_read_input_tokens: 2, cache_creation_input_tokens: 0 } });
  });

  test('pings while the model is silent', async () => {
    h.emu.script({ text: 'slow', latencyMs: 0, chunkDelayMs: 250, chunkSize: 1 });
    const res = await post({ model: 'claude-sonnet-4-5', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const events = await readEvents(res);
    // One ping follows message_start; the rest come from the silences between chunks.
    expect(events.filter(([e]) => e === 'ping').length).toBeGreaterThan(2);
    expect(events.at(-1)![0]).toBe('message_stop');
  });

  test('an exception inside the stream becomes event: error with the Anthropic body, and the stream ends', async () => {
    h.emu.script({ text: 'Partial answer that will break', chunkSize: 4, streamError: { type: 'throttlingException', message: 'Too many tokens, please wait.', afterEvents: 3 } });
    const res = await post({ model: 'claude-sonnet-4-5', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    const events = await readEvents(res);
    const [event, data] = events.at(-1)!;
    expect(event).toBe('error');
    expect(data).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringMatching(/Too many tokens/) } });
    expect(events.some(([e]) => e === 'message_stop')).toBe(false);
  });
});

describe('tools', () => {
  const writeTool = {
    name: 'Write', description: 'Write a file',
    input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { file_path: { type: 'string' }, content: { type: 'string' } }, required: ['file_path', 'content'], additionalProperties: false },
  };

  test('a tool round trip: streamed tool_use with input_json_delta, then the tool_result (is_error) goes back as a toolResult', async () => {
    h.emu.script({ content: [{ text: 'Writing.' }, { toolUse: { toolUseId: 'tooluse_W1', name: 'Write', input: { file_path: 'a.txt', content: 'hi' } } }], chunkSize: 6 });
    const res = await post({ model: 'claude-sonnet-4-5', max_tokens: 1000, stream: true, tools: [writeTool], tool_choice: { type: 'auto' }, messages: [{ role: 'user', content: 'write a.txt' }] });
    const events = await readEvents(res);
    const starts = events.filter(([e]) => e === 'content_block_start').map(([, d]) => d);
    expect(starts).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'tooluse_W1', name: 'Write', input: {} } },
    ]);
    const json = events.filter(([e, d]) => e === 'content_block_delta' && d.index === 1).map(([, d]) => { expect(d.delta.type).toBe('input_json_delta'); return d.delta.partial_json; }).join('');
    expect(JSON.parse(json)).toEqual({ file_path: 'a.txt', content: 'hi' });
    expect(events.find(([e]) => e === 'message_delta')![1].delta.stop_reason).toBe('tool_use');
    const sent = h.emu.lastRequest('ConverseStream')!.body;
    const { $schema: _drop, ...schema } = writeTool.input_schema;
    expect(sent.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'Write', description: 'Write a file', inputSchema: { json: schema } } }], toolChoice: { auto: {} } });

    h.emu.script({ text: 'Done.' });
    const second = await post({
      model: 'claude-sonnet-4-5', max_tokens: 1000, tools: [writeTool],
      messages: [
        { role: 'user', content: 'write a.txt' },
        { role: 'assistant', content: [{ type: 'text', text: 'Writing.' }, { type: 'tool_use', id: 'tooluse_W1', name: 'Write', input: { file_path: 'a.txt', content: 'hi' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tooluse_W1', content: 'permission denied', is_error: true }, { type: 'text', text: 'try again' }] },
      ],
    });
    expect(second.status).toBe(200);
    const history = h.emu.lastRequest('Converse')!.body.messages;
    expect(history[1].content[1]).toEqual({ toolUse: { toolUseId: 'tooluse_W1', name: 'Write', input: { file_path: 'a.txt', content: 'hi' } } });
    expect(history[2].content).toEqual([{ toolResult: { toolUseId: 'tooluse_W1', content: [{ text: 'permission denied' }], status: 'error' } }, { text: 'try again' }]);
  });

  test('tool_choice any / tool / none; server tools and defer_loading tools are dropped and noted', async () => {
    const body = (tool_choice: unknown) => ({ model: 'claude-sonnet-4-5', max_tokens: 100, tool_choice, tools: [writeTool, { type: 'web_search_20250305', name: 'web_search' }, { name: 'Later', input_schema: { type: 'object' }, defer_loading: true }], messages: [{ role: 'user', content: 'go' }] });
    await post(body({ type: 'any' }));
    let sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.toolConfig.tools.map((t: any) => t.toolSpec.name)).toEqual(['Write']);
    expect(sent.toolConfig.toolChoice).toEqual({ any: {} });
    expect(h.log[0].notes!.join('\n')).toMatch(/web_search.*server tools[\s\S]*Later.*defer_loading/);
    await post(body({ type: 'tool', name: 'Write', disable_parallel_tool_use: true }));
    expect(h.emu.lastRequest('Converse')!.body.toolConfig.toolChoice).toEqual({ tool: { name: 'Write' } });
    await post(body({ type: 'none' }));
    sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.toolConfig).toBeUndefined();
  });
});

describe('thinking', () => {
  test('signed thinking streams as thinking_delta + signature_delta and goes back untouched across a tool turn', async () => {
    const signature = 'EqQBCkYIBxgCKkD+/sig==';
    h.emu.script({ content: [{ reasoning: { text: 'I should read the file.', signature } }, { toolUse: { toolUseId: 'tooluse_R', name: 'Read', input: { file_path: 'x' } } }], chunkSize: 8 });
    const read = { name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } };
    const res = await post({ model: 'claude-sonnet-4-5', max_tokens: 32000, thinking: { type: 'enabled', budget_tokens: 31999, display: 'omitted' }, tools: [read], stream: true, messages: [{ role: 'user', content: 'read x' }] });
    const events = await readEvents(res);
    const starts = events.filter(([e]) => e === 'content_block_start').map(([, d]) => d.content_block.type);
    expect(starts).toEqual(['thinking', 'tool_use']);
    const deltas = events.filter(([e, d]) => e === 'content_block_delta' && d.index === 0).map(([, d]) => d.delta);
    expect(deltas.filter((d) => d.type === 'thinking_delta').map((d) => d.thinking).join('')).toBe('I should read the file.');
    expect(deltas.filter((d) => d.type === 'signature_delta').map((d) => d.signature).join('')).toBe(signature);
    const first = h.emu.lastRequest('ConverseStream')!.body;
    expect(first.additionalModelRequestFields.thinking).toEqual({ type: 'enabled', budget_tokens: 31999 });
    // The reasoning plan leaves room for the answer above the budget (Bedrock needs max_tokens > budget).
    expect(first.inferenceConfig.maxTokens).toBeGreaterThan(31999);

    h.emu.script({ text: 'The file says hi.' });
    const second = await post({
      model: 'claude-sonnet-4-5', max_tokens: 32000, thinking: { type: 'enabled', budget_tokens: 31999 }, tools: [read],
      messages: [
        { role: 'user', content: 'read x' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'I should read the file.', signature }, { type: 'redacted_thinking', data: 'cmVkYWN0ZWQ=' }, { type: 'tool_use', id: 'tooluse_R', name: 'Read', input: { file_path: 'x' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tooluse_R', content: [{ type: 'text', text: 'hi' }] }] },
      ],
    });
    expect(second.status).toBe(200);
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.messages[1].content[0]).toEqual({ reasoningContent: { reasoningText: { text: 'I should read the file.', signature } } });
    expect(sent.messages[1].content[1]).toEqual({ reasoningContent: { redactedContent: 'cmVkYWN0ZWQ=' } });
    expect(sent.additionalModelRequestFields.thinking.type).toBe('enabled');
  });

  test('a non-streamed answer returns thinking and redacted_thinking blocks', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'Hmm.', signature: 'sig-1' } }, { redactedReasoning: 'AAEC' }, { text: 'Answer.' }] });
    const body = await (await post({ model: 'claude-sonnet-4-5', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'q' }] })).json();
    expect(body.content).toEqual([{ type: 'thinking', thinking: 'Hmm.', signature: 'sig-1' }, { type: 'redacted_thinking', data: 'AAEC' }, { type: 'text', text: 'Answer.' }]);
  });
});
