import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// What the request log records about who called what: protocol, client, and requests to routes
// that do not exist.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.emu.reset();
  h.log.length = 0;
});

describe('request log: protocol and client', () => {
  test('a chat request is logged with protocol chat, the short client name and the full user-agent', async () => {
    h.emu.script({ text: 'ok' });
    const ua = 'claude-cli/2.1.3 (external, sdk-cli)';
    const res = await h.post('/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'x' }] }, { 'user-agent': ua });
    expect(res.status).toBe(200);
    expect(h.log).toHaveLength(1);
    expect(h.log[0]).toMatchObject({ endpoint: '/v1/chat/completions', method: 'POST', protocol: 'chat', client: 'claude-cli/2.1.3', userAgent: ua, status: 200 });
  });

  test('Cline (OpenAI SDK user-agent, X-Title) is logged as Cline', async () => {
    h.emu.script({ text: 'ok' });
    await h.post('/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'x' }] }, { 'user-agent': 'OpenAI/JS 4.96.0', 'x-title': 'Cline', 'x-cline-version': '3.40.1' });
    expect(h.log[0]).toMatchObject({ protocol: 'chat', client: 'Cline/3.40.1', userAgent: 'OpenAI/JS 4.96.0' });
  });

  test('a request to a route that does not exist is logged: method, path, client, 404', async () => {
    const res = await h.post('/v1/xyz?beta=true', { model: 'claude-sonnet-4-5' }, { 'user-agent': 'codex_exec/0.17.2 (Ubuntu 24.4.0; x86_64)' });
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(h.log).toHaveLength(1);
    expect(h.log[0]).toMatchObject({
      method: 'POST',
      endpoint: '/v1/xyz',
      protocol: 'unknown',
      client: 'codex_exec/0.17.2',
      status: 404,
      error: { code: 'not_found', message: body.error.message },
    });
    expect(h.log[0].error!.message).toContain('POST /v1/xyz');
  });

  test('an unrouted GET is logged too; a browser favicon request is not', async () => {
    const res = await fetch(`${h.proxy.url}/v1/files/file_1`, { headers: { 'user-agent': 'curl/8.5.0' } });
    expect(res.status).toBe(404);
    expect((await fetch(`${h.proxy.url}/favicon.ico`)).status).toBe(404);
    expect(h.log).toHaveLength(1);
    expect(h.log[0]).toMatchObject({ method: 'GET', endpoint: '/v1/files/file_1', client: 'curl/8.5.0', status: 404 });
  });
});

describe('request log: ids, the model of a rejected request, time to first token', () => {
  test('entry ids are unique, fixed-width and sort by time as strings', async () => {
    for (let i = 0; i < 5; i++) {
      h.emu.script({ text: 'ok' });
      expect((await h.post('/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'x' }] })).status).toBe(200);
    }
    const ids = h.log.map((e) => e.id);
    expect(ids.every((id) => /^r[0-9a-z]{16}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(5);
    expect([...ids].sort()).toEqual(ids);
  });

  test('a request that does not validate is logged with the model it named (400)', async () => {
    const chat = await h.post('/v1/chat/completions', { model: 'claude-sonnet', messages: 'not a list' });
    expect(chat.status).toBe(400);
    const messages = await h.post('/v1/messages', { model: 'claude-haiku-4-5', messages: [] });
    expect(messages.status).toBe(400);
    const noModel = await h.post('/v1/chat/completions', { model: 42, messages: [] });
    expect(noModel.status).toBe(400);
    expect(h.log.map((e) => [e.status, e.model])).toEqual([
      [400, 'claude-sonnet'],
      [400, 'claude-haiku-4-5'],
      [400, undefined],
    ]);
  });

  test('time to first token is logged for streams only (a whole answer has none)', async () => {
    h.emu.script({ text: 'whole' });
    expect((await h.post('/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'x' }] })).status).toBe(200);
    h.emu.script({ text: 'streamed' });
    const res = await h.post('/v1/chat/completions', { model: 'nova-pro', stream: true, messages: [{ role: 'user', content: 'x' }] });
    await res.text();
    await expect.poll(() => h.log.length).toBe(2);
    expect(h.log[0]).toMatchObject({ stream: false, status: 200 });
    expect(h.log[0].ttftMs).toBeUndefined();
    expect(h.log[1]).toMatchObject({ stream: true, status: 200 });
    expect(h.log[1].ttftMs).toBeGreaterThan(0);
  });
});
