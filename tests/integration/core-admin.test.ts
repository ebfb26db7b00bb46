import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { costOf } from '../../src-main/core/request-log/prices';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { emulatorEnv } from '../support/bedrock-emulator';
import { followAuthorize, startAwsWorld, type AwsWorld } from '../support/aws-world';

// The admin API served by the real core, driving real proxied requests against the emulators.
let world: AwsWorld;
let core: OutcropCore;
beforeEach(async () => {
  world = await startAwsWorld();
  for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
  ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
});
afterEach(async () => {
  await core.close();
  await world.close();
});

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${core.proxy.url}/admin/api${path}`, { ...init, headers: { authorization: `Bearer ${core.adminToken}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
const chat = (model: string) =>
  fetch(`${core.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'core-admin-test' }, body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }) });

/** Reads SSE events from the admin stream until `count` events of `type` arrived. */
async function collect(type: string, count: number, during: () => Promise<unknown>): Promise<Array<{ id: string; data: any }>> {
  const controller = new AbortController();
  const res = await fetch(`${core.proxy.url}/admin/api/events?token=${core.adminToken}`, { signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ id: string; data: any }> = [];
  let buffer = '';
  const reading = (async () => {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let sep;
      while ((sep = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (fields.event === type) events.push({ id: fields.id, data: JSON.parse(fields.data) });
      }
    }
  })();
  await during();
  await Promise.race([reading, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${events.length} ${type} events`)), 5000))]);
  controller.abort();
  return events;
}

describe('admin API on the real core', () => {
  test('the token is required; status reports the address, profile and credentials', async () => {
    expect((await fetch(`${core.proxy.url}/admin/api/status`)).status).toBe(401);
    expect((await fetch(`${core.proxy.url}/admin/api/status`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const status = await (await admin('/status')).json();
    expect(status).toMatchObject({ url: core.proxy.url, port: core.proxy.port, profile: 'default', region: 'us-east-1', defaultModel: 'claude-sonnet' });
    expect(status.credentials.status).toBeDefined();
    expect(existsSync(join(world.outcropHome, 'admin-token'))).toBe(true);
  });

  test('the live stream delivers real proxied requests with their tokens and cost', async () => {
    world.bedrock.script({ text: 'hello', usage: { inputTokens: 1000, outputTokens: 500, cacheReadInputTokens: 2000 } });
    const events = await collect('request', 1, async () => expect((await chat('claude-sonnet')).status).toBe(200));
    const entry: RequestLogEntry = events[0].data.entry;
    expect(entry).toMatchObject({ endpoint: '/v1/chat/completions', model: 'claude-sonnet', bedrockModel: 'us.anthropic.claude-sonnet-4-6', status: 200, inputTokens: 1000, outputTokens: 500, cacheReadTokens: 2000, client: 'core-admin-test' });
    expect(entry.costUsd).toBeGreaterThan(0);
    expect(entry.costUsd).toBeCloseTo(costOf(entry)!, 10);
    expect(Number(events[0].id)).toBeGreaterThan(0);

    // The same entry is in the log query, the usage totals and today's JSONL file.
    const logs = await (await admin('/logs?limit=10')).json();
    expect(logs.data[0]).toMatchObject({ id: entry.id, costUsd: entry.costUsd });
    const usage = await (await admin('/usage?days=7')).json();
    expect(usage.total).toMatchObject({ requests: 1, inputTokens: 1000, outputTokens: 500, cacheReadTokens: 2000 });
    expect(usage.total.cacheSavingsUsd).toBeGreaterThan(0);
    await core.requestLog.flush();
    const files = readdirSync(join(world.outcropHome, 'logs')).filter((f) => f.endsWith('.jsonl'));
    expect(readFileSync(join(world.outcropHome, 'logs', files[0]), 'utf8')).toContain(entry.id);
  });

  test('a new subscriber gets the latest entries replayed; Last-Event-ID replays only what it missed', async () => {
    world.bedrock.script({ text: 'a' }, { text: 'b' });
    await chat('nova-pro');
    await chat('nova-lite');
    const replayed = await collect('request', 2, async () => undefined);
    expect(replayed.map((e) => e.data.entry.model)).toEqual(['nova-pro', 'nova-lite']);
    const res = await fetch(`${core.proxy.url}/admin/api/events?token=${core.adminToken}`, { headers: { 'last-event-id': replayed[0].id } });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('nova-lite')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).not.toContain('nova-pro');
    await reader.cancel();
  });

  test('settings: a patch applies to the next request; bad values are a 400 naming the field', async () => {
    const patched = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ aliases: { 'gpt-4o': 'claude-haiku' }, defaultModel: 'nova-lite' }) });
    expect(patched.status).toBe(200);
    world.bedrock.script({ text: 'via alias' });
    expect((await chat('gpt-4o')).status).toBe(200);
    expect(world.bedrock.lastRequest('Converse')!.modelId).toBe('us.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(JSON.parse(readFileSync(join(world.outcropHome, 'settings.json'), 'utf8')).aliases).toEqual({ 'gpt-4o': 'claude-haiku' });

    const badPort = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ port: 'eighty' }) });
    expect(badPort.status).toBe(400);
    expect((await badPort.json()).error.param).toBe('port');
    const badAlias = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ aliases: { x: 'not-a-model' } }) });
    expect(badAlias.status).toBe(400);
    expect((await badAlias.json()).error.param).toBe('aliases.x');
  });

  test('models for pickers: aliases with their Bedrock targets and the account listing', async () => {
    await admin('/settings', { method: 'PATCH', body: JSON.stringify({ aliases: { mine: 'nova-pro' } }) });
    const { data } = await (await admin('/models')).json();
    expect(data[0]).toMatchObject({ id: 'mine', source: 'user-alias', target: 'us.amazon.nova-pro-v1:0', caching: true });
    expect(data.find((m: { id: string }) => m.id === 'llama-4-maverick')).toMatchObject({ caching: false });
    const spaced = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ aliases: { 'my model': 'nova-pro' } }) });
    expect(spaced.status).toBe(400);
    expect(data.find((m: { id: string }) => m.id === 'claude-sonnet')).toMatchObject({ source: 'alias', target: 'us.anthropic.claude-sonnet-4-6' });
    expect(data.some((m: { source: string }) => m.source === 'account')).toBe(true);
  });

  test('profiles and sign-in through the admin API, with the result on the event stream', async () => {
    const profiles = await (await admin('/profiles')).json();
    expect(profiles.profiles.map((p: { name: string }) => p.name)).toContain(world.files.sessionProfile);
    let signInId = '';
    const events = await collect('sign-in', 2, async () => {
      const res = await admin('/sign-in', { method: 'POST', body: JSON.stringify({ profile: world.files.sessionProfile }) });
      expect(res.status).toBe(201);
      const view = await res.json();
      signInId = view.id;
      expect(view).toMatchObject({ profile: world.files.sessionProfile, flow: 'pkce', state: 'pending' });
      await followAuthorize(view.url);
    });
    expect(events.map((e) => e.data.signIn.state)).toEqual(['pending', 'done']);
    expect(await (await admin(`/sign-in/${signInId}`)).json()).toMatchObject({ state: 'done' });
  });

  test('a Bedrock API key set through the admin API is used and never echoed', async () => {
    const put = await admin('/bedrock-api-key', { method: 'PUT', body: JSON.stringify({ key: 'emulator-bedrock-api-key' }) });
    expect(put.status).toBe(204);
    world.bedrock.script({ text: 'bearer' });
    expect((await chat('nova-pro')).status).toBe(200);
    expect(world.bedrock.lastRequest('Converse')!.auth).toBe('bearer');
    const status = await (await admin('/status')).json();
    expect(status.usesApiKey).toBe(true);
    expect(JSON.stringify(status)).not.toContain('emulator-bedrock-api-key');
  });
});

describe('keep request bodies', () => {
  test('off by default; when on, bodies are kept with image bytes redacted', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const send = () => fetch(`${core.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-sonnet', messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }] }) });
    world.bedrock.script({ text: 'a pixel' }, { text: 'a pixel again' });
    await send();
    expect(core.requestLog.recent({ limit: 1 })[0].bodies).toBeUndefined();
    await admin('/settings', { method: 'PATCH', body: JSON.stringify({ keepBodies: true }) });
    await send();
    const kept = core.requestLog.recent({ limit: 1 })[0].bodies!;
    const text = JSON.stringify(kept);
    expect(text).toContain('what is this');
    expect(text).toContain('a pixel again');
    expect(text).not.toContain(png.slice(0, 20));
    expect(text).not.toMatch(/"bytes":\{"0":/);
  });
});

describe('listener moves', () => {
  async function freePort(): Promise<number> {
    const { createServer } = await import('node:net');
    return new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
  }

  test('a port change in settings moves the listener cleanly; a taken port leaves it where it was', async () => {
    await core.close();
    const first = await freePort();
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(world.outcropHome, { recursive: true });
    writeFileSync(join(world.outcropHome, 'settings.json'), JSON.stringify({ version: 2, port: first }));
    ({ core } = await OutcropCore.start({ home: world.outcropHome }));
    expect(core.proxy.port).toBe(first);

    const second = await freePort();
    const moved = new Promise<string>((resolve) => core.once('listening', resolve));
    await admin('/settings', { method: 'PATCH', body: JSON.stringify({ port: second }) });
    expect(await moved).toBe(`http://127.0.0.1:${second}`);
    expect((await fetch(`http://127.0.0.1:${second}/healthz`)).status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${first}/healthz`)).rejects.toThrow();

    const { createServer } = await import('node:net');
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const taken = (blocker.address() as { port: number }).port;
    const warned = new Promise<string>((resolve) => core.once('warning', resolve));
    await core.settings.update({ port: taken });
    expect(await warned).toContain(`keeps listening on http://127.0.0.1:${second}`);
    expect((await fetch(`http://127.0.0.1:${second}/healthz`)).status).toBe(200);
    blocker.close();
  });
});

describe('unsetting settings', () => {
  test('null clears profile and region (back to the AWS environment) and resets other fields to defaults', async () => {
    await admin('/settings', { method: 'PATCH', body: JSON.stringify({ profile: world.files.sessionProfile, region: 'eu-west-1', logRetentionDays: 7 }) });
    expect(core.settings.get()).toMatchObject({ profile: world.files.sessionProfile, region: 'eu-west-1', logRetentionDays: 7 });
    const res = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ profile: null, region: null, logRetentionDays: null }) });
    expect(res.status).toBe(200);
    const s = core.settings.get();
    expect(s.profile).toBeUndefined();
    expect(s.region).toBeUndefined();
    expect(s.logRetentionDays).toBe(30);
    expect(JSON.parse(readFileSync(join(world.outcropHome, 'settings.json'), 'utf8'))).not.toHaveProperty('region');
  });
});

describe('the region in the Models list', () => {
  test('with eu-west-1 configured, an alias to a short Claude name resolves to the eu. profile, not us.', async () => {
    const res = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ region: 'eu-west-1', aliases: { fast: 'claude-haiku' } }) });
    expect(res.status).toBe(200);
    const { data } = await (await admin('/models')).json();
    expect(data.find((m: { id: string }) => m.id === 'fast')).toMatchObject({ source: 'user-alias', target: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0' });
    expect(data.find((m: { id: string }) => m.id === 'claude-sonnet').target).toMatch(/^eu\.anthropic\./);
  });
});

describe('invalid admin bodies on the real core (checked once, at the route)', () => {
  test('settings: unknown keys, the version, nested and array fields are 400s naming the field; nothing is saved', async () => {
    const before = core.settings.get();
    const cases: Array<[unknown, string]> = [
      [{ colour: 'blue' }, 'colour'],
      [{ version: 3 }, 'version'],
      [{ caching: { system: 'yes', tools: true, conversation: true } }, 'caching.system'],
      [{ apiKeys: [{ id: 'a', name: 'n', key: 'short', createdAt: 'now' }] }, 'apiKeys[0].key'],
      [{ aliases: { fast: '' } }, 'aliases.fast'],
      [{ aliases: { default: 'claude-haiku' } }, 'aliases.default'],
      [[1, 2], 'body'],
    ];
    for (const [body, param] of cases) {
      const res = await admin('/settings', { method: 'PATCH', body: JSON.stringify(body) });
      expect({ status: res.status, param: (await res.json()).error.param }).toEqual({ status: 400, param });
    }
    expect(core.settings.get()).toEqual(before);
    expect(existsSync(join(world.outcropHome, 'settings.json'))).toBe(false);
  });

  test('sign-in and the Bedrock API key: bad bodies are 400s naming the field', async () => {
    for (const [path, method, body, param] of [
      ['/sign-in', 'POST', { deviceCode: 'yes' }, 'deviceCode'],
      ['/sign-in', 'POST', { profile: '' }, 'profile'],
      ['/sign-in', 'POST', { profile: 'no-such-profile' }, 'profile'],
      ['/bedrock-api-key', 'PUT', { key: 'two words' }, 'key'],
      ['/bedrock-api-key', 'PUT', {}, 'key'],
    ] as const) {
      const res = await admin(path, { method, body: JSON.stringify(body) });
      expect({ path, status: res.status, param: (await res.json()).error.param }).toEqual({ path, status: 400, param });
    }
    expect(core.usesApiKey).toBe(false);
  });
});

describe('exposure beyond this machine', () => {
  test('a non-loopback host needs keys first; keys cannot be dropped while it listens there', async () => {
    const open = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ host: '0.0.0.0' }) });
    expect(open.status).toBe(400);
    expect((await open.json()).error.param).toBe('host');
    expect(core.settings.get().host).toBe('127.0.0.1');
    const key = { id: 'k', name: 'lan', key: 'oc-0123456789abcdef0123456789', createdAt: new Date().toISOString() };
    await admin('/settings', { method: 'PATCH', body: JSON.stringify({ requireApiKey: true, apiKeys: [key] }) });
    // The host is now allowed; dropping the protection afterwards is refused.
    const moved = new Promise((resolve) => core.once('listening', resolve));
    await core.settings.update({ host: '0.0.0.0' });
    await moved;
    const drop = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ requireApiKey: false }) });
    expect(drop.status).toBe(400);
    expect((await drop.json()).error.param).toBe('requireApiKey');
    const empty = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ apiKeys: [] }) });
    expect((await empty.json()).error.param).toBe('apiKeys');
  });
});
