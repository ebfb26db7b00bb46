import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// Legacy completions, as Continue's autocomplete (useLegacyCompletionsEndpoint) calls them.
let h: Harness;
let client: OpenAI;
beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: h.baseURL, apiKey: 'x', maxRetries: 0 });
});
afterAll(async () => h.close());
beforeEach(() => h.emu.reset());

describe('POST /v1/completions', () => {
  test('non-streaming: prompt in, text out, served by a chat model', async () => {
    h.emu.script({ text: 'return a + b;\n}', usage: { inputTokens: 30, outputTokens: 6 } });
    const res = await client.completions.create({ model: 'claude-haiku', prompt: 'function add(a, b) {\n  ', suffix: '\n\nexport { add };', max_tokens: 64, stop: ['\n\n'], temperature: 0 });
    expect(res.object).toBe('text_completion');
    expect(res.choices[0]).toMatchObject({ text: 'return a + b;\n}', index: 0, finish_reason: 'stop' });
    expect(res.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 6 });
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.messages).toEqual([{ role: 'user', content: [{ text: 'function add(a, b) {\n  ' }] }]);
    expect(sent.system[0].text).toContain('export { add };');
    expect(sent.inferenceConfig).toMatchObject({ maxTokens: 64, stopSequences: ['\n\n'], temperature: 0 });
  });

  test('streaming text chunks, finish_reason, usage, [DONE]', async () => {
    h.emu.script({ text: 'console.log(x);', chunkSize: 3, usage: { inputTokens: 3, outputTokens: 4 } });
    const stream = await client.completions.create({ model: 'claude-haiku', prompt: 'const x = 1;\n', stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('text_completion');
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('console.log(x);');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4 });
  });

  test('bad requests are clear 400s', async () => {
    for (const [body, param] of [
      [{ model: 'claude-haiku' }, 'prompt'],
      [{ model: 'claude-haiku', prompt: ['a', 'b'] }, 'prompt'],
      [{ model: 'claude-haiku', prompt: 'x', echo: true }, 'echo'],
    ] as const) {
      const res = await h.post('/v1/completions', body);
      expect(res.status).toBe(400);
      expect((await res.json()).error.param).toBe(param);
    }
  });

  test('a blank prompt is a 400 naming prompt, in the OpenAI error shape, and Bedrock is not called', async () => {
    for (const prompt of ['', '   ']) {
      const res = await h.post('/v1/completions', { model: 'claude-haiku', prompt });
      expect(res.status, JSON.stringify(prompt)).toBe(400);
      expect(await res.json()).toEqual({ error: { message: expect.stringContaining("'prompt' is empty"), type: 'invalid_request_error', code: 'invalid_request', param: 'prompt' } });
    }
    expect(h.emu.lastRequest('Converse')).toBeUndefined();
  });
});
