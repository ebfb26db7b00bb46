import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { expectAdminError } from '../support/admin-client';
import { FAKE_ADMIN_TOKEN, useFakeAdminWorld } from '../support/fake-admin-world';

// The admin API over a real socket, with an in-memory backend: the token on every route, the read
// routes, sign-in, and query validation (400 naming the field). Writes: admin-api-settings.test.ts.

const TOKEN = FAKE_ADMIN_TOKEN;
const world = useFakeAdminWorld();
const { call } = world;
const expectError = expectAdminError;

const ROUTES: Array<{ method: string; path: string; body?: unknown }> = [
  { method: 'GET', path: '/admin/api/status' },
  { method: 'GET', path: '/admin/api/settings' },
  { method: 'PATCH', path: '/admin/api/settings', body: { port: 9000 } },
  { method: 'GET', path: '/admin/api/profiles' },
  { method: 'POST', path: '/admin/api/sign-in', body: {} },
  { method: 'GET', path: '/admin/api/sign-in/some-id' },
  { method: 'DELETE', path: '/admin/api/sign-in/some-id' },
  { method: 'GET', path: '/admin/api/models' },
  { method: 'GET', path: '/admin/api/logs' },
  { method: 'GET', path: '/admin/api/usage' },
  { method: 'PUT', path: '/admin/api/bedrock-api-key', body: { key: 'ABSKsecretsecret' } },
  { method: 'DELETE', path: '/admin/api/bedrock-api-key' },
  { method: 'GET', path: '/admin/api/events' },
  { method: 'GET', path: '/admin/api/no-such-route' },
];

describe('admin token', () => {
  it.each(ROUTES)('$method $path without a token is 401 and never reaches the backend', async ({ method, path, body }) => {
    const error = await expectError(await call(path, { method, body, token: null }), 401, null);
    expect(error).toMatchObject({ type: 'authentication_error', code: 'unauthorized' });
    expect(error.message).toContain('npm run serve');
    expect(error.message).toContain('admin-token');
    expect(world.backend.calls).toEqual([]);
  });

  it.each(ROUTES)('$method $path with a wrong token is 401', async ({ method, path, body }) => {
    const res = await call(path, { method, body, token: `${TOKEN}x` });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const error = await expectError(res, 401);
    expect(error.message).toContain('does not match');
    expect(error.message).not.toContain(TOKEN);
    expect(world.backend.calls).toEqual([]);
  });

  it.each(ROUTES.filter((r) => r.path !== '/admin/api/events'))('$method $path with the token is not 401', async ({ method, path, body }) => {
    const res = await call(path, { method, body });
    expect(res.status).not.toBe(401);
    expect(res.headers.get('www-authenticate')).toBeNull();
    await res.arrayBuffer();
  });

  it('refuses other schemes, a malformed header, a prefix of the token and an empty one', async () => {
    for (const authorization of [`Basic ${TOKEN}`, `Bearer`, `Bearer ${TOKEN} extra`, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer  `, TOKEN]) {
      await expectError(await call('/admin/api/status', { token: null, headers: { authorization } }), 401);
    }
    expect((await call('/admin/api/status', { token: null, headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('takes ?token= only on the events stream', async () => {
    await expectError(await call(`/admin/api/status?token=${TOKEN}`, { token: null }), 401);
    await expectError(await call(`/admin/api/settings?token=${TOKEN}`, { token: null }), 401);
  });

  it('answers unknown admin routes with 404 once authenticated', async () => {
    const error = await expectError(await call('/admin/api/no-such-route'), 404);
    expect(error.message).toContain('/admin/api/no-such-route');
  });

  it("lets the settings page's own origin call it (browsers send Origin on PATCH)", async () => {
    const res = await call('/admin/api/settings', { method: 'PATCH', body: { port: 9000 }, headers: { origin: world.h.proxy.url } });
    expect(res.status).toBe(200);
  });

  it('marks admin responses as not cacheable', async () => {
    const res = await call('/admin/api/settings');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('status, profiles, models', () => {
  it('GET /status returns the backend status', async () => {
    const res = await call('/admin/api/status');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: '0.1.0-test', credentials: { status: 'valid' }, usesApiKey: false });
  });

  it('GET /profiles returns active, profiles and problems', async () => {
    const body = (await (await call('/admin/api/profiles')).json()) as { active: string; profiles: Array<{ name: string }>; problems: string[] };
    expect(body.active).toBe('default');
    expect(body.profiles.map((p) => p.name)).toEqual(['default', 'dev']);
    expect(body.problems).toHaveLength(1);
  });

  it('GET /models wraps the list in data', async () => {
    const body = (await (await call('/admin/api/models')).json()) as { data: Array<{ id: string }> };
    expect(body.data.map((m) => m.id)).toEqual(['claude-sonnet', 'titan-embed']);
  });
});

describe('sign-in', () => {
  it('POST starts one (201) and GET reads it back', async () => {
    const res = await call('/admin/api/sign-in', { method: 'POST', body: { profile: 'dev', deviceCode: true } });
    expect(res.status).toBe(201);
    const view = (await res.json()) as { id: string; flow: string; userCode: string; profile: string };
    expect(view).toMatchObject({ profile: 'dev', flow: 'device', userCode: 'ABCD-EFGH' });
    expect(world.backend.callsOf('startSignIn')).toEqual([[{ profile: 'dev', deviceCode: true }]]);
    const again = await call(`/admin/api/sign-in/${view.id}`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: view.id, state: 'pending' });
  });

  it('POST with no body signs in to the active profile', async () => {
    const res = await call('/admin/api/sign-in', { method: 'POST' });
    expect(res.status).toBe(201);
    expect(world.backend.callsOf('startSignIn')).toEqual([[{}]]);
  });

  it('POST with bad fields is 400 naming them', async () => {
    await expectError(await call('/admin/api/sign-in', { method: 'POST', body: { deviceCode: 'yes' } }), 400, 'deviceCode');
    await expectError(await call('/admin/api/sign-in', { method: 'POST', body: { profile: '' } }), 400, 'profile');
    await expectError(await call('/admin/api/sign-in', { method: 'POST', body: { profile: 'dev', flow: 'pkce' } }), 400, 'flow');
    await expectError(await call('/admin/api/sign-in', { method: 'POST', body: 'null' }), 400, 'body');
    await expectError(await call('/admin/api/sign-in', { method: 'POST', body: { profile: 'static-only' } }), 400, 'profile');
  });

  it('DELETE cancels (204); unknown ids are 404 for GET and DELETE', async () => {
    const view = (await (await call('/admin/api/sign-in', { method: 'POST', body: {} })).json()) as { id: string };
    const res = await call(`/admin/api/sign-in/${view.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(world.backend.signIns.get(view.id)?.state).toBe('cancelled');
    const error = await expectError(await call('/admin/api/sign-in/nope'), 404, 'id');
    expect(error.type).toBe('not_found_error');
    await expectError(await call('/admin/api/sign-in/nope', { method: 'DELETE' }), 404, 'id');
  });
});

describe('logs and usage', () => {
  const entry = (id: string): RequestLogEntry => ({ id, time: 1_700_000_000_000, endpoint: '/v1/chat/completions', model: 'claude-sonnet', stream: false, status: 200, latencyMs: 12 });

  it('GET /logs passes a validated query and wraps entries in data', async () => {
    world.backend.logs = [entry('a'), entry('b'), entry('c')];
    const res = await call('/admin/api/logs?limit=2&before=1700000000001&model=claude-sonnet&status=error&text=timeout');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: RequestLogEntry[] }).data.map((e) => e.id)).toEqual(['a', 'b']);
    expect(world.backend.callsOf('queryLogs')).toEqual([[{ limit: 2, before: 1_700_000_000_001, model: 'claude-sonnet', status: 'error', text: 'timeout' }]]);
  });

  it('GET /logs with no query asks for everything the backend gives by default', async () => {
    await (await call('/admin/api/logs')).arrayBuffer();
    expect(world.backend.callsOf('queryLogs')).toEqual([[{}]]);
    await (await call('/admin/api/logs?status=429')).arrayBuffer();
    expect(world.backend.callsOf('queryLogs')[1]).toEqual([{ status: '429' }]);
  });

  it('GET /logs passes client, a time window and a status class', async () => {
    await (await call('/admin/api/logs?client=cline&from=1700000000000&to=1700000900000&status=4xx&protocol=messages')).arrayBuffer();
    expect(world.backend.callsOf('queryLogs')).toEqual([[{ client: 'cline', from: 1_700_000_000_000, to: 1_700_000_900_000, status: '4xx', protocol: 'messages' }]]);
  });

  it.each([
    ['limit=abc', 'limit'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=-5', 'limit'],
    ['limit=2.5', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['before=yesterday', 'before'],
    ['from=yesterday', 'from'],
    ['to=-1', 'to'],
    ['client=', 'client'],
    ['status=6xx', 'status'],
    ['status=teapot', 'status'],
    ['colour=red', 'colour'],
  ])('GET /logs?%s is 400 naming %s', async (query, param) => {
    await expectError(await call(`/admin/api/logs?${query}`), 400, param);
    expect(world.backend.callsOf('queryLogs')).toEqual([]);
  });

  it('GET /usage defaults to 30 days and takes 1..365', async () => {
    const res = await call('/admin/api/usage');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ total: { requests: 2 } });
    await (await call('/admin/api/usage?days=1')).arrayBuffer();
    await (await call('/admin/api/usage?days=365')).arrayBuffer();
    expect(world.backend.callsOf('usage')).toEqual([[30], [1], [365]]);
  });

  it.each(['days=0', 'days=366', 'days=x', 'days=', 'days=7&days=8'])('GET /usage?%s is 400 naming days', async (query) => {
    await expectError(await call(`/admin/api/usage?${query}`), 400, 'days');
    expect(world.backend.callsOf('usage')).toEqual([]);
  });
});
