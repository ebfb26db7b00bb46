import { describe, expect, it } from 'vitest';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import { invocableModels } from '../../src-proxy/models/invocable';
import { listedInvocationId } from '../../src-proxy/models/listing';
import { resolveModel, type ModelResolutionOptions } from '../../src-proxy/models/resolve';
import { matchShortName, nameWords, shortNameOf } from '../../src-proxy/models/short-names';

type Fm = AccountModels['foundationModels'][number];
type Ip = AccountModels['inferenceProfiles'][number];

const fm = (modelId: string, o: Partial<Fm> = {}): Fm => ({
  modelId, modelName: o.modelName ?? modelId, providerName: o.providerName ?? 'X', inputModalities: ['TEXT'], outputModalities: ['TEXT'],
  inferenceTypesSupported: ['ON_DEMAND'], modelLifecycle: { status: 'ACTIVE' }, ...o,
} as Fm);
const profileOnly = (modelId: string, o: Partial<Fm> = {}): Fm => fm(modelId, { inferenceTypesSupported: ['INFERENCE_PROFILE' as never], ...o });
const sys = (id: string): Ip => ({ inferenceProfileId: id, inferenceProfileName: id, inferenceProfileArn: `arn:aws:bedrock:us-east-1:111122223333:inference-profile/${id}`, type: 'SYSTEM_DEFINED', status: 'ACTIVE' } as Ip);

// An account as seen from us-east-1 in December 2026: undated Claude ids, global-only profiles,
// several Qwen3 and Mistral models, a legacy model, an image generator.
const ACCOUNT: AccountModels = {
  foundationModels: [
    profileOnly('anthropic.claude-sonnet-4-5-20250929-v1:0', { modelName: 'Claude Sonnet 4.5' }),
    profileOnly('anthropic.claude-sonnet-4-6', { modelName: 'Claude Sonnet 4.6' }),
    profileOnly('anthropic.claude-sonnet-5', { modelName: 'Claude Sonnet 5' }),
    profileOnly('anthropic.claude-opus-4-8', { modelName: 'Claude Opus 4.8' }),
    fm('amazon.nova-pro-v1:0', { modelName: 'Nova Pro' }),
    profileOnly('amazon.nova-2-lite-v1:0', { modelName: 'Nova 2 Lite' }),
    fm('qwen.qwen3-coder-30b-a3b-v1:0', { modelName: 'Qwen3 Coder 30B' }),
    fm('qwen.qwen3-coder-480b-a35b-v1:0', { modelName: 'Qwen3 Coder 480B' }),
    fm('qwen.qwen3-next-80b-a3b', { modelName: 'Qwen3 Next 80B' }),
    fm('mistral.mistral-large-2402-v1:0', { modelName: 'Mistral Large 24.02', modelLifecycle: { status: 'LEGACY' } }),
    fm('mistral.mistral-large-3-675b-instruct', { modelName: 'Mistral Large 3' }),
    fm('openai.gpt-oss-120b-1:0', { modelName: 'gpt-oss-120b' }),
    fm('deepseek.v3-v1:0', { modelName: 'DeepSeek-V3.1' }),
    fm('moonshot.kimi-k2-thinking', { modelName: 'Kimi K2 Thinking' }),
    fm('amazon.nova-canvas-v1:0', { modelName: 'Nova Canvas', outputModalities: ['IMAGE'] }),
    fm('amazon.titan-embed-text-v2:0', { modelName: 'Titan Text Embeddings V2', outputModalities: ['EMBEDDING'] }),
  ],
  inferenceProfiles: [
    sys('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), sys('global.anthropic.claude-sonnet-4-5-20250929-v1:0'),
    sys('us.anthropic.claude-sonnet-4-6'), sys('global.anthropic.claude-sonnet-4-6'),
    sys('us.anthropic.claude-sonnet-5'), sys('global.anthropic.claude-sonnet-5'),
    sys('global.anthropic.claude-opus-4-8'),
    sys('us.amazon.nova-pro-v1:0'),
    sys('us.amazon.nova-2-lite-v1:0'), sys('global.amazon.nova-2-lite-v1:0'),
  ],
};
const opts = (o: Partial<ModelResolutionOptions> = {}): ModelResolutionOptions => ({ aliases: {}, region: 'us-east-1', account: ACCOUNT, ...o });

describe('short names by rule', () => {
  it.each([
    ['amazon.nova-2-lite-v1:0', 'nova-2-lite'],
    ['qwen.qwen3-coder-480b-a35b-v1:0', 'qwen3-coder-480b-a35b'],
    ['qwen.qwen3-next-80b-a3b', 'qwen3-next-80b-a3b'],
    ['openai.gpt-oss-120b-1:0', 'gpt-oss-120b'],
    ['mistral.mistral-large-2407-v1:0', 'mistral-large-2407'],
    ['meta.llama4-maverick-17b-instruct-v1:0', 'llama4-maverick-17b-instruct'],
    ['deepseek.r1-v1:0', 'deepseek-r1'],
    ['deepseek.v3-v1:0', 'deepseek-v3'],
    ['cohere.embed-english-v3', 'embed-english-v3'],
    ['cohere.embed-v4:0', 'embed-v4'],
    ['amazon.titan-embed-text-v2:0', 'titan-embed-text-v2'],
    ['anthropic.claude-opus-4-6-v1', 'claude-opus-4-6'],
    ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['arn:aws:bedrock:us-east-1::foundation-model/x.y', undefined],
  ])('%s is typed %s', (id, name) => {
    expect(shortNameOf(id)).toBe(name);
  });

  it('compares words, not spelling', () => {
    expect(nameWords('llama-4-maverick')).toEqual(nameWords('Llama4 Maverick'));
    expect(nameWords('qwen3.coder')).toEqual(['qwen', '3', 'coder']);
    // 20b is not the start of 200b
    const c = [{ id: 'openai.gpt-oss-200b', name: 'gpt-oss-200b' }];
    expect(matchShortName('gpt-oss-20b', c)).toBeUndefined();
    expect(matchShortName('gpt-oss', c)?.picked.id).toBe('openai.gpt-oss-200b');
    // one word is too vague
    expect(matchShortName('gpt', c)).toBeUndefined();
  });
});

describe('resolution against the account listing', () => {
  it('other providers\' short names find the listed model and the way the region calls it', () => {
    expect(resolveModel('nova-2-lite', opts())).toMatchObject({ modelId: 'us.amazon.nova-2-lite-v1:0' });
    expect(resolveModel('nova-2-lite', opts()).note).toBeUndefined();
    expect(resolveModel('qwen3-next-80b-a3b', opts())).toMatchObject({ modelId: 'qwen.qwen3-next-80b-a3b', via: 'short-name' });
    expect(resolveModel('kimi-k2-thinking', opts())).toMatchObject({ modelId: 'moonshot.kimi-k2-thinking' });
    expect(resolveModel('qwen3-next', opts()).modelId).toBe('qwen.qwen3-next-80b-a3b');
  });

  it('an ambiguous name picks the newest active model and says so', () => {
    const qwen = resolveModel('qwen3', opts());
    expect(qwen.modelId).toBe('qwen.qwen3-coder-480b-a35b-v1:0');
    expect(qwen.note).toContain('"qwen3" could mean 3 models this account lists; took the newest, qwen3-coder-480b-a35b');
    expect(qwen.note).toContain('Others: qwen3-next-80b-a3b, qwen3-coder-30b-a3b.');
    // a built-in alias that lands where the catalogue says meant that model: nothing to say
    expect(resolveModel('qwen3-coder', opts())).toMatchObject({ modelId: 'qwen.qwen3-coder-480b-a35b-v1:0', via: 'alias' });
    expect(resolveModel('qwen3-coder', opts()).note).toBeUndefined();
    // a legacy model loses to an active one whatever its numbers say
    const large = resolveModel('mistral-large', opts());
    expect(large.modelId).toBe('mistral.mistral-large-3-675b-instruct');
    expect(large.note).toContain('mistral-large-2402');
    // the family name follows the account: the newest Sonnet it lists, not the catalogue's
    const sonnet = resolveModel('claude-sonnet', opts());
    expect(sonnet.modelId).toBe('us.anthropic.claude-sonnet-5');
    expect(sonnet.note).toMatch(/could mean 3 models this account lists; took the newest, claude-sonnet-5/);
  });

  it('an alias always wins over the rule', () => {
    const pinned = resolveModel('qwen3-coder', opts({ aliases: { 'qwen3-coder': 'qwen.qwen3-coder-30b-a3b-v1:0' } }));
    expect(pinned).toMatchObject({ modelId: 'qwen.qwen3-coder-30b-a3b-v1:0', via: 'user-alias' });
    expect(pinned.note).toBeUndefined();
  });

  it('image generators never answer a chat name', () => {
    expect(() => resolveModel('nova-canvas', opts({ account: { ...ACCOUNT, foundationModels: ACCOUNT.foundationModels } }))).toThrow(/not an Outcrop alias/);
  });

  it('the profile preference chooses among the ways the account offers, falling back in order', () => {
    expect(resolveModel('claude-sonnet-4-6', opts({ profilePreference: 'global' })).modelId).toBe('global.anthropic.claude-sonnet-4-6');
    expect(resolveModel('claude-sonnet-4-6', opts({ profilePreference: 'geo' })).modelId).toBe('us.anthropic.claude-sonnet-4-6');
    // in-region: on demand where listed so, else the geography's profile, else global
    expect(resolveModel('nova-pro', opts({ profilePreference: 'in-region' })).modelId).toBe('amazon.nova-pro-v1:0');
    expect(resolveModel('nova-pro', opts({ profilePreference: 'geo' })).modelId).toBe('us.amazon.nova-pro-v1:0');
    expect(resolveModel('claude-opus-4-8', opts({ profilePreference: 'in-region' })).modelId).toBe('global.anthropic.claude-opus-4-8');
    expect(listedInvocationId('anthropic.claude-sonnet-5', ['us'], ACCOUNT, 'in-region')).toBe('us.anthropic.claude-sonnet-5');
    // without a listing, the family's rule: global where the family has it
    expect(resolveModel('claude-sonnet-4-5', { aliases: {}, region: 'eu-west-1', profilePreference: 'global' }).modelId).toBe('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(resolveModel('claude-sonnet-4-5', { aliases: {}, region: 'eu-west-1' }).modelId).toBe('eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
  });

  it('without a listing, short names of catalogue models still resolve by the same rule', () => {
    expect(resolveModel('gpt-oss-120b', { aliases: {}, region: 'us-east-1' }).modelId).toBe('openai.gpt-oss-120b-1:0');
    expect(resolveModel('qwen3-coder-480b-a35b', { aliases: {}, region: 'us-east-1' }).modelId).toBe('qwen.qwen3-coder-480b-a35b-v1:0');
  });
});

describe('invocableModels', () => {
  it('lists what the region can call, under names that resolve back, newest first, through which profile', () => {
    const list = invocableModels(ACCOUNT, 'us-east-1');
    const names = list.map((m) => m.name);
    expect(names.slice(0, 4)).toEqual(['claude-sonnet-5', 'claude-opus-4-8', 'claude-sonnet-4-6', 'claude-sonnet-4-5']);
    expect(list[1]).toMatchObject({ id: 'anthropic.claude-opus-4-8', invokeId: 'global.anthropic.claude-opus-4-8', via: 'global.anthropic.claude-opus-4-8', displayName: 'Claude Opus 4.8', kind: 'chat' });
    expect(list.find((m) => m.id === 'amazon.nova-pro-v1:0')).toMatchObject({ invokeId: 'us.amazon.nova-pro-v1:0' });
    expect(list.find((m) => m.id === 'qwen.qwen3-next-80b-a3b')).toMatchObject({ invokeId: 'qwen.qwen3-next-80b-a3b' });
    expect(list.find((m) => m.id === 'qwen.qwen3-next-80b-a3b')!.via).toBeUndefined();
    expect(names).not.toContain('nova-canvas');
    // legacy and embeddings go last; every name resolves back to its model
    expect(list.at(-1)).toMatchObject({ id: 'mistral.mistral-large-2402-v1:0', status: 'LEGACY' });
    expect(list.at(-2)).toMatchObject({ kind: 'embedding' });
    for (const m of list) expect(resolveModel(m.name, opts()).modelId).toBe(m.invokeId);
  });

  it('follows the profile preference', () => {
    expect(invocableModels(ACCOUNT, 'us-east-1', 'global').find((m) => m.id === 'anthropic.claude-sonnet-5')!.invokeId).toBe('global.anthropic.claude-sonnet-5');
  });
});
