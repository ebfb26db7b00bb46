import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PriceCache } from '../../src-main/core/prices/cache-file';
import { idKey, matchKey, matchModels } from '../../src-main/core/prices/match';
import { OfferFormatError, parseOffer, perMillion } from '../../src-main/core/prices/offer';
import { findOverride } from '../../src-main/core/prices/overrides';
import { MAX_AGE_MS, priceListUrl, refreshDue, RETRY_AFTER_FAILURE_MS } from '../../src-main/core/prices/price-service';
import { costOf } from '../../src-main/core/request-log/prices';
import type { RequestLogEntry } from '../../src-shared/request-log';

// The AWS price list parser against the stand-in offer files (tests/fixtures/price-list, shaped
// like AWS's), the name → id matching, and when the cache is downloaded again.

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/price-list/${name}`, import.meta.url), 'utf8'));
const fm = () => parseOffer(fixture('AmazonBedrockFoundationModels-us-east-1.json'), 'AmazonBedrockFoundationModels');
const br = () => parseOffer(fixture('AmazonBedrock-us-east-1.json'), 'AmazonBedrock');
const model = (offer: ReturnType<typeof fm>, name: string) => offer.models.find((m) => m.name === name);

describe('parseOffer', () => {
  it('reads the Marketplace offer: names without "(Amazon Bedrock Edition)", regional and global prices per 1M, cache read and write', () => {
    const offer = fm();
    expect(offer.publicationDate).toBe('2026-12-05T00:12:34Z');
    expect(offer.version).toBe('20261205001234');
    // New usagetype spelling (input_tokens_global_standard); long-context, batch and 1-hour cache rows skipped.
    expect(model(offer, 'Claude Sonnet 4.6')).toEqual({
      name: 'Claude Sonnet 4.6',
      regional: { input: 3.3, output: 16.5, cacheRead: 0.33, cacheWrite: 4.125 },
      global: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    });
    // Old spelling (InputTokenCount_Global, CacheWriteInputTokenCount); CacheWrite1h and Batch skipped.
    expect(model(offer, 'Claude Haiku 4.5')).toEqual({
      name: 'Claude Haiku 4.5',
      regional: { input: 1.1, output: 5.5, cacheRead: 0.11, cacheWrite: 1.375 },
      global: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
    });
    // Cache prices only where the list has them.
    expect(model(offer, 'Claude Opus 4.8')?.regional).toEqual({ input: 5.5, output: 27.5 });
  });

  it('reads the AmazonBedrock offer: per-1K prices to per 1M, cross-region-global rows as global, batch/flex/custom/mantle rows skipped', () => {
    const offer = br();
    expect(model(offer, 'Nova Lite')).toEqual({ name: 'Nova Lite', regional: { input: 0.06, output: 0.24, cacheRead: 0.015 } });
    expect(model(offer, 'Nova 2 Lite')).toEqual({ name: 'Nova 2 Lite', regional: { input: 0.33, output: 2.75 }, global: { input: 0.3, output: 2.5 } });
    // The flex ($0.36) and -mantle- ($0.90) rows would conflict with the standard price if read.
    expect(model(offer, 'Llama 3.3 70B')).toEqual({ name: 'Llama 3.3 70B', regional: { input: 0.72, output: 0.72 } });
    // Embeddings bill input only.
    expect(model(offer, 'Titan Text Embeddings V2')?.regional).toEqual({ input: 0.02, output: 0 });
    expect(model(offer, 'Nova Canvas')).toBeUndefined();
  });

  it('skips prices it cannot scale or that are not token prices, and never prices from them', () => {
    const offer = fm();
    // "Units" says nothing of the scale; provisioned throughput is per hour.
    expect(model(offer, 'Cohere Command R')).toBeUndefined();
    expect(model(offer, 'Claude 3.7 Sonnet')).toBeUndefined();
    expect(offer.skipped).toBeGreaterThanOrEqual(2);
    expect(perMillion('1K tokens')).toBe(1000);
    expect(perMillion('1M tokens')).toBe(1);
    expect(perMillion('Units')).toBeUndefined();
    expect(perMillion('hour')).toBeUndefined();
  });

  it('drops a model whose standard meter has two different prices (cannot tell which applies)', () => {
    const raw = fixture('AmazonBedrock-us-east-1.json') as { products: Record<string, { attributes: Record<string, string> }> };
    const mantle = Object.values(raw.products).find((p) => p.attributes.usagetype.includes('mantle'))!;
    mantle.attributes.usagetype = 'USE1-Llama3.3-70B-input-tokens'; // same meter, $0.90 against $0.72
    const offer = parseOffer(raw, 'AmazonBedrock');
    expect(model(offer, 'Llama 3.3 70B')).toBeUndefined();
    expect(model(offer, 'Nova Lite')).toBeDefined();
  });

  it('rejects files that are not offer files', () => {
    expect(() => parseOffer('<html>', 'AmazonBedrock')).toThrow(OfferFormatError);
    expect(() => parseOffer({ products: {}, terms: { OnDemand: {} } }, 'AmazonBedrock')).toThrow(/publicationDate/);
    expect(() => parseOffer({ publicationDate: '2026-12-05T00:00:00Z', terms: { OnDemand: {} } }, 'AmazonBedrock')).toThrow(/products/);
    expect(() => parseOffer({ publicationDate: '2026-12-05T00:00:00Z', products: {} }, 'AmazonBedrock')).toThrow(/OnDemand/);
    expect(() => parseOffer(fixture('AmazonBedrock-us-east-1.json'), 'AmazonBedrockFoundationModels')).toThrow(/offer AmazonBedrock/);
    // Rows of the wrong shape inside a valid file are skipped, not fatal.
    const raw = fixture('AmazonBedrock-us-east-1.json') as { products: Record<string, unknown> };
    raw.products.BROKEN = 'not a product';
    expect(model(parseOffer(raw, 'AmazonBedrock'), 'Nova Lite')).toBeDefined();
  });
});

describe('matchModels', () => {
  const listed = [...fm().models, ...br().models];

  it('maps by the account listing name first, then by the id, across both naming styles', () => {
    const mapped = matchModels(listed, [
      { id: 'anthropic.claude-sonnet-4-6', name: 'Claude Sonnet 4.6' },
      { id: 'anthropic.claude-opus-4-8' }, // no name: by the id
      { id: 'anthropic.claude-haiku-4-5-20251001-v1:0', name: 'Claude Haiku 4.5' },
      { id: 'amazon.nova-2-lite-v1:0', name: 'Nova 2 Lite' },
      { id: 'meta.llama3-3-70b-instruct-v1:0', name: 'Llama 3.3 70B Instruct' },
    ]);
    expect(mapped.get('anthropic.claude-sonnet-4-6')?.name).toBe('Claude Sonnet 4.6');
    expect(mapped.get('anthropic.claude-opus-4-8')?.name).toBe('Claude Opus 4.8');
    expect(mapped.get('anthropic.claude-haiku-4-5-20251001-v1:0')?.name).toBe('Claude Haiku 4.5');
    expect(mapped.get('amazon.nova-2-lite-v1:0')?.name).toBe('Nova 2 Lite');
    expect(mapped.get('meta.llama3-3-70b-instruct-v1:0')?.name).toBe('Llama 3.3 70B');
  });

  it('skips models it cannot name and names that are no model: never a guess', () => {
    const mapped = matchModels(listed, [
      { id: 'anthropic.claude-sonnet-4-5-20250929-v1:0', name: 'Claude Sonnet 4.5' }, // not in the list
      { id: 'amazon.nova-lite-v1:0', name: 'Nova Lite' },
      { id: 'anthropic.claude-opus-4-8-fast', name: 'Claude Opus 4.8 Fast' },
    ]);
    expect(mapped.has('anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe(false);
    expect(mapped.has('anthropic.claude-opus-4-8-fast')).toBe(false);
    expect([...mapped.values()].some((m) => m.name === 'Claude Mystery 9')).toBe(false);
    expect(mapped.get('amazon.nova-lite-v1:0')?.name).toBe('Nova Lite');
  });

  it('leaves a model out when its key matches two listed names', () => {
    const twins = [{ name: 'Nova Lite', regional: { input: 1, output: 1 } }, { name: 'Nova-Lite', regional: { input: 2, output: 2 } }];
    expect(matchModels(twins, [{ id: 'amazon.nova-lite-v1:0', name: 'Nova Lite' }]).size).toBe(0);
  });

  it('keys names and ids the same way', () => {
    expect(idKey('anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe(matchKey('Claude Sonnet 4.5'));
    expect(idKey('openai.gpt-oss-120b-1:0')).toBe(matchKey('gpt-oss-120b'));
    expect(idKey('meta.llama3-3-70b-instruct-v1:0')).toBe(matchKey('Llama 3.3 70B'));
    expect(idKey('anthropic.claude-3-5-sonnet-20241022-v2:0')).not.toBe(matchKey('Claude 3.5 Sonnet v2'));
  });
});

describe('refreshDue', () => {
  const now = Date.parse('2026-12-06T05:00:00Z');
  const cache = (over: Partial<PriceCache>): PriceCache => ({ format: 1, region: 'us-east-1', url: 'http://x', offers: {}, ...over });
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it('downloads when there is no list, or it is a day old', () => {
    expect(refreshDue(undefined, now)).toBe(true);
    expect(refreshDue(cache({}), now)).toBe(true);
    expect(refreshDue(cache({ fetchedAt: ago(MAX_AGE_MS - 60_000) }), now)).toBe(false);
    expect(refreshDue(cache({ fetchedAt: ago(MAX_AGE_MS) }), now)).toBe(true);
    // A fetch time in the future: the clock went back, the age is unknown.
    expect(refreshDue(cache({ fetchedAt: ago(-3_600_000) }), now)).toBe(true);
  });

  it('waits an hour after a failure, then tries again even if the list is fresh', () => {
    expect(refreshDue(cache({ lastFailure: { at: ago(RETRY_AFTER_FAILURE_MS - 60_000), error: 'down' } }), now)).toBe(false);
    expect(refreshDue(cache({ fetchedAt: ago(3_600_000 * 30), lastFailure: { at: ago(60_000), error: 'down' } }), now)).toBe(false);
    expect(refreshDue(cache({ fetchedAt: ago(60_000), lastFailure: { at: ago(RETRY_AFTER_FAILURE_MS), error: 'down' } }), now)).toBe(true);
  });
});

describe('priceListUrl', () => {
  it("is AWS's Bulk API by default, the variable's URL when set, none when off", () => {
    expect(priceListUrl({})).toBe('https://pricing.us-east-1.amazonaws.com');
    expect(priceListUrl({ OUTCROP_PRICE_LIST_URL: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9');
    expect(priceListUrl({ OUTCROP_PRICE_LIST_URL: 'off' })).toBeUndefined();
    expect(priceListUrl({ OUTCROP_PRICE_LIST_URL: 'ftp://x' })).toBeUndefined();
  });
});

describe('costOf with a pricer', () => {
  const entry: RequestLogEntry = { id: 'r', time: 0, endpoint: '/v1/chat/completions', status: 200, latencyMs: 1, stream: false, bedrockModel: 'acme.unknown-model-v1:0', inputTokens: 1000, outputTokens: 10 };
  it('is undefined (no price), never $0, for a model nothing prices', () => {
    expect(costOf(entry)).toBeUndefined();
    expect(costOf(entry, undefined, { price: () => undefined })).toBeUndefined();
    expect(costOf(entry, undefined, { price: () => ({ input: 2, output: 10, source: 'override' }) })).toBeCloseTo(0.0021, 10);
  });
});

describe('findOverride', () => {
  const o = (input: number) => ({ input, output: input * 5 });
  it('takes the exact id, then the base id (every profile), then a versionless id, then an alias', () => {
    const overrides = { 'global.anthropic.claude-sonnet-4-6': o(1), 'anthropic.claude-sonnet-4-6': o(2), 'amazon.nova-lite': o(3), 'my-llama': o(4), 'claude-haiku-4-5': o(5) };
    const aliases = { 'my-llama': 'us.meta.llama3-3-70b-instruct-v1:0' };
    expect(findOverride('global.anthropic.claude-sonnet-4-6', overrides, aliases)?.price).toEqual({ input: 1, output: 5, source: 'override' });
    expect(findOverride('us.anthropic.claude-sonnet-4-6', overrides, aliases)?.key).toBe('anthropic.claude-sonnet-4-6');
    expect(findOverride('eu.amazon.nova-lite-v1:0', overrides, aliases)?.key).toBe('amazon.nova-lite');
    expect(findOverride('meta.llama3-3-70b-instruct-v1:0', overrides, aliases)?.key).toBe('my-llama');
    expect(findOverride('us.anthropic.claude-haiku-4-5-20251001-v1:0', overrides, aliases)?.key).toBe('claude-haiku-4-5');
    expect(findOverride('amazon.nova-pro-v1:0', overrides, aliases)).toBeUndefined();
    expect(findOverride('anthropic.claude-sonnet-4-6', {}, {})).toBeUndefined();
  });
});
