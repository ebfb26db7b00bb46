import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { getUserAgentMiddlewareOptions } from '@aws-sdk/core/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBedrockGateway } from '../../src-proxy/bedrock/gateway';
import { checkUserAgentMiddleware, createRuntimeClient, removeStockMiddleware, SdkPatchError, TRIMMED_MIDDLEWARE } from '../../src-proxy/bedrock/runtime-client';
import { emulatorClientConfig, startBedrockEmulator, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type BedrockEmulator } from '../support/bedrock-emulator';

// Canary for src-proxy/bedrock/runtime-client.ts: what its patches assume about the AWS SDK,
// checked against the installed SDK itself (not merely that our client works). A failure here
// after an SDK upgrade says which assumption broke; docs/sdk-upgrade.md says what to do. The other
// canaries: h2-pool-canary.test.ts (the request handler) and runtime-client.test.ts (V8 fast mode).

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const input = () => ({ modelId: MODEL, messages: [{ role: 'user' as const, content: [{ text: 'hi' }] }] });
const names = (client: BedrockRuntimeClient) => client.middlewareStack.identify();

let emu: BedrockEmulator;
beforeAll(async () => {
  emu = await startBedrockEmulator();
  emu.setHandler(() => ({ text: 'canary' }));
});
afterAll(() => emu.close());

const config = () => ({ ...emulatorClientConfig(emu.url), maxAttempts: 1 });

describe('what the trimmed client assumes about the SDK', () => {
  test("the stock client's stack holds every middleware Outcrop removes, and the user-agent middleware it replaces", () => {
    const stock = new BedrockRuntimeClient(config());
    const stack = names(stock);
    for (const name of TRIMMED_MIDDLEWARE) expect(stack.filter((e) => e.startsWith(`${name} - `)), name).toHaveLength(1);
    expect(getUserAgentMiddlewareOptions).toMatchObject({ name: 'getUserAgentMiddleware', step: 'build', override: true });
    expect(stack).toContain('getUserAgentMiddleware - build');
    stock.destroy();
  });

  test('a middleware that is not there (renamed by an SDK upgrade) fails at construction, naming it', () => {
    const stock = new BedrockRuntimeClient(config());
    expect(() => removeStockMiddleware(stock, 'loggerMiddlewareRenamed')).toThrow(SdkPatchError);
    expect(() => removeStockMiddleware(stock, 'loggerMiddlewareRenamed')).toThrow(/"loggerMiddlewareRenamed"/);
    checkUserAgentMiddleware(stock);
    stock.middlewareStack.remove('getUserAgentMiddleware');
    expect(() => checkUserAgentMiddleware(stock)).toThrow(/no "getUserAgentMiddleware" for the memoized user agent/);
    stock.destroy();
  });

  test('our stack is the stock one without the trimmed middleware, the user agent replaced in place, plus our abort-signal step', () => {
    const stock = new BedrockRuntimeClient(config());
    const ours = createRuntimeClient(config());
    const trimmed = names(stock).filter((e) => !TRIMMED_MIDDLEWARE.some((name) => e.startsWith(`${name} - `)));
    expect([...names(ours.client)].sort()).toEqual([...trimmed, 'outcropAbortSignal - deserialize'].sort());
    stock.destroy();
    ours.client.destroy();
  });

  test("the memoized user-agent headers are the ones the SDK's middleware produces, call after call", async () => {
    const stock = new BedrockRuntimeClient(config());
    const ours = createRuntimeClient(config());
    const seen: Array<{ client: string; ua?: string; amz?: string }> = [];
    for (let i = 0; i < 2; i++) {
      await stock.send(new ConverseCommand(input()));
      const s = emu.lastRequest('Converse')!.headers;
      seen.push({ client: 'stock', ua: s['user-agent'], amz: s['x-amz-user-agent'] });
      await ours.send(new ConverseCommand(input()), undefined);
      const o = emu.lastRequest('Converse')!.headers;
      seen.push({ client: 'ours', ua: o['user-agent'], amz: o['x-amz-user-agent'] });
    }
    // The shape the memo was written for: both headers set, the SDK in x-amz-user-agent, the SDK,
    // the service and the feature list in user-agent.
    expect(seen[0].amz).toMatch(/^aws-sdk-js\/\d+\.\d+\.\d+$/);
    expect(seen[0].ua).toMatch(/^aws-sdk-js\/\d+\.\d+\.\d+ .* api\/bedrock-runtime#\d+\.\d+\.\d+ m\/\S+$/);
    for (const s of seen) expect({ ua: s.ua, amz: s.amz }, s.client).toEqual({ ua: seen[0].ua, amz: seen[0].amz });
    stock.destroy();
    ours.client.destroy();
  });
});

describe('the stock SDK client (OUTCROP_STOCK_SDK_CLIENT=1)', () => {
  test("stock: true is the SDK's client untouched: its own stack and request handler", async () => {
    const fresh = new BedrockRuntimeClient(config());
    const stock = createRuntimeClient(config(), undefined, { stock: true });
    const ours = createRuntimeClient(config());
    expect(names(stock.client)).toEqual(names(fresh));
    expect(stock.client.config.requestHandler.constructor).toBe(fresh.config.requestHandler.constructor);
    expect(ours.client.config.requestHandler.constructor).not.toBe(fresh.config.requestHandler.constructor);
    const out = await stock.send<{ output?: { message?: { content?: Array<{ text?: string }> } } }>(new ConverseCommand(input()), new AbortController().signal);
    expect(out.output?.message?.content?.[0]?.text).toBe('canary');
    for (const c of [fresh, stock.client, ours.client]) c.destroy();
  });

  test('a gateway given OUTCROP_STOCK_SDK_CLIENT=1 in its env runs on the stock client, and requests still work', async () => {
    const credentials = () => async () => ({ accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY });
    const gateway = createBedrockGateway({ region: 'us-east-1', endpoint: emu.url, credentials, maxAttempts: 1, env: { OUTCROP_STOCK_SDK_CLIENT: '1' } });
    const patched = createBedrockGateway({ region: 'us-east-1', endpoint: emu.url, credentials, maxAttempts: 1, env: {} });
    try {
      expect(gateway.describe().stockSdkClient).toBe(true);
      expect(patched.describe().stockSdkClient).toBeUndefined();
      // The SDK's own handler opens a connection per request (disableConcurrentStreams); the pool
      // keeps one for all: the connection count tells which client ran.
      const connections = async (g: typeof gateway): Promise<number> => {
        const before = emu.stats.connections;
        const answer = await g.converse(input());
        expect(answer.output?.message?.content?.[0]).toEqual({ text: 'canary' });
        let text = '';
        for await (const event of await g.converseStream(input())) text += event.contentBlockDelta?.delta?.text ?? '';
        expect(text).toBe('canary');
        expect(emu.lastRequest('ConverseStream')!.auth).toBe('sigv4');
        return emu.stats.connections - before;
      };
      expect(await connections(gateway)).toBe(2);
      expect(await connections(patched)).toBe(1);
    } finally {
      gateway.close();
      patched.close();
    }
  });
});
