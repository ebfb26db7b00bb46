import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultFoundationModels, defaultInferenceProfiles, type FoundationModelSummary, type InferenceProfileSummary } from '../support/bedrock-emulator';
import { startHarness, type Harness } from '../support/harness';
import { invocableModels } from '../../src-proxy/models/invocable';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';

// Issue 21: an account whose listing offers Claude releases newer than the built-in catalogue
// (undated ids, global. profiles). The names Claude Code users type resolve by rule against the
// listing, and GET /v1/models lists them under those names, newest first.

const NEW: Array<{ id: string; name: string; geos: string[] }> = [
  { id: 'anthropic.claude-sonnet-4-6', name: 'Claude Sonnet 4.6', geos: ['us', 'global'] },
  { id: 'anthropic.claude-opus-4-8', name: 'Claude Opus 4.8', geos: ['global'] },
  { id: 'anthropic.claude-sonnet-5', name: 'Claude Sonnet 5', geos: ['us', 'global'] },
];

const NEW_NAMES = ['claude-sonnet-4-6', 'claude-opus-4-8', 'claude-sonnet-5'];

let h: Harness;
let listing: AccountModels;
beforeAll(async () => {
  const foundationModels: FoundationModelSummary[] = [
    ...defaultFoundationModels(),
    ...NEW.map((m) => ({ modelId: m.id, modelName: m.name, providerName: 'Anthropic', modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${m.id}`, inputModalities: ['TEXT', 'IMAGE'], outputModalities: ['TEXT'], responseStreamingSupported: true, customizationsSupported: [], inferenceTypesSupported: ['INFERENCE_PROFILE'], modelLifecycle: { status: 'ACTIVE' } }) as FoundationModelSummary),
  ];
  const inferenceProfiles: InferenceProfileSummary[] = [
    ...defaultInferenceProfiles(),
    ...NEW.flatMap((m) => m.geos.map((geo) => ({ inferenceProfileId: `${geo}.${m.id}`, inferenceProfileName: `${geo.toUpperCase()} ${m.name}`, inferenceProfileArn: `arn:aws:bedrock:us-east-1:111122223333:inference-profile/${geo}.${m.id}`, models: [], status: 'ACTIVE', type: 'SYSTEM_DEFINED' }) as InferenceProfileSummary)),
  ];
  listing = { foundationModels, inferenceProfiles } as AccountModels;
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
    const ids = (body.data as Array<{ id: string }>).map((m) => m.id);
    // The emulator's default listing has Claude 4.6 releases of its own (claude-opus-4-6): compare these three.
    expect(ids.filter((id) => NEW_NAMES.includes(id))).toEqual(['claude-sonnet-5', 'claude-opus-4-8', 'claude-sonnet-4-6']);
    expect(ids.indexOf('claude-sonnet-5')).toBeLessThan(ids.findIndex((id) => /^claude-(opus|sonnet|haiku)-4/.test(id)));
  });
});

describe('GET /v1/models: what the account can invoke in us-east-1, under the names users type', () => {
  type Listed = { id: string; display_name?: string; owned_by?: string };
  const list = async (headers: Record<string, string> = {}): Promise<Listed[]> => (await (await fetch(`${h.proxy.url}/v1/models`, { headers })).json()).data;
  const chat = (model: string) => h.post('/v1/chat/completions', { model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
  const invoked = () => h.emu.requests.filter((r) => r.operation === 'Converse').at(-1)!.modelId;

  test('after "default" and the user\'s aliases: every invocable model newest first, each once, then the built-in aliases and the raw ids', async () => {
    h.setSettings({ aliases: { 'my-coder': 'claude-haiku' } });
    try {
      const ids = (await list()).map((m) => m.id);
      const expected = invocableModels(listing, 'us-east-1', 'geo').map((m) => m.name);
      expect(expected.slice(0, 3)).toEqual(['claude-sonnet-5', 'claude-opus-4-8', 'claude-sonnet-4-6']);
      expect(ids.slice(0, 2 + expected.length)).toEqual(['default', 'my-coder', ...expected]);
      // Other providers' models by their short names, not their Bedrock ids.
      expect(expected).toEqual(expect.arrayContaining(['nova-pro', 'gpt-oss-120b', 'titan-embed-text-v2']));
      expect(new Set(ids).size).toBe(ids.length);
      // Built-in aliases, and the raw ids tools that send full ids look for, still follow.
      expect(ids.indexOf('claude-sonnet')).toBeGreaterThan(1 + expected.length);
      expect(ids).toEqual(expect.arrayContaining(['us.anthropic.claude-sonnet-5', 'global.anthropic.claude-opus-4-8', 'amazon.nova-pro-v1:0', 'openai.gpt-oss-120b-1:0']));
    } finally {
      h.setSettings({ aliases: {} });
    }
  });

  test("Anthropic's shape gives each its display name; OpenAI's its provider", async () => {
    const anthropic = await list({ 'anthropic-version': '2023-06-01' });
    const byId = new Map(anthropic.map((m) => [m.id, m]));
    expect(byId.get('claude-sonnet-5')).toEqual({ type: 'model', id: 'claude-sonnet-5', display_name: 'Claude Sonnet 5', created_at: expect.any(String) });
    expect(byId.get('claude-opus-4-8')?.display_name).toBe('Claude Opus 4.8');
    expect(byId.get('nova-pro')?.display_name).toBe('Nova Pro');
    const openai = new Map((await list()).map((m) => [m.id, m]));
    expect(openai.get('claude-sonnet-5')?.owned_by).toBe('anthropic');
    expect(openai.get('nova-pro')?.owned_by).toBe('amazon');
  });

  test("a user's alias named like a model keeps the name; the model is listed by the id Outcrop sends", async () => {
    h.setSettings({ aliases: { 'claude-sonnet-5': 'nova-pro' } });
    try {
      const ids = (await list()).map((m) => m.id);
      expect(ids.filter((id) => id === 'claude-sonnet-5')).toHaveLength(1);
      expect(ids.slice(0, 3)).toEqual(['default', 'claude-sonnet-5', 'us.anthropic.claude-sonnet-5']);
    } finally {
      h.setSettings({ aliases: {} });
    }
  });

  test.each(['geo', 'global', 'in-region'] as const)('profile preference %s: every listed chat name is invoked as listed', async (preference) => {
    h.setSettings({ profilePreference: preference });
    try {
      const expected = invocableModels(listing, 'us-east-1', preference).filter((m) => m.kind === 'chat');
      const ids = (await list()).map((m) => m.id);
      for (const m of expected) {
        expect(ids).toContain(m.name);
        const res = await chat(m.name);
        expect(res.status, m.name).toBe(200);
        expect(invoked(), m.name).toBe(m.invokeId);
      }
      const sonnet5 = expected.find((m) => m.name === 'claude-sonnet-5')!;
      expect(sonnet5.invokeId).toBe(preference === 'global' ? 'global.anthropic.claude-sonnet-5' : 'us.anthropic.claude-sonnet-5');
      if (preference === 'in-region') expect(expected.find((m) => m.name === 'nova-pro')?.invokeId).toBe('amazon.nova-pro-v1:0');
    } finally {
      h.setSettings({ profilePreference: 'geo' });
    }
  });
});
