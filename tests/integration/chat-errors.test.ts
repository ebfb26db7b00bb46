import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { eventually, readSse, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ bodyLimit: 64 * 1024 });
});
afterAll(async () => h.close());
beforeEach(() => h.emu.reset());

const chat = (extra: Record<string, unknown> = {}) => ({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('Bedrock errors before the first event keep their meaning (rule 9)', () => {
  test.each([
    ['ValidationException', 400, 'invalid_request_error', 'bedrock_validation'],
    ['AccessDeniedException', 403, 'permission_error', 'bedrock_access_denied'],
    ['ResourceNotFoundException', 404, 'not_found_error', 'bedrock_not_found'],
    ['ThrottlingException', 429, 'rate_limit_error', 'bedrock_throttled'],
    ['ModelNotReadyException', 429, 'rate_limit_error', 'bedrock_model_not_ready'],
    ['ModelTimeoutException', 408, 'api_error', 'bedrock_model_timeout'],
    ['ModelErrorException', 502, 'api_error', 'bedrock_model_error'],
    ['InternalServerException', 502, 'server_error', 'bedrock_internal'],
    ['ServiceUnavailableException', 503, 'server_error', 'bedrock_unavailable'],
  ])('%s -> HTTP %i', async (type, status, openaiType, code) => {
    for (const stream of [false, true]) {
      h.emu.script({ error: { type, message: `emulated ${type}` } });
      const res = await h.post('/v1/chat/completions', chat({ stream }));
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body.error).toMatchObject({ type: openaiType, code });
      expect(body.error.message).toContain(`emulated ${type}`);
    }
  });

  test('throttling carries Retry-After', async () => {
    h.emu.script({ error: { type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' } });
    const res = await h.post('/v1/chat/completions', chat());
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('an exception as the very first stream event is still a real HTTP status', async () => {
    h.emu.script({ streamError: { type: 'throttlingException', message: 'slow down', afterEvents: 0 } });
    const res = await h.post('/v1/chat/completions', chat({ stream: true }));
    expect(res.status).toBe(429);
    expect((await res.json()).error.message).toContain('slow down');
  });
});

describe('errors inside a stream (rule 9)', () => {
  test('an exception after text becomes an SSE error event with no made-up finish_reason', async () => {
    h.emu.script({ text: 'partial answer that goes on', chunkSize: 4, streamError: { type: 'modelStreamErrorException', message: 'model broke', afterEvents: 3 } });
    const res = await h.post('/v1/chat/completions', chat({ stream: true, stream_options: { include_usage: true } }));
    expect(res.status).toBe(200);
    const events = await readSse(res);
    const last = events.at(-1) as { error: { message: string; code: string } };
    expect(last.error.message).toContain('model broke');
    expect(last.error.code).toBe('bedrock_stream_error');
    expect(events).not.toContain('[DONE]');
    const finishes = events.slice(0, -1).filter((e) => (e as { choices: Array<{ finish_reason: string | null }> }).choices[0]?.finish_reason);
    expect(finishes).toEqual([]);
    expect((events[1] as { choices: Array<{ delta: { content: string } }> }).choices[0].delta.content).toBeTruthy();
  });

  test('the server keeps serving after a broken stream', async () => {
    h.emu.script({ text: 'abc', disconnectAfterEvents: 2 }, { text: 'fine' });
    const events = await readSse(await h.post('/v1/chat/completions', chat({ stream: true })));
    expect((events.at(-1) as { error?: unknown }).error).toBeDefined();
    const ok = await h.post('/v1/chat/completions', chat());
    expect((await ok.json()).choices[0].message.content).toBe('fine');
  });
});

describe('malformed requests get a clear 400 naming the field', () => {
  test('malformed JSON', async () => {
    const res = await h.post('/v1/chat/completions', '{"model": "x", messages: }');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'invalid_json', type: 'invalid_request_error' });
  });

  test.each([
    [{ model: 'nova-pro' }, 'messages'],
    [{ model: 'nova-pro', messages: [] }, 'messages'],
    [{ model: 'nova-pro', messages: 'hi' }, 'messages'],
    [{ model: 'nova-pro', messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role'],
    [{ model: 'nova-pro', messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }, 'temperature'],
    [{ model: 'nova-pro', messages: [{ role: 'user', content: 'x' }], max_tokens: -1 }, 'max_tokens'],
    [{ model: 'nova-pro', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id'],
    [{ model: 42, messages: [{ role: 'user', content: 'x' }] }, 'model'],
  ])('%j -> param %s', async (body, param) => {
    const res = await h.post('/v1/chat/completions', body);
    expect(res.status).toBe(400);
    const err = (await res.json()).error;
    expect(err.param).toBe(param);
    expect(err.message).toContain(param);
  });

  test('a body that is not an object', async () => {
    const res = await h.post('/v1/chat/completions', '[1,2]');
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('JSON object');
  });

  test('n other than 1 is refused', async () => {
    const res = await h.post('/v1/chat/completions', chat({ n: 3 }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ param: 'n', code: 'unsupported_parameter' });
  });

  test('an unknown model is a 404 model_not_found listing close names', async () => {
    const res = await h.post('/v1/chat/completions', chat({ model: 'claude-sonet' }));
    expect(res.status).toBe(404);
    const err = (await res.json()).error;
    expect(err.code).toBe('model_not_found');
    expect(err.message).toContain('claude-sonnet');
  });

  test('a body over the limit is a 413', async () => {
    const res = await h.post('/v1/chat/completions', chat({ messages: [{ role: 'user', content: 'x'.repeat(100 * 1024) }] }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('body_too_large');
  });

  test('no request above reached Bedrock, and the server still serves', async () => {
    h.emu.script({ text: 'still here' });
    const res = await h.post('/v1/chat/completions', chat());
    expect((await res.json()).choices[0].message.content).toBe('still here');
    // An unknown model name may start a listing of the account's models (control plane); no
    // model was invoked for any bad request above.
    expect(h.emu.requests.filter((r) => !r.operation.startsWith('List'))).toHaveLength(1);
  });
});

describe('client disconnect (rule 15)', () => {
  test('closing the connection mid-stream aborts the Bedrock request', async () => {
    h.emu.script({ text: 'x'.repeat(400), chunkSize: 1, chunkDelayMs: 5 });
    const controller = new AbortController();
    const res = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat({ stream: true })), signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await eventually(() => h.emu.stats.abortedStreams === 1, 3000);
    expect(h.emu.stats.completedStreams).toBe(0);
  });

  test('closing the connection while waiting for a non-streamed answer aborts it too', async () => {
    h.emu.script({ text: 'slow', latencyMs: 2000 });
    const controller = new AbortController();
    const pending = fetch(`${h.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat()), signal: controller.signal }).catch(() => undefined);
    await eventually(() => h.emu.requests.length === 1);
    controller.abort();
    await pending;
    await eventually(() => h.emu.stats.abortedStreams === 1, 3000);
  });
});

describe('Bedrock out of reach', () => {
  test('a refused connection is a 502 bedrock_unreachable with advice, not an internal error', async () => {
    const k = await startHarness({ gateway: { endpoint: 'http://127.0.0.1:1' } });
    try {
      const res = await k.post('/v1/chat/completions', chat());
      expect(res.status).toBe(502);
      const err = (await res.json()).error;
      expect(err.code).toBe('bedrock_unreachable');
      expect(err.message).toBe('Bedrock (127.0.0.1:1) refused the connection: nothing is listening there — check the endpoint setting (or start the emulator), then try again.');
    } finally {
      await k.close();
    }
  });
});
