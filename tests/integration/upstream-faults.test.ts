import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createBedrockGateway, type BedrockGateway } from '../../src-proxy/bedrock/gateway';
import type { BedrockTimeouts } from '../../src-proxy/bedrock/deadlines';
import { startProxy, type RunningProxy } from '../../src-proxy/server';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { defaultSettings } from '../../src-shared/settings';
import { defaultFoundationModels, defaultInferenceProfiles } from '../support/bedrock-emulator';
import { ANSWER_TEXT, RAW_MARKER, startFaultyBedrock, startTarpit, type FaultPlan, type FaultyBedrock } from '../support/faulty-bedrock';
import { until } from '../support/wait';

// Every way an upstream can fail Outcrop, through the real routes of each protocol: the answer
// ends in time, in the client's shape (a status before the first byte, an error event after it),
// never repeats the upstream's bytes, resets the Bedrock request, and the proxy goes on serving.

const LIMITS: BedrockTimeouts = { connectMs: 300, firstByteMs: 900, streamIdleMs: 450 };
// How late a timed-out answer may come after its limit (a loaded 2-core machine).
const SLACK_MS = 1500;

interface Setup {
  faulty: FaultyBedrock;
  proxy: RunningProxy;
  gateway: BedrockGateway;
  log: RequestLogEntry[];
  timeouts: BedrockTimeouts;
}

/** A proxy in front of `endpoint`, with injected (sub-second) limits; the model listing is the emulator's. */
async function proxyFor(endpoint: string, opts: { maxAttempts?: number; timeouts: () => BedrockTimeouts }): Promise<{ proxy: RunningProxy; gateway: BedrockGateway; log: RequestLogEntry[] }> {
  const gateway = createBedrockGateway({ region: 'us-east-1', endpoint, credentials: () => async () => ({ accessKeyId: 'AKIDFAULTY', secretAccessKey: 'secret' }), maxAttempts: opts.maxAttempts ?? 1, timeouts: opts.timeouts });
  const listing = { foundationModels: defaultFoundationModels(), inferenceProfiles: defaultInferenceProfiles() } as Awaited<ReturnType<BedrockGateway['listModels']>>;
  const bedrock: BedrockGateway = { ...gateway, listModels: async () => listing };
  const log: RequestLogEntry[] = [];
  const settings = defaultSettings();
  const proxy = await startProxy({ host: '127.0.0.1', port: 0, bedrock, settings: () => settings, log: (e) => log.push(e) });
  return { proxy, gateway, log };
}

let s: Setup;
beforeAll(async () => {
  const faulty = await startFaultyBedrock();
  const partial = { faulty, timeouts: { ...LIMITS } } as Setup;
  Object.assign(partial, await proxyFor(faulty.url, { timeouts: () => partial.timeouts }));
  s = partial;
});
afterAll(async () => {
  await s.proxy.close();
  s.gateway.close();
  await s.faulty.close();
});
beforeEach(() => {
  s.timeouts = { ...LIMITS };
  s.log.length = 0;
});

type Protocol = 'chat' | 'messages' | 'responses';
const ROUTES: Record<Protocol, { path: string; headers: Record<string, string>; body: (stream: boolean) => unknown }> = {
  chat: { path: '/v1/chat/completions', headers: {}, body: (stream) => ({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }], stream }) },
  messages: { path: '/v1/messages', headers: { 'anthropic-version': '2023-06-01' }, body: (stream) => ({ model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'hi' }], stream }) },
  responses: { path: '/v1/responses', headers: {}, body: (stream) => ({ model: 'nova-pro', input: 'hi', stream, store: false }) },
};
// Every route, streamed and not (Responses streamed: what Codex uses).
const CASES: Array<[Protocol, boolean]> = [['chat', false], ['chat', true], ['messages', false], ['messages', true], ['responses', true], ['responses', false]];
const STREAMED = CASES.filter(([, stream]) => stream);

interface Answer {
  status: number;
  text: string;
  ms: number;
}

async function send(proxy: RunningProxy, protocol: Protocol, stream: boolean, signal?: AbortSignal): Promise<Answer> {
  const route = ROUTES[protocol];
  const started = Date.now();
  const res = await fetch(`${proxy.url}${route.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...route.headers }, body: JSON.stringify(route.body(stream)), signal });
  const text = await res.text();
  return { status: res.status, text, ms: Date.now() - started };
}

function sseEvents(text: string): Array<{ event?: string; data: any }> {
  return text
    .split('\n\n')
    .filter((b) => b.includes('data: '))
    .map((block) => {
      const event = block.split('\n').find((l) => l.startsWith('event: '))?.slice(7);
      const data = block.split('\n').find((l) => l.startsWith('data: '))!.slice(6);
      return { event, data: data === '[DONE]' ? data : JSON.parse(data) };
    });
}

const TYPES: Record<string, { openai: string; anthropic: string; status: number }> = {
  bedrock_timeout: { openai: 'server_error', anthropic: 'timeout_error', status: 504 },
  bedrock_bad_response: { openai: 'server_error', anthropic: 'api_error', status: 502 },
  bedrock_stream_error: { openai: 'server_error', anthropic: 'api_error', status: 502 },
};

/** The error an answer carries, as its protocol shows it: a status and body, or the stream's error event. */
function errorIn(protocol: Protocol, a: Answer): { status: number; code?: string; type: string; message: string; inStream: boolean } {
  if (a.status !== 200) {
    const body = JSON.parse(a.text);
    if (protocol === 'messages') return { status: a.status, type: body.error.type, message: body.error.message, inStream: false };
    return { status: a.status, code: body.error.code, type: body.error.type, message: body.error.message, inStream: false };
  }
  const events = sseEvents(a.text);
  expect(events.length, `a streamed answer: ${a.text.slice(0, 200)}`).toBeGreaterThan(0);
  const last = events.at(-1)!;
  if (protocol === 'chat') {
    expect(events.map((e) => e.data)).not.toContain('[DONE]');
    return { status: 200, code: last.data.error.code, type: last.data.error.type, message: last.data.error.message, inStream: true };
  }
  if (protocol === 'messages') {
    expect(last.event).toBe('error');
    return { status: 200, type: last.data.error.type, message: last.data.error.message, inStream: true };
  }
  expect(last.event).toBe('response.failed');
  return { status: 200, code: last.data.response.error.code, type: 'failed', message: last.data.response.error.message, inStream: true };
}

function expectError(protocol: Protocol, a: Answer, code: string, where: 'before' | 'in-stream'): void {
  const err = errorIn(protocol, a);
  expect(err.inStream, `${protocol}: ${a.status} ${a.text.slice(0, 300)}`).toBe(where === 'in-stream');
  if (where === 'before') expect(err.status).toBe(TYPES[code].status);
  if (protocol === 'messages') expect(err.type).toBe(TYPES[code].anthropic);
  else expect(err.code).toBe(code);
  if (protocol === 'chat' && where === 'before') expect(err.type).toBe(TYPES[code].openai);
  // The upstream's bytes are never repeated: not in the answer, not in the log.
  for (const raw of [RAW_MARKER, '<html', '<!DOCTYPE', 'Hotel Wi-Fi', 'garbage']) expect(a.text).not.toContain(raw);
  expect(JSON.stringify(s.log)).not.toContain(RAW_MARKER);
}

async function expectServesAgain(protocol: Protocol, stream: boolean): Promise<void> {
  s.faulty.plan('ok');
  const a = await send(s.proxy, protocol, stream);
  expect(a.status, a.text.slice(0, 300)).toBe(200);
  expect(a.text).toContain(ANSWER_TEXT.slice(0, 10));
}

async function expectUpstreamReset(): Promise<void> {
  const req = s.faulty.requests.at(-1)!;
  await req.closed;
  expect(req.resetByClient).toBe(true);
}

async function logged(): Promise<RequestLogEntry> {
  return until('the request log entry', () => s.log.at(-1), { ms: 3000, everyMs: 5 });
}

describe('timeouts toward Bedrock end the request in its protocol and reset the Bedrock stream', () => {
  test.each(CASES)('an upstream that never answers: %s (streamed: %s) is a 504 bedrock_timeout by its limit', async (protocol, stream) => {
    s.faulty.plan('black-hole');
    const a = await send(s.proxy, protocol, stream);
    // A stream waits no longer than the idle limit for its first bytes, a plain call its first-byte limit.
    const limit = stream ? LIMITS.streamIdleMs : LIMITS.firstByteMs;
    expect(a.ms).toBeGreaterThanOrEqual(limit - 20);
    expect(a.ms).toBeLessThan(limit + SLACK_MS);
    expectError(protocol, a, 'bedrock_timeout', 'before');
    expect(await logged()).toMatchObject({ status: 504, error: { code: 'bedrock_timeout' } });
    await expectUpstreamReset();
    await expectServesAgain(protocol, stream);
  });

  test.each(STREAMED)('a stream that sends its head and then nothing: %s is a 504 by the idle limit', async (protocol, stream) => {
    s.faulty.plan('stall-after-headers');
    const a = await send(s.proxy, protocol, stream);
    expect(a.ms).toBeLessThan(LIMITS.streamIdleMs + SLACK_MS);
    expectError(protocol, a, 'bedrock_timeout', 'before');
    await expectUpstreamReset();
    await expectServesAgain(protocol, stream);
  });

  test.each(STREAMED)('a stream that stops mid-answer: %s ends with an in-stream bedrock_timeout after the idle limit', async (protocol, stream) => {
    s.faulty.plan('stall-mid-stream');
    const a = await send(s.proxy, protocol, stream);
    expect(a.ms).toBeGreaterThanOrEqual(LIMITS.streamIdleMs - 20);
    expect(a.ms).toBeLessThan(LIMITS.streamIdleMs + SLACK_MS);
    expect(a.text).toContain(ANSWER_TEXT.slice(0, 10));
    expectError(protocol, a, 'bedrock_timeout', 'in-stream');
    expect(await logged()).toMatchObject({ status: 504, error: { code: 'bedrock_timeout' } });
    await expectUpstreamReset();
    await expectServesAgain(protocol, stream);
  });

  test.each(CASES.filter(([, stream]) => !stream))('a non-streamed answer that stops halfway: %s is a 504 by the first-byte limit', async (protocol, stream) => {
    s.faulty.plan('stall-body');
    const a = await send(s.proxy, protocol, stream);
    expect(a.ms).toBeLessThan(LIMITS.firstByteMs + SLACK_MS);
    expectError(protocol, a, 'bedrock_timeout', 'before');
    await expectUpstreamReset();
  });

  test.each(STREAMED)('a slow drip (one byte at a time, the whole answer slower than the idle limit, no gap as long): %s succeeds', async (protocol, stream) => {
    s.faulty.plan({ fault: 'slow-drip', dripMs: 3 });
    const a = await send(s.proxy, protocol, stream);
    expect(a.status).toBe(200);
    expect(a.ms).toBeGreaterThan(LIMITS.streamIdleMs);
    expect(a.text).toContain(ANSWER_TEXT);
    expect(sseEvents(a.text).some((e) => e.event === 'error' || e.event === 'response.failed' || e.data?.error)).toBe(false);
    const req = s.faulty.requests.at(-1)!;
    await req.closed;
    expect(req.resetByClient).toBe(false);
  });

  test('the limits are read per call: a longer idle limit holds the next request longer', async () => {
    s.faulty.plan('black-hole');
    s.timeouts = { ...LIMITS, streamIdleMs: 250 };
    const short = await send(s.proxy, 'chat', true);
    s.timeouts = { ...LIMITS, streamIdleMs: 700 };
    const long = await send(s.proxy, 'chat', true);
    expect(short.ms).toBeLessThan(long.ms);
    expect(long.ms).toBeGreaterThanOrEqual(680);
    expect(JSON.parse(long.text).error.message).toContain('700 ms');
  });

  test('a connection whose TLS handshake never completes ends at the connect timeout (504), the socket closed', async () => {
    const tarpit = await startTarpit();
    const limits = { connectMs: 300, firstByteMs: 5000, streamIdleMs: 5000 };
    const t = await proxyFor(tarpit.url, { timeouts: () => limits });
    try {
      for (const stream of [false, true]) {
        const a = await send(t.proxy, 'chat', stream);
        expect(a.status).toBe(504);
        expect(a.ms).toBeLessThan(limits.connectMs + SLACK_MS);
        const body = JSON.parse(a.text);
        expect(body.error).toMatchObject({ code: 'bedrock_timeout', type: 'server_error' });
        expect(body.error.message).toContain('connect timeout');
      }
      await until('the client to close its connections', () => tarpit.accepted === 2 && tarpit.closedByClient === 2, { ms: 3000 });
    } finally {
      await t.proxy.close();
      t.gateway.close();
      await tarpit.close();
    }
  });
});

describe('an answer that cannot be decoded is a 502 bedrock_bad_response, its bytes not repeated', () => {
  const BEFORE: Array<[string, FaultPlan]> = [
    ['garbage bytes', { fault: 'garbage' }],
    ['a captive portal page (200)', { fault: 'html' }],
    ['a captive portal redirect (302)', { fault: 'html', status: 302 }],
    ['a firewall page (403)', { fault: 'html', status: 403 }],
    ['a proxy error page (502)', { fault: 'html', status: 502 }],
    ['an empty body', { fault: 'empty' }],
  ];
  const cases = BEFORE.flatMap(([name, plan]) => CASES.map(([protocol, stream]) => [name, protocol, stream, plan] as const));
  test.each(cases)('%s: %s (streamed: %s)', async (_name, protocol, stream, plan) => {
    s.faulty.plan(plan);
    const a = await send(s.proxy, protocol, stream);
    expectError(protocol, a, 'bedrock_bad_response', 'before');
    expect(await logged()).toMatchObject({ status: 502, error: { code: 'bedrock_bad_response' } });
    await expectServesAgain(protocol, stream);
  });

  test.each(STREAMED)('a valid JSON answer where an event stream belongs (wrong content type): %s', async (protocol, stream) => {
    s.faulty.plan('wrong-content-type');
    const a = await send(s.proxy, protocol, stream);
    expectError(protocol, a, 'bedrock_bad_response', 'before');
  });

  const IN_STREAM: Array<[string, FaultPlan['fault']]> = [
    ['a truncated frame', 'truncated'],
    ['a bad message checksum', 'bad-crc'],
    ['a bad prelude checksum', 'bad-prelude'],
  ];
  const streamCases = IN_STREAM.flatMap(([name, fault]) => STREAMED.map(([protocol, stream]) => [name, protocol, stream, fault] as const));
  test.each(streamCases)('%s after the first events: %s ends with an in-stream bedrock_bad_response', async (_name, protocol, stream, fault) => {
    s.faulty.plan(fault);
    const a = await send(s.proxy, protocol, stream);
    expectError(protocol, a, 'bedrock_bad_response', 'in-stream');
    expect(await logged()).toMatchObject({ status: 502, error: { code: 'bedrock_bad_response' } });
    await expectServesAgain(protocol, stream);
  });

  test.each(CASES.filter(([, stream]) => !stream))('broken frames or JSON where a JSON answer belongs: %s', async (protocol, stream) => {
    for (const fault of ['truncated', 'bad-crc', 'wrong-content-type'] as const) {
      s.faulty.plan(fault);
      const a = await send(s.proxy, protocol, stream);
      // A JSON answer under the wrong content type is still a good answer.
      if (fault === 'wrong-content-type') expect(a.status).toBe(200);
      else expectError(protocol, a, 'bedrock_bad_response', 'before');
    }
  });

  test.each(STREAMED)('an exception frame of an unknown type with an HTML payload: %s reports it without the page', async (protocol, stream) => {
    s.faulty.plan('unknown-exception');
    const a = await send(s.proxy, protocol, stream);
    expectError(protocol, a, 'bedrock_stream_error', 'in-stream');
  });
});

describe('a client that goes away', () => {
  test('mid-stream: logged as 499 client_closed, the Bedrock stream reset', async () => {
    s.timeouts = { ...LIMITS, streamIdleMs: 10_000 };
    s.faulty.plan('stall-mid-stream');
    const abort = new AbortController();
    const res = await fetch(`${s.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ROUTES.chat.body(true)), signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    const entry = await logged();
    expect(entry).toMatchObject({ status: 499, error: { code: 'client_closed' } });
    await expectUpstreamReset();
  });

  test('while waiting for a non-streamed answer: logged as 499 client_closed, the Bedrock request reset', async () => {
    s.timeouts = { ...LIMITS, firstByteMs: 10_000 };
    s.faulty.plan('black-hole');
    const before = s.faulty.requests.length;
    const abort = new AbortController();
    const pending = send(s.proxy, 'messages', false, abort.signal).catch(() => undefined);
    await until('the request to reach Bedrock', () => s.faulty.requests.length > before);
    abort.abort();
    await pending;
    expect(await logged()).toMatchObject({ status: 499, endpoint: '/v1/messages', error: { code: 'client_closed' } });
    await expectUpstreamReset();
  });

  test.each([
    ['/v1/embeddings', {}, { model: 'amazon.titan-embed-text-v2:0', input: 'hi' }],
    ['/v1/messages/count_tokens', { 'anthropic-version': '2023-06-01' }, { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] }],
  ] as const)('while %s waits for Bedrock: logged as 499 client_closed, the Bedrock request reset', async (path, headers, body) => {
    s.timeouts = { ...LIMITS, firstByteMs: 10_000 };
    s.faulty.plan('black-hole');
    const before = s.faulty.requests.length;
    const abort = new AbortController();
    const pending = fetch(`${s.proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: abort.signal }).catch(() => undefined);
    await until('the request to reach Bedrock', () => s.faulty.requests.length > before);
    abort.abort();
    await pending;
    expect(await logged()).toMatchObject({ status: 499, endpoint: path, error: { code: 'client_closed' } });
    await expectUpstreamReset();
  });

  test('while the body is still uploading: logged as 499 client_closed, nothing sent to Bedrock', async () => {
    const net = await import('node:net');
    const before = s.faulty.requests.length;
    const socket = net.connect(s.proxy.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    // The server has the request once it parsed the head; then the client leaves mid-body.
    const received = new Promise((r) => s.proxy.app.server.once('request', r));
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"model":"nova-pro","messages":[`);
    await received;
    socket.destroy();
    const entry = await logged();
    expect(entry).toMatchObject({ status: 499, endpoint: '/v1/chat/completions', protocol: 'chat', error: { code: 'client_closed' } });
    expect(entry.error?.message).toContain('still sending');
    expect(s.faulty.requests.length).toBe(before);
  });
});

describe('abort during the SDK retry back-off', () => {
  let t: Awaited<ReturnType<typeof proxyFor>>;
  let faulty: FaultyBedrock;
  const BACKOFF_MS = 1500;
  beforeAll(async () => {
    faulty = await startFaultyBedrock();
    t = await proxyFor(faulty.url, { maxAttempts: 3, timeouts: () => ({ connectMs: 2000, firstByteMs: 20_000, streamIdleMs: 20_000 }) });
  });
  afterAll(async () => {
    await t.proxy.close();
    t.gateway.close();
    await faulty.close();
  });

  test('the back-off is real: without a disconnect, the next attempt waits for Retry-After', async () => {
    faulty.plan((req) => (req.n === 0 ? { fault: 'throttle', retryAfterMs: BACKOFF_MS } : 'ok'));
    const a = await send(t.proxy, 'chat', false);
    expect(a.status).toBe(200);
    expect(faulty.requests.length).toBe(2);
    expect(a.ms).toBeGreaterThanOrEqual(BACKOFF_MS - 50);
  });

  test('a client disconnect during the back-off ends the Bedrock work at once: logged at once, no further attempt', async () => {
    faulty.requests.length = 0;
    t.log.length = 0;
    // The call cancelled below, then a later one that waits out a longer back-off and is answered.
    faulty.plan((req) => (req.n === 0 ? { fault: 'throttle', retryAfterMs: BACKOFF_MS } : req.n === 1 ? { fault: 'throttle', retryAfterMs: BACKOFF_MS + 300 } : 'ok'));
    const abort = new AbortController();
    const pending = send(t.proxy, 'chat', false, abort.signal).catch(() => undefined);
    await until('the first attempt', () => faulty.requests.length === 1 && faulty.requests[0].resetByClient !== undefined, { everyMs: 5 });
    const abortedAt = Date.now();
    abort.abort();
    await pending;
    const entry = await until('the log entry', () => t.log.at(-1), { ms: BACKOFF_MS, everyMs: 5 });
    expect(Date.now() - abortedAt).toBeLessThan(BACKOFF_MS / 2);
    expect(entry).toMatchObject({ status: 499, error: { code: 'client_closed' } });
    // The SDK's retry finds the call cancelled and sends nothing. A call sent after it and told
    // to back off longer gets its answer only after the cancelled call's retry would have gone out.
    const later = await send(t.proxy, 'chat', false);
    expect(later.status).toBe(200);
    expect(faulty.requests.length).toBe(3);
  });
});
