import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { isRuntimeCall, TEST_ACCESS_KEY_ID, TEST_BEDROCK_API_KEY, TEST_SECRET_ACCESS_KEY } from '../support/bedrock-emulator';
import { readSse, startHarness, type Harness } from '../support/harness';
import { startImageHost, type ImageHost } from '../support/image-host';

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let h: Harness;
let images: ImageHost;
let imagesUrl: string;
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
beforeEach(() => h.emu.reset());

const withImage = (url: string) => ({ model: 'claude-sonnet', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url } }] }] });

describe('images', () => {
  test('a data URL becomes an image block with the raw bytes', async () => {
    h.emu.script({ text: 'A pixel.' });
    const res = await h.post('/v1/chat/completions', withImage(`data:image/png;base64,${PNG.toString('base64')}`));
    expect(res.status).toBe(200);
    const block = h.emu.lastRequest('Converse')!.body.messages[0].content[1];
    expect(block.image.format).toBe('png');
    expect(Buffer.from(block.image.source.bytes, 'base64').equals(PNG)).toBe(true);
  });

  test('an http URL is downloaded and sent as bytes', async () => {
    h.emu.script({ text: 'A cat.' });
    const res = await h.post('/v1/chat/completions', withImage(`${imagesUrl}/cat.png`));
    expect(res.status).toBe(200);
    expect(h.emu.lastRequest('Converse')!.body.messages[0].content[1].image.format).toBe('png');
  });

  test('by default (allowPrivateImageHosts off) the same loopback URL is refused, read per request', async () => {
    h.setSettings({ allowPrivateImageHosts: false });
    try {
      const res = await h.post('/v1/chat/completions', withImage(`${imagesUrl}/cat.png`));
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'image_fetch_failed', message: expect.stringContaining("private or local network address; Outcrop does not fetch those (turn on 'Allow private image hosts'") });
      expect(h.emu.requests.filter(isRuntimeCall)).toHaveLength(0);
    } finally {
      h.setSettings({ allowPrivateImageHosts: true });
    }
    h.emu.script({ text: 'A cat.' });
    expect((await h.post('/v1/chat/completions', withImage(`${imagesUrl}/cat.png`))).status).toBe(200);
  });

  test.each([
    ['/huge.png', 'larger than'],
    ['/page.html', 'not png'],
    ['/missing.png', 'HTTP 404'],
  ])('a bad image URL (%s) is a clear 400', async (path, message) => {
    const res = await h.post('/v1/chat/completions', withImage(`${imagesUrl}${path}`));
    expect(res.status).toBe(400);
    const err = (await res.json()).error;
    expect(err.code).toBe('image_fetch_failed');
    expect(err.message).toContain(message);
    expect(h.emu.requests.filter(isRuntimeCall)).toHaveLength(0);
  });

  test('a data URL that is not an image is a clear 400', async () => {
    const res = await h.post('/v1/chat/completions', withImage('data:text/plain;base64,aGVsbG8='));
    expect(res.status).toBe(400);
    expect((await res.json()).error.param).toBe('messages[0].content[1]');
  });
});

describe('reasoning (rules 5, 6)', () => {
  test('reasoning_effort turns on thinking, drops temperature/top_p and returns reasoning_content', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'Let me think.', signature: 'sig-1' } }, { text: '42' }] });
    const body = await (await h.post('/v1/chat/completions', { model: 'claude-sonnet', reasoning_effort: 'low', temperature: 0.2, top_p: 0.9, max_tokens: 1000, messages: [{ role: 'user', content: 'Answer?' }] })).json();
    expect(body.choices[0].message).toMatchObject({ content: '42', reasoning_content: 'Let me think.' });
    expect(body.choices[0].message.content).not.toContain('<think');
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(sent.inferenceConfig.temperature).toBeUndefined();
    expect(sent.inferenceConfig.topP).toBeUndefined();
    expect(sent.inferenceConfig.maxTokens).toBeGreaterThan(2048);
  });

  test('Claude 4.5 never gets temperature and top_p together', async () => {
    h.emu.script({ text: 'ok' });
    const res = await h.post('/v1/chat/completions', { model: 'claude-sonnet', temperature: 0.3, top_p: 0.8, messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(200);
    expect(h.emu.lastRequest('Converse')!.body.inferenceConfig).toEqual({ temperature: 0.3 });
  });

  test('streamed reasoning arrives as delta.reasoning_content before the content', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'Thinking hard.', signature: 'sig-2' } }, { text: 'Done.' }], chunkSize: 5 });
    const chunks = (await readSse(await h.post('/v1/chat/completions', { model: 'claude-sonnet', stream: true, reasoning_effort: 'medium', messages: [{ role: 'user', content: 'x' }] }))).slice(0, -1) as Array<{ choices: Array<{ delta: { reasoning_content?: string; content?: string } }> }>;
    const reasoning = chunks.map((c) => c.choices[0]?.delta.reasoning_content ?? '').join('');
    expect(reasoning).toBe('Thinking hard.');
    const firstContent = chunks.findIndex((c) => c.choices[0]?.delta.content);
    const lastReasoning = chunks.map((c) => Boolean(c.choices[0]?.delta.reasoning_content)).lastIndexOf(true);
    expect(lastReasoning).toBeLessThan(firstContent);
  });

  test.each([false, true])('the signed reasoning of a tool-calling turn is sent back on the next request (stream=%s)', async (stream) => {
    h.emu.script({ content: [{ reasoning: { text: 'I need the weather.', signature: `sig-${stream}` } }, { toolUse: { toolUseId: `tooluse_r${stream}`, name: 'get_weather', input: { city: 'Oslo' } } }] }, { text: 'It is sunny.' });
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const first = await h.post('/v1/chat/completions', { model: 'claude-sonnet', stream, reasoning_effort: 'low', tools, messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
    if (stream) await readSse(first);
    else await first.json();
    // OpenAI clients do not echo reasoning back: only the tool call.
    const res = await h.post('/v1/chat/completions', {
      model: 'claude-sonnet', reasoning_effort: 'low', tools,
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [{ id: `tooluse_r${stream}`, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: `tooluse_r${stream}`, content: 'sunny' },
      ],
    });
    expect(res.status).toBe(200);
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.messages[1].content[0]).toEqual({ reasoningContent: { reasoningText: { text: 'I need the weather.', signature: `sig-${stream}` } } });
    expect(sent.additionalModelRequestFields.thinking.type).toBe('enabled');
  });

  test('without remembered reasoning for a pending tool turn, thinking is switched off instead of failing', async () => {
    h.emu.script({ text: 'ok' });
    const res = await h.post('/v1/chat/completions', {
      model: 'claude-sonnet', reasoning_effort: 'high',
      tools: [{ type: 'function', function: { name: 'f', description: 'f', parameters: { type: 'object' } } }],
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', tool_calls: [{ id: 'unknown_call', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'unknown_call', content: 'r' },
      ],
    });
    expect(res.status).toBe(200);
    expect(h.emu.lastRequest('Converse')!.body.additionalModelRequestFields?.thinking).toBeUndefined();
  });
});

describe('prompt caching (rule 7)', () => {
  const longSystem = 'You are a careful coding assistant. '.repeat(200);

  test('cache_control on content parts becomes cachePoint blocks', async () => {
    h.setSettings({ caching: { system: false, tools: false, conversation: false } });
    h.emu.script({ text: 'ok' });
    await h.post('/v1/chat/completions', { model: 'claude-sonnet', messages: [
      { role: 'system', content: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }] },
      { role: 'user', content: [{ type: 'text', text: 'doc', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'question' }] },
    ] });
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.system).toEqual([{ text: 'sys' }, { cachePoint: { type: 'default' } }]);
    expect(sent.messages[0].content).toEqual([{ text: 'doc' }, { cachePoint: { type: 'default' } }, { text: 'question' }]);
  });

  test('caching defaults place points after tools, system and the conversation', async () => {
    h.setSettings({ caching: { system: true, tools: true, conversation: true } });
    h.emu.script({ text: 'ok' });
    const tools = [{ type: 'function', function: { name: 'big', description: 'd'.repeat(5000), parameters: { type: 'object' } } }];
    await h.post('/v1/chat/completions', { model: 'claude-sonnet', tools, messages: [{ role: 'system', content: longSystem }, { role: 'user', content: 'hello' }] });
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.toolConfig.tools.at(-1)).toEqual({ cachePoint: { type: 'default' } });
    expect(sent.system.at(-1)).toEqual({ cachePoint: { type: 'default' } });
    expect(sent.messages.at(-1).content.at(-1)).toEqual({ cachePoint: { type: 'default' } });
  });

  test('never more than 4 cache points, and none for models without caching', async () => {
    h.setSettings({ caching: { system: true, tools: false, conversation: true } });
    h.emu.script({ text: 'ok' }, { text: 'ok' });
    const marked = (t: string) => ({ role: 'user', content: [{ type: 'text', text: t, cache_control: { type: 'ephemeral' } }] });
    const messages = [{ role: 'system', content: longSystem }, marked('a'), { role: 'assistant', content: 'b' }, marked('c'), { role: 'assistant', content: 'd' }, marked('e'), { role: 'assistant', content: 'f' }, marked('g')];
    const res = await h.post('/v1/chat/completions', { model: 'claude-sonnet', messages });
    expect(res.status).toBe(200);
    const count = JSON.stringify(h.emu.lastRequest('Converse')!.body).split('cachePoint').length - 1;
    expect(count).toBe(4);
    await h.post('/v1/chat/completions', { model: 'llama-4-maverick', messages });
    expect(JSON.stringify(h.emu.lastRequest('Converse')!.body)).not.toContain('cachePoint');
  });
});

describe('credentials', () => {
  test('a Bedrock API key is sent as a bearer token', async () => {
    const k = await startHarness({ gateway: { apiKey: TEST_BEDROCK_API_KEY } });
    try {
      k.emu.script({ text: 'ok' });
      const res = await k.post('/v1/chat/completions', { model: NOVA_PROFILE, messages: [{ role: 'user', content: 'x' }] });
      expect(res.status).toBe(200);
      expect(k.emu.lastRequest('Converse')!.auth).toBe('bearer');
    } finally {
      await k.close();
    }
  });

  // A profile id goes as given, so no model listing shares the credentials these tests watch.
  const NOVA_PROFILE = 'us.amazon.nova-pro-v1:0';

  test('expired credentials are re-resolved once and the request retried (rule 16)', async () => {
    let resolutions = 0;
    const k = await startHarness({
      emulator: { credentials: { AKIDOLD: 'old-secret', [TEST_ACCESS_KEY_ID]: TEST_SECRET_ACCESS_KEY } },
      gateway: {
        credentials: () => {
          resolutions++;
          const creds = resolutions === 1 ? { accessKeyId: 'AKIDOLD', secretAccessKey: 'old-secret' } : { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };
          return async () => creds;
        },
      },
    });
    try {
      k.emu.revokeCredentials('AKIDOLD', 'ExpiredTokenException');
      k.emu.script({ text: 'fresh' });
      const res = await k.post('/v1/chat/completions', { model: NOVA_PROFILE, messages: [{ role: 'user', content: 'x' }] });
      expect(res.status).toBe(200);
      expect((await res.json()).choices[0].message.content).toBe('fresh');
      expect(resolutions).toBe(2);
      expect(k.emu.requests.filter(isRuntimeCall).map((r) => r.accessKeyId)).toEqual(['AKIDOLD', TEST_ACCESS_KEY_ID]);
    } finally {
      await k.close();
    }
  });

  test('credentials that stay bad give one clear error naming the profile, no loop', async () => {
    let resolutions = 0;
    const k = await startHarness({
      emulator: { credentials: { AKIDOLD: 'old-secret' } },
      gateway: { profile: 'dev', credentials: () => (resolutions++, async () => ({ accessKeyId: 'AKIDOLD', secretAccessKey: 'old-secret' })) },
    });
    try {
      k.emu.revokeCredentials('AKIDOLD', 'ExpiredTokenException');
      const res = await k.post('/v1/chat/completions', { model: NOVA_PROFILE, messages: [{ role: 'user', content: 'x' }] });
      expect(res.status).toBe(401);
      const err = (await res.json()).error;
      expect(err.code).toBe('aws_credentials');
      expect(err.message).toContain('profile "dev"');
      expect(err.message).not.toContain('old-secret');
      expect(k.emu.requests.filter(isRuntimeCall)).toHaveLength(2);
      expect(resolutions).toBe(2);
    } finally {
      await k.close();
    }
  });
});

describe('reasoning written as tags (rule 5)', () => {
  test('gpt-oss <reasoning> text becomes reasoning_content, non-streamed and streamed', async () => {
    h.emu.script({ text: '<reasoning>The user wants a greeting.</reasoning>Hello!' }, { text: '<reasoning>Think first.</reasoning>Hi there!', chunkSize: 3 });
    const body = await (await h.post('/v1/chat/completions', { model: 'gpt-oss-120b', messages: [{ role: 'user', content: 'Greet me' }] })).json();
    expect(body.choices[0].message).toMatchObject({ content: 'Hello!', reasoning_content: 'The user wants a greeting.' });
    const chunks = (await readSse(await h.post('/v1/chat/completions', { model: 'gpt-oss-120b', stream: true, messages: [{ role: 'user', content: 'Greet me' }] }))).slice(0, -1) as Array<{ choices: Array<{ delta: { reasoning_content?: string; content?: string } }> }>;
    expect(chunks.map((c) => c.choices[0]?.delta.reasoning_content ?? '').join('')).toBe('Think first.');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hi there!');
  });

  test('reasoning_effort for gpt-oss goes to additionalModelRequestFields.reasoning_effort', async () => {
    h.emu.script({ text: 'ok' });
    await h.post('/v1/chat/completions', { model: 'gpt-oss-120b', reasoning_effort: 'high', messages: [{ role: 'user', content: 'x' }] });
    expect(h.emu.lastRequest('Converse')!.body.additionalModelRequestFields).toEqual({ reasoning_effort: 'high' });
  });
});

describe('cache point lifetime', () => {
  test('cache_control ttl "1h" is kept on the cache point', async () => {
    h.emu.script({ text: 'ok' });
    const res = await h.post('/v1/chat/completions', { model: 'claude-sonnet', prompt_caching: false, messages: [{ role: 'system', content: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral', ttl: '1h' } }] }, { role: 'user', content: 'x' }] });
    expect(res.status).toBe(200);
    expect(h.emu.lastRequest('Converse')!.body.system).toEqual([{ text: 'sys' }, { cachePoint: { type: 'default', ttl: '1h' } }]);
  });
});
