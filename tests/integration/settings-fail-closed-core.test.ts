import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { emulatorEnv } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// The running core with settings.json going bad underneath it: API-key enforcement stays on,
// the admin API reports the problem (for the UI's banner) until the file is good again, and a
// save from the settings window does not overwrite the user's file.

const KEY = { id: 'k1', name: 'Laptop', key: 'oc-core-fail-closed-0001', createdAt: '2026-01-01T00:00:00.000Z' };
let world: AwsWorld;
let core: OutcropCore | undefined;
let file: string;
beforeEach(async () => {
  world = await startAwsWorld();
  for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
  mkdirSync(world.outcropHome, { recursive: true });
  file = join(world.outcropHome, 'settings.json');
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await world.close();
});

const chat = (key?: string) =>
  fetch(`${core!.proxy.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'hi' }] }),
  });
const admin = async (path: string, init: RequestInit = {}) =>
  fetch(`${core!.proxy.url}/admin/api${path}`, { ...init, headers: { authorization: `Bearer ${core!.adminToken}`, 'content-type': 'application/json' } });
const status = async () => (await admin('/status')).json() as Promise<{ settingsProblem?: string; defaultModel: string }>;

/** The first truthy value of an async probe, polled for up to 5 s (undefined if none came). */
async function poll<T>(probe: () => Promise<T>): Promise<T | undefined> {
  for (const end = Date.now() + 5000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const value = await probe();
    if (value) return value;
  }
  return undefined;
}

describe('settings fail closed on the running core', () => {
  test('a corrupt settings.json keeps API keys required; the admin API shows the problem, refuses to overwrite the file, and clears once it is valid', async () => {
    writeFileSync(file, JSON.stringify({ version: 2, requireApiKey: true, apiKeys: [KEY] }));
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    const warnings: string[] = [];
    core.on('warning', (w) => warnings.push(w));
    expect((await chat()).status).toBe(401);
    expect((await status()).settingsProblem).toBeUndefined();

    writeFileSync(file, '{"version": 2, "requireApiKey": tr');
    const seen = await poll(async () => (await status()).settingsProblem);
    expect(seen).toContain('could not be read (the JSON ends too early, as if cut off): Outcrop keeps the last good settings; fix or delete the file.');
    expect(warnings.filter((w) => w.includes('could not be read'))).toHaveLength(1);
    // And in the diagnostic log, where a user without the window looks.
    expect(core.appLog.file).toBeDefined();
    expect(readFileSync(core.appLog.file!, 'utf8')).toContain('could not be read (the JSON ends too early, as if cut off)');

    // Still closed: no key, no service; the key still works.
    expect((await chat()).status).toBe(401);
    world.bedrock.script({ text: 'hello' });
    expect((await chat(KEY.key)).status).toBe(200);
    expect((await (await admin('/settings')).json()).requireApiKey).toBe(true);

    // A save from the settings window would overwrite the user's file: refused, with the reason.
    const refused = await admin('/settings', { method: 'PATCH', body: JSON.stringify({ keepBodies: true }) });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toContain('did not overwrite it');

    writeFileSync(file, JSON.stringify({ version: 2, requireApiKey: true, apiKeys: [KEY], defaultModel: 'nova-pro' }));
    const cleared = await poll(async () => {
      const st = await status();
      return st.settingsProblem === undefined && st.defaultModel === 'nova-pro';
    });
    expect(cleared).toBe(true);
    expect((await chat()).status).toBe(401);
  });

  test('unreadable at start-up: defaults (this machine only), and a non-loopback host is refused with the reason', async () => {
    writeFileSync(file, '{"version": 2, "host": "0.0.0.0", "requireApiKey": true, "apiKeys": [');
    await expect(OutcropCore.start({ home: world.outcropHome, host: '0.0.0.0', port: 0 })).rejects.toThrow(/Refusing to listen on 0\.0\.0\.0.*could not be read/);
    writeFileSync(file, '{"version": 2, "host": "0.0.0.0", "requireApiKey": true, "apiKeys": [');
    let warnings: string[];
    ({ core, warnings } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    expect(core.proxy.host).toBe('127.0.0.1');
    expect(warnings[0]).toContain('defaults are in use');
    expect((await status()).settingsProblem).toBe(warnings[0]);
  });
});
