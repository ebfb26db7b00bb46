import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Settings } from '../../src-shared/settings';
import { startImageHost, type ImageHost } from '../support/image-host';
import { startHarness, type Harness } from '../support/harness';

// The official @anthropic-ai/sdk against POST /v1/messages (see anthropic-sdk.test.ts): prompt
// caching, images and documents, errors in Anthropic's shape, model names, and the rest of the API.

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const SONNET = 'claude-sonnet-4-5-20250929';
const SONNET_ON_BEDROCK = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NO_CACHING = { caching: { system: false, tools: false, conversation: false } };

let h: Harness;
let client: Anthropic;
let initial: Settings;
let images: ImageHost;
let imagesUrl: string;
beforeAll(async () => {
  // The image host is on loopback: allowed here (image URLs to private hosts are refused by default).
  h = await startHarness({ settings: { allowPrivateImageHosts: true } });
  initial = h.settings;
  client = new Anthropic({ baseURL: h.proxy.url, apiKey: 'anything-on-loopback', maxRetries: 0, timeout: 15_000 });
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
  // Explicit cache_control only, unless a test turns the defaults on: the Converse bodies stay exact.
  h.setSettings({ ...initial, ...NO_CACHING });
});

const converse = () => h.emu.lastRequest('Converse') ?? h.emu.lastRequest('ConverseStream')!;
const user = (content: string | Anthropic.ContentBlockParam[]): Anthropic.MessageParam => ({ role: 'user', content });
const tools: Anthropic.Tool[] = [
  { name: 'read_file', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  { name: 'list_dir', description: 'List a folder', input_schema: { type: 'object', properties: { path: { type: 'string' } } } },
];
type ApiError = InstanceType<typeof Anthropic.APIError>;
const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as ApiError);

describe('prompt caching', () => {
  test('cache_control on system, tools and message blocks becomes cache points; cache usage is reported', async () => {
    h.emu.script({ text: 'cached', usage: { inputTokens: 10, outputTokens: 2, cacheReadInputTokens: 1000, cacheWriteInputTokens: 200 } });
    const cachedTools: Anthropic.Tool[] = [tools[0], { ...tools[1], cache_control: { type: 'ephemeral' } }];
    const message = await client.messages.create({
      model: SONNET,
      max_tokens: 64,
      system: [{ type: 'text', text: 'A long system prompt.', cache_control: { type: 'ephemeral' } }],
      tools: cachedTools,
      messages: [user([{ type: 'text', text: 'A long document.', cache_control: { type: 'ephemeral', ttl: '1h' } }, { type: 'text', text: 'The question.' }])],
    });
    expect(message.usage).toMatchObject({ input_tokens: 10, output_tokens: 2, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200 });
    const sent = converse().body;
    expect(sent.system).toEqual([{ text: 'A long system prompt.' }, { cachePoint: { type: 'default' } }]);
    expect(sent.toolConfig.tools.at(-1)).toEqual({ cachePoint: { type: 'default' } });
    expect(sent.toolConfig.tools).toHaveLength(3);
    expect(sent.messages[0].content).toEqual([{ text: 'A long document.' }, { cachePoint: { type: 'default', ttl: '1h' } }, { text: 'The question.' }]);
    expect(h.log[0]).toMatchObject({ cacheReadTokens: 1000, cacheWriteTokens: 200 });
  });

  test('more than four cache_control marks (and the caching defaults) never give Bedrock more than four cache points', async () => {
    h.setSettings({ caching: { system: true, tools: true, conversation: true } });
    h.emu.script({ text: 'ok' });
    const mark = { cache_control: { type: 'ephemeral' } } as const;
    const message = await client.messages.create({
      model: SONNET,
      max_tokens: 64,
      system: [{ type: 'text', text: 's1', ...mark }, { type: 'text', text: 's2', ...mark }],
      tools: [{ ...tools[0], ...mark }],
      messages: [user([{ type: 'text', text: 'm1', ...mark }]), { role: 'assistant', content: [{ type: 'text', text: 'a1', ...mark }] }, user([{ type: 'text', text: 'm2', ...mark }])],
    });
    expect(message.content[0]).toMatchObject({ text: 'ok' });
    const body = JSON.stringify(converse().body);
    expect(body.split('cachePoint').length - 1).toBeLessThanOrEqual(4);
    // The latest mark is the one worth keeping.
    expect(converse().body.messages.at(-1).content.at(-1)).toEqual({ cachePoint: { type: 'default' } });
  });
});

describe('images and documents', () => {
  test('a base64 image becomes an image block with the same bytes', async () => {
    h.emu.script({ text: 'A pixel.' });
    const message = await client.messages.create({
      model: SONNET,
      max_tokens: 64,
      messages: [user([{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG.toString('base64') } }, { type: 'text', text: 'What is this?' }])],
    });
    expect(message.content[0]).toMatchObject({ text: 'A pixel.' });
    const block = converse().body.messages[0].content[0];
    expect(block.image.format).toBe('png');
    expect(Buffer.from(block.image.source.bytes, 'base64').equals(PNG)).toBe(true);
  });

  test('an image URL is downloaded and sent as bytes', async () => {
    h.emu.script({ text: 'A cat.' });
    await client.messages.create({ model: SONNET, max_tokens: 64, messages: [user([{ type: 'image', source: { type: 'url', url: `${imagesUrl}/cat.png` } }, { type: 'text', text: 'What?' }])] });
    const block = converse().body.messages[0].content[0];
    expect(block.image.format).toBe('png');
    expect(Buffer.from(block.image.source.bytes, 'base64').equals(PNG)).toBe(true);
  });

  test('a base64 PDF becomes a document block', async () => {
    h.emu.script({ text: 'An empty PDF.' });
    await client.messages.create({
      model: SONNET,
      max_tokens: 64,
      messages: [user([{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF.toString('base64') } }, { type: 'text', text: 'Summarise.' }])],
    });
    const doc = converse().body.messages[0].content.find((b: { document?: unknown }) => b.document).document;
    expect(doc.format).toBe('pdf');
    expect(typeof doc.name).toBe('string');
    expect(Buffer.from(doc.source.bytes, 'base64').equals(PDF)).toBe(true);
  });
});

describe('errors, in the Anthropic shape', () => {
  test('Bedrock throttling is a RateLimitError (429, rate_limit_error) with retry-after and the Bedrock message', async () => {
    h.emu.script({ error: { type: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.' } });
    const err = await errorOf(client.messages.create({ model: SONNET, max_tokens: 16, messages: [user('x')] }));
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect(err!.status).toBe(429);
    expect(err!.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(err!.apiMessage).toContain('Too many tokens');
    expect(err!.headers?.get('retry-after')).toBeTruthy();
  });

  test('a Bedrock validation error is a BadRequestError (invalid_request_error) with the Bedrock message', async () => {
    h.emu.script({ error: { type: 'ValidationException', message: 'Malformed input request: something is off' } });
    const err = await errorOf(client.messages.create({ model: SONNET, max_tokens: 16, messages: [user('x')] }));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err!.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(err!.apiMessage).toContain('Malformed input request: something is off');
  });

  test('access denied is a PermissionDeniedError; Bedrock unavailable an overloaded_error', async () => {
    h.emu.script({ error: { type: 'AccessDeniedException', message: "You don't have access to the model with the specified model ID." } });
    const denied = await errorOf(client.messages.create({ model: SONNET, max_tokens: 16, messages: [user('x')] }));
    expect(denied).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(denied!.type).toBe('permission_error');
    h.emu.script({ error: { type: 'ServiceUnavailableException', message: 'Bedrock is busy.' } });
    const busy = await errorOf(client.messages.create({ model: SONNET, max_tokens: 16, messages: [user('x')] }));
    expect(busy).toBeInstanceOf(Anthropic.APIError);
    expect(busy!.type).toBe('overloaded_error');
  });

  test('an unknown model is a NotFoundError (not_found_error) naming the closest models; Bedrock is not called', async () => {
    const err = await errorOf(client.messages.create({ model: 'claude-opus-9-9', max_tokens: 16, messages: [user('x')] }));
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect(err!.type).toBe('not_found_error');
    expect(err!.apiMessage).toMatch(/Closest names: .*claude-opus/);
    expect(h.emu.requests.filter((r) => r.operation === 'Converse' || r.operation === 'ConverseStream')).toHaveLength(0);
  });

  test('an error in the middle of a stream is an error event the SDK throws, after the text so far', async () => {
    h.emu.script({ text: 'some text before the failure', chunkSize: 4, streamError: { type: 'throttlingException', message: 'stream throttled', afterEvents: 3 } });
    const stream = client.messages.stream({ model: SONNET, max_tokens: 64, messages: [user('x')] });
    let text = '';
    stream.on('text', (d) => (text += d));
    const err = await errorOf(stream.finalMessage());
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect(String(err!.message)).toContain('stream throttled');
    expect(text.length).toBeGreaterThan(0);
  });

  test('with "require API key" on: no key is an AuthenticationError; x-api-key and Bearer both work', async () => {
    const key = 'outcrop-anthropic-test-key-0123';
    h.setSettings({ requireApiKey: true, apiKeys: [{ id: 'k1', name: 'test', key, createdAt: new Date().toISOString() }] });
    const wrong = new Anthropic({ baseURL: h.proxy.url, apiKey: 'not-the-key', maxRetries: 0 });
    const err = await errorOf(wrong.messages.create({ model: SONNET, max_tokens: 16, messages: [user('x')] }));
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(err!.type).toBe('authentication_error');

    h.emu.script({ text: 'via x-api-key' }, { text: 'via bearer' });
    const byApiKey = new Anthropic({ baseURL: h.proxy.url, apiKey: key, maxRetries: 0 });
    expect((await byApiKey.messages.create({ model: SONNET, max_tokens: 16, messages: [user('x')] })).content[0]).toMatchObject({ text: 'via x-api-key' });
    const byToken = new Anthropic({ baseURL: h.proxy.url, apiKey: null, authToken: key, maxRetries: 0 });
    expect((await byToken.messages.create({ model: SONNET, max_tokens: 16, messages: [user('x')] })).content[0]).toMatchObject({ text: 'via bearer' });
  });
});

describe('model names', () => {
  test('dated and short Anthropic ids resolve to the Bedrock model with the region prefix; the answer names the model asked', async () => {
    h.emu.script({ text: 'a' }, { text: 'b' });
    const short = await client.messages.create({ model: 'claude-opus-4-5', max_tokens: 16, messages: [user('x')] });
    expect(short.model).toBe('claude-opus-4-5');
    expect(converse().modelId).toBe('us.anthropic.claude-opus-4-5-20251101-v1:0');
    await client.messages.create({ model: 'claude-haiku-4-5-20251001', max_tokens: 16, messages: [user('x')] });
    expect(converse().modelId).toBe('us.anthropic.claude-haiku-4-5-20251001-v1:0');
  });

  test('an alias wins: claude-opus-5-5 pointed at Qwen3 Coder', async () => {
    h.setSettings({ aliases: { 'claude-opus-5-5': 'qwen.qwen3-coder-480b-a35b-v1:0' } });
    h.emu.script({ text: 'from qwen' });
    const message = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 16, messages: [user('x')] });
    expect(message).toMatchObject({ model: 'claude-opus-5-5', content: [{ type: 'text', text: 'from qwen' }] });
    expect(converse().modelId).toBe('qwen.qwen3-coder-480b-a35b-v1:0');
  });
});

describe('the rest of the API surface', () => {
  test('beta.messages (?beta=true, anthropic-beta), streamed, with a Claude Code shaped request', async () => {
    h.emu.script({ text: 'ok' });
    const ua = new Anthropic({ baseURL: h.proxy.url, apiKey: 'x', maxRetries: 0, defaultHeaders: { 'user-agent': 'claude-cli/2.1.3 (external, sdk-cli)', 'x-app': 'cli' } });
    const message = await ua.beta.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 32000,
      betas: ['claude-code-20250219', 'interleaved-thinking-2025-05-14', 'context-management-2025-06-27', 'some-future-beta-2099-01-01'],
      thinking: { type: 'enabled', budget_tokens: 31999 },
      system: [{ type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.3' }, { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
      metadata: { user_id: JSON.stringify({ device_id: 'abc', session_id: 'def' }) },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello', cache_control: { type: 'ephemeral' } }] }],
    } as unknown as Anthropic.Beta.MessageCreateParamsStreaming).finalMessage();
    expect(message.content.find((b) => b.type === 'text')).toMatchObject({ text: 'ok' });
    expect(converse().modelId).toBe(SONNET_ON_BEDROCK);
    expect(h.log[0]).toMatchObject({ protocol: 'messages', endpoint: '/v1/messages', client: 'claude-cli/2.1.3', status: 200, stream: true });
    // A beta Bedrock does not know is dropped, never forwarded into a 400.
    expect(JSON.stringify(converse().body)).not.toContain('some-future-beta');
  });

  test('messages.countTokens answers {input_tokens}', async () => {
    const count = await client.messages.countTokens({ model: SONNET, system: 'Be brief.', messages: [user('How many tokens is this?')] });
    expect(Number.isInteger(count.input_tokens)).toBe(true);
    expect(count.input_tokens).toBeGreaterThan(0);
  });

  test('models.list answers in the Anthropic list shape', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model.type).toBe('model');
      expect(typeof model.display_name).toBe('string');
      expect(typeof model.created_at).toBe('string');
      ids.push(model.id);
    }
    expect(ids.some((id) => id.includes('claude'))).toBe(true);
  });
});
