import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ACCOUNT_ID, defaultFoundationModels, defaultInferenceProfiles } from '../support/bedrock-emulator/catalog';
import type { FoundationModelSummary, InferenceProfileSummary } from '../support/bedrock-emulator/types';
import { startHarness, type Harness } from '../support/harness';

// Claude releases newer than Outcrop's catalogue resolve as soon as the account's Bedrock listing
// has them (ListFoundationModels / ListInferenceProfiles), through both front doors.

const NEW_MODELS = ['anthropic.claude-opus-5-5-v1', 'anthropic.claude-sonnet-5'];

function foundationModel(id: string): FoundationModelSummary {
  return { modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${id}`, modelId: id, modelName: id, providerName: 'Anthropic', inputModalities: ['TEXT', 'IMAGE'], outputModalities: ['TEXT'], responseStreamingSupported: true, inferenceTypesSupported: ['INFERENCE_PROFILE'], modelLifecycle: { status: 'ACTIVE' } };
}

function profile(geo: string, id: string): InferenceProfileSummary {
  return { inferenceProfileName: `${geo} ${id}`, inferenceProfileArn: `arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:inference-profile/${geo}.${id}`, inferenceProfileId: `${geo}.${id}`, models: [{ modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${id}` }], status: 'ACTIVE', type: 'SYSTEM_DEFINED' };
}

let h: Harness;
let anthropic: Anthropic;
let openai: OpenAI;
beforeAll(async () => {
  h = await startHarness({
    emulator: {
      foundationModels: [...defaultFoundationModels(), ...NEW_MODELS.map(foundationModel)],
      // Opus 5.5 has a US profile; Sonnet 5 only a global one.
      inferenceProfiles: [...defaultInferenceProfiles(), profile('us', NEW_MODELS[0]), profile('global', NEW_MODELS[0]), profile('global', NEW_MODELS[1])],
    },
  });
  anthropic = new Anthropic({ baseURL: h.proxy.url, apiKey: 'x', maxRetries: 0 });
  openai = new OpenAI({ baseURL: h.baseURL, apiKey: 'x', maxRetries: 0 });
  // The listing is read in the background; listing the models waits for it once.
  await openai.models.list();
});
afterAll(async () => h.close());
beforeEach(() => h.emu.reset());

const converseModel = () => (h.emu.lastRequest('Converse') ?? h.emu.lastRequest('ConverseStream'))!.modelId;

describe("newer Claude names resolve to the account's listing", () => {
  test('Messages API: claude-opus-5-5 and claude-sonnet-5 reach the listed inference profiles', async () => {
    h.emu.script({ text: 'opus' }, { text: 'sonnet' });
    const opus = await anthropic.messages.create({ model: 'claude-opus-5-5', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] });
    expect(opus.model).toBe('claude-opus-5-5');
    expect(converseModel()).toBe('us.anthropic.claude-opus-5-5-v1');
    await anthropic.messages.create({ model: 'claude-sonnet-5', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] });
    expect(converseModel()).toBe('global.anthropic.claude-sonnet-5');
  });

  test('Chat Completions: the same names resolve the same way', async () => {
    h.emu.script({ text: 'opus' });
    const res = await openai.chat.completions.create({ model: 'claude-opus-5-5', messages: [{ role: 'user', content: 'x' }] });
    expect(res.model).toBe('claude-opus-5-5');
    expect(converseModel()).toBe('us.anthropic.claude-opus-5-5-v1');
  });

  test('a Claude name the listing lacks is a 404 that says so and suggests the listed ones', async () => {
    const err = await anthropic.messages.create({ model: 'claude-opus-5-4', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] }).then(
      () => expect.unreachable('the request should fail'),
      (e: unknown) => e as InstanceType<typeof Anthropic.NotFoundError>,
    );
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect(err.apiMessage).toContain("neither this account's Bedrock model list");
    expect(err.apiMessage).toMatch(/Closest names: claude-opus-5-5/);
  });
});

describe('the first request after start', () => {
  test("a name only the listing knows waits for the first listing instead of a 404", async () => {
    const fresh = await startHarness({
      emulator: { foundationModels: [...defaultFoundationModels(), ...NEW_MODELS.map(foundationModel)], inferenceProfiles: [...defaultInferenceProfiles(), profile('us', NEW_MODELS[0])] },
    });
    try {
      fresh.emu.script({ text: 'first' });
      // Nothing listed the models yet: this request is what starts the listing.
      const res = await fresh.post('/v1/messages', { model: 'claude-opus-5-5', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] });
      expect(res.status).toBe(200);
      expect(fresh.emu.lastRequest('Converse')!.modelId).toBe('us.anthropic.claude-opus-5-5-v1');
      expect(fresh.emu.requests.filter((r) => r.operation === 'ListFoundationModels')).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});
