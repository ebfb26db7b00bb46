import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startImageHost, type ImageHost } from '../support/image-host';
import { startHarness, type Harness } from '../support/harness';

// /v1/messages: Claude Code's request shape, caching, images, count_tokens, models, errors.

let h: Harness;
let images: ImageHost;
let imagesUrl: string;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

beforeAll(async () => {
  // The image host is on loopback: allowed here (image URLs to private hosts are refused by default).
  h = await startHarness({ settings: { allowPrivateImageHosts: true } });
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
  h.setSettings({ requireApiKey: false, aliases: {} });
});

const BETAS = 'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,advanced-tool-use-2025-11-20,effort-2025-11-24';
const HEADERS = { 'anthropic-version': '2023-06-01', 'anthropic-beta': BETAS, 'x-api-key': 'sk-test', 'x-app': 'cli', 'user-agent': 'claude-cli/2.1.3 (external, sdk-cli)' };
const post = (body: unknown, headers: Record<string, string> = {}, path = '/v1/messages?beta=true') => h.post(path, body, { ...HEADERS, ...headers });
const ephemeral = { type: 'ephemeral' };

/** What Claude Code 2.1 sends with its newest default model (CLIENTS.md). */
function claudeCodeBody(model: string) {
  return {
    model,
    max_tokens: 128000,
    stream: false,
    thinking: { type: 'adaptive', display: 'omitted' },
    output_config: { effort: 'medium' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    metadata: { user_id: JSON.stringify({ device_id: 'abc', session_id: 'def' }) },
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.3' },
      { type: 'text', text: 'You are Claude Code, Anthropic\'s official CLI for Claude.', cache_control: ephemeral },
      { type: 'text', text: 'Be concise.'.repeat(400), cache_control: ephemeral },
    ],
    tools: [
      { name: 'Write', description: 'Writes a file', input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { file_path: { type: 'string' }, content: { type: 'string' } }, required: ['file_path', 'content'], additionalProperties: false } },
      { name: 'ToolSearch', description: 'placeholder', input_schema: { type: 'object' }, defer_loading: true },
    ],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'hello' }] },
      { role: 'system', content: [{ type: 'text', text: 'Reminder: use tools.', cache_control: ephemeral }] },
    ],
  };
}

describe('Claude Code request shape', () => {
  test('on a Claude 4.5+ model: betas Bedrock takes are forwarded as anthropic_beta, the rest dropped and logged; context_management and effort passed', async () => {
    const res = await post(claudeCodeBody('claude-opus-4-5-20251101'));
    expect(res.status).toBe(200);
    const sent = h.emu.lastRequest('Converse')!;
    expect(sent.modelId).toBe('us.anthropic.claude-opus-4-5-20251101-v1:0');
    const fields = sent.body.additionalModelRequestFields;
    expect(fields.anthropic_beta).toEqual(['interleaved-thinking-2025-05-14', 'context-management-2025-06-27', 'effort-2025-11-24']);
    expect(fields.context_management).toEqual({ edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] });
    expect(fields.output_config).toEqual({ effort: 'medium' });
    expect(fields.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(sent.body.inferenceConfig.maxTokens).toBe(64000);
    // The system entry inside messages joins the system prompt; cache_control became cache points.
    expect(sent.body.system).toEqual([
      { text: 'x-anthropic-billing-header: cc_version=2.1.3' },
      { text: 'You are Claude Code, Anthropic\'s official CLI for Claude.' }, { cachePoint: { type: 'default' } },
      { text: 'Be concise.'.repeat(400) }, { cachePoint: { type: 'default' } },
      { text: 'Reminder: use tools.' }, { cachePoint: { type: 'default' } },
    ]);
    expect(sent.body.toolConfig.tools.map((t: any) => t.toolSpec?.name)).toEqual(['Write']);
    expect(sent.body.toolConfig.tools[0].toolSpec.inputSchema.json.$schema).toBeUndefined();
    const notes = h.log[0].notes!.join('\n');
    expect(notes).toMatch(/anthropic-beta dropped.*claude-code-20250219, advanced-tool-use-2025-11-20/);
    expect(notes).toMatch(/ToolSearch.*defer_loading/);
    expect(notes).toMatch(/max_tokens 128000 lowered/);
  });

  test('an alias pointing a Claude name at another model: no Claude fields, effort goes to the reasoning plan, no beta', async () => {
    h.setSettings({ aliases: { 'claude-opus-5-5': 'nova-2-lite' } });
    const res = await post(claudeCodeBody('claude-opus-5-5'));
    expect(res.status).toBe(200);
    expect((await res.json()).model).toBe('claude-opus-5-5');
    const sent = h.emu.lastRequest('Converse')!;
    expect(sent.modelId).toBe('us.amazon.nova-2-lite-v1:0');
    expect(sent.body.additionalModelRequestFields).toEqual({ reasoningConfig: { type: 'enabled', maxReasoningEffort: 'medium' } });
    expect(h.log[0].notes!.join('\n')).toMatch(/not a Claude model/);
  });
});

describe('prompt caching', () => {
  test('cache_control on tools, system and message blocks becomes cache points; beyond four the oldest conversation ones are dropped and logged', async () => {
    const longTool = { name: 'Bash', description: 'Run a command. '.repeat(300), input_schema: { type: 'object', properties: { command: { type: 'string' } } }, cache_control: ephemeral };
    await post({
      model: 'claude-sonnet-4-5', max_tokens: 100, tools: [longTool],
      system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'one', cache_control: ephemeral }] },
        { role: 'assistant', content: 'two' },
        { role: 'user', content: [{ type: 'text', text: 'three', cache_control: ephemeral }] },
        { role: 'assistant', content: 'four' },
        { role: 'user', content: [{ type: 'text', text: 'five', cache_control: ephemeral }] },
      ],
    });
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.toolConfig.tools[1]).toEqual({ cachePoint: { type: 'default' } });
    expect(sent.system).toEqual([{ text: 'sys' }, { cachePoint: { type: 'default', ttl: '1h' } }]);
    expect(sent.messages[0].content).toEqual([{ text: 'one' }]);
    expect(sent.messages[2].content).toEqual([{ text: 'three' }, { cachePoint: { type: 'default' } }]);
    expect(sent.messages[4].content).toEqual([{ text: 'five' }, { cachePoint: { type: 'default' } }]);
    expect(h.log[0].notes!.join('\n')).toMatch(/1 cache_control point\(s\) dropped/);
  });
});

describe('images and documents', () => {
  test('base64 and url images (fetched with the chat guards), a PDF and a text document', async () => {
    const pdf = Buffer.from('%PDF-1.7\n%stuff');
    const res = await post({
      model: 'claude-sonnet-4-5', max_tokens: 100,
      messages: [{ role: 'user', content: [
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG.toString('base64') } },
        { type: 'image', source: { type: 'url', url: `${imagesUrl}/cat.png` } },
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf.toString('base64') }, title: 'spec.pdf' },
        { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain notes' } },
        { type: 'text', text: 'Describe.' },
      ] }],
    });
    expect(res.status).toBe(200);
    const content = h.emu.lastRequest('Converse')!.body.messages[0].content;
    expect(content[0]).toEqual({ image: { format: 'png', source: { bytes: PNG.toString('base64') } } });
    expect(content[1]).toEqual({ image: { format: 'png', source: { bytes: PNG.toString('base64') } } });
    expect(content[2]).toEqual({ document: { format: 'pdf', name: 'spec', source: { bytes: pdf.toString('base64') } } });
    expect(content[3].document.format).toBe('txt');
    expect(Buffer.from(content[3].document.source.bytes, 'base64').toString()).toBe('plain notes');
  });

  test('an image url that does not answer is a 400 in Anthropic shape', async () => {
    const res = await post({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: `${imagesUrl}/missing.png` } }] }] });
    expect(res.status).toBe(400);
    expect((await res.json()).error.type).toBe('invalid_request_error');
  });
});

describe('count_tokens and models', () => {
  test('count_tokens uses Bedrock CountTokens for Claude (base model id, converse input)', async () => {
    const res = await post({ model: 'claude-sonnet-4-5', system: 'You are terse.', messages: [{ role: 'user', content: 'How many tokens is this?' }] }, {}, '/v1/messages/count_tokens?beta=true');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-outcrop-token-count')).toBe('bedrock');
    const body = await res.json();
    const counted = h.emu.lastRequest('CountTokens')!;
    expect(counted.modelId).toBe('anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(counted.body.input.converse.messages).toEqual([{ role: 'user', content: [{ text: 'How many tokens is this?' }] }]);
    expect(body).toEqual({ input_tokens: expect.any(Number) });
    expect(body.input_tokens).toBeGreaterThan(5);
  });

  test('count_tokens for a model without CountTokens is a labelled estimate', async () => {
    const res = await post({ model: 'nova-pro', messages: [{ role: 'user', content: 'x'.repeat(400) }] }, {}, '/v1/messages/count_tokens');
    expect(res.headers.get('x-outcrop-token-count')).toBe('estimate');
    expect(await res.json()).toEqual({ input_tokens: 100, estimated: true });
    expect(h.emu.lastRequest('CountTokens')).toBeUndefined();
  });

  test('GET /v1/models answers in Anthropic\'s list shape with anthropic-version, OpenAI\'s without', async () => {
    const anthropic = await (await fetch(`${h.proxy.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } })).json();
    expect(anthropic.has_more).toBe(false);
    expect(anthropic.data[0]).toEqual({ type: 'model', id: 'default', display_name: 'default', created_at: expect.any(String) });
    expect(anthropic.data.find((m: any) => m.id === 'claude-sonnet-4-5')).toMatchObject({ type: 'model', display_name: 'Claude Sonnet 4.5' });
    expect(anthropic.first_id).toBe('default');
    const openai = await (await fetch(`${h.proxy.url}/v1/models`)).json();
    expect(openai.object).toBe('list');
    expect(openai.data[0]).toMatchObject({ id: 'default', object: 'model' });
  });
});

describe('errors in Anthropic shape', () => {
  test('400 names the field path', async () => {
    const res = await post({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text' }] }] });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^messages\.0\.content/);
    const missing = await (await post({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] })).json();
    expect(missing.error.message).toBe('max_tokens: Field required');
    const json = await post('{not json');
    expect(json.status).toBe(400);
    expect((await json.json()).error.type).toBe('invalid_request_error');
  });

  test('401 when a key is required: x-api-key and Authorization Bearer are both accepted', async () => {
    h.setSettings({ requireApiKey: true, apiKeys: [{ id: 'k1', name: 'test', key: 'sk-outcrop-right', createdAt: 0 }] as never });
    const body = { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
    const wrong = await post(body, { 'x-api-key': 'sk-wrong' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.stringMatching(/API key/) } });
    const none = await h.post('/v1/messages', body, { 'anthropic-version': '2023-06-01' });
    expect(none.status).toBe(401);
    expect((await none.json()).error.message).toMatch(/x-api-key/);
    expect((await post(body, { 'x-api-key': 'sk-outcrop-right' })).status).toBe(200);
    expect((await h.post('/v1/messages', body, { 'anthropic-version': '2023-06-01', authorization: 'Bearer sk-outcrop-right' })).status).toBe(200);
  });

  test('404 for an unknown model names the nearest ones', async () => {
    const res = await post({ model: 'clod-sonet', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('not_found_error');
    expect(body.error.message).toMatch(/clod-sonet/);
  });

  test('429 from Bedrock keeps its message and carries retry-after', async () => {
    h.emu.script({ error: { type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' } });
    const res = await post({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringMatching(/Too many requests, please wait/) } });
  });

  test('a 400 from Bedrock before the stream starts is a real HTTP status in Anthropic shape', async () => {
    h.emu.script({ error: { type: 'ValidationException', message: 'messages.0: bad' } });
    const res = await post({ model: 'claude-sonnet-4-5', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ type: 'invalid_request_error', message: expect.stringMatching(/messages\.0: bad/) });
  });

  test('unknown routes: Anthropic clients get an Anthropic 404, others OpenAI\'s', async () => {
    const a = await h.post('/v1/messages/batches', {}, { 'anthropic-version': '2023-06-01' });
    expect(a.status).toBe(404);
    expect((await a.json())).toEqual({ type: 'error', error: { type: 'not_found_error', message: expect.stringMatching(/no route POST \/v1\/messages\/batches/) } });
    const o = await h.post('/v1/xyz', {});
    expect((await o.json()).error.type).toBe('not_found_error');
  });
});
