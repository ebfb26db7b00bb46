import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createBedrockGateway, type BedrockGateway } from '../../src-proxy/bedrock/gateway';
import { startProxy, type RunningProxy } from '../../src-proxy/server';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { defaultSettings } from '../../src-shared/settings';
import { defaultFoundationModels, defaultInferenceProfiles } from '../support/bedrock-emulator';
import { RAW_MARKER, startFaultyBedrock, type FaultPlan, type FaultyBedrock } from '../support/faulty-bedrock';
import { until } from '../support/wait';

// The routes beside the chat ones that call Bedrock with a plain JSON answer: embeddings
// (InvokeModel, whose body the route decodes itself) and count_tokens (CountTokens, decoded by the
// SDK). An answer that is not Bedrock's is a 502 bedrock_bad_response in the route's own shape,
// with the captive-portal hint the chat routes give, and none of its bytes in the answer or logs.

let faulty: FaultyBedrock;
let gateway: BedrockGateway;
let proxy: RunningProxy;
const log: RequestLogEntry[] = [];
const diagnostic: string[] = [];

beforeAll(async () => {
  faulty = await startFaultyBedrock();
  gateway = createBedrockGateway({ region: 'us-east-1', endpoint: faulty.url, credentials: () => async () => ({ accessKeyId: 'AKIDFAULTY', secretAccessKey: 'secret' }), maxAttempts: 1 });
  const listing = { foundationModels: defaultFoundationModels(), inferenceProfiles: defaultInferenceProfiles() } as Awaited<ReturnType<BedrockGateway['listModels']>>;
  const bedrock: BedrockGateway = { ...gateway, listModels: async () => listing };
  const sink = new Writable({
    write(chunk, _enc, done) {
      diagnostic.push(String(chunk));
      done();
    },
  });
  const settings = defaultSettings();
  proxy = await startProxy({ host: '127.0.0.1', port: 0, bedrock, settings: () => settings, log: (e) => log.push(e), logger: pino({ level: 'trace' }, sink) });
});
afterAll(async () => {
  await proxy.close();
  gateway.close();
  await faulty.close();
});
beforeEach(() => {
  log.length = 0;
  diagnostic.length = 0;
});

type Shape = 'openai' | 'anthropic';
const ROUTES: Array<[string, Shape, Record<string, string>, unknown]> = [
  ['/v1/embeddings', 'openai', {}, { model: 'amazon.titan-embed-text-v2:0', input: 'hi' }],
  ['/v1/messages/count_tokens', 'anthropic', { 'anthropic-version': '2023-06-01' }, { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] }],
];
const FAULTS: Array<[string, FaultPlan]> = [
  ['a captive portal page (200 text/html)', { fault: 'html' }],
  ['garbage bytes (200 application/json)', { fault: 'garbage' }],
  ['half a JSON answer', { fault: 'truncated' }],
  ['an empty body', { fault: 'empty' }],
];
const CASES = ROUTES.flatMap(([path, shape, headers, body]) => FAULTS.map(([name, plan]) => [path, name, shape, headers, body, plan] as const));

describe('an answer that cannot be decoded on the non-chat routes', () => {
  test.each(CASES)('%s, %s: 502 bedrock_bad_response in the route\'s shape, the bytes not repeated', async (path, _name, shape, headers, body, plan) => {
    faulty.plan(plan);
    const res = await fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(502);
    const answer = JSON.parse(text);
    if (shape === 'openai') {
      expect(answer.error).toMatchObject({ code: 'bedrock_bad_response', type: 'server_error' });
    } else {
      expect(answer.type).toBe('error');
      expect(answer.error.type).toBe('api_error');
    }
    expect(answer.error.message).toContain("Bedrock's answer could not be decoded");
    expect(answer.error.message).toContain('captive portal');
    expect(await until('the request log entry', () => log.at(-1), { ms: 3000, everyMs: 5 })).toMatchObject({ status: 502, endpoint: path, error: { code: 'bedrock_bad_response' } });
    // The diagnostic log has the failure (with its cause), so the check below is not vacuous.
    expect(diagnostic.join('')).toContain('bedrock_bad_response');
    for (const raw of [RAW_MARKER, '<htm', '<!DOCTYPE', 'Hotel Wi-Fi', 'garbage']) {
      expect(text).not.toContain(raw);
      expect(JSON.stringify(log)).not.toContain(raw);
      expect(diagnostic.join('')).not.toContain(raw);
    }
  });
});

describe('an exception Bedrock does not define, whose message is a page', () => {
  test.each([false, true])('stream %s: the client gets the error without the page, and so does the diagnostic log', async (stream) => {
    faulty.plan({ fault: 'unknown-exception' });
    const res = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', stream, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await res.text();
    // Streamed, the exception frame comes after the head: an in-stream error naming the exception.
    if (stream) expect(text).toContain('WeirdProxyException');
    else expect(res.status).toBe(502);
    await until('the request log entry', () => log.at(-1), { ms: 3000, everyMs: 5 });
    // The failure is in the diagnostic log, so the checks below are not vacuous.
    expect(diagnostic.join('')).toContain('"status":502');
    for (const raw of [RAW_MARKER, '<htm', '<!DOCTYPE', 'Hotel Wi-Fi']) {
      expect(text).not.toContain(raw);
      expect(JSON.stringify(log)).not.toContain(raw);
      expect(diagnostic.join('')).not.toContain(raw);
    }
  });
});
