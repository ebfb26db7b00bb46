import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// The official openai package, over real sockets, as Continue, Cline and most tools use it.
let h: Harness;
let client: OpenAI;
beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: h.baseURL, apiKey: 'anything-on-loopback', maxRetries: 0 });
});
afterAll(async () => h.close());
beforeEach(() => h.emu.reset());

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } } },
  { type: 'function', function: { name: 'list_dir', description: 'List a folder', parameters: { type: 'object', properties: { path: { type: 'string' } } } } },
];

describe('openai SDK: chat.completions', () => {
  test('non-streaming', async () => {
    h.emu.script({ text: 'Hello from Bedrock', usage: { inputTokens: 9, outputTokens: 4 } });
    const completion = await client.chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'system', content: 'Be nice.' }, { role: 'user', content: 'Hi!' }], max_tokens: 64 });
    expect(completion.choices[0].message.content).toBe('Hello from Bedrock');
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 });
    expect(completion.model).toBe('claude-sonnet');
  });

  test('streaming with include_usage', async () => {
    h.emu.script({ text: 'Streaming works fine', chunkSize: 3, usage: { inputTokens: 5, outputTokens: 7, cacheReadInputTokens: 2 } });
    const stream = await client.chat.completions.create({ model: 'claude-sonnet', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Go' }] });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Streaming works fine');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 2 } });
  });

  test('streamed parallel tool calls assemble with the SDK helper (finalChatCompletion)', async () => {
    h.emu.script({
      content: [
        { text: 'Reading both.' },
        { toolUse: { toolUseId: 'tooluse_1', name: 'read_file', input: { path: 'src/a.ts' } } },
        { toolUse: { toolUseId: 'tooluse_2', name: 'list_dir', input: { path: 'src' } } },
      ],
      chunkSize: 3,
    });
    const runner = client.chat.completions.stream({ model: 'claude-sonnet', tools, messages: [{ role: 'user', content: 'Look around.' }] });
    const final = await runner.finalChatCompletion();
    const message = final.choices[0].message;
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    expect(message.content).toBe('Reading both.');
    expect(message.tool_calls).toHaveLength(2);
    const [a, b] = message.tool_calls! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall[];
    expect(a).toMatchObject({ id: 'tooluse_1', type: 'function', function: { name: 'read_file' } });
    expect(JSON.parse(a.function.arguments)).toEqual({ path: 'src/a.ts' });
    expect(b).toMatchObject({ id: 'tooluse_2', function: { name: 'list_dir' } });
    expect(JSON.parse(b.function.arguments)).toEqual({ path: 'src' });
  });

  test('a full tool loop: the SDK sends results back and gets the answer', async () => {
    h.emu.script({ content: [{ toolUse: { toolUseId: 'tooluse_9', name: 'read_file', input: { path: 'README.md' } } }] }, { text: 'The README says hello.' });
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What does the README say?' }];
    const first = await client.chat.completions.create({ model: 'claude-sonnet', tools, messages });
    const call = first.choices[0].message.tool_calls![0] as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    messages.push(first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '# Hello' });
    const second = await client.chat.completions.create({ model: 'claude-sonnet', tools, messages });
    expect(second.choices[0].message.content).toBe('The README says hello.');
    const sent = h.emu.lastRequest('Converse')!.body.messages;
    expect(sent[2].content[0]).toEqual({ toolResult: { toolUseId: 'tooluse_9', content: [{ text: '# Hello' }] } });
  });

  test('Bedrock throttling surfaces as RateLimitError with the Bedrock message', async () => {
    h.emu.script({ error: { type: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.' } });
    const err = await client.chat.completions.create({ model: 'nova-pro', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.status).toBe(429);
    expect(err.message).toContain('Too many tokens');
    expect(err.headers.get('retry-after')).toBeTruthy();
  });

  test('a validation error surfaces as BadRequestError; an unknown model as NotFoundError', async () => {
    h.emu.script({ error: { type: 'ValidationException', message: 'Malformed input request' } });
    const bad = await client.chat.completions.create({ model: 'nova-pro', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad.message).toContain('Malformed input request');
    const missing = await client.chat.completions.create({ model: 'gpt-9-turbo', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing.code).toBe('model_not_found');
  });

  test('an error in the middle of a stream throws from the SDK iterator', async () => {
    h.emu.script({ text: 'some text before the failure', chunkSize: 4, streamError: { type: 'throttlingException', message: 'stream throttled', afterEvents: 3 } });
    const stream = await client.chat.completions.create({ model: 'nova-pro', stream: true, messages: [{ role: 'user', content: 'x' }] });
    let text = '';
    const err = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(String(err.message)).toContain('stream throttled');
    expect(text.length).toBeGreaterThan(0);
  });

  test('models.list works (Cursor\'s Verify button)', async () => {
    const page = await client.models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids).toContain('claude-sonnet');
  });

  test('images as data URLs', async () => {
    h.emu.script({ text: 'A red dot.' });
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const res = await client.chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'user', content: [{ type: 'text', text: 'What?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }] });
    expect(res.choices[0].message.content).toBe('A red dot.');
    expect(h.emu.lastRequest('Converse')!.body.messages[0].content[1].image.format).toBe('png');
  });
});
