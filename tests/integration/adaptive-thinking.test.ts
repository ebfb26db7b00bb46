import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { planReasoning } from '../../src-proxy/converse/reasoning';
import { capabilitiesFor } from '../../src-proxy/models/families';
import { startHarness, type Harness } from '../support/harness';

// Claude 4.7 and later take adaptive thinking only ({type: adaptive} with output_config.effort)
// and refuse temperature, top_p and top_k; the emulator refuses both as Bedrock does. With the
// account listing Opus 4.8, claude-opus resolves to it: reasoning and sampling must still work.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('Claude 4.7+: adaptive thinking, no sampling parameters', () => {
  test('the plan asks for adaptive thinking with an effort, never a budget', () => {
    const plan = planReasoning({ effort: 'high' }, capabilitiesFor('global.anthropic.claude-opus-4-8'), 2000);
    expect(plan).toMatchObject({ thinking: true, fields: { thinking: { type: 'adaptive' }, output_config: { effort: 'high' } }, maxTokens: 2000 });
    expect(plan.budgetTokens).toBeUndefined();
    expect(planReasoning({ budgetTokens: 4000 }, capabilitiesFor('anthropic.claude-opus-4-6-v1'), 8000).fields).toEqual({ thinking: { type: 'enabled', budget_tokens: 4000 } });
  });

  test('reasoning_effort and temperature/top_p/top_k to Opus 4.8 are a 200, sent as Bedrock takes them', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'claude-opus-4-8', reasoning_effort: 'high', temperature: 0.2, top_p: 0.9, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.additionalModelRequestFields).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'high' } });
    expect(sent.inferenceConfig?.temperature).toBeUndefined();
    expect(sent.inferenceConfig?.topP).toBeUndefined();
  });

  test('without reasoning, sampling parameters are left out rather than refused', async () => {
    const res = await h.post('/v1/messages', { model: 'claude-opus-4-8', max_tokens: 50, temperature: 0.3, top_k: 5, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(200);
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.inferenceConfig?.temperature).toBeUndefined();
    expect(sent.additionalModelRequestFields?.top_k).toBeUndefined();
  });
});
