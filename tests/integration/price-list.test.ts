import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import { OutcropCore } from '../../src-main/core/core';
import { cacheFile } from '../../src-main/core/prices/cache-file';
import { MAX_AGE_MS, PriceService } from '../../src-main/core/prices/price-service';
import type { PriceOverride } from '../../src-shared/settings';
import type { PricesReply } from '../../src-shared/admin';
import { emulatorEnv } from '../support/bedrock-emulator';
import { startConnectProxy } from '../support/connect-proxy';
import { TEST_CA_PEM, TEST_SERVER_TLS } from '../support/test-tls';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// The price service against a local stand-in for AWS's Price List Bulk API serving the fixture
// offer files (tests/fixtures/price-list): the first download writes the cache with its date, a
// restart within a day uses the cache without downloading, an older cache is downloaded again, a
// stand-in that is down or answers garbage leaves the cached or built-in prices in use. No test
// reaches AWS.

const FIXTURES = new URL('../fixtures/price-list/', import.meta.url);
type Mode = 'ok' | 'down' | 'malformed' | 'gzip';

interface StandIn {
  url: string;
  requests: string[];
  mode: Mode;
  close(): Promise<void>;
}

async function standIn(): Promise<StandIn> {
  const state: StandIn = { url: '', requests: [], mode: 'ok', close: async () => undefined };
  const server: Server = createServer((req, res) => serve(state, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

/** The Bulk API's paths, answered from the fixtures (or down, or garbage, as `state.mode` says). */
function serve(state: StandIn, req: IncomingMessage, res: ServerResponse): void {
  state.requests.push(req.url ?? '');
  const m = /^\/offers\/v1\.0\/aws\/(AmazonBedrock|AmazonBedrockFoundationModels)\/current\/([a-z0-9-]+)\/index\.json$/.exec(req.url ?? '');
  if (state.mode === 'down') return void res.writeHead(503).end('unavailable');
  if (!m || m[2] !== 'us-east-1') return void res.writeHead(404).end();
  if (state.mode === 'malformed' && m[1] === 'AmazonBedrockFoundationModels') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"products": [');
  const body = readFileSync(new URL(`${m[1]}-us-east-1.json`, FIXTURES));
  if (state.mode === 'gzip' && /gzip/.test(String(req.headers['accept-encoding']))) return void res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(body));
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
}

const LISTING: AccountModels = {
  foundationModels: [
    { modelId: 'anthropic.claude-sonnet-4-6', modelName: 'Claude Sonnet 4.6', providerName: 'Anthropic', inferenceTypesSupported: ['INFERENCE_PROFILE'], outputModalities: ['TEXT'] },
    { modelId: 'anthropic.claude-opus-4-8', modelName: 'Claude Opus 4.8', providerName: 'Anthropic', inferenceTypesSupported: ['INFERENCE_PROFILE'], outputModalities: ['TEXT'] },
  ] as unknown as AccountModels['foundationModels'],
  inferenceProfiles: [],
};

let stand: StandIn;
let home: string;
let clock: number;
let warnings: string[];
let overrides: Record<string, PriceOverride>;
const services: PriceService[] = [];

function service(limits?: { maxBytes: number; timeoutMs: number }): PriceService {
  const sink = new Writable({
    write(chunk, _enc, done) {
      const line = JSON.parse(String(chunk));
      if (line.level >= 40) warnings.push(line.msg);
      done();
    },
  });
  const s = new PriceService({
    home,
    env: { OUTCROP_PRICE_LIST_URL: stand.url },
    log: pino({ level: 'info' }, sink),
    network: () => undefined,
    overrides: () => overrides,
    aliases: () => ({}),
    listing: () => LISTING,
    now: () => clock,
    ...(limits ? { limits } : {}),
  });
  services.push(s);
  return s;
}

/** Waits for the download started by useRegion/refreshIfDue (bounded poll, no sleep). */
async function settled(s: PriceService): Promise<void> {
  await vi.waitFor(() => expect(s.status().refreshing).toBe(false), { timeout: 5000, interval: 10 });
}

beforeEach(async () => {
  stand = await standIn();
  home = mkdtempSync(join(tmpdir(), 'outcrop-prices-'));
  clock = Date.parse('2026-12-06T05:00:00Z');
  warnings = [];
  overrides = {};
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  await stand.close();
});

describe('AWS price list', () => {
  test('the first start downloads both offers, writes the cache (0600) with its dates, and prices from it', async () => {
    const s = service();
    await s.useRegion('us-east-1');
    expect(s.status().refreshing).toBe(true);
    await settled(s);
    expect(stand.requests.sort()).toEqual(['/offers/v1.0/aws/AmazonBedrock/current/us-east-1/index.json', '/offers/v1.0/aws/AmazonBedrockFoundationModels/current/us-east-1/index.json']);

    const file = cacheFile(home, 'us-east-1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const cache = JSON.parse(readFileSync(file, 'utf8'));
    expect(cache.fetchedAt).toBe('2026-12-06T05:00:00.000Z');
    expect(cache.offers.AmazonBedrockFoundationModels).toMatchObject({ publicationDate: '2026-12-05T00:12:34Z', version: '20261205001234' });
    expect(cache.offers.AmazonBedrock.publicationDate).toBe('2026-12-04T18:00:00Z');

    // Global and geography profiles are priced apart, from the list, with its date.
    expect(s.price('global.anthropic.claude-sonnet-4-6')).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, source: 'aws-price-list', asOf: '2026-12-05' });
    expect(s.price('us.anthropic.claude-sonnet-4-6')).toMatchObject({ input: 3.3, output: 16.5, source: 'aws-price-list' });
    expect(s.price('us.amazon.nova-lite-v1:0')).toMatchObject({ input: 0.06, output: 0.24, source: 'aws-price-list', asOf: '2026-12-04' });
    // The list does not price it: the built-in table does, and says so.
    expect(s.price('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toMatchObject({ source: 'built-in', asOf: '2025-11-01' });
    // Nothing prices it: no price, not $0.
    expect(s.price('acme.mystery-9')).toBeUndefined();
    expect(s.status()).toMatchObject({ enabled: true, region: 'us-east-1', fetchedAt: '2026-12-06T05:00:00.000Z', publicationDate: '2026-12-05T00:12:34Z', refreshing: false });
    expect(s.status().lastError).toBeUndefined();
  });

  test('a restart within a day uses the cache without downloading; a day later it downloads again', async () => {
    const first = service();
    await first.useRegion('us-east-1');
    await settled(first);
    await first.close();
    const before = stand.requests.length;

    clock += MAX_AGE_MS - 60_000;
    const second = service();
    await second.useRegion('us-east-1');
    expect(second.status().refreshing).toBe(false);
    expect(stand.requests.length).toBe(before);
    expect(second.price('global.anthropic.claude-opus-4-8')).toMatchObject({ input: 5, output: 25, source: 'aws-price-list' });
    await second.close();

    clock += 120_000;
    const third = service();
    await third.useRegion('us-east-1');
    expect(third.status().refreshing).toBe(true);
    await settled(third);
    expect(stand.requests.length).toBe(before + 2);
    expect(third.status().fetchedAt).toBe(new Date(clock).toISOString());
  });

  test('a stand-in that is down: the cached prices stay, the failure is shown and not retried within the hour', async () => {
    const first = service();
    await first.useRegion('us-east-1');
    await settled(first);
    await first.close();

    stand.mode = 'down';
    clock += MAX_AGE_MS + 1;
    const second = service();
    await second.useRegion('us-east-1');
    await settled(second);
    expect(second.status().lastError).toMatch(/HTTP 503/);
    expect(second.price('global.anthropic.claude-sonnet-4-6')).toMatchObject({ input: 3, source: 'aws-price-list' });
    expect(warnings.some((w) => /could not be read/.test(w))).toBe(true);
    await second.close();

    // The failure is on disk: a restart a minute later does not try again.
    const count = stand.requests.length;
    clock += 60_000;
    const third = service();
    await third.useRegion('us-east-1');
    expect(third.status().refreshing).toBe(false);
    expect(stand.requests.length).toBe(count);
  });

  test('never downloaded and the stand-in is down: built-in prices, no crash', async () => {
    stand.mode = 'down';
    const s = service();
    await s.useRegion('us-east-1');
    await settled(s);
    expect(s.price('us.anthropic.claude-haiku-4-5-20251001-v1:0')).toMatchObject({ source: 'built-in' });
    expect(s.status()).toMatchObject({ models: 0 });
    expect(s.status().lastError).toBeDefined();
  });

  test('a malformed offer file is ignored with a warning; the other offer is used', async () => {
    stand.mode = 'malformed';
    const s = service();
    await s.useRegion('us-east-1');
    await settled(s);
    expect(warnings.some((w) => /could not be read/.test(w))).toBe(true);
    expect(s.status().lastError).toMatch(/AmazonBedrockFoundationModels: .*not JSON/);
    expect(s.price('us.amazon.nova-lite-v1:0')).toMatchObject({ source: 'aws-price-list' });
    expect(s.price('global.anthropic.claude-sonnet-4-6')?.source).not.toBe('aws-price-list');
  });

  test('an override wins over the list, for every profile of the model, and applies at once', async () => {
    const s = service();
    await s.useRegion('us-east-1');
    await settled(s);
    overrides = { 'anthropic.claude-sonnet-4-6': { input: 1, output: 2 } };
    expect(s.price('global.anthropic.claude-sonnet-4-6')).toEqual({ input: 1, output: 2, source: 'override' });
    expect(s.price('us.anthropic.claude-sonnet-4-6')).toEqual({ input: 1, output: 2, source: 'override' });
    expect(s.rows(['us.anthropic.claude-sonnet-4-6'])[0]).toMatchObject({ model: 'us.anthropic.claude-sonnet-4-6', name: 'Claude Sonnet 4.6', overrideKey: 'anthropic.claude-sonnet-4-6', asked: true });
    overrides = {};
    expect(s.price('global.anthropic.claude-sonnet-4-6')?.source).toBe('aws-price-list');
  });

  test('a gzip answer is read; a file over the size bound is refused, not read', async () => {
    stand.mode = 'gzip';
    const s = service();
    await s.useRegion('us-east-1');
    await settled(s);
    expect(s.price('global.anthropic.claude-sonnet-4-6')).toMatchObject({ input: 3, source: 'aws-price-list' });
    await s.close();

    home = mkdtempSync(join(tmpdir(), 'outcrop-prices-'));
    const bounded = service({ maxBytes: 20_000, timeoutMs: 10_000 });
    await bounded.useRegion('us-east-1');
    await settled(bounded);
    // The Marketplace file (35 kB) is over the bound, the other (17 kB) is not.
    expect(bounded.status().lastError).toMatch(/AmazonBedrockFoundationModels: .*more than the 20000 bytes/);
    expect(bounded.price('us.amazon.nova-lite-v1:0')).toMatchObject({ source: 'aws-price-list' });
    expect(bounded.price('global.anthropic.claude-sonnet-4-6')?.source).not.toBe('aws-price-list');
  });

  test("downloads through the user's company proxy", async () => {
    // AWS's endpoint is https: an https stand-in whose certificate only the extra CA vouches for.
    const tls = createTlsServer(TEST_SERVER_TLS, (req, res) => serve(stand, req, res));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    const proxy = await startConnectProxy();
    try {
      const port = (tls.address() as AddressInfo).port;
      const s = new PriceService({
        home,
        // A name only the proxy resolves (it connects to 127.0.0.1 on the asked port).
        env: { OUTCROP_PRICE_LIST_URL: `https://pricing.corp.test:${port}` },
        log: pino({ level: 'silent' }),
        network: () => ({ httpsProxy: proxy.url, extraCa: [TEST_CA_PEM] }),
        overrides: () => ({}),
        aliases: () => ({}),
        listing: () => LISTING,
        now: () => clock,
      });
      services.push(s);
      await s.useRegion('us-east-1');
      await settled(s);
      expect(proxy.targets()).toContain(`pricing.corp.test:${port}`);
      expect(s.status().lastError).toBeUndefined();
      expect(s.price('global.anthropic.claude-sonnet-4-6')).toMatchObject({ source: 'aws-price-list' });
    } finally {
      await proxy.close();
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  test('OUTCROP_PRICE_LIST_URL=off: nothing is downloaded', async () => {
    const s = new PriceService({ home, env: { OUTCROP_PRICE_LIST_URL: 'off' }, log: pino({ level: 'silent' }), network: () => undefined, overrides: () => ({}), aliases: () => ({}), listing: () => undefined });
    services.push(s);
    await s.useRegion('us-east-1');
    expect(s.status()).toMatchObject({ enabled: false, refreshing: false });
    expect(stand.requests).toEqual([]);
  });
});

describe('the core with the price list', () => {
  let world: AwsWorld;
  let core: OutcropCore | undefined;
  beforeEach(async () => {
    world = await startAwsWorld();
    for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
  });
  afterEach(async () => {
    await core?.close();
    core = undefined;
    await world.close();
    vi.unstubAllEnvs();
  });
  const admin = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${core!.proxy.url}/admin/api${path}`, { ...init, headers: { authorization: `Bearer ${core!.adminToken}`, 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  test('downloads in the background, shows source and date in GET /admin/api/prices; an override prices the next request', async () => {
    vi.stubEnv('OUTCROP_PRICE_LIST_URL', stand.url);
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    await core.pricesLoaded;
    await vi.waitFor(async () => expect((await admin<PricesReply>('/prices')).priceList.fetchedAt).toBeDefined(), { timeout: 10_000, interval: 50 });
    const reply = await admin<PricesReply>('/prices?models=global.anthropic.claude-sonnet-4-6,acme.mystery-9');
    expect(reply.priceList).toMatchObject({ enabled: true, region: 'us-east-1', publicationDate: '2026-12-05T00:12:34Z' });
    expect(reply.builtInAsOf).toBe('2025-11-01');
    expect(reply.data[0]).toMatchObject({ model: 'global.anthropic.claude-sonnet-4-6', name: 'Claude Sonnet 4.6', asked: true, price: { input: 3, output: 15, source: 'aws-price-list', asOf: '2026-12-05' } });
    expect(reply.data[1]).toEqual({ model: 'acme.mystery-9', asked: true });
    // The account's other models follow, priced as they are.
    expect(reply.data.find((r) => r.model === 'anthropic.claude-haiku-4-5-20251001-v1:0')).toMatchObject({ asked: false, price: { source: 'aws-price-list' } });
    expect(readFileSync(cacheFile(world.outcropHome, 'us-east-1'), 'utf8')).toContain('Claude Sonnet 4.6');

    const chat = async () => {
      world.bedrock.script({ text: 'ok', usage: { inputTokens: 1_000_000, outputTokens: 1_000_000 } });
      const res = await fetch(`${core!.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'hi' }] }) });
      expect(res.status).toBe(200);
      return core!.requestLog.recent({ limit: 1 })[0];
    };
    const listed = await chat();
    const model = listed.bedrockModel!;
    const listedPrice = core.prices.price(model)!;
    expect(listedPrice.source).toBe('aws-price-list');
    expect(listed.costUsd).toBeCloseTo(listedPrice.input + listedPrice.output, 6);

    await admin('/settings', { method: 'PATCH', body: JSON.stringify({ priceOverrides: { 'claude-haiku-4-5': { input: 7, output: 11 } } }) });
    await vi.waitFor(() => expect(core!.prices.price(model)?.source).toBe('override'), { timeout: 5000, interval: 10 });
    expect((await chat()).costUsd).toBeCloseTo(18, 6);
  }, 30_000);

  test('with OUTCROP_PRICE_LIST_URL=off (as every test runs) the core downloads nothing and prices from the built-in table', async () => {
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    await core.pricesLoaded;
    const reply = await admin<PricesReply>('/prices?models=us.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(reply.priceList).toMatchObject({ enabled: false, refreshing: false });
    expect(reply.data[0].price).toMatchObject({ source: 'built-in', asOf: '2025-11-01' });
    expect(stand.requests).toEqual([]);
  });
});
