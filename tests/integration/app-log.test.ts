import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { emulatorEnv, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// The diagnostic log (issue 19): one file per process under the Outcrop home, failures with their
// cause chain, the level from settings (live) or OUTCROP_LOG_LEVEL, and no secret in it however
// a client or an error carries one.

let world: AwsWorld | undefined;
let core: OutcropCore | undefined;
afterEach(async () => {
  await core?.close();
  await world?.close();
  core = world = undefined;
});

interface Line {
  level: number;
  msg: string;
  [key: string]: unknown;
}
const lines = (file: string): Line[] => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 };

// Secrets in every place a client or an upstream error can put one.
const CLIENT_KEY = 'sk-outcrop-client-key-1234567890';
const BEARER = 'tok-bearer-ABCDEF0123456789';
const IMAGE_BYTES = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk';

async function startCore(settings: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<OutcropCore> {
  world = await startAwsWorld();
  for (const [k, v] of Object.entries({ ...emulatorEnv(world.bedrock.url), ...env })) vi.stubEnv(k, v);
  mkdirSync(world.outcropHome, { recursive: true });
  if (Object.keys(settings).length) writeFileSync(join(world.outcropHome, 'settings.json'), JSON.stringify({ version: 2, ...settings }));
  ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
  return core;
}

const post = (c: OutcropCore, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${c.proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('the diagnostic log', () => {
  test('lives at logs/outcrop-serve.log (0600), says where, and records a Bedrock failure with its cause', async () => {
    const c = await startCore();
    const file = join(world!.outcropHome, 'logs', 'outcrop-serve.log');
    expect(c.appLog.file).toBe(file);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lines(file).map((l) => l.msg)).toEqual(expect.arrayContaining(['Outcrop starting', 'listening']));

    // Not an error the SDK retries: the one scripted failure reaches the client.
    world!.bedrock.script({ error: { type: 'ModelErrorException', message: 'emulated breakdown' } });
    const res = await post(c, '/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(502);
    const failure = lines(file).find((l) => l.level === LEVEL.error && String(l.msg).includes('bedrock_model_error'));
    expect(failure, readFileSync(file, 'utf8')).toBeDefined();
    expect(failure).toMatchObject({ endpoint: '/v1/chat/completions', status: 502, model: 'nova-pro', reqId: expect.anything() });
    // The client's error, then what the SDK said underneath (its name and HTTP status).
    const err = failure!.err as { type: string; code: string; cause?: { type: string; status?: number; message: string } };
    expect(err).toMatchObject({ type: 'ProxyError', code: 'bedrock_model_error' });
    expect(err.cause).toMatchObject({ type: 'ModelErrorException', status: 424, message: 'emulated breakdown' });
  });

  test('never holds a key, token, credential or image bytes, at debug level with bodies kept', async () => {
    const c = await startCore({ logLevel: 'debug', keepBodies: true });
    const file = c.appLog.file!;
    // A client key, a bearer token and image bytes in a request that fails upstream, and one that fails validation.
    world!.bedrock.script({ error: { type: 'ModelErrorException', message: `failed for ${TEST_ACCESS_KEY_ID} secret_access_key=${TEST_SECRET_ACCESS_KEY} Authorization: Bearer ${BEARER}` } });
    const image = { type: 'image_url', image_url: { url: `data:image/png;base64,${IMAGE_BYTES}` } };
    await post(c, '/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }, image] }] }, { authorization: `Bearer ${BEARER}`, 'x-api-key': CLIENT_KEY });
    await post(c, '/v1/messages', { model: 'nova-pro', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 42 } }] }] }, { 'x-api-key': CLIENT_KEY });
    await post(c, '/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: 'fine' }] }, { authorization: `Bearer ${BEARER}`, cookie: `session=${BEARER}` });
    // An image URL carrying a token (refused: loopback), with its URL in the error.
    await post(c, '/v1/chat/completions', { model: 'nova-pro', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `http://127.0.0.1:9/cat.png?token=${BEARER}` } }] }] });
    // The admin API with its token in the header and in the query.
    await fetch(`${c.proxy.url}/admin/api/status`, { headers: { authorization: `Bearer ${c.adminToken}` } });
    await fetch(`${c.proxy.url}/admin/api/events?token=${c.adminToken}`, { signal: AbortSignal.timeout(300) }).then((r) => r.body?.cancel(), () => undefined);
    const text = readFileSync(file, 'utf8');
    // Something was logged for each request, at debug: otherwise this test proves nothing.
    expect(lines(file).filter((l) => l.endpoint === '/v1/chat/completions').length).toBeGreaterThanOrEqual(2);
    expect(lines(file).some((l) => l.endpoint === '/v1/messages')).toBe(true);
    for (const secret of [CLIENT_KEY, BEARER, IMAGE_BYTES, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, c.adminToken]) expect(text).not.toContain(secret);
  });

  test('the level follows the setting live; OUTCROP_LOG_LEVEL wins over it', async () => {
    const c = await startCore({ logLevel: 'warn' });
    expect(c.appLog.level).toBe('warn');
    await c.settings.update({ logLevel: 'debug' });
    expect(c.appLog.level).toBe('debug');
    // The admin API says where the file is; headless, nothing can show it in a file manager.
    const admin = (path: string, method = 'GET') => fetch(`${c.proxy.url}/admin/api${path}`, { method, headers: { authorization: `Bearer ${c.adminToken}` } }).then((r) => r.json());
    expect((await admin('/status')).diagnosticLog).toEqual({ file: c.appLog.file, level: 'debug', levelFrom: 'settings', canReveal: false });
    expect(await admin('/log-file/reveal', 'POST')).toEqual({ revealed: false, file: c.appLog.file });
    // The desktop app hands the core a way to show files.
    const shown: string[] = [];
    c.setFileRevealer((file) => shown.push(file));
    expect((await admin('/status')).diagnosticLog.canReveal).toBe(true);
    expect(await admin('/log-file/reveal', 'POST')).toEqual({ revealed: true, file: c.appLog.file });
    expect(shown).toEqual([c.appLog.file]);
    await c.close();
    core = undefined;
    await world!.close();
    world = undefined;

    const pinned = await startCore({ logLevel: 'debug' }, { OUTCROP_LOG_LEVEL: 'error' });
    expect(pinned.appLog).toMatchObject({ level: 'error', levelFrom: 'env' });
    await pinned.settings.update({ logLevel: 'info' });
    expect(pinned.appLog.level).toBe('error');
  });
});
