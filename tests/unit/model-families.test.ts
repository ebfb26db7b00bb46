import { describe, expect, it } from 'vitest';
import { capabilitiesFor, UNKNOWN_FAMILY, type Capabilities } from '../../src-proxy/models/families';

// Capabilities by family and version range (issue 21): every id shape Bedrock uses — dated,
// undated, -v1, :0, geography-prefixed, ARN — and releases newer than the table, which inherit
// the newest range of their family.
type Expect = Partial<Capabilities>;

const CLAUDE_47_ON: Expect = { family: 'claude-4.5+', reasoning: 'anthropic', adaptiveThinking: 'only', samplingParams: false, temperatureOrTopP: true, caching: true, maxOutputTokens: 128000 };
const CLAUDE_46: Expect = { family: 'claude-4.5+', reasoning: 'anthropic', adaptiveThinking: 'supported', temperatureOrTopP: true, caching: true, maxOutputTokens: 128000 };
const CLAUDE_45: Expect = { family: 'claude-4.5+', reasoning: 'anthropic', temperatureOrTopP: true, caching: true, maxOutputTokens: 64000 };

const TABLE: Array<[string, Expect]> = [
  // Claude 4.5: dated ids, -v1:0, prefixes, ARNs
  ['anthropic.claude-sonnet-4-5-20250929-v1:0', CLAUDE_45],
  ['us.anthropic.claude-haiku-4-5-20251001-v1:0', CLAUDE_45],
  ['global.anthropic.claude-opus-4-5-20251101-v1:0', CLAUDE_45],
  ['arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0', CLAUDE_45],
  ['arn:aws:bedrock:us-east-1:111122223333:inference-profile/eu.anthropic.claude-opus-4-5-20251101-v1:0', CLAUDE_45],
  // Claude 4.6: undated and -v1
  ['anthropic.claude-sonnet-4-6', CLAUDE_46],
  ['anthropic.claude-opus-4-6-v1', CLAUDE_46],
  ['jp.anthropic.claude-sonnet-4-6', CLAUDE_46],
  ['anthropic.claude-sonnet-4-6-20260217-v1:0', CLAUDE_46],
  // Claude 4.7 and later, every tier, and releases this table has never seen
  ['anthropic.claude-opus-4-7', CLAUDE_47_ON],
  ['global.anthropic.claude-opus-4-8', CLAUDE_47_ON],
  ['anthropic.claude-sonnet-5', CLAUDE_47_ON],
  ['anthropic.claude-opus-4-9', CLAUDE_47_ON],
  ['anthropic.claude-opus-4-10-v1:0', CLAUDE_47_ON],
  ['us.anthropic.claude-sonnet-6', CLAUDE_47_ON],
  ['anthropic.claude-haiku-5-5', CLAUDE_47_ON],
  ['anthropic.claude-fable-5', CLAUDE_47_ON],
  // Claude 4.0 / 4.1: a date after the major is no minor version
  ['anthropic.claude-opus-4-20250514-v1:0', { family: 'claude-opus-4', maxOutputTokens: 32000, temperatureOrTopP: false, reasoning: 'anthropic' }],
  ['us.anthropic.claude-opus-4-1-20250805-v1:0', { family: 'claude-opus-4', maxOutputTokens: 32000 }],
  ['anthropic.claude-sonnet-4-20250514-v1:0', { family: 'claude-sonnet-4', maxOutputTokens: 64000, temperatureOrTopP: false }],
  // Claude 3.x: version before the tier
  ['anthropic.claude-3-7-sonnet-20250219-v1:0', { family: 'claude-3.7', reasoning: 'anthropic', maxOutputTokens: 64000 }],
  ['anthropic.claude-3-5-haiku-20241022-v1:0', { family: 'claude-3.5-haiku', images: false, caching: true }],
  ['us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0', { family: 'claude-3.5-sonnet', caching: false, maxOutputTokens: 8192 }],
  ['anthropic.claude-3-haiku-20240307-v1:0', { family: 'claude-3', maxOutputTokens: 4096 }],
  ['anthropic.claude-instant-v1', { family: 'claude-3' }],
  // Nova 1 vs Nova 2 and later
  ['amazon.nova-pro-v1:0', { family: 'nova', reasoning: undefined, maxOutputTokens: 10000 }],
  ['amazon.nova-micro-v1:0', { family: 'nova-micro', images: false }],
  ['us.amazon.nova-premier-v1:0', { family: 'nova-premier', maxOutputTokens: 32000 }],
  ['amazon.nova-2-lite-v1:0', { family: 'nova-2+', reasoning: 'nova', caching: true, maxOutputTokens: 65000 }],
  ['global.amazon.nova-2-pro-v1:0', { family: 'nova-2+', reasoning: 'nova' }],
  ['amazon.nova-3-pro-v1:0', { family: 'nova-2+', reasoning: 'nova' }],
  ['amazon.nova-2-multimodal-embeddings-v1:0', { family: 'nova-embeddings', embedding: 'nova-mm' }],
  // Llama 3.x vs 4.x
  ['meta.llama3-3-70b-instruct-v1:0', { family: 'llama-3', images: false, prefill: false }],
  ['meta.llama3-2-90b-instruct-v1:0', { family: 'llama-3.2-vision', images: true }],
  ['meta.llama3-70b-instruct-v1:0', { family: 'llama-3' }],
  ['us.meta.llama4-maverick-17b-instruct-v1:0', { family: 'llama-4', images: true }],
  ['meta.llama5-large-v1:0', { family: 'llama-4', images: true }],
  // DeepSeek R1 vs V3.x
  ['deepseek.r1-v1:0', { family: 'deepseek-r1', tools: false, reasoning: 'always' }],
  ['deepseek.v3-v1:0', { family: 'deepseek-v3', tools: true, reasoning: undefined }],
  ['deepseek.v3.2', { family: 'deepseek-v3', tools: true }],
  // Qwen3 variants
  ['qwen.qwen3-coder-480b-a35b-v1:0', { family: 'qwen3-coder', reasoningTags: true, images: false }],
  ['qwen.qwen3-coder-next', { family: 'qwen3-coder' }],
  ['qwen.qwen3-vl-235b-a22b', { family: 'qwen3-vl', images: true }],
  ['qwen.qwen3-235b-a22b-2507-v1:0', { family: 'qwen', reasoningTags: true }],
  // Mistral: dated 2.x, generation 3, Pixtral, Magistral
  ['mistral.mistral-large-2407-v1:0', { family: 'mistral', images: false }],
  ['mistral.mistral-large-3-675b-instruct', { family: 'mistral-3', images: true }],
  ['mistral.ministral-3-8b-instruct', { family: 'mistral-3', images: true }],
  ['mistral.pixtral-large-2502-v1:0', { family: 'pixtral', images: true }],
  ['mistral.magistral-small-2509', { family: 'magistral', reasoningTags: true }],
  // Other providers
  ['openai.gpt-oss-120b-1:0', { family: 'gpt-oss', reasoning: 'openai', maxTemperature: 2 }],
  ['openai.gpt-oss-safeguard-20b', { family: 'gpt-oss' }],
  ['google.gemma-3-27b-it', { family: 'gemma-3', images: true }],
  ['moonshot.kimi-k2-thinking', { family: 'kimi', reasoning: 'always' }],
  ['moonshotai.kimi-k2.5', { family: 'kimi', images: true }],
  ['minimax.minimax-m2.5', { family: 'minimax', reasoningTags: true }],
  ['nvidia.nemotron-super-3-120b', { family: 'nemotron' }],
  ['amazon.titan-embed-text-v2:0', { family: 'titan-embeddings', embedding: 'titan-v2' }],
  ['cohere.embed-v4:0', { family: 'cohere-embed-v4', embedding: 'cohere-v4' }],
  ['cohere.embed-english-v3', { family: 'cohere-embed-v3', embedding: 'cohere-v3' }],
];

describe('capabilitiesFor: family and version range', () => {
  it.each(TABLE)('%s', (id, expected) => {
    const caps = capabilitiesFor(id);
    for (const [key, value] of Object.entries(expected)) expect(caps[key as keyof Capabilities], `${id} ${key}`).toEqual(value);
  });

  it('knows nothing of providers, speech models and application profiles it cannot place', () => {
    for (const id of ['brand-new.model-v1:0', 'amazon.nova-2-sonic-v1:0', 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6', '']) {
      expect(capabilitiesFor(id), id).toBe(UNKNOWN_FAMILY);
    }
  });

  it('hands out copies: a caller changing its capabilities does not change the next model’s', () => {
    const a = capabilitiesFor('anthropic.claude-sonnet-4-6');
    a.profileGeos.push('ca');
    a.maxOutputTokens = 1;
    expect(capabilitiesFor('anthropic.claude-opus-4-6-v1')).toMatchObject({ maxOutputTokens: 128000, profileGeos: ['us', 'eu', 'apac', 'jp', 'au', 'global'] });
  });
});
