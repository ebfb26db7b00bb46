import { afterEach, describe, expect, test } from 'vitest';
import { defaultFoundationModels, defaultInferenceProfiles, type FoundationModelSummary, type InferenceProfileSummary } from '../support/bedrock-emulator';
import { startHarness, type Harness } from '../support/harness';

// Issue 21: short names of every provider resolve by rule against the account's listing; an
// ambiguous one takes the newest active model and the log entry says so; the profile preference
// picks among the ways the account offers a model; and the first request after start already
// resolves against the listing (it waits for it once), not against the built-in catalogue.

const fm = (modelId: string, modelName: string, o: Partial<FoundationModelSummary> = {}): FoundationModelSummary => ({
  modelId, modelName, providerName: 'Qwen', modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${modelId}`, inputModalities: ['TEXT'], outputModalities: ['TEXT'],
  responseStreamingSupported: true, customizationsSupported: [], inferenceTypesSupported: ['ON_DEMAND'], modelLifecycle: { status: 'ACTIVE' }, ...o,
}) as FoundationModelSummary;
const profile = (id: string): InferenceProfileSummary => ({
  inferenceProfileId: id, inferenceProfileName: id, inferenceProfileArn: `arn:aws:bedrock:us-east-1:111122223333:inference-profile/${id}`, models: [], status: 'ACTIVE', type: 'SYSTEM_DEFINED',
}) as InferenceProfileSummary;

const foundationModels = [
  ...defaultFoundationModels(),
  fm('qwen.qwen3-coder-30b-a3b-v1:0', 'Qwen3 Coder 30B A3B'),
  fm('qwen.qwen3-coder-480b-a35b-v1:0', 'Qwen3 Coder 480B A35B'),
  fm('moonshot.kimi-k2-thinking', 'Kimi K2 Thinking', { providerName: 'Moonshot AI' }),
  fm('anthropic.claude-sonnet-7', 'Claude Sonnet 7', { providerName: 'Anthropic', inferenceTypesSupported: ['INFERENCE_PROFILE'] }),
];
const inferenceProfiles = [...defaultInferenceProfiles(), profile('us.anthropic.claude-sonnet-7'), profile('global.anthropic.claude-sonnet-7')];

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const converseModel = (k: Harness): string | undefined => k.emu.requests.filter((r) => r.operation === 'Converse' || r.operation === 'ConverseStream').at(-1)?.modelId;
const chat = (k: Harness, model: string) => k.post('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] });

describe('names by rule against the account listing', () => {
  test('the very first request after start resolves against the listing: claude-sonnet is the newest Sonnet the account lists', async () => {
    h = await startHarness({ emulator: { foundationModels, inferenceProfiles } });
    const res = await chat(h, 'claude-sonnet');
    expect(res.status).toBe(200);
    expect(converseModel(h)).toBe('us.anthropic.claude-sonnet-7');
    const entry = h.log.at(-1)!;
    expect(entry.notes?.[0]).toMatch(/^"claude-sonnet" could mean \d+ models this account lists; took the newest, claude-sonnet-7 \(anthropic\.claude-sonnet-7\)/);
  });

  test('other providers: an exact short name, and an ambiguous one that takes the newest and says so in the log entry', async () => {
    h = await startHarness({ emulator: { foundationModels, inferenceProfiles } });
    expect((await chat(h, 'kimi-k2-thinking')).status).toBe(200);
    expect(converseModel(h)).toBe('moonshot.kimi-k2-thinking');
    expect(h.log.at(-1)!.notes ?? []).toEqual([]);
    expect((await chat(h, 'qwen3-coder-a')).status).toBe(404);
    expect((await chat(h, 'qwen3')).status).toBe(200);
    expect(converseModel(h)).toBe('qwen.qwen3-coder-480b-a35b-v1:0');
    expect(h.log.at(-1)!.notes?.[0]).toContain('Others: qwen3-coder-30b-a3b');
    // an alias pins it, and then nothing needs saying
    h.setSettings({ aliases: { qwen3: 'qwen3-coder-30b-a3b' } });
    expect((await chat(h, 'qwen3')).status).toBe(200);
    expect(converseModel(h)).toBe('qwen.qwen3-coder-30b-a3b-v1:0');
    expect(h.log.at(-1)!.notes ?? []).toEqual([]);
  });

  test('the profile preference: global, geography or in-region, as the account offers the model', async () => {
    h = await startHarness({ emulator: { foundationModels, inferenceProfiles } });
    h.setSettings({ profilePreference: 'global' });
    expect((await chat(h, 'claude-sonnet-7')).status).toBe(200);
    expect(converseModel(h)).toBe('global.anthropic.claude-sonnet-7');
    h.setSettings({ profilePreference: 'geo' });
    expect((await chat(h, 'claude-sonnet-7')).status).toBe(200);
    expect(converseModel(h)).toBe('us.anthropic.claude-sonnet-7');
    // in-region takes the bare id where the account calls the model on demand, else the next way
    h.setSettings({ profilePreference: 'in-region' });
    expect((await chat(h, 'nova-pro')).status).toBe(200);
    expect(converseModel(h)).toBe('amazon.nova-pro-v1:0');
    expect((await chat(h, 'claude-sonnet-7')).status).toBe(200);
    expect(converseModel(h)).toBe('us.anthropic.claude-sonnet-7');
  });

  test('a listing that cannot be read leaves the catalogue and the family rule in charge', async () => {
    h = await startHarness({ gateway: { controlEndpoint: 'http://127.0.0.1:1' } });
    expect((await chat(h, 'nova-pro')).status).toBe(200);
    expect(converseModel(h)).toBe('us.amazon.nova-pro-v1:0');
    expect((await chat(h, 'gpt-oss-120b')).status).toBe(200);
    expect(converseModel(h)).toBe('openai.gpt-oss-120b-1:0');
  });
});
