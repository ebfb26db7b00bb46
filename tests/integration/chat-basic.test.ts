import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { readSse, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => h.emu.reset());

describe('POST /v1/chat/completions (non-streaming)', () => {
  test('answers in the OpenAI shape and sends the exact Converse request', async () => {
    h.emu.script({ text: 'Hello there!', usage: { inputTokens: 12, outputTokens: 3 } });
    const res = await h.post('/v1/chat/completions', {
      model: 'claude-sonnet',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: 'Answer in English.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 100,
      temperature: 0.5,
      stop: 'END',
      user: 'someone',
      some_unknown_field: { ignored: true },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'claude-sonnet',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there!' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    });
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(typeof body.created).toBe('number');
    const sent = h.emu.lastRequest('Converse')!;
    expect(sent.modelId).toBe('us.anthropic.claude-sonnet-4-6');
    expect(sent.body.system).toEqual([{ text: 'Be brief.' }, { text: 'Answer in English.' }]);
    expect(sent.body.messages).toEqual([{ role: 'user', content: [{ text: 'Hi' }] }]);
    expect(sent.body.inferenceConfig).toEqual({ maxTokens: 100, temperature: 0.5, stopSequences: ['END'] });
    expect(sent.auth).toBe('sigv4');
  });

  test('max_completion_tokens wins over max_tokens; stop arrays pass through', async () => {
    h.emu.script({ text: 'ok' });
    await h.post('/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'x' }], max_tokens: 10, max_completion_tokens: 20, stop: ['a', 'b'] });
    expect(h.emu.lastRequest('Converse')!.body.inferenceConfig).toEqual({ maxTokens: 20, stopSequences: ['a', 'b'] });
  });

  test('bare model ids get the region prefix, ARNs and prefixed ids pass through (rule 12)', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123';
    for (const [asked, expected] of [
      ['anthropic.claude-sonnet-4-20250514-v1:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0'],
      ['us.amazon.nova-pro-v1:0', 'us.amazon.nova-pro-v1:0'],
      [arn, arn],
      ['anthropic/claude-sonnet-4.5', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ]) {
      h.emu.script({ text: 'ok' });
      const res = await h.post('/v1/chat/completions', { model: asked, messages: [{ role: 'user', content: 'x' }] });
      expect(res.status).toBe(200);
      expect((await res.json()).model).toBe(asked);
      expect(h.emu.lastRequest('Converse')!.modelId).toBe(expected);
    }
  });

  test('user aliases from settings win and apply on the next request', async () => {
    h.setSettings({ aliases: { 'gpt-4o': 'nova-lite' } });
    h.emu.script({ text: 'ok' });
    const res = await h.post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(200);
    expect(h.emu.lastRequest('Converse')!.modelId).toBe('us.amazon.nova-lite-v1:0');
    h.setSettings({ aliases: {} });
  });

  test('a missing model or "default" uses the default model from settings', async () => {
    h.emu.script({ text: 'a' }, { text: 'b' });
    const res = await h.post('/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(200);
    expect(h.emu.lastRequest('Converse')!.modelId).toBe('us.anthropic.claude-sonnet-4-6');
    await h.post('/v1/chat/completions', { model: 'default', messages: [{ role: 'user', content: 'x' }] });
    expect(h.emu.requests).toHaveLength(2);
  });

  test('consecutive same-role messages merge and blank text blocks are dropped (rules 3, 4)', async () => {
    h.emu.script({ text: 'ok' });
    const res = await h.post('/v1/chat/completions', {
      model: 'claude-haiku',
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'text', text: '   ' }, { type: 'text', text: 'two' }] },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: 'three' },
        { role: 'user', content: 'four' },
      ],
    });
    expect(res.status).toBe(200);
    expect(h.emu.lastRequest('Converse')!.body.messages).toEqual([
      { role: 'user', content: [{ text: 'one' }, { text: 'two' }] },
      { role: 'assistant', content: [{ text: 'three' }] },
      { role: 'user', content: [{ text: 'four' }] },
    ]);
  });

  test('a conversation ending with an assistant message gets a continuation for no-prefill models (rule 14)', async () => {
    h.emu.script({ text: 'ok' }, { text: 'ok' });
    await h.post('/v1/chat/completions', { model: 'llama-4-maverick', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: 'partial' }] });
    expect(h.emu.lastRequest('Converse')!.body.messages.at(-1)).toEqual({ role: 'user', content: [{ text: 'Continue.' }] });
    // Claude takes a prefill: the assistant message stays last, without trailing whitespace.
    await h.post('/v1/chat/completions', { model: 'claude-haiku', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: 'Sure: ' }] });
    expect(h.emu.lastRequest('Converse')!.body.messages.at(-1)).toEqual({ role: 'assistant', content: [{ text: 'Sure:' }] });
  });

  test('guardrail interventions map to finish_reason content_filter (rule 14)', async () => {
    h.emu.script({ text: 'blocked', stopReason: 'guardrail_intervened' });
    const body = await (await h.post('/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'x' }], guardrailConfig: { guardrailIdentifier: 'g1', guardrailVersion: '1' } })).json();
    expect(body.choices[0].finish_reason).toBe('content_filter');
    expect(h.emu.lastRequest('Converse')!.body.guardrailConfig).toEqual({ guardrailIdentifier: 'g1', guardrailVersion: '1' });
  });

  test.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['content_filtered', 'content_filter'],
    ['guardrail_intervened', 'content_filter'],
  ])('stop reason %s maps to finish_reason %s', async (stopReason, finish) => {
    h.emu.script({ text: 'x', stopReason });
    const body = await (await h.post('/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'x' }] })).json();
    expect(body.choices[0].finish_reason).toBe(finish);
  });

  test('prompt cache usage is reported as cached_tokens (rule 7)', async () => {
    h.emu.script({ text: 'x', usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 1000, cacheWriteInputTokens: 200 } });
    const body = await (await h.post('/v1/chat/completions', { model: 'claude-sonnet', messages: [{ role: 'user', content: 'x' }] })).json();
    expect(body.usage).toMatchObject({ prompt_tokens: 1210, completion_tokens: 5, total_tokens: 1215, prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 200 } });
  });

  test('the request log gets one entry per request with tokens and latency', async () => {
    h.log.length = 0;
    h.emu.script({ text: 'x', usage: { inputTokens: 7, outputTokens: 2 } });
    await h.post('/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'x' }] }, { 'user-agent': 'test-client/1.0' });
    expect(h.log).toHaveLength(1);
    expect(h.log[0]).toMatchObject({ endpoint: '/v1/chat/completions', model: 'nova-pro', bedrockModel: 'us.amazon.nova-pro-v1:0', status: 200, stream: false, inputTokens: 7, outputTokens: 2, client: 'test-client/1.0' });
    expect(h.log[0].latencyMs).toBeGreaterThan(0);
  });
});

describe('POST /v1/chat/completions (streaming)', () => {
  test('role chunk, text deltas, finish chunk, usage chunk, [DONE] (rule 8)', async () => {
    h.emu.script({ text: 'Hello streaming world', chunkSize: 5, usage: { inputTokens: 4, outputTokens: 6, cacheReadInputTokens: 3 } });
    const res = await h.post('/v1/chat/completions', { model: 'claude-sonnet', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(res);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1) as Array<{ object: string; model: string; choices: Array<{ delta: { role?: string; content?: string }; finish_reason: string | null }>; usage?: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details: { cached_tokens: number } } }>;
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'claude-sonnet')).toBe(true);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.flatMap((c) => c.choices.map((ch) => ch.delta.content ?? '')).join('')).toBe('Hello streaming world');
    const finish = chunks.filter((c) => c.choices[0]?.finish_reason);
    expect(finish).toHaveLength(1);
    expect(finish[0].choices[0].finish_reason).toBe('stop');
    const usage = chunks.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 6, prompt_tokens_details: { cached_tokens: 3 } });
    expect(chunks.indexOf(finish[0])).toBeLessThan(chunks.length - 1);
    expect(h.emu.lastRequest()!.operation).toBe('ConverseStream');
  });

  test('without include_usage there is no usage chunk', async () => {
    h.emu.script({ text: 'x' });
    const events = await readSse(await h.post('/v1/chat/completions', { model: 'nova-pro', stream: true, messages: [{ role: 'user', content: 'hi' }] }));
    expect(events.some((e) => typeof e === 'object' && (e as { choices: unknown[] }).choices.length === 0)).toBe(false);
    expect(events.at(-1)).toBe('[DONE]');
  });

  test('streamed entries reach the request log with time to first token', async () => {
    h.log.length = 0;
    h.emu.script({ text: 'abc', chunkDelayMs: 5, usage: { inputTokens: 1, outputTokens: 1 } });
    await readSse(await h.post('/v1/chat/completions', { model: 'nova-pro', stream: true, messages: [{ role: 'user', content: 'hi' }] }));
    expect(h.log[0]).toMatchObject({ stream: true, status: 200, inputTokens: 1, finishReason: 'end_turn' });
    expect(h.log[0].ttftMs).toBeGreaterThan(0);
    expect(h.log[0].ttftMs!).toBeLessThanOrEqual(h.log[0].latencyMs);
  });
});

describe('other endpoints', () => {
  test('GET /v1/models lists aliases and what the account can use, in the OpenAI list shape, cached', async () => {
    h.setSettings({ aliases: { 'my-model': 'nova-pro' } });
    const body = await (await fetch(`${h.baseURL}/models`)).json();
    expect(body.object).toBe('list');
    const ids = body.data.map((m: { id: string }) => m.id);
    expect(ids.slice(0, 2)).toEqual(['default', 'my-model']);
    expect(ids).toEqual(expect.arrayContaining(['claude-sonnet', 'nova-pro', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon.titan-embed-text-v2:0']));
    expect(body.data[0]).toMatchObject({ object: 'model', owned_by: expect.any(String), created: expect.any(Number) });
    // The listing was read (by this call, or by an earlier request's model name) and is kept.
    const listings = h.emu.requests.filter((r) => r.operation.startsWith('List')).length;
    await fetch(`${h.baseURL}/models`);
    expect(h.emu.requests.filter((r) => r.operation.startsWith('List')).length).toBe(listings);
    h.setSettings({ aliases: {} });
  });

  test('GET /v1/models falls back to the catalogue when the listing fails', async () => {
    const k = await startHarness({ gateway: { controlEndpoint: 'http://127.0.0.1:1' } });
    try {
      const res = await fetch(`${k.baseURL}/models`);
      expect(res.status).toBe(200);
      const ids = (await res.json()).data.map((m: { id: string }) => m.id);
      expect(ids).toEqual(expect.arrayContaining(['claude-sonnet', 'anthropic.claude-sonnet-4-5-20250929-v1:0']));
    } finally {
      await k.close();
    }
  });

  test('GET /healthz answers ok', async () => {
    expect(await (await fetch(`${h.proxy.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
  });

  test('an unknown route gets a 404 in the OpenAI error shape', async () => {
    const res = await fetch(`${h.proxy.url}/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ type: 'not_found_error', code: 'not_found' });
  });
});
