// Authentication in the Bedrock emulator: SigV4 verified against the real SDK signer, Bedrock API
// keys (bearer), revoked credentials.
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  emulatorBearerConfig,
  emulatorClientConfig,
  startBedrockEmulator,
  TEST_ACCESS_KEY_ID,
  TEST_BEDROCK_API_KEY,
  TEST_SECRET_ACCESS_KEY,
  type BedrockEmulator,
} from '../support/bedrock-emulator/index';
import { Sha256 } from '../support/bedrock-emulator/sigv4';

const MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const request = { modelId: MODEL, messages: [{ role: 'user' as const, content: [{ text: 'hi' }] }] };

let emu: BedrockEmulator;
const clients: { destroy(): void }[] = [];

function runtime(overrides: Record<string, unknown> = {}): BedrockRuntimeClient {
  const c = new BedrockRuntimeClient({ ...emulatorClientConfig(emu.url), maxAttempts: 1, ...overrides });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  emu = await startBedrockEmulator();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await emu.close();
});
beforeEach(() => emu.reset());

describe('SigV4', () => {
  it('accepts the SDK signature for model ids with ":" and ARNs with "/"', async () => {
    const c = runtime();
    await c.send(new ConverseCommand(request));
    await c.send(new ConverseCommand({ ...request, modelId: 'arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0' }));
    expect(emu.requests.map((r) => r.auth)).toEqual(['sigv4', 'sigv4']);
  });

  it('answers 403 InvalidSignatureException for a wrong secret', async () => {
    const c = runtime({ credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: 'wrong' } });
    const err = await c.send(new ConverseCommand(request)).catch((e) => e);
    expect(err.name).toBe('InvalidSignatureException');
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toContain(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
    // rejected requests are recorded too
    expect(emu.lastRequest('Converse')?.accessKeyId).toBe(TEST_ACCESS_KEY_ID);
  });

  it('answers 403 UnrecognizedClientException for an unknown access key', async () => {
    const err = await runtime({ credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } })
      .send(new ConverseCommand(request))
      .catch((e) => e);
    expect(err.name).toBe('UnrecognizedClientException');
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toBe('The security token included in the request is invalid.');
  });

  it('answers 403 InvalidSignatureException when the clock is off by more than 15 minutes', async () => {
    const err = await runtime({ systemClockOffset: -3_600_000 }).send(new ConverseCommand(request)).catch((e) => e);
    expect(err.name).toBe('InvalidSignatureException');
    expect(err.message).toContain('Signature expired');
  });

  it('honours addCredentials and revokeCredentials', async () => {
    emu.addCredentials('AKIDSSOROLE', 'role-secret');
    const c = runtime({ credentials: { accessKeyId: 'AKIDSSOROLE', secretAccessKey: 'role-secret', sessionToken: 'tok' } });
    await c.send(new ConverseCommand(request));
    expect(emu.lastRequest()?.sessionToken).toBe('tok');

    emu.revokeCredentials('AKIDSSOROLE');
    const expired = await c.send(new ConverseCommand(request)).catch((e) => e);
    expect(expired.name).toBe('ExpiredTokenException');
    expect(expired.$metadata.httpStatusCode).toBe(403);

    emu.revokeCredentials('AKIDSSOROLE', 'UnrecognizedClientException');
    const invalid = await c.send(new ConverseCommand(request)).catch((e) => e);
    expect(invalid.name).toBe('UnrecognizedClientException');
  });

  it('verifies the control-plane (HTTP/1.1) signature including the query string', async () => {
    const good = new BedrockClient({ ...emulatorClientConfig(emu.url), maxAttempts: 1 });
    const bad = new BedrockClient({ ...emulatorClientConfig(emu.url), credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: 'nope' }, maxAttempts: 1 });
    clients.push(good, bad);
    const out = await good.send(new ListFoundationModelsCommand({ byProvider: 'Meta', byOutputModality: 'TEXT' }));
    expect(out.modelSummaries?.length).toBeGreaterThan(0);
    const err = await bad.send(new ListFoundationModelsCommand({})).catch((e) => e);
    expect(err.name).toBe('InvalidSignatureException');
  });

  it('verifies a hand-signed HTTP/1.1 request (host header) and rejects a tampered body', async () => {
    const url = new URL(`${emu.url}/model/${encodeURIComponent(MODEL)}/converse`);
    const body = JSON.stringify(request);
    const signer = new SignatureV4({
      credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
      region: 'us-east-1',
      service: 'bedrock',
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    });
    const headers = signed.headers as Record<string, string>;
    const ok = await fetch(url, { method: 'POST', headers, body });
    expect(ok.status).toBe(200);
    const tampered = await fetch(url, { method: 'POST', headers, body: body.replace('hi', 'ho') });
    expect(tampered.status).toBe(403);
    expect(tampered.headers.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException/);
  });

  it('answers 403 MissingAuthenticationTokenException without Authorization', async () => {
    const res = await fetch(`${emu.url}/model/${encodeURIComponent(MODEL)}/converse`, { method: 'POST', body: JSON.stringify(request) });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^MissingAuthenticationTokenException:/);
    expect(emu.lastRequest()?.auth).toBe('none');
  });

  it('accepts anything when verifySignature is false', async () => {
    const lax = await startBedrockEmulator({ verifySignature: false });
    const c = new BedrockRuntimeClient({ ...emulatorClientConfig(lax.url), credentials: { accessKeyId: 'AKIDANY', secretAccessKey: 'any' } });
    await c.send(new ConverseCommand(request));
    expect(lax.lastRequest()?.accessKeyId).toBe('AKIDANY');
    const res = await fetch(`${lax.url}/model/m/converse`, { method: 'POST', body: JSON.stringify(request) });
    expect(res.status).toBe(200);
    c.destroy();
    await lax.close();
  });
});

describe('Bedrock API keys (bearer)', () => {
  it('accepts a key given as the token option with authSchemePreference httpBearerAuth', async () => {
    const c = new BedrockRuntimeClient({ ...emulatorBearerConfig(emu.url), maxAttempts: 1 });
    clients.push(c);
    await c.send(new ConverseCommand(request));
    const rec = emu.lastRequest()!;
    expect(rec.auth).toBe('bearer');
    expect(rec.headers['authorization']).toBe(`Bearer ${TEST_BEDROCK_API_KEY}`);
    expect(rec.headers['x-amz-date']).toBeUndefined();
    expect(rec.accessKeyId).toBeUndefined();
  });

  it('rejects an unknown key with 403 AccessDeniedException', async () => {
    const c = new BedrockRuntimeClient({ ...emulatorBearerConfig(emu.url, 'not-a-key'), maxAttempts: 1 });
    clients.push(c);
    const err = await c.send(new ConverseCommand(request)).catch((e) => e);
    expect(err.name).toBe('AccessDeniedException');
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toBe('Authentication failed: Please make sure your API Key is valid.');
  });

  it('uses AWS_BEARER_TOKEN_BEDROCK from the environment without any other setting', async () => {
    const saved = process.env.AWS_BEARER_TOKEN_BEDROCK;
    process.env.AWS_BEARER_TOKEN_BEDROCK = TEST_BEDROCK_API_KEY;
    try {
      const c = new BedrockRuntimeClient({ endpoint: emu.url, region: 'us-east-1', maxAttempts: 1 });
      clients.push(c);
      await c.send(new ConverseCommand(request));
      expect(emu.lastRequest()?.auth).toBe('bearer');
    } finally {
      if (saved === undefined) delete process.env.AWS_BEARER_TOKEN_BEDROCK;
      else process.env.AWS_BEARER_TOKEN_BEDROCK = saved;
    }
  });

  it('still signs with SigV4 when a token is given without authSchemePreference', async () => {
    const c = runtime({ token: { token: TEST_BEDROCK_API_KEY } });
    await c.send(new ConverseCommand(request));
    expect(emu.lastRequest()?.auth).toBe('sigv4');
  });
});
