import { describe, expect, test } from 'vitest';
import { CoreAdmin, type AdminCore } from '../../src-main/core/admin-backend';
import { defaultSettings, type Settings } from '../../src-shared/settings';
import type { ModelView } from '../../src-shared/admin';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import { defaultFoundationModels, defaultInferenceProfiles } from '../support/bedrock-emulator/catalog';

// CoreAdmin over a fake core (AdminCore is all it sees of OutcropCore): the Models list's targets
// follow the configured region's inference-profile geography, are left unresolved when no region
// is configured, and alias checks give the same answer with any region or none.

function fakeCore(region: string | undefined, settings: Partial<Settings> = {}, account?: AccountModels): AdminCore & { saved: Settings[] } {
  let current: Settings = { ...defaultSettings(), ...settings };
  const saved: Settings[] = [];
  const unused = (): never => {
    throw new Error('not used by this test');
  };
  return {
    saved,
    settings: {
      get: () => current,
      update: async (patch) => {
        current = { ...current, ...patch };
        saved.push(current);
        return current;
      },
      dir: '/nowhere',
      problem: undefined,
    },
    proxy: { url: 'http://127.0.0.1:1', host: '127.0.0.1', port: 1 },
    activeProfile: 'default',
    credentials: { state: { profile: 'default', status: 'unknown' } },
    usesApiKey: false,
    diagnosis: { backend: unused, diagnose: unused },
    models: { get: async () => account },
    requestLog: { query: async () => [], usage: unused },
    events: { subscribe: () => () => undefined },
    logsRestored: Promise.resolve(),
    appLog: { file: '/nowhere/logs/outcrop-serve.log', level: 'info', levelFrom: 'settings' },
    canRevealFiles: false,
    revealLogFile: () => false,
    region: () => (region ? Promise.resolve(region) : Promise.reject(new Error('No AWS region is set.'))),
    signIn: unused,
    setBedrockApiKey: unused,
    publish: () => undefined,
  };
}

const byId = (views: ModelView[], id: string) => views.find((v) => v.id === id);

describe('the Models list follows the configured region', () => {
  test('eu-west-1: an alias to a short Claude name, and the built-in aliases, resolve to eu. profiles', async () => {
    const admin = new CoreAdmin(fakeCore('eu-west-1', { aliases: { fast: 'claude-haiku' } }));
    const views = await admin.listModels();
    expect(byId(views, 'fast')).toMatchObject({ source: 'user-alias', target: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0', caching: true });
    expect(byId(views, 'claude-sonnet')?.target).toMatch(/^eu\.anthropic\./);
    expect(views.some((v) => v.target?.startsWith('us.'))).toBe(false);
  });

  test('us-west-2: the same alias resolves to the us. profile', async () => {
    const views = await new CoreAdmin(fakeCore('us-west-2', { aliases: { fast: 'claude-haiku' } })).listModels();
    expect(byId(views, 'fast')?.target).toBe('us.anthropic.claude-haiku-4-5-20251001-v1:0');
  });

  test('no region configured: targets stay unresolved (no guessed region), caching still shows', async () => {
    const views = await new CoreAdmin(fakeCore(undefined, { aliases: { fast: 'claude-haiku' } })).listModels();
    expect(byId(views, 'fast')).toEqual({ id: 'fast', kind: 'chat', source: 'user-alias', caching: true, access: 'unknown' });
    expect(views.filter((v) => v.target !== undefined)).toEqual([]);
    expect(byId(views, 'claude-sonnet')).toMatchObject({ source: 'alias', caching: true });
  });
});

describe("each name is marked with the account's listing", () => {
  const listing = (region: string): AccountModels => ({ foundationModels: defaultFoundationModels(region), inferenceProfiles: defaultInferenceProfiles(region) } as AccountModels);

  test('us-east-1: listed profiles and on-demand models are available, others not-listed; the profile is named', async () => {
    const views = await new CoreAdmin(fakeCore('us-east-1', { aliases: { old: 'claude-opus-4' } }, listing('us-east-1'))).listModels();
    expect(byId(views, 'claude-sonnet')).toMatchObject({ access: 'available', via: 'us.anthropic.claude-sonnet-4-6' });
    expect(byId(views, 'gpt-oss-120b')).toMatchObject({ access: 'available', target: 'openai.gpt-oss-120b-1:0' });
    expect(byId(views, 'gpt-oss-120b')?.via).toBeUndefined();
    expect(byId(views, 'gpt-oss-20b')).toMatchObject({ access: 'not-listed' });
    expect(byId(views, 'old')).toMatchObject({ source: 'user-alias', access: 'not-listed', via: 'us.anthropic.claude-opus-4-20250514-v1:0' });
    expect(views.filter((v) => v.source === 'account').every((v) => v.access === 'available')).toBe(true);
  });

  test('eu-west-1: Opus 4.1 has no eu. profile, so its bare id (not on demand) is not-listed', async () => {
    const views = await new CoreAdmin(fakeCore('eu-west-1', {}, listing('eu-west-1'))).listModels();
    expect(byId(views, 'claude-opus-4.1')).toEqual(expect.objectContaining({ target: 'anthropic.claude-opus-4-1-20250805-v1:0', access: 'not-listed' }));
    expect(byId(views, 'claude-sonnet')).toMatchObject({ access: 'available', via: 'eu.anthropic.claude-sonnet-4-6' });
  });

  test('no listing: every name is unknown', async () => {
    const views = await new CoreAdmin(fakeCore('us-east-1')).listModels();
    expect(views.filter((v) => v.access !== 'unknown')).toEqual([]);
  });
});

describe('alias checks need no region', () => {
  test('with no region configured, a good alias is saved and a bad one is a 400-style error naming it', async () => {
    const core = fakeCore(undefined);
    const admin = new CoreAdmin(core);
    await admin.patchSettings({ aliases: { fast: 'claude-haiku' } });
    expect(core.saved.at(-1)?.aliases).toEqual({ fast: 'claude-haiku' });
    await expect(admin.patchSettings({ aliases: { x: 'not-a-model' } })).rejects.toMatchObject({ param: 'aliases.x' });
  });
});
