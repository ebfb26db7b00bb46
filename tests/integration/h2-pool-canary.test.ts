import { Readable } from 'node:stream';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import type { HttpHandlerOptions, HttpRequest } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { PooledHttp2Handler } from '../../src-proxy/bedrock/h2-pool';
import { createRuntimeClient, runtimeEndpoint } from '../../src-proxy/bedrock/runtime-client';
import { emulatorClientConfig, startBedrockEmulator, type BedrockEmulator } from '../support/bedrock-emulator';

// Canary for src-proxy/bedrock/h2-pool.ts: what it relies on from the AWS SDK, checked against the
// real BedrockRuntimeClient. A failure here after an SDK upgrade means the pool must be revisited
// before the gateway is trusted again (signing, retries, streams, the endpoint warm() opens).

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const input = { modelId: MODEL, messages: [{ role: 'user' as const, content: [{ text: 'hi' }] }] };

/** The pool, recording each handle() call and what the SDK did with the answer's body. */
class RecordingPool extends PooledHttp2Handler {
  calls: { request: HttpRequest; options: (HttpHandlerOptions & { isEventStream?: boolean }) | undefined; bodyIsReadable: boolean }[] = [];
  destroyCalls = 0;
  override async handle(request: HttpRequest, options?: HttpHandlerOptions & { isEventStream?: boolean }) {
    const out = await super.handle(request, options);
    this.calls.push({ request, options, bodyIsReadable: out.response.body instanceof Readable });
    return out;
  }
  override destroy(): void {
    this.destroyCalls++;
    super.destroy();
  }
}

let emu: BedrockEmulator;
beforeAll(async () => {
  emu = await startBedrockEmulator();
  emu.setHandler(() => ({ text: 'canary' }));
});
afterAll(() => emu.close());

describe('what h2-pool.ts relies on from the AWS SDK', () => {
  test('the client keeps our handler instance as config.requestHandler, calls handle() with a signed HttpRequest, flags event streams, reads the body as a Readable, and destroys the handler', async () => {
    const pool = new RecordingPool();
    const client = new BedrockRuntimeClient({ ...emulatorClientConfig(emu.url), maxAttempts: 1, requestHandler: pool });
    expect(client.config.requestHandler).toBe(pool);
    const out = await client.send(new ConverseStreamCommand(input));
    let text = '';
    for await (const event of out.stream!) text += event.contentBlockDelta?.delta?.text ?? '';
    expect(text).toBe('canary');
    const answer = await client.send(new ConverseCommand(input));
    expect(answer.output?.message?.content?.[0]?.text).toBe('canary');

    const url = new URL(emu.url);
    const [streamed, plain] = pool.calls;
    for (const [call, op] of [[streamed, 'converse-stream'], [plain, 'converse']] as const) {
      const r = call.request;
      expect({ protocol: r.protocol, hostname: r.hostname, port: Number(r.port), method: r.method, path: r.path }).toEqual({
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        method: 'POST',
        path: `/model/${encodeURIComponent(MODEL)}/${op}`,
      });
      expect(typeof r.query).toBe('object');
      // metadata.handlerProtocol 'h2' makes the SDK name the authority as HTTP/2 wants it.
      expect(r.headers[':authority']).toBe(url.host);
      expect(r.headers.host).toBeUndefined();
      expect(r.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
      expect(r.headers['content-type']).toBe('application/json');
      // A body the pool can send again (string or bytes), never a stream, for these operations.
      expect(typeof r.body === 'string' || r.body instanceof Uint8Array).toBe(true);
      expect(call.bodyIsReadable).toBe(true);
    }
    expect(streamed.options?.isEventStream).toBe(true);
    expect(plain.options?.isEventStream).toBeFalsy();
    client.destroy();
    expect(pool.destroyCalls).toBe(1);
  });

  test('the client hands its handler config through updateHttpClientConfig and reads it back with httpHandlerConfigs', async () => {
    const pool = new PooledHttp2Handler();
    const update = vi.spyOn(pool, 'updateHttpClientConfig');
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    let seen: unknown;
    const client = new BedrockRuntimeClient({
      ...emulatorClientConfig(emu.url),
      requestHandler: pool,
      logger,
      extensions: [
        {
          configure(config) {
            seen = config.httpHandler();
            config.updateHttpClientConfig('requestTimeout' as never, 12_345 as never);
            expect(config.httpHandlerConfigs()).toMatchObject({ requestTimeout: 12_345 });
          },
        },
      ],
    });
    expect(seen).toBe(pool);
    expect(update).toHaveBeenCalledWith(Symbol.for('logger'), logger);
    expect(pool.httpHandlerConfigs()).toMatchObject({ requestTimeout: 12_345 });
    expect(client.config.requestHandler).toBe(pool);
    client.destroy();
  });

  test('the gateway\'s client runs on the pool, and warm() resolves the endpoint by the SDK\'s rules', async () => {
    const ours = createRuntimeClient({ ...emulatorClientConfig(emu.url), maxAttempts: 1 });
    expect((ours.client.config.requestHandler as { metadata?: { handlerProtocol?: string } }).metadata?.handlerProtocol).toBe('h2');
    expect((await runtimeEndpoint(ours.client)).href).toBe(`${emu.url}/`);
    const before = emu.stats.connections;
    await ours.warm();
    expect(emu.stats.connections).toBe(before + 1);
    ours.client.destroy();

    // The region's own endpoint when nothing overrides it ...
    const regional = { region: 'eu-west-3', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
    const plain = new BedrockRuntimeClient(regional);
    expect((await runtimeEndpoint(plain)).href).toBe('https://bedrock-runtime.eu-west-3.amazonaws.com/');
    plain.destroy();
    // ... and AWS_ENDPOINT_URL_BEDROCK_RUNTIME when set, as the SDK honours it for calls (read
    // once per client).
    vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'https://bedrock.vpce.example:8443');
    const configured = new BedrockRuntimeClient(regional);
    try {
      expect((await runtimeEndpoint(configured)).href).toBe('https://bedrock.vpce.example:8443/');
    } finally {
      vi.unstubAllEnvs();
      configured.destroy();
    }
  });
});
