import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// What Node's HTTP server answers before fastify sees a request (headers too large, a malformed
// request line, a client that stalls while sending headers or body): the API's error JSON, and
// the connection is released within the limits. Short limits here; the defaults are in http-limits.ts.

const LIMITS = { headersTimeoutMs: 400, requestTimeoutMs: 800, checkIntervalMs: 100 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ httpLimits: LIMITS });
});
afterAll(async () => h.close());

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  /** Milliseconds from the first byte written until the server closed the connection. */
  closedAfterMs: number;
}

/** Writes `chunks` on a raw socket (the last one left unfinished if the test wants a stall) and reads until the server closes. */
function raw(chunks: (string | Buffer)[], port = h.proxy.port): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    const started = Date.now();
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
    });
    socket.on('data', (d) => parts.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(parts).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body: rest.join('\r\n\r\n'), closedAfterMs: Date.now() - started });
    });
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open: ${Buffer.concat(parts).toString('utf8').slice(0, 200)}`));
    }, 10_000).unref();
  });
}

const post = (path: string, extraHeaders = '', contentLength = 100) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n${extraHeaders}\r\n`;

function expectOpenAiError(body: string, code: string): void {
  const parsed = JSON.parse(body);
  expect(parsed).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', code, param: null } });
}

describe("errors Node's HTTP server raises itself", () => {
  test('headers larger than the limit are a 431 in the OpenAI error shape', async () => {
    const answer = await raw([`GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(answer.status).toBe(431);
    expect(answer.headers).toMatch(/content-type: application\/json/i);
    expectOpenAiError(answer.body, 'headers_too_large');
  });

  test('a malformed request line is a 400 in the OpenAI error shape', async () => {
    const answer = await raw(['THIS IS NOT HTTP\r\n\r\n']);
    expect(answer.status).toBe(400);
    expectOpenAiError(answer.body, 'invalid_request');
  });

  test('a malformed header is a 400 too', async () => {
    const answer = await raw(['GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Name: x\r\n\r\n']);
    expect(answer.status).toBe(400);
    expectOpenAiError(answer.body, 'invalid_request');
  });
});

describe('headers that never finish are cut at the headers limit, not the request limit', () => {
  // Limits far apart, so that a cut by the request limit (what happens when headersTimeout is not
  // applied: the whole request's limit covers its headers too) cannot pass for the headers limit.
  const APART = { headersTimeoutMs: 300, requestTimeoutMs: 4000, checkIntervalMs: 100 };
  let apart: Harness;
  beforeAll(async () => {
    apart = await startHarness({ httpLimits: APART });
  });
  afterAll(async () => apart?.close());

  test('408 and the connection closed, well before the request limit', async () => {
    const answer = await raw(['POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n'], apart.proxy.port);
    expect(answer.status).toBe(408);
    expectOpenAiError(answer.body, 'request_timeout');
    expect(answer.closedAfterMs).toBeGreaterThanOrEqual(APART.headersTimeoutMs - 50);
    // Half the request limit: a behavioural bound (which limit cut it) with seconds of slack, not a speed test.
    expect(answer.closedAfterMs).toBeLessThan(APART.requestTimeoutMs / 2);
  });
});

describe('a client that stalls is cut after a bounded time', () => {
  test('a body that never finishes: 408 in the OpenAI shape on an OpenAI route', async () => {
    const answer = await raw([post('/v1/chat/completions'), '{"model":']);
    expect(answer.status).toBe(408);
    expectOpenAiError(answer.body, 'request_timeout');
    expect(answer.closedAfterMs).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs - 50);
    expect(answer.closedAfterMs).toBeLessThan(LIMITS.requestTimeoutMs + 3 * LIMITS.checkIntervalMs + 1000);
  });

  test('a body that never finishes on /v1/messages: 408 in the Anthropic shape', async () => {
    const answer = await raw([post('/v1/messages', 'anthropic-version: 2023-06-01\r\n'), '{"model":']);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual({ type: 'error', error: { type: 'timeout_error', message: expect.stringContaining('not received in time') } });
  });

  test('a body that drips slower than the limit is cut as well', async () => {
    const socket = net.connect(h.proxy.port, '127.0.0.1');
    const closed = new Promise<string>((resolve) => {
      const parts: Buffer[] = [];
      socket.on('data', (d) => parts.push(d));
      socket.on('close', () => resolve(Buffer.concat(parts).toString('utf8')));
    });
    socket.write(post('/v1/chat/completions', '', 1000));
    const drip = setInterval(() => socket.writable && socket.write(' '), 50);
    const text = await closed;
    clearInterval(drip);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });
});

// Paths fastify's router cannot read are answered before any route: in the client's shape too.
describe('paths the router cannot read', () => {
  test('a malformed %-escape is a 400 in the OpenAI shape (the Anthropic shape for an Anthropic client), logged', async () => {
    const openai = await fetch(`${h.proxy.url}/v1/responses/%zz`);
    expect(openai.status).toBe(400);
    expect(await openai.json()).toEqual({ error: { message: 'The URL path is not valid: it has a malformed %-escape.', type: 'invalid_request_error', code: 'invalid_request', param: 'url' } });
    const anthropic = await fetch(`${h.proxy.url}/v1/messages/%zz`, { headers: { 'anthropic-version': '2023-06-01', 'x-api-key': 'k' } });
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'The URL path is not valid: it has a malformed %-escape.' } });
    expect(h.log.filter((e) => e.endpoint === '/v1/responses/%zz').map((e) => [e.status, e.error?.code])).toEqual([[400, 'invalid_request']]);
  });

  test('an id longer than the router takes is a 400 in the OpenAI shape, not fastify\'s 414', async () => {
    const res = await fetch(`${h.proxy.url}/v1/responses/${'a'.repeat(150)}/input_items`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain('longer than the 100 characters');
  });
});

describe('limits apply to receiving a request, never to the answer', () => {
  test('a stream that lasts longer than the request limit is delivered whole', async () => {
    h.emu.script({ text: 'one two three four five six seven eight nine ten', chunkSize: 4, chunkDelayMs: 120 });
    const started = Date.now();
    const res = await h.post('/v1/chat/completions', { model: 'nova-pro', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Date.now() - started).toBeGreaterThan(LIMITS.requestTimeoutMs + 2 * LIMITS.checkIntervalMs);
    expect(text).toContain('[DONE]');
    expect(text).not.toContain('"error"');
  });

  test('the server still answers after all of the above', async () => {
    const res = await fetch(`${h.proxy.url}/healthz`);
    expect(res.status).toBe(200);
  });
});
