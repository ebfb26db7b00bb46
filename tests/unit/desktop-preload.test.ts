import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { FakeElectron } from '../support/fake-electron';
import { IPC, isAdminLocation } from '../../src-shared/ipc';

// The preload is the settings window's only door to the main process: it must expose exactly
// the admin URL and token, and nothing when the main process says no.
const fake = vi.hoisted(() => ({ current: undefined as unknown as FakeElectron, reply: undefined as unknown }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('../support/fake-electron');
  fake.current = createFakeElectron({ sendSync: () => fake.reply });
  return fake.current.module;
});

// Runs the preload afresh (the mocked electron module stays, so its records are cleared).
async function loadPreload(reply: unknown) {
  fake.reply = reply;
  vi.resetModules();
  if (fake.current) {
    fake.current.calls.length = 0;
    fake.current.contextBridge.exposed.clear();
  }
  await import('../../src-main/electron/preload');
  return fake.current;
}

beforeEach(() => {
  fake.reply = undefined;
});

describe('preload', () => {
  test('exposes window.outcrop = {adminUrl, token} and nothing more, asked over admin:locate', async () => {
    const electron = await loadPreload({ adminUrl: 'http://127.0.0.1:8797', token: 'tok' });
    expect(electron.callsTo('ipcRenderer.sendSync').map((c) => c.args)).toEqual([[IPC.adminLocate]]);
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['outcrop']);
    const api = electron.contextBridge.exposed.get('outcrop') as Record<string, unknown>;
    expect(api).toEqual({ adminUrl: 'http://127.0.0.1:8797', token: 'tok' });
    expect(Object.keys(api).sort()).toEqual(['adminUrl', 'token']);
  });

  test('exposes nothing when the main process refuses (null) or answers something unexpected', async () => {
    for (const reply of [null, undefined, { adminUrl: 'http://127.0.0.1:8797' }, { adminUrl: 'http://127.0.0.1:8797', token: 'tok', ipcRenderer: {} }, { adminUrl: 'file:///etc', token: 'tok' }, 'http://127.0.0.1:8797']) {
      const electron = await loadPreload(reply);
      expect(electron.contextBridge.exposed.size, JSON.stringify(reply)).toBe(0);
    }
  });

  test('the shared contract: channel names are namespace:verb, and the location check is strict', () => {
    for (const channel of Object.values(IPC)) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
    expect(isAdminLocation({ adminUrl: 'http://127.0.0.1:8797', token: 'x' })).toBe(true);
    expect(isAdminLocation({ adminUrl: 'http://127.0.0.1:8797', token: '' })).toBe(false);
    expect(isAdminLocation({ adminUrl: 'nope', token: 'x' })).toBe(false);
  });
});
