import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultFoundationModels, defaultInferenceProfiles, type FoundationModelSummary, type InferenceProfileSummary } from '../support/bedrock-emulator';
import { startHarness, type Harness } from '../support/harness';

// Issue 21: an account whose listing offers Claude releases newer than the built-in catalogue
// (undated ids, global. profiles). The names Claude Code users type resolve by rule against the
// listing, and GET /v1/models lists them under those names, newest first.

const NEW: Array<{ id: string; name: string; geos: string[] }> = [
  { id: 'anthropic.claude-sonnet-4-6', name: 'Claude Sonnet 4.6', geos: ['us', 'global'] },
  { id: 'anthropic.claude-opus-4-8', name: 'Claude Opus 4.8', geos: ['global'] },
  { id: 'anthropic.claude-sonnet-5', name: 'Claude Sonnet 5', geos: ['us', 'global'] },
];

let h: Harness;
beforeAll(async () => {
  const foundationModels: FoundationModelSummary[] = [
    ...defaultFoundationModels(),
    ...NEW.map((m) => ({ modelId: m.id, modelName: m.name, providerName: 'Anthropic', modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${m.id}`, inputModalities: ['TEXT', 'IMAGE'], outputModalities: ['TEXT'], responseStreamingSupported: true, customizationsSupported: [], inferenceTypesSupported: ['INFERENCE_PROFILE'], modelLifecycle: { status: 'ACTIVE' } }) as FoundationModelSummary),
  ];
  const inferenceProfiles: InferenceProfileSummary[] = [
    ...defaultInferenceProfiles(),
    ...NEW.flatMap((m) => m.geos.map((geo) => ({ inferenceProfileId: `${geo}.${m.id}`, inferenceProfileName: `${geo.toUpperCase()} ${m.name}`, inferenceProfileArn: `arn:aws:bedrock:us-east-1:111122223333:inference-profile/${geo}.${m.id}`, models: [], status: 'ACTIVE', type: 'SYSTEM_DEFINED' }) as InferenceProfileSummary)),
  ];
  h = await startHarness({ emulator: { foundationModels, inferenceProfiles } });
});
afterAll(async () => h.close());

describe('Claude releases the catalogue does not know', () => {
  test.each([
    ['claude-sonnet-4-6', 'us.anthropic.claude-sonnet-4-6'],
    ['claude-opus-4-8', 'global.anthropic.claude-opus-4-8'],
    ['claude-sonnet-5', 'us.anthropic.claude-sonnet-5'],
  ])('%s is invoked as %s', async (name, invoked) => {
    const res = await h.post('/v1/messages', { model: name, max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(200);
    expect(h.emu.requests.filter((r) => r.operation === 'Converse').at(-1)!.modelId).toBe(invoked);
  });

  test('GET /v1/models lists them under the names users type, newest first', async () => {
    const body = await (await fetch(`${h.baseURL}/models`)).json();
    const claude = (body.data as Array<{ id: string }>).map((m) => m.id).filter((id) => /^claude-(opus|sonnet|haiku)-\d/.test(id));
    expect(claude.slice(0, 3)).toEqual(['claude-sonnet-5', 'claude-opus-4-8', 'claude-sonnet-4-6']);
  });
});
