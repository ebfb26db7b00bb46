import { describe, expect, it } from 'vitest';
import { builtInAliases, catalogByAlias, catalogById, catalogByOpenRouter, CATALOG } from '../../src-proxy/models/catalog';
import { capabilitiesFor, UNKNOWN_FAMILY } from '../../src-proxy/models/families';
import { geosForRegion, resolveModel, withRegionPrefix, type ModelResolutionOptions } from '../../src-proxy/models/resolve';
import { proxyError } from './helpers';

const SONNET45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const opts = (o: Partial<ModelResolutionOptions> = {}): ModelResolutionOptions => ({ aliases: {}, region: 'us-east-1', ...o });

describe('resolveModel: rule 12 (inference profiles and ARNs)', () => {
  it.each([
    ['us-east-1', `us.${SONNET45}`],
    ['us-west-2', `us.${SONNET45}`],
    ['eu-central-1', `eu.${SONNET45}`],
    ['ap-southeast-1', `apac.${SONNET45}`],
    ['ap-northeast-1', `jp.${SONNET45}`],
    ['ap-southeast-2', `au.${SONNET45}`],
    ['sa-east-1', `global.${SONNET45}`],
  ])('rule 12: a bare Claude 4.5 id in %s becomes %s', (region, expected) => {
    expect(resolveModel(SONNET45, opts({ region }))).toEqual({ requested: SONNET45, modelId: expected, caps: capabilitiesFor(SONNET45), via: 'bedrock-id' });
  });

  it('rule 12: a family without a profile in the region stays bare', () => {
    expect(resolveModel('anthropic.claude-opus-4-20250514-v1:0', opts({ region: 'eu-west-1' })).modelId).toBe('anthropic.claude-opus-4-20250514-v1:0');
    expect(resolveModel('mistral.mistral-large-2407-v1:0', opts()).modelId).toBe('mistral.mistral-large-2407-v1:0');
    expect(resolveModel('openai.gpt-oss-120b-1:0', opts()).modelId).toBe('openai.gpt-oss-120b-1:0');
  });

  it('rule 12: embedding models never get a prefix', () => {
    expect(resolveModel('titan-embed-v2', opts()).modelId).toBe('amazon.titan-embed-text-v2:0');
    expect(resolveModel('cohere.embed-v4:0', opts({ region: 'eu-west-1' })).modelId).toBe('cohere.embed-v4:0');
  });

  it('rule 12: application inference profile ARNs pass through untouched', () => {
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6';
    expect(resolveModel(arn, opts())).toEqual({ requested: arn, modelId: arn, caps: UNKNOWN_FAMILY, via: 'arn' });
    const fm = `arn:aws:bedrock:us-west-2::foundation-model/${SONNET45}`;
    const r = resolveModel(fm, opts());
    expect(r.modelId).toBe(fm);
    expect(r.caps.family).toBe('claude-4.5+');
  });

  it('rule 12: already prefixed ids pass through untouched, whatever the region', () => {
    for (const id of [`eu.${SONNET45}`, `global.${SONNET45}`, 'us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0', 'apac.amazon.nova-pro-v1:0']) {
      expect(resolveModel(id, opts())).toMatchObject({ modelId: id, via: 'inference-profile' });
    }
  });
});

describe('resolveModel: names', () => {
  it('resolves built-in aliases case-insensitively and OpenRouter-style ids', () => {
    expect(resolveModel('claude-sonnet', opts())).toMatchObject({ requested: 'claude-sonnet', modelId: 'us.anthropic.claude-sonnet-4-6', via: 'alias' });
    expect(resolveModel('Claude-Sonnet-4.5', opts())).toMatchObject({ requested: 'Claude-Sonnet-4.5', modelId: `us.${SONNET45}`, via: 'alias' });
    expect(resolveModel('anthropic/claude-sonnet-4.5', opts())).toMatchObject({ modelId: `us.${SONNET45}`, via: 'openrouter' });
    expect(resolveModel('  nova-pro ', opts())).toMatchObject({ requested: 'nova-pro', modelId: 'us.amazon.nova-pro-v1:0' });
  });

  it('user aliases win over everything, follow chains, and echo the requested name', () => {
    const aliases = { 'gpt-4o': 'my-default', 'my-default': 'claude-haiku', 'claude-sonnet': 'nova-lite' };
    expect(resolveModel('gpt-4o', opts({ aliases }))).toMatchObject({ requested: 'gpt-4o', modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', via: 'user-alias' });
    expect(resolveModel('claude-sonnet', opts({ aliases }))).toMatchObject({ modelId: 'us.amazon.nova-lite-v1:0', via: 'user-alias' });
  });

  it('does not loop on alias cycles', () => {
    const err = proxyError(() => resolveModel('a', opts({ aliases: { a: 'b', b: 'a' } })));
    expect(err.code).toBe('model_not_found');
  });

  it('uses the default model for a missing model or "default", and says so when there is none', () => {
    expect(resolveModel(undefined, opts({ defaultModel: 'claude-haiku' }))).toMatchObject({ requested: 'default', modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' });
    expect(resolveModel('default', opts({ defaultModel: 'nova-pro' }))).toMatchObject({ requested: 'default', modelId: 'us.amazon.nova-pro-v1:0' });
    expect(resolveModel('', opts({ defaultModel: 'nova-pro' })).modelId).toBe('us.amazon.nova-pro-v1:0');
    expect(proxyError(() => resolveModel(undefined, opts()))).toMatchObject({ code: 'invalid_request', status: 400, param: 'model' });
  });

  it('names the closest known names for an unknown model (404 model_not_found)', () => {
    const err = proxyError(() => resolveModel('claude-sonet', opts({ aliases: { fast: 'nova-micro' } })));
    expect(err).toMatchObject({ code: 'model_not_found', status: 404, param: 'model' });
    expect(err.message).toContain('"claude-sonet"');
    expect(err.message).toMatch(/Closest names: claude-sonnet[,.]/);
    expect(proxyError(() => resolveModel('someone/unknown-model', opts())).code).toBe('model_not_found');
  });
});

describe('geosForRegion / withRegionPrefix', () => {
  it.each([
    ['us-east-1', ['us']],
    ['us-gov-west-1', ['us-gov']],
    ['ca-central-1', ['ca', 'us']],
    ['eu-west-3', ['eu']],
    ['ap-northeast-1', ['jp', 'apac']],
    ['ap-northeast-3', ['jp', 'apac']],
    ['ap-southeast-2', ['au', 'apac']],
    ['ap-south-1', ['apac']],
    ['me-central-1', []],
  ])('%s -> %j', (region, geos) => {
    expect(geosForRegion(region)).toEqual(geos);
  });

  it('falls back to the next geography and then to global', () => {
    const claude37 = capabilitiesFor('anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(withRegionPrefix('anthropic.claude-3-7-sonnet-20250219-v1:0', 'ap-northeast-1', claude37)).toBe('apac.anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(withRegionPrefix('anthropic.claude-3-7-sonnet-20250219-v1:0', 'ca-central-1', claude37)).toBe('us.anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(withRegionPrefix('anthropic.claude-3-7-sonnet-20250219-v1:0', 'me-central-1', claude37)).toBe('anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(withRegionPrefix(SONNET45, 'me-central-1', capabilitiesFor(SONNET45))).toBe(`global.${SONNET45}`);
  });
});

describe('capabilitiesFor', () => {
  it('gives a new Claude point release the quirks of its family, prefixed or not', () => {
    const caps = capabilitiesFor('us.anthropic.claude-sonnet-4-6-20260101-v1:0');
    expect(caps).toMatchObject({ family: 'claude-4.5+', temperatureOrTopP: true, reasoning: 'anthropic', caching: true, prefill: true });
    expect(caps).not.toHaveProperty('pattern');
  });

  it('places every Claude version by number, not by digit: 4.10 and 10 are 4.5+, a dated 4.0 is not', () => {
    for (const id of ['anthropic.claude-opus-4-10', 'anthropic.claude-sonnet-4-12-v1:0', 'global.anthropic.claude-sonnet-5', 'anthropic.claude-haiku-10-v1', 'anthropic.claude-opus-4-8']) {
      expect(capabilitiesFor(id).family, id).toBe('claude-4.5+');
    }
    expect(capabilitiesFor('anthropic.claude-sonnet-4-20250514-v1:0').family).toBe('claude-sonnet-4');
    expect(capabilitiesFor('anthropic.claude-opus-4-1-20250805-v1:0').family).toBe('claude-opus-4');
    expect(capabilitiesFor('anthropic.claude-opus-4-20250514-v1:0').family).toBe('claude-opus-4');
  });

  it('knows which families lack prefill, caching or tools', () => {
    expect(capabilitiesFor('meta.llama3-3-70b-instruct-v1:0')).toMatchObject({ prefill: false, caching: false, tools: true });
    expect(capabilitiesFor('deepseek.r1-v1:0')).toMatchObject({ tools: false, reasoning: 'always' });
    expect(capabilitiesFor('anthropic.claude-sonnet-4-20250514-v1:0')).toMatchObject({ temperatureOrTopP: false, reasoning: 'anthropic' });
    expect(capabilitiesFor('amazon.nova-2-lite-v1:0').reasoning).toBe('nova');
    expect(capabilitiesFor('amazon.nova-2-multimodal-embeddings-v1:0').embedding).toBe('nova-mm');
    expect(capabilitiesFor('brand-new.model-v1:0')).toBe(UNKNOWN_FAMILY);
  });
});

describe('catalog', () => {
  it('finds models by alias, OpenRouter id and base id, and every alias is unique', () => {
    expect(catalogByAlias('CLAUDE-OPUS')?.id).toBe('anthropic.claude-opus-4-6-v1');
    expect(catalogByOpenRouter('Qwen/Qwen3-Coder')?.id).toBe('qwen.qwen3-coder-480b-a35b-v1:0');
    expect(catalogById('deepseek.r1-v1:0')?.name).toBe('DeepSeek-R1');
    const all = CATALOG.flatMap((m) => m.aliases);
    expect(new Set(all).size).toBe(all.length);
    expect(builtInAliases()).toContainEqual({ alias: 'claude-haiku', id: 'anthropic.claude-haiku-4-5-20251001-v1:0' });
  });

  it('family aliases name the newest model Outcrop drives end to end; the newer ones by their own names', () => {
    // Claude 4.7 and later want adaptive thinking only (families.ts), which the planner does not send yet.
    expect(catalogByAlias('claude-sonnet')?.id).toBe('anthropic.claude-sonnet-4-6');
    expect(catalogByAlias('claude-opus')?.id).toBe('anthropic.claude-opus-4-6-v1');
    expect(catalogByAlias('claude-haiku')?.id).toBe('anthropic.claude-haiku-4-5-20251001-v1:0');
    for (const [name, id] of [['claude-sonnet-5', 'anthropic.claude-sonnet-5'], ['claude-opus-4.8', 'anthropic.claude-opus-4-8'], ['claude-sonnet-5-5', 'anthropic.claude-sonnet-5-5'], ['nova-2-lite', 'amazon.nova-2-lite-v1:0'], ['qwen3-coder', 'qwen.qwen3-coder-480b-a35b-v1:0'], ['qwen3-coder-next', 'qwen.qwen3-coder-next'], ['kimi', 'moonshotai.kimi-k3'], ['mistral-large', 'mistral.mistral-large-2407-v1:0'], ['deepseek-v3', 'deepseek.v3-v1:0']]) {
      expect(catalogByAlias(name)?.id, name).toBe(id);
    }
    // Every Claude 4.7+ row carries the planner's open question with it.
    expect(capabilitiesFor(catalogByAlias('claude-sonnet-5')!.id)).toMatchObject({ adaptiveThinking: 'only', samplingParams: false });
  });

  it('every catalogued chat model resolves in us-east-1 to a family it was written for', () => {
    for (const m of CATALOG) {
      expect(capabilitiesFor(m.id)).not.toBe(UNKNOWN_FAMILY);
      expect(resolveModel(m.aliases[0], opts()).modelId.endsWith(m.id)).toBe(true);
    }
  });
});
