import { describe, expect, test } from 'vitest';
import { CoreAdmin, type AdminCore } from '../../src-main/core/admin-backend';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import { defaultSettings, type Settings } from '../../src-shared/settings';
import type { ModelView } from '../../src-shared/admin';

// The admin API's model list carries what the account can invoke in its region (the Models
// screen's "Available in <region>"), under the names to type, newest first, with the profile each
// goes through as the profile preference chooses — and the aliases' targets agree with it.

type Fm = AccountModels['foundationModels'][number];
const fm = (modelId: string, modelName: string, providerName: string, how: 'ON_DEMAND' | 'INFERENCE_PROFILE', extra: Partial<Fm> = {}): Fm =>
  ({ modelId, modelName, providerName, inputModalities: ['TEXT', 'IMAGE'], outputModalities: ['TEXT'], inferenceTypesSupported: [how], modelLifecycle: { status: 'ACTIVE' }, ...extra }) as Fm;
const profiles = (base: string, geos: string[]) =>
  geos.map((g) => ({ inferenceProfileId: `${g}.${base}`, inferenceProfileName: `${g} ${base}`, inferenceProfileArn: `arn:aws:bedrock:us-east-1:111122223333:inference-profile/${g}.${base}`, status: 'ACTIVE', type: 'SYSTEM_DEFINED' }));

const LISTING = {
  foundationModels: [
    fm('anthropic.claude-3-5-sonnet-20240620-v1:0', 'Claude 3.5 Sonnet', 'Anthropic', 'ON_DEMAND', { modelLifecycle: { status: 'LEGACY' } }),
    fm('amazon.nova-pro-v1:0', 'Nova Pro', 'Amazon', 'ON_DEMAND'),
    fm('amazon.nova-micro-v1:0', 'Nova Micro', 'Amazon', 'ON_DEMAND', { inputModalities: ['TEXT'] }),
    fm('anthropic.claude-sonnet-4-6', 'Claude Sonnet 4.6', 'Anthropic', 'INFERENCE_PROFILE'),
    fm('anthropic.claude-opus-4-8', 'Claude Opus 4.8', 'Anthropic', 'INFERENCE_PROFILE'),
    fm('anthropic.claude-haiku-4-5-20251001-v1:0', 'Claude Haiku 4.5', 'Anthropic', 'INFERENCE_PROFILE'),
    fm('amazon.titan-embed-text-v2:0', 'Titan Text Embeddings V2', 'Amazon', 'ON_DEMAND', { outputModalities: ['EMBEDDING'] }),
  ],
  inferenceProfiles: [
    ...profiles('anthropic.claude-sonnet-4-6', ['us', 'global']),
    ...profiles('anthropic.claude-opus-4-8', ['global']),
    ...profiles('anthropic.claude-haiku-4-5-20251001-v1:0', ['us', 'global']),
    ...profiles('amazon.nova-pro-v1:0', ['us']),
  ],
} as unknown as AccountModels;

function core(region: string | undefined, settings: Partial<Settings>, account: AccountModels | undefined): AdminCore {
  const current: Settings = { ...defaultSettings(), ...settings };
  const unused = (): never => {
    throw new Error('not used by this test');
  };
  return {
    settings: { get: () => current, update: unused, dir: '/nowhere', problem: undefined },
    proxy: { url: 'http://127.0.0.1:1', host: '127.0.0.1', port: 1 },
    activeProfile: 'default',
    credentials: { state: { profile: 'default', status: 'unknown' } },
    usesApiKey: false,
    diagnosis: { backend: unused, diagnose: unused },
    models: { get: async () => account },
    requestLog: { query: async () => [], usage: unused },
    events: { subscribe: () => () => undefined },
    logsRestored: Promise.resolve(),
    appLog: { level: 'info', levelFrom: 'settings' },
    canRevealFiles: false,
    revealLogFile: () => false,
    region: () => (region ? Promise.resolve(region) : Promise.reject(new Error('No AWS region is set.'))),
    signIn: unused,
    setBedrockApiKey: unused,
    publish: () => undefined,
  } as unknown as AdminCore;
}

const list = (region: string | undefined, settings: Partial<Settings> = {}, account: AccountModels | null = LISTING) => new CoreAdmin(core(region, settings, account ?? undefined)).listModels();
const ranked = (views: ModelView[]) => views.filter((v) => v.rank !== undefined).sort((a, b) => a.rank! - b.rank!);
const byId = (views: ModelView[], id: string) => views.find((v) => v.id === id);

describe('the models the account can invoke in its region', () => {
  test('us-east-1, geography profiles: names to type, newest first (Claude, other providers, embeddings, legacy), each through its profile', async () => {
    const views = await list('us-east-1');
    expect(ranked(views).map((v) => [v.id, v.target])).toEqual([
      ['claude-opus-4-8', 'global.anthropic.claude-opus-4-8'],
      ['claude-sonnet-4-6', 'us.anthropic.claude-sonnet-4-6'],
      ['claude-haiku-4-5', 'us.anthropic.claude-haiku-4-5-20251001-v1:0'],
      ['nova-pro', 'us.amazon.nova-pro-v1:0'],
      ['nova-micro', 'amazon.nova-micro-v1:0'],
      ['titan-embed-text-v2', 'amazon.titan-embed-text-v2:0'],
      ['claude-3-5-sonnet', 'anthropic.claude-3-5-sonnet-20240620-v1:0'],
    ]);
    expect(ranked(views).map((v) => v.rank)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(byId(views, 'claude-opus-4-8')).toMatchObject({ name: 'Claude Opus 4.8', provider: 'Anthropic', kind: 'chat', model: 'anthropic.claude-opus-4-8', access: 'available', via: 'global.anthropic.claude-opus-4-8', caching: true, reasoning: true, images: true });
    expect(byId(views, 'nova-micro')).toMatchObject({ access: 'available', images: false });
    expect(byId(views, 'nova-micro')).not.toHaveProperty('via');
    expect(byId(views, 'titan-embed-text-v2')).toMatchObject({ kind: 'embedding' });
    expect(byId(views, 'titan-embed-text-v2')).not.toHaveProperty('reasoning');
    expect(ranked(views).at(-1)).toMatchObject({ legacy: true, name: 'Claude 3.5 Sonnet' });
    expect(ranked(views).filter((v) => v.legacy)).toHaveLength(1);
    // Every name once; a built-in alias that is the name to type carries the marks itself.
    expect(new Set(views.map((v) => v.id)).size).toBe(views.length);
    for (const v of ranked(views)) expect(['alias', 'account']).toContain(v.source);
  });

  test('the profile preference chooses the profile, for the available models and the aliases alike', async () => {
    const global = await list('us-east-1', { profilePreference: 'global', aliases: { fast: 'claude-sonnet-4-6' } });
    expect(byId(global, 'claude-sonnet-4-6')).toMatchObject({ target: 'global.anthropic.claude-sonnet-4-6', via: 'global.anthropic.claude-sonnet-4-6' });
    expect(byId(global, 'fast')).toMatchObject({ source: 'user-alias', target: 'global.anthropic.claude-sonnet-4-6', access: 'available' });
    // No global profile for Nova Pro: the next way, its geography profile.
    expect(byId(global, 'nova-pro')?.target).toBe('us.amazon.nova-pro-v1:0');

    const inRegion = await list('us-east-1', { profilePreference: 'in-region', aliases: { fast: 'nova-pro' } });
    expect(byId(inRegion, 'nova-pro')).toMatchObject({ target: 'amazon.nova-pro-v1:0', access: 'available' });
    expect(byId(inRegion, 'nova-pro')).not.toHaveProperty('via');
    expect(byId(inRegion, 'fast')).toMatchObject({ target: 'amazon.nova-pro-v1:0', access: 'available' });
    // Profile-only models still go through a profile.
    expect(byId(inRegion, 'claude-sonnet-4-6')?.via).toBe('us.anthropic.claude-sonnet-4-6');
  });

  test("a user's alias of a model's name keeps it: the model is listed by the id Outcrop sends", async () => {
    const views = await list('us-east-1', { aliases: { 'claude-opus-4-8': 'nova-pro' } });
    expect(byId(views, 'claude-opus-4-8')).toMatchObject({ source: 'user-alias', target: 'us.amazon.nova-pro-v1:0' });
    expect(byId(views, 'claude-opus-4-8')).not.toHaveProperty('rank');
    expect(ranked(views)[0]).toMatchObject({ id: 'global.anthropic.claude-opus-4-8', rank: 0, source: 'account' });
  });

  test('no listing, or no region: nothing is ranked', async () => {
    expect(ranked(await list('us-east-1', {}, null))).toEqual([]);
    expect(ranked(await list(undefined))).toEqual([]);
  });
});
