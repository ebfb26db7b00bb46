import { describe, expect, it } from 'vitest';
import { capabilitiesFor } from '../../src-proxy/models/families';
import { planReasoning, THINKING_BUDGET } from '../../src-proxy/converse/reasoning';
import { chatReasoning } from '../../src-proxy/protocols/openai-chat/to-neutral';
import { chatRequest } from './helpers';

const claude45 = capabilitiesFor('anthropic.claude-sonnet-4-5-20250929-v1:0'); // maxOutputTokens 64000
const opus4 = capabilitiesFor('anthropic.claude-opus-4-20250514-v1:0'); // maxOutputTokens 32000
const gptOss = capabilitiesFor('openai.gpt-oss-120b-1:0');
const nova2 = capabilitiesFor('amazon.nova-2-lite-v1:0');
const llama = capabilitiesFor('meta.llama3-3-70b-instruct-v1:0');
const r1 = capabilitiesFor('deepseek.r1-v1:0');

// What the chat protocol asks of the core's reasoning plan for a request with these fields.
const req = (extra: Record<string, unknown>) => chatReasoning(chatRequest({ messages: [{ role: 'user', content: 'hi' }], ...extra }));

describe('planReasoning', () => {
  it('does nothing without reasoning_effort or thinking', () => {
    expect(planReasoning(req({}), claude45, 1000)).toEqual({ thinking: false, fields: {}, maxTokens: 1000 });
  });

  it.each([
    ['low', 2048],
    ['medium', 8192],
    ['high', 16384],
    ['minimal', 1024],
  ] as const)('rule 6: reasoning_effort %s maps to a %i-token thinking budget on Claude', (effort, budget) => {
    expect(THINKING_BUDGET[effort]).toBe(budget);
    const plan = planReasoning(req({ reasoning_effort: effort }), claude45, undefined);
    expect(plan).toEqual({
      thinking: true,
      budgetTokens: budget,
      fields: { thinking: { type: 'enabled', budget_tokens: budget } },
      maxTokens: budget + 4096,
    });
  });

  it('rule 6: raises max_tokens above the budget when the client asked for less than the budget', () => {
    // Bedrock requires maxTokens > budget_tokens; the answer keeps at least the room the client asked for.
    expect(planReasoning(req({ reasoning_effort: 'high' }), claude45, 1000).maxTokens).toBe(16384 + 4096);
    expect(planReasoning(req({ reasoning_effort: 'low' }), claude45, 2048).maxTokens).toBe(2048 + 4096);
    expect(planReasoning(req({ reasoning_effort: 'medium' }), claude45, 8000).maxTokens).toBe(8192 + 8000);
  });

  it('rule 6: keeps max_tokens when it already leaves room above the budget', () => {
    expect(planReasoning(req({ reasoning_effort: 'medium' }), claude45, 20000).maxTokens).toBe(20000);
  });

  it('rule 6: never plans beyond the model output limit, and the budget stays below maxTokens', () => {
    const plan = planReasoning(req({ thinking: { type: 'enabled', budget_tokens: 40000 } }), opus4, undefined);
    expect(plan.budgetTokens).toBe(32000 - 1024);
    expect(plan.maxTokens).toBe(32000);
    expect(plan.maxTokens!).toBeGreaterThan(plan.budgetTokens!);
  });

  it('honours an Anthropic-style thinking object, raising a budget under 1024 to the minimum', () => {
    expect(planReasoning(req({ thinking: { type: 'enabled', budget_tokens: 5000 } }), claude45, 10000).fields).toEqual({ thinking: { type: 'enabled', budget_tokens: 5000 } });
    expect(planReasoning(req({ thinking: { type: 'enabled', budget_tokens: 100 } }), claude45, 10000).budgetTokens).toBe(1024);
    expect(planReasoning(req({ thinking: { type: 'enabled' } }), claude45, undefined).budgetTokens).toBe(8192);
  });

  it('switches reasoning off for reasoning_effort none or thinking disabled', () => {
    expect(planReasoning(req({ reasoning_effort: 'none' }), claude45, 500)).toEqual({ thinking: false, fields: {}, maxTokens: 500 });
    expect(planReasoning(req({ reasoning_effort: 'high', thinking: { type: 'disabled' } }), claude45, 500)).toEqual({ thinking: false, fields: {}, maxTokens: 500 });
  });

  it('rule 6: gpt-oss gets reasoning_effort in additionalModelRequestFields (minimal becomes low), not thinking', () => {
    expect(planReasoning(req({ reasoning_effort: 'high' }), gptOss, 900)).toEqual({ thinking: false, fields: { reasoning_effort: 'high' }, maxTokens: 900 });
    expect(planReasoning(req({ reasoning_effort: 'minimal' }), gptOss, undefined).fields).toEqual({ reasoning_effort: 'low' });
  });

  it('rule 6: Nova 2 gets reasoningConfig with maxReasoningEffort', () => {
    expect(planReasoning(req({ reasoning_effort: 'low' }), nova2, undefined)).toEqual({
      thinking: false,
      fields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } },
      maxTokens: undefined,
    });
  });

  it('ignores reasoning_effort for models without a reasoning switch', () => {
    expect(planReasoning(req({ reasoning_effort: 'high' }), llama, 100)).toEqual({ thinking: false, fields: {}, maxTokens: 100 });
    expect(planReasoning(req({ reasoning_effort: 'high' }), r1, 100)).toEqual({ thinking: false, fields: {}, maxTokens: 100 });
  });
});

describe('reasoning_effort levels newer than the code', () => {
  it('xhigh gets the largest budget; an unknown level counts as medium instead of failing', async () => {
    const { planReasoning, THINKING_BUDGET } = await import('../../src-proxy/converse/reasoning');
    const { capabilitiesFor } = await import('../../src-proxy/models/families');
    const claude = capabilitiesFor('anthropic.claude-sonnet-4-5-20250929-v1:0');
    const base = { messages: [{ role: 'user' as const, content: 'x' }] };
    expect(planReasoning(chatReasoning({ ...base, reasoning_effort: 'xhigh' }), claude, undefined).budgetTokens).toBe(THINKING_BUDGET.xhigh);
    expect(planReasoning(chatReasoning({ ...base, reasoning_effort: 'ultra' }), claude, undefined).budgetTokens).toBe(THINKING_BUDGET.medium);
    expect(planReasoning(chatReasoning({ ...base, reasoning_effort: 'xhigh' }), capabilitiesFor('openai.gpt-oss-120b-1:0'), undefined).fields).toEqual({ reasoning_effort: 'high' });
  });

  it('a max_tokens barely above the budget is raised so the answer has room', async () => {
    const { planReasoning } = await import('../../src-proxy/converse/reasoning');
    const { capabilitiesFor } = await import('../../src-proxy/models/families');
    const plan = planReasoning(chatReasoning({ reasoning_effort: 'low' }), capabilitiesFor('anthropic.claude-sonnet-4-5-20250929-v1:0'), 2100);
    expect(plan.maxTokens! - plan.budgetTokens!).toBeGreaterThanOrEqual(1024);
  });
});
