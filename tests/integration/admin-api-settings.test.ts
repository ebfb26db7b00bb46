import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src-shared/settings';
import { expectAdminError } from '../support/admin-client';
import { FAKE_ADMIN_TOKEN, useFakeAdminWorld } from '../support/fake-admin-world';

// The admin API's write routes over a real socket, with an in-memory backend: settings patches
// validated key by key, backend errors mapped to 400/500, and the Bedrock API key never echoed.

const TOKEN = FAKE_ADMIN_TOKEN;
const world = useFakeAdminWorld();
const { call } = world;
const expectError = expectAdminError;

describe('settings', () => {
  it('GET returns the settings', async () => {
    expect(await (await call('/admin/api/settings')).json()).toEqual(defaultSettings());
  });

  it('PATCH validates each key and passes only the given keys', async () => {
    const res = await call('/admin/api/settings', { method: 'PATCH', body: { port: 9000, aliases: { fast: 'claude-haiku' }, caching: { system: false, tools: true, conversation: true } } });
    expect(res.status).toBe(200);
    expect(world.backend.callsOf('patchSettings')).toEqual([[{ port: 9000, aliases: { fast: 'claude-haiku' }, caching: { system: false, tools: true, conversation: true } }]]);
    expect(await res.json()).toMatchObject({ port: 9000, aliases: { fast: 'claude-haiku' }, defaultModel: 'claude-sonnet' });
  });

  it('PATCH with null resets a key (reaches the backend as undefined)', async () => {
    world.backend.settings = { ...defaultSettings(), region: 'eu-west-1', port: 9000 };
    const res = await call('/admin/api/settings', { method: 'PATCH', body: { region: null, port: null } });
    expect(res.status).toBe(200);
    const [[patch]] = world.backend.callsOf('patchSettings') as Array<[Record<string, unknown>]>;
    expect(Object.keys(patch).sort()).toEqual(['port', 'region']);
    expect(patch.region).toBeUndefined();
    const body = (await res.json()) as { port: number; region?: string };
    expect(body.port).toBe(8797);
    expect(body.region).toBeUndefined();
  });

  it('PATCH with an unknown key is 400 naming it', async () => {
    const error = await expectError(await call('/admin/api/settings', { method: 'PATCH', body: { port: 9000, colour: 'blue' } }), 400, 'colour');
    expect(error.message).toContain("Unknown setting 'colour'");
    expect(error.type).toBe('invalid_request_error');
    expect(world.backend.callsOf('patchSettings')).toEqual([]);
  });

  it('PATCH with a bad value is 400 naming the field, nested paths included', async () => {
    await expectError(await call('/admin/api/settings', { method: 'PATCH', body: { port: 70000 } }), 400, 'port');
    await expectError(await call('/admin/api/settings', { method: 'PATCH', body: { port: '9000' } }), 400, 'port');
    await expectError(await call('/admin/api/settings', { method: 'PATCH', body: { caching: { system: 'yes', tools: true, conversation: true } } }), 400, 'caching.system');
    await expectError(await call('/admin/api/settings', { method: 'PATCH', body: { apiKeys: [{ id: 'a', name: 'n', key: 'short', createdAt: 'now' }] } }), 400, 'apiKeys[0].key');
    await expectError(await call('/admin/api/settings', { method: 'PATCH', body: { version: 2 } }), 400, 'version');
    expect(world.backend.callsOf('patchSettings')).toEqual([]);
  });

  it('PATCH with a body that is not an object, or not JSON, is 400', async () => {
    await expectError(await call('/admin/api/settings', { method: 'PATCH', body: [1, 2] }), 400, 'body');
    await expectError(await call('/admin/api/settings', { method: 'PATCH' }), 400, 'body');
    const error = await expectError(await call('/admin/api/settings', { method: 'PATCH', body: '{"port":' }), 400);
    expect(error.code).toBe('invalid_json');
  });

  it('PATCH {} changes nothing and returns the settings', async () => {
    const res = await call('/admin/api/settings', { method: 'PATCH', body: {} });
    expect(res.status).toBe(200);
    expect(world.backend.callsOf('patchSettings')).toEqual([]);
  });

  it("a backend error with a param is a 400 with it; any other is a 500 with the backend's message", async () => {
    const error = await expectError(await call('/admin/api/settings', { method: 'PATCH', body: { defaultModel: 'no-such-model' } }), 400, 'defaultModel');
    expect(error.message).toContain('no-such-model');
    world.backend.failNext('patchSettings', new Error('The settings file could not be written: disk full.'));
    const internal = await expectError(await call('/admin/api/settings', { method: 'PATCH', body: { port: 9001 } }), 500, null);
    expect(internal.message).toBe('The settings file could not be written: disk full.');
    expect(internal.type).toBe('server_error');
  });
});

describe('Bedrock API key', () => {
  const KEY = 'ABSKQmVkcm9ja0FQSUtleS1zZWNyZXQ=';

  it('PUT stores the trimmed key (204, nothing echoed); DELETE removes it', async () => {
    const res = await call('/admin/api/bedrock-api-key', { method: 'PUT', body: { key: `  ${KEY}\n` } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(world.backend.bedrockApiKey).toBe(KEY);
    const del = await call('/admin/api/bedrock-api-key', { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(world.backend.callsOf('setBedrockApiKey')).toEqual([[KEY], [undefined]]);
  });

  it('PUT with a missing, empty, spaced or extra field is 400 and never echoes the key', async () => {
    await expectError(await call('/admin/api/bedrock-api-key', { method: 'PUT', body: {} }), 400, 'key');
    await expectError(await call('/admin/api/bedrock-api-key', { method: 'PUT', body: { key: '   ' } }), 400, 'key');
    await expectError(await call('/admin/api/bedrock-api-key', { method: 'PUT', body: { key: 42 } }), 400, 'key');
    const spaced = await expectError(await call('/admin/api/bedrock-api-key', { method: 'PUT', body: { key: `${KEY} ${KEY}` } }), 400, 'key');
    expect(spaced.message).not.toContain(KEY);
    await expectError(await call('/admin/api/bedrock-api-key', { method: 'PUT', body: { key: KEY, region: 'us-east-1' } }), 400, 'region');
    await expectError(await call('/admin/api/bedrock-api-key', { method: 'PUT' }), 400, 'body');
    expect(world.backend.callsOf('setBedrockApiKey')).toEqual([]);
  });

  it('a backend failure is a 500 that does not carry the key', async () => {
    world.backend.failNext('setBedrockApiKey', new Error('The OS keychain is locked; unlock it and try again.'));
    const error = await expectError(await call('/admin/api/bedrock-api-key', { method: 'PUT', body: { key: KEY } }), 500);
    expect(error.message).toBe('The OS keychain is locked; unlock it and try again.');
    expect(JSON.stringify(error)).not.toContain(KEY);
  });
});
