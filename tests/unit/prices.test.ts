import { describe, expect, it } from 'vitest';
import { baseModelId, builtInPricer, cacheSavings, costOf, priceFor } from '../../src-main/core/request-log/prices';
import { CATALOG } from '../../src-proxy/models/catalog';
import type { RequestLogEntry } from '../../src-shared/request-log';

const entry = (bedrockModel: string | undefined, tokens: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  id: 'r1', time: 0, endpoint: '/v1/chat/completions', stream: false, status: 200, latencyMs: 1, bedrockModel, ...tokens,
});

const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('priceFor', () => {
  it('strips every region prefix to the base model id', () => {
    for (const geo of ['us', 'eu', 'apac', 'jp', 'au', 'global']) {
      expect(baseModelId(`${geo}.anthropic.claude-3-7-sonnet-20250219-v1:0`)).toBe('anthropic.claude-3-7-sonnet-20250219-v1:0');
      expect(priceFor(`${geo}.anthropic.claude-3-7-sonnet-20250219-v1:0`)).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    }
  });

  it('prices Claude 4.5 at the global rate through global. and 10% more through a geo profile or in-region', () => {
    expect(priceFor(`global.${SONNET_45}`)).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(priceFor(`us.${SONNET_45}`)).toEqual({ input: 3.3, output: 16.5, cacheRead: 0.33, cacheWrite: 4.125 });
    expect(priceFor(SONNET_45)).toEqual(priceFor(`eu.${SONNET_45}`));
    // Older models have one price everywhere.
    expect(priceFor('us.anthropic.claude-opus-4-1-20250805-v1:0')).toEqual({ input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 });
  });

  it('reads model ids out of foundation-model and inference-profile ARNs', () => {
    expect(priceFor('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0')).toEqual({ input: 0.8, output: 3.2, cacheRead: 0.2, cacheWrite: 0.8 });
    expect(priceFor(`arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.${SONNET_45}`)?.input).toBe(3);
  });

  it('has no price for an application inference profile unless given a hint', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4';
    expect(baseModelId(arn)).toBeUndefined();
    expect(priceFor(arn)).toBeUndefined();
    expect(priceFor(arn, 'us.anthropic.claude-3-5-haiku-20241022-v1:0')).toEqual({ input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 });
  });

  it('has no price for models it does not know', () => {
    expect(priceFor('acme.unknown-model-v1:0')).toBeUndefined();
    expect(priceFor('anthropic.claude-opus-9-9-20300101-v1:0')).toBeUndefined();
    expect(priceFor('')).toBeUndefined();
  });

  // Catalogue models no published page prices (see the table's header): the AWS price list prices
  // them when it lists them, else they show "no price". A new catalogue model must get a row or
  // be added here on purpose.
  const NO_BUILT_IN_PRICE = new Set([
    'anthropic.claude-haiku-5-5', 'anthropic.claude-opus-4-7',
    'mistral.mistral-large-3-675b-instruct', 'mistral.magistral-small-2509', 'mistral.ministral-3-14b-instruct', 'mistral.ministral-3-8b-instruct', 'mistral.devstral-2-123b',
    'qwen.qwen3-coder-next', 'qwen.qwen3-next-80b-a3b', 'qwen.qwen3-vl-235b-a22b',
    'google.gemma-3-27b-it', 'google.gemma-3-12b-it', 'google.gemma-3-4b-it',
    'minimax.minimax-m2.5', 'minimax.minimax-m2.1', 'minimax.minimax-m2',
    'moonshotai.kimi-k3', 'moonshotai.kimi-k2.5', 'moonshot.kimi-k2-thinking',
    'nvidia.nemotron-super-3-120b', 'nvidia.nemotron-nano-3-30b',
  ]);
  it('prices every model in the catalogue but those no published page prices', () => {
    const missing = CATALOG.filter((m) => !priceFor(m.id) && !NO_BUILT_IN_PRICE.has(m.id)).map((m) => m.id);
    expect(missing).toEqual([]);
    for (const id of NO_BUILT_IN_PRICE) expect(priceFor(id), id).toBeUndefined();
  });

  it('prices the Claude 4.8 and 5 generation from Anthropic\'s pages: global, and 10% more through a geo profile', () => {
    expect(priceFor('global.anthropic.claude-opus-5-5')).toEqual({ input: 4, output: 20, cacheRead: 0.2, cacheWrite: 5 });
    expect(priceFor('us.anthropic.claude-opus-5-5')).toEqual({ input: 4.4, output: 22, cacheRead: 0.22, cacheWrite: 5.5 });
    expect(priceFor('global.anthropic.claude-opus-5')?.input).toBe(5);
    expect(priceFor('global.anthropic.claude-sonnet-5')).toEqual({ input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 });
    expect(priceFor('global.anthropic.claude-opus-4-8')?.output).toBe(25);
    // Each row says when its price was read.
    expect(builtInPricer.price('global.anthropic.claude-opus-5-5')?.asOf).toBe('2026-12-06');
    expect(builtInPricer.price('global.anthropic.claude-sonnet-4-5-20250929-v1:0')).toMatchObject({ source: 'built-in', asOf: '2025-11-01' });
  });

  it('picks the most specific row (Opus 4.5 is not Opus 4)', () => {
    expect(priceFor('global.anthropic.claude-opus-4-5-20251101-v1:0')?.input).toBe(5);
    expect(priceFor('us.anthropic.claude-opus-4-20250514-v1:0')?.input).toBe(15);
    expect(priceFor('us.meta.llama3-2-1b-instruct-v1:0')?.input).toBe(0.1);
    expect(priceFor('us.meta.llama3-1-8b-instruct-v1:0')?.input).toBe(0.22);
  });
});

describe('costOf', () => {
  it('adds input, output, cache read and cache write at their prices', () => {
    const tokens = { inputTokens: 1000, outputTokens: 500, cacheReadTokens: 2000, cacheWriteTokens: 1000 };
    // 1000*3 + 500*15 + 2000*0.3 + 1000*3.75 = 14,850 per 1M
    expect(costOf(entry(`global.${SONNET_45}`, tokens))).toBeCloseTo(0.01485, 12);
    expect(costOf(entry(`us.${SONNET_45}`, tokens))).toBeCloseTo(0.016335, 12);
  });

  it('prices Haiku 3.5 and Nova cache tokens at their own rates', () => {
    expect(costOf(entry('us.anthropic.claude-3-5-haiku-20241022-v1:0', { inputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 }))).toBeCloseTo(0.8 + 0.08 + 1, 10);
    expect(costOf(entry('us.amazon.nova-micro-v1:0', { inputTokens: 2_000_000, outputTokens: 1_000_000, cacheReadTokens: 4_000_000 }))).toBeCloseTo(0.07 + 0.14 + 0.035, 10);
  });

  it('prices models without caching and embeddings', () => {
    expect(costOf(entry('us.deepseek.r1-v1:0', { inputTokens: 1_000_000, outputTokens: 1_000_000 }))).toBeCloseTo(6.75, 10);
    expect(costOf(entry('openai.gpt-oss-120b-1:0', { inputTokens: 500_000, outputTokens: 100_000 }))).toBeCloseTo(0.075 + 0.06, 10);
    expect(costOf(entry('amazon.titan-embed-text-v2:0', { inputTokens: 1_000_000, outputTokens: 0 }))).toBeCloseTo(0.02, 10);
    expect(costOf(entry('cohere.embed-v4:0', { inputTokens: 250_000 }))).toBeCloseTo(0.03, 10);
  });

  it('is zero for a priced model with no tokens (a failed request) and undefined for an unknown model', () => {
    expect(costOf(entry(`us.${SONNET_45}`))).toBe(0);
    expect(costOf(entry('acme.mystery-v1', { inputTokens: 10 }))).toBeUndefined();
    expect(costOf(entry(undefined, { inputTokens: 10 }))).toBeUndefined();
  });

  it('falls back to the asked model when no Bedrock model was recorded, and to a hint for application profiles', () => {
    expect(costOf({ ...entry(undefined, { inputTokens: 1_000_000 }), model: 'amazon.nova-lite-v1:0' })).toBeCloseTo(0.06, 10);
    const app = entry('arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/xyz', { inputTokens: 1_000_000 });
    expect(costOf(app)).toBeUndefined();
    expect(costOf(app, 'amazon.nova-pro-v1:0')).toBeCloseTo(0.8, 10);
  });
});

describe('cacheSavings', () => {
  it('is what the cache reads would have cost at full input price, minus what they did cost', () => {
    expect(cacheSavings(entry(`global.${SONNET_45}`, { cacheReadTokens: 1_000_000 }))).toBeCloseTo(2.7, 10);
    expect(cacheSavings(entry('amazon.nova-pro-v1:0', { cacheReadTokens: 1_000_000 }))).toBeCloseTo(0.6, 10);
    expect(cacheSavings(entry(`global.${SONNET_45}`, { inputTokens: 5 }))).toBe(0);
    expect(cacheSavings(entry('acme.mystery-v1', { cacheReadTokens: 5 }))).toBeUndefined();
  });
});
