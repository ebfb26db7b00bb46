import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { defaultSettings } from '../../src-shared/settings';
import { eventually, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.emu.reset();
  h.setSettings({ ...defaultSettings() });
});

const body = JSON.stringify({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }] });

/** A raw request, so Host and Origin can be anything (fetch does not let us set Host). */
function raw(path: string, headers: Record<string, string>, method = 'POST'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(h.proxy.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (method === 'POST') req.end(body);
    else req.end();
  });
}

describe('DNS rebinding (Host)', () => {
  test('a Host that is not a loopback name is refused with 403', async () => {
    const res = await raw('/v1/chat/completions', { host: 'evil.example:8797' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.message).toContain('DNS rebinding');
    expect(h.emu.requests).toHaveLength(0);
  });

  test('loopback names pass; a tunnel name passes once listed in allowedHosts', async () => {
    h.emu.script({ text: 'a' }, { text: 'b' }, { text: 'c' });
    expect((await raw('/v1/chat/completions', { host: `localhost:${h.proxy.port}` })).status).toBe(200);
    expect((await raw('/v1/chat/completions', { host: `127.0.0.1:${h.proxy.port}` })).status).toBe(200);
    h.setSettings({ allowedHosts: ['my-tunnel.example.dev'] });
    expect((await raw('/v1/chat/completions', { host: 'my-tunnel.example.dev' })).status).toBe(200);
  });
});

describe('browser origins', () => {
  test('a foreign Origin is refused: a web page must not spend the user\'s AWS money', async () => {
    const res = await raw('/v1/chat/completions', { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe('forbidden');
    const preflight = await raw('/v1/chat/completions', { origin: 'https://evil.example', 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(h.emu.requests).toHaveLength(0);
  });

  test('the app\'s own origin gets CORS, including the preflight', async () => {
    const own = `http://127.0.0.1:${h.proxy.port}`;
    const preflight = await raw('/v1/chat/completions', { origin: own, 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(own);
    h.emu.script({ text: 'ok' });
    const res = await raw('/v1/chat/completions', { origin: own });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(own);
  });
});

describe('require API key', () => {
  const key = 'oc-test-key-0123456789abcdef';
  beforeEach(() => h.setSettings({ requireApiKey: true, apiKeys: [{ id: 'k1', name: 'laptop', key, createdAt: new Date().toISOString() }] }));

  test('missing or wrong keys get 401 in the OpenAI format; the right key works (Bearer and x-api-key)', async () => {
    const missing = await h.post('/v1/chat/completions', JSON.parse(body));
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatchObject({ type: 'authentication_error', code: 'unauthorized' });
    const wrong = await h.post('/v1/chat/completions', JSON.parse(body), { authorization: 'Bearer oc-test-key-0123456789abcdeX' });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).not.toContain(key);
    h.emu.script({ text: 'a' }, { text: 'b' });
    expect((await h.post('/v1/chat/completions', JSON.parse(body), { authorization: `Bearer ${key}` })).status).toBe(200);
    expect((await h.post('/v1/chat/completions', JSON.parse(body), { 'x-api-key': key })).status).toBe(200);
    expect(h.emu.requests).toHaveLength(2);
  });

  test('the openai package with the key works; /healthz stays open', async () => {
    h.emu.script({ text: 'ok' });
    const client = new OpenAI({ baseURL: h.baseURL, apiKey: key, maxRetries: 0 });
    expect((await client.chat.completions.create({ model: 'nova-pro', messages: [{ role: 'user', content: 'x' }] })).choices[0].message.content).toBe('ok');
    const bad = new OpenAI({ baseURL: h.baseURL, apiKey: 'nope-nope-nope-nope', maxRetries: 0 });
    await expect(bad.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect((await fetch(`${h.proxy.url}/healthz`)).status).toBe(200);
  });

  test('with keys required, a tunnel Host is accepted (the key is the guard)', async () => {
    h.emu.script({ text: 'ok' });
    expect((await raw('/v1/chat/completions', { host: 'abc.tunnel.example', authorization: `Bearer ${key}` })).status).toBe(200);
    expect((await raw('/v1/chat/completions', { host: 'abc.tunnel.example' })).status).toBe(401);
  });
});

describe('limits', () => {
  test('concurrent requests per client are capped with a 429 and Retry-After', async () => {
    h.setSettings({ maxConcurrentPerClient: 1 });
    h.emu.script({ text: 'slow', latencyMs: 400 }, { text: 'next' });
    const first = h.post('/v1/chat/completions', JSON.parse(body));
    await eventually(() => h.emu.requests.length === 1);
    const second = await h.post('/v1/chat/completions', JSON.parse(body));
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await first).status).toBe(200);
    // The slot is free again once the first finished.
    expect((await h.post('/v1/chat/completions', JSON.parse(body))).status).toBe(200);
  });
});
