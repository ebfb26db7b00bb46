import { describe, expect, it, test } from 'vitest';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import { anthropicApiIdOf, matchBedrockId, parseAnthropicApiId } from '../../src-proxy/models/anthropic-ids';
import { ModelDirectory } from '../../src-proxy/models/directory';
import { capabilitiesFor } from '../../src-proxy/models/families';
import { listedBaseIds, listedInvocationId } from '../../src-proxy/models/listing';
import { resolveModel, type ModelResolutionOptions } from '../../src-proxy/models/resolve';
import { defaultFoundationModels, defaultInferenceProfiles } from '../support/bedrock-emulator/catalog';
import { proxyError } from './helpers';

// Claude Code's model names (CLIENTS.md, "Claude Code"): Anthropic API ids, dated and short, and
// newer names of the same pattern, resolved by rule against the account's listing and the catalogue.

const opts = (o: Partial<ModelResolutionOptions> = {}): ModelResolutionOptions => ({ aliases: {}, region: 'us-east-1', ...o });

/** A listing as ListFoundationModels / ListInferenceProfiles give it: profiles per geo, the model profile-only unless `onDemand`. */
function account(models: Array<{ id: string; geos?: string[]; onDemand?: boolean }>): AccountModels {
  return {
    foundationModels: models.map((m) => ({ modelId: m.id, modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${m.id}`, inferenceTypesSupported: [m.onDemand ? 'ON_DEMAND' : 'INFERENCE_PROFILE'] })),
    inferenceProfiles: models.flatMap((m) => (m.geos ?? []).map((g) => ({ inferenceProfileId: `${g}.${m.id}`, inferenceProfileArn: `arn:aws:bedrock:us-east-1:1:inference-profile/${g}.${m.id}`, inferenceProfileName: m.id, status: 'ACTIVE' as const, type: 'SYSTEM_DEFINED' as const }))),
  } as AccountModels;
}

describe('parseAnthropicApiId', () => {
  it.each([
    ['claude-sonnet-4-5', { family: 'sonnet', version: '4-5', date: undefined, versionFirst: false }],
    ['claude-sonnet-4-5-20250929', { family: 'sonnet', version: '4-5', date: '20250929', versionFirst: false }],
    ['claude-opus-5-5', { family: 'opus', version: '5-5', date: undefined, versionFirst: false }],
    ['claude-sonnet-5', { family: 'sonnet', version: '5', date: undefined, versionFirst: false }],
    ['claude-sonnet-4-20250514', { family: 'sonnet', version: '4', date: '20250514', versionFirst: false }],
    ['claude-sonnet-4-0', { family: 'sonnet', version: '4', date: undefined, versionFirst: false }],
    ['Claude-Haiku-4-5-20251001', { family: 'haiku', version: '4-5', date: '20251001', versionFirst: false }],
    ['claude-3-7-sonnet-20250219', { family: 'sonnet', version: '3-7', date: '20250219', versionFirst: true }],
    ['claude-3-5-haiku-latest', { family: 'haiku', version: '3-5', date: undefined, versionFirst: true }],
  ])('%s', (name, parsed) => {
    expect(parseAnthropicApiId(name)).toEqual(parsed);
  });

  it.each(['claude-sonnet', 'claude-sonnet-4.5', 'claude-sonnet-5-turbo', 'claude-sonnet-4-5-2025', 'claude-poet-4-5', 'gpt-4o', 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929-v1:0'])(
    '%s is not an Anthropic API id',
    (name) => {
      expect(parseAnthropicApiId(name)).toBeUndefined();
    },
  );
});

describe('matchBedrockId: by rule, whatever the suffix', () => {
  const ids = [
    'anthropic.claude-opus-4-20250514-v1:0',
    'anthropic.claude-opus-4-1-20250805-v1:0',
    'anthropic.claude-opus-4-5-20251101-v1:0',
    'anthropic.claude-opus-4-6-v1',
    'anthropic.claude-sonnet-4-6',
    'anthropic.claude-opus-5-5-20270101-v1:0',
    'anthropic.claude-opus-5-5-20270301-v2:0',
    'anthropic.claude-3-5-sonnet-20240620-v1:0',
    'anthropic.claude-3-5-sonnet-20241022-v2:0',
    'anthropic.claude-3-sonnet-20240229-v1:0:28k',
  ];
  const match = (name: string) => matchBedrockId(parseAnthropicApiId(name)!, ids);

  it('tells versions apart: opus-4 is not opus-4-5, and opus-4-5 is not opus-4-1', () => {
    expect(match('claude-opus-4')).toBe('anthropic.claude-opus-4-20250514-v1:0');
    expect(match('claude-opus-4-1')).toBe('anthropic.claude-opus-4-1-20250805-v1:0');
    expect(match('claude-opus-4-5-20251101')).toBe('anthropic.claude-opus-4-5-20251101-v1:0');
  });

  it('finds ids with no date and no revision, or a bare -v1', () => {
    expect(match('claude-opus-4-6')).toBe('anthropic.claude-opus-4-6-v1');
    expect(match('claude-sonnet-4-6')).toBe('anthropic.claude-sonnet-4-6');
    // A dated name matches an undated Bedrock id: nothing in it contradicts the date.
    expect(match('claude-sonnet-4-6-20260217')).toBe('anthropic.claude-sonnet-4-6');
  });

  it('a dated name takes its own snapshot and never another date; a short one the newest', () => {
    expect(match('claude-3-5-sonnet-20240620')).toBe('anthropic.claude-3-5-sonnet-20240620-v1:0');
    expect(match('claude-3-5-sonnet-20241022')).toBe('anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(match('claude-3-5-sonnet')).toBe('anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(match('claude-opus-5-5')).toBe('anthropic.claude-opus-5-5-20270301-v2:0');
    expect(match('claude-opus-5-5-20270101')).toBe('anthropic.claude-opus-5-5-20270101-v1:0');
    expect(match('claude-opus-5-5-20990101')).toBeUndefined();
    expect(match('claude-haiku-5-5')).toBeUndefined();
    // Provisioned-only context variants (:28k) are not on-demand ids.
    expect(match('claude-3-sonnet')).toBeUndefined();
  });

  it('anthropicApiIdOf is the way back, prefixed or not', () => {
    expect(anthropicApiIdOf('anthropic.claude-opus-4-6-v1')).toBe('claude-opus-4-6');
    expect(anthropicApiIdOf('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('claude-sonnet-4-5');
    expect(anthropicApiIdOf('anthropic.claude-3-7-sonnet-20250219-v1:0')).toBe('claude-3-7-sonnet');
    expect(anthropicApiIdOf('amazon.nova-pro-v1:0')).toBeUndefined();
  });
});

describe("resolveModel: Claude Code's names", () => {
  it.each([
    ['claude-sonnet-4-5-20250929', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ['claude-sonnet-4-5', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ['claude-opus-4-5-20251101', 'us.anthropic.claude-opus-4-5-20251101-v1:0'],
    ['claude-haiku-4-5-20251001', 'us.anthropic.claude-haiku-4-5-20251001-v1:0'],
    ['claude-opus-4-1-20250805', 'us.anthropic.claude-opus-4-1-20250805-v1:0'],
    ['claude-sonnet-4-20250514', 'us.anthropic.claude-sonnet-4-20250514-v1:0'],
    ['claude-3-7-sonnet-latest', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'],
  ])('without a listing, %s resolves to the catalogue: %s', (name, modelId) => {
    expect(resolveModel(name, opts())).toMatchObject({ requested: name, modelId });
  });

  it('gets the region’s inference-profile prefix', () => {
    expect(resolveModel('claude-haiku-4-5-20251001', opts({ region: 'eu-west-1' })).modelId).toBe('eu.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(resolveModel('claude-sonnet-4-5-20250929', opts({ region: 'ap-northeast-1' })).modelId).toBe('jp.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(resolveModel('claude-opus-4-5', opts({ region: 'sa-east-1' })).modelId).toBe('global.anthropic.claude-opus-4-5-20251101-v1:0');
  });

  it("newer names resolve to the account's listing, whatever its suffix, with a listed profile's prefix", () => {
    const listing = account([
      { id: 'anthropic.claude-opus-5-5-20270301-v1:0', geos: ['us', 'global'] },
      { id: 'anthropic.claude-sonnet-5', geos: ['global'] },
      { id: 'anthropic.claude-haiku-5-5-v1', geos: ['us'] },
      { id: 'anthropic.claude-sonnet-4-6', geos: ['us', 'eu', 'global'] },
      { id: 'anthropic.claude-opus-4-8-v1:0', onDemand: true },
    ]);
    const r = (name: string, region = 'us-east-1') => resolveModel(name, opts({ account: listing, region }));
    expect(r('claude-opus-5-5')).toMatchObject({ requested: 'claude-opus-5-5', modelId: 'us.anthropic.claude-opus-5-5-20270301-v1:0', via: 'anthropic-id' });
    expect(r('claude-opus-5-5-20270301').modelId).toBe('us.anthropic.claude-opus-5-5-20270301-v1:0');
    // Only a global profile is listed: that one, not the us. the family rule would guess.
    expect(r('claude-sonnet-5').modelId).toBe('global.anthropic.claude-sonnet-5');
    expect(r('claude-haiku-5-5').modelId).toBe('us.anthropic.claude-haiku-5-5-v1');
    expect(r('claude-sonnet-4-6', 'eu-central-1').modelId).toBe('eu.anthropic.claude-sonnet-4-6');
    expect(r('claude-opus-4-8').modelId).toBe('anthropic.claude-opus-4-8-v1:0');
    // The family's quirks come with it (Claude 4.5+: thinking, caching, temperature xor top_p).
    expect(r('claude-opus-5-5').caps).toEqual(capabilitiesFor('anthropic.claude-opus-5-5-20270301-v1:0'));
    expect(r('claude-opus-5-5').caps.family).toBe('claude-4.5+');
  });

  it('falls back to the catalogue for a model the listing lacks, and to the family rule for a prefix the listing does not settle', () => {
    const listing = account([{ id: 'anthropic.claude-sonnet-4-6' }]);
    expect(resolveModel('claude-haiku-4-5', opts({ account: listing })).modelId).toBe('us.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(resolveModel('claude-sonnet-4-6', opts({ account: listing })).modelId).toBe('us.anthropic.claude-sonnet-4-6');
  });

  it("every name resolves to an id the emulator's default listing can be invoked with", () => {
    const listing = { foundationModels: defaultFoundationModels('us-east-1'), inferenceProfiles: defaultInferenceProfiles('us-east-1') } as AccountModels;
    const invocable = new Set([...listing.inferenceProfiles.map((p) => p.inferenceProfileId), ...listing.foundationModels.filter((m) => m.inferenceTypesSupported?.includes('ON_DEMAND')).map((m) => m.modelId)]);
    for (const name of ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5', 'claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001', 'claude-opus-4-1', 'claude-3-7-sonnet-20250219']) {
      expect(invocable.has(resolveModel(name, opts({ account: listing })).modelId), name).toBe(true);
    }
  });

  it('aliases win: claude-opus-5-5 can be pointed at Qwen3 Coder (or anything else)', () => {
    const listing = account([{ id: 'anthropic.claude-opus-5-5-v1', geos: ['us'] }]);
    const aliases = { 'claude-opus-5-5': 'qwen.qwen3-coder-480b-a35b-v1:0', 'claude-haiku-4-5-20251001': 'nova-micro' };
    expect(resolveModel('claude-opus-5-5', opts({ aliases, account: listing }))).toMatchObject({ requested: 'claude-opus-5-5', modelId: 'qwen.qwen3-coder-480b-a35b-v1:0', via: 'user-alias' });
    expect(resolveModel('claude-haiku-4-5-20251001', opts({ aliases }))).toMatchObject({ modelId: 'us.amazon.nova-micro-v1:0', via: 'user-alias' });
    // The user's alias may itself be an Anthropic API id.
    expect(resolveModel('big', opts({ aliases: { big: 'claude-opus-5-5' }, account: listing })).modelId).toBe('us.anthropic.claude-opus-5-5-v1');
  });

  it('an unknown Claude name is a 404 model_not_found that says what is missing and names the nearest known models', () => {
    const err = proxyError(() => resolveModel('claude-opus-7-1', opts()));
    expect(err).toMatchObject({ code: 'model_not_found', status: 404, param: 'model' });
    expect(err.message).toContain('"claude-opus-7-1" names Claude Opus 7.1');
    expect(err.message).toContain('Bedrock\'s model list was not available');
    expect(err.message).toMatch(/Closest names: claude-opus-4-1[,.]/);
    expect(err.message).toContain('Add an alias');

    // With a listing, its own Claude models are among the suggestions.
    const listing = account([{ id: 'anthropic.claude-opus-5-6-v1', geos: ['us'] }]);
    const listed = proxyError(() => resolveModel('claude-opus-5-7-20270101', opts({ account: listing })));
    expect(listed.message).toContain("neither this account's Bedrock model list (region us-east-1) nor Outcrop's catalogue has");
    expect(listed.message).toContain('Claude Opus 5.7 (20270101)');
    expect(listed.message).toMatch(/Closest names: claude-opus-5-6[,.]/);
  });

  it('a name of another shape is still unknown', () => {
    expect(proxyError(() => resolveModel('claude-sonnet-5-turbo', opts())).message).toMatch(/is not an Outcrop alias or a Bedrock model id\. Closest names: .*claude-sonnet/);
  });
});

describe('listing helpers', () => {
  test('listedBaseIds: foundation models and the models behind system profiles', () => {
    const listing = account([{ id: 'anthropic.claude-sonnet-5', geos: ['global'] }]);
    listing.foundationModels = [];
    expect([...listedBaseIds(listing)]).toEqual(['anthropic.claude-sonnet-5']);
  });

  test('listedInvocationId: the region’s geos in order, then global, then on-demand, else undefined', () => {
    const listing = account([
      { id: 'a.m-1', geos: ['apac', 'jp', 'global'] },
      { id: 'a.m-2', onDemand: true },
      { id: 'a.m-3' },
    ]);
    expect(listedInvocationId('a.m-1', ['jp', 'apac'], listing)).toBe('jp.a.m-1');
    expect(listedInvocationId('a.m-1', ['eu'], listing)).toBe('global.a.m-1');
    expect(listedInvocationId('a.m-2', ['us'], listing)).toBe('a.m-2');
    expect(listedInvocationId('a.m-3', ['us'], listing)).toBeUndefined();
  });
});

describe('ModelDirectory.current', () => {
  test('answers at once: nothing before the first listing lands, the listing after; refreshes when stale', async () => {
    let now = 0;
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const dir = new ModelDirectory({ listModels: async () => { calls++; await gate; return account([{ id: `m${calls}` }]); } }, { ttlMs: 1000, now: () => now });
    expect(dir.current()).toBeUndefined();
    expect(calls).toBe(1);
    release();
    await dir.refresh();
    expect(dir.current()!.foundationModels[0].modelId).toBe('m1');
    expect(calls).toBe(1);
    now = 2000;
    expect(dir.current()!.foundationModels[0].modelId).toBe('m1');
    await dir.refresh();
    expect(calls).toBe(2);
    expect(dir.current()!.foundationModels[0].modelId).toBe('m2');
  });
});

describe('resolveModel: the listing on demand', () => {
  test('a function giving the listing is not called for ids that go to Bedrock as given; names read it and fall back to the catalogue', () => {
    let calls = 0;
    const listing = account([{ id: 'anthropic.claude-opus-5-5-v1', geos: ['us'] }]);
    const lazy = () => {
      calls++;
      return listing;
    };
    expect(resolveModel('anthropic.claude-opus-4-5-20251101-v1:0', opts({ account: lazy })).via).toBe('bedrock-id');
    expect(resolveModel('global.anthropic.claude-opus-4-5-20251101-v1:0', opts({ account: lazy })).via).toBe('inference-profile');
    expect(resolveModel('arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/x1', opts({ account: lazy })).via).toBe('arn');
    expect(calls).toBe(0);
    expect(resolveModel('claude-opus-5-5', opts({ account: lazy })).modelId).toBe('us.anthropic.claude-opus-5-5-v1');
    expect(calls).toBe(1);
    // The listing has no Sonnet and no Nova: the catalogue answers.
    expect(resolveModel('claude-sonnet', opts({ account: lazy })).modelId).toMatch(/^us\.anthropic\.claude-sonnet-/);
    expect(resolveModel('nova-pro', opts({ account: lazy })).modelId).toBe('us.amazon.nova-pro-v1:0');
    expect(calls).toBe(3);
    // No listing yet (the first request after start): the catalogue answers.
    expect(resolveModel('claude-opus-4-5', opts({ account: () => undefined })).modelId).toBe('us.anthropic.claude-opus-4-5-20251101-v1:0');
  });
});
