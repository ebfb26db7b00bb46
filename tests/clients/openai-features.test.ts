import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// Models, aliases, reasoning, prompt caching and guardrails, as a tool built on the openai package sees them.
let h: Harness;
let client: OpenAI;
beforeAll(async () => {
  h = await startHarness({ settings: { aliases: { 'gpt-4o': 'claude-sonnet', 'o4-mini': 'claude-sonnet-4', 'team-profile': 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/team1' } } });
  client = new OpenAI({ baseURL: h.baseURL, apiKey: 'x', maxRetries: 0 });
});
afterAll(async () => h.close());
beforeEach(() => h.emu.reset());

type Extra = Record<string, unknown>;

describe('model names', () => {
  test.each([
    ['gpt-4o', 'us.anthropic.claude-sonnet-4-6'],
    ['o4-mini', 'us.anthropic.claude-sonnet-4-20250514-v1:0'],
    ['team-profile', 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/team1'],
    // The newest Opus the account lists, through the only profile it has (global-only).
    ['claude-opus', 'global.anthropic.claude-opus-4-8'],
    ['claude-haiku', 'us.anthropic.claude-haiku-4-5-20251001-v1:0'],
    ['nova-micro', 'us.amazon.nova-micro-v1:0'],
    ['deepseek-r1', 'us.deepseek.r1-v1:0'],
    ['llama-4-maverick', 'us.meta.llama4-maverick-17b-instruct-v1:0'],
    // The built-in alias names 2407; the account lists only 2402, so the listing's model is called.
    ['mistral-large', 'mistral.mistral-large-2402-v1:0'],
    ['anthropic/claude-haiku-4.5', 'us.anthropic.claude-haiku-4-5-20251001-v1:0'],
    ['amazon.nova-lite-v1:0', 'us.amazon.nova-lite-v1:0'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0'],
  ])('%s -> %s', async (asked, invoked) => {
    h.emu.script({ text: 'ok' });
    const res = await client.chat.completions.create({ model: asked, messages: [{ role: 'user', content: 'x' }] });
    expect(res.model).toBe(asked);
    expect(h.emu.lastRequest('Converse')!.modelId).toBe(invoked);
  });

  test('an unknown model: NotFoundError with the closest names', async () => {
    const err = await client.chat.completions.create({ model: 'claude-sonnet-5-turbo', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err.message).toMatch(/Closest names: .*claude-sonnet/);
  });
});

describe('reasoning', () => {
  test('reasoning_effort: thinking budget, reasoning_content, reasoning_tokens', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'Two plus two is four, checked twice.', signature: 'sig' } }, { text: '4' }], usage: { inputTokens: 5, outputTokens: 40 } });
    const res = await client.chat.completions.create({ model: 'claude-sonnet', reasoning_effort: 'high', max_completion_tokens: 2000, messages: [{ role: 'user', content: '2+2?' }] });
    const message = res.choices[0].message as OpenAI.Chat.Completions.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.content).toBe('4');
    expect(message.reasoning_content).toBe('Two plus two is four, checked twice.');
    expect(res.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.additionalModelRequestFields.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    // max tokens raised so the budget fits.
    expect(sent.inferenceConfig.maxTokens).toBeGreaterThan(16384);
  });

  // A budget is Claude 4.6 and earlier; 4.7 and later take adaptive thinking only.
  test('extra_body thinking with an explicit budget', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'hm', signature: 's' } }, { text: 'ok' }] });
    await client.chat.completions.create({ model: 'claude-opus-4-6', max_tokens: 10000, messages: [{ role: 'user', content: 'x' }], thinking: { type: 'enabled', budget_tokens: 3000 } } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming & Extra);
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.additionalModelRequestFields.thinking).toEqual({ type: 'enabled', budget_tokens: 3000 });
    expect(sent.inferenceConfig.maxTokens).toBe(10000);
  });

  test('streamed delta.reasoning_content, then content', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'Let me see.', signature: 'sig' } }, { text: 'Done.' }], chunkSize: 4 });
    const stream = await client.chat.completions.create({ model: 'claude-sonnet', reasoning_effort: 'low', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const order: string[] = [];
    let reasoning = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { reasoning_content?: string; content?: string } | undefined;
      if (delta?.reasoning_content) (reasoning += delta.reasoning_content), order.push('r');
      if (delta?.content) order.push('c');
    }
    expect(reasoning).toBe('Let me see.');
    expect(order.join('').replace(/(.)\1+/g, '$1')).toBe('rc');
  });

  test('DeepSeek R1 reasoning comes back as reasoning_content', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'R1 thinks.' } }, { text: 'Answer.' }] });
    const res = await client.chat.completions.create({ model: 'deepseek-r1', messages: [{ role: 'user', content: 'x' }] });
    expect((res.choices[0].message as { reasoning_content?: string }).reasoning_content).toBe('R1 thinks.');
    expect(res.choices[0].message.content).toBe('Answer.');
  });
});

describe('prompt caching', () => {
  test('extra_body prompt_caching false turns the defaults off for one request', async () => {
    h.emu.script({ text: 'ok' });
    const system = 'Long system prompt. '.repeat(400);
    await client.chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'system', content: system }, { role: 'user', content: 'x' }], prompt_caching: false } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming & Extra);
    expect(JSON.stringify(h.emu.lastRequest('Converse')!.body)).not.toContain('cachePoint');
  });

  test('cache reads and writes are reported in usage', async () => {
    h.emu.script({ text: 'ok', usage: { inputTokens: 20, outputTokens: 2, cacheReadInputTokens: 3000, cacheWriteInputTokens: 500 } });
    const res = await client.chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'x' }] });
    expect(res.usage!.prompt_tokens_details!.cached_tokens).toBe(3000);
    expect((res.usage as unknown as { cache_creation_input_tokens: number }).cache_creation_input_tokens).toBe(500);
    expect(res.usage!.prompt_tokens).toBe(3520);
  });
});

describe('guardrails', () => {
  test('extra_body guardrailConfig passes through; an intervention is finish_reason content_filter', async () => {
    h.emu.script({ text: 'Sorry, the model cannot answer this question.', stopReason: 'guardrail_intervened' });
    const res = await client.chat.completions.create({ model: 'nova-pro', messages: [{ role: 'user', content: 'x' }], guardrailConfig: { guardrailIdentifier: 'gr-1', guardrailVersion: 'DRAFT', trace: 'enabled' } } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming & Extra);
    expect(res.choices[0].finish_reason).toBe('content_filter');
    expect(h.emu.lastRequest('Converse')!.body.guardrailConfig).toEqual({ guardrailIdentifier: 'gr-1', guardrailVersion: 'DRAFT', trace: 'enabled' });
  });
});
