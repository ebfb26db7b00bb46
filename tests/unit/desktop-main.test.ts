import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import type { FakeElectron, FakeElectronOptions } from '../support/fake-electron';
import { until } from '../support/wait';

// main.ts composes the real core with the Electron adapters; here against a fake `electron`.
const fake = vi.hoisted(() => ({ current: undefined as unknown as FakeElectron, options: { lock: true, encryption: true, storageBackend: 'gnome_libsecret' } as FakeElectronOptions }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('../support/fake-electron');
  fake.current = createFakeElectron(fake.options);
  return fake.current.module;
});

const home = mkdtempSync(join(tmpdir(), 'outcrop-desktop-'));
writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 2, port: 0 }));
vi.stubEnv('OUTCROP_HOME', home);
const realPlatform = process.platform;
afterAll(() => {
  Object.defineProperty(process, 'platform', { value: realPlatform });
  vi.unstubAllEnvs();
});


type MenuEntry = { id: string; label?: string; click?: () => void; submenu?: MenuEntry[] };
const menu = () => (fake.current.Tray.instances.at(-1)?.menu?.template ?? []) as MenuEntry[];
const click = (id: string) => menu().find((i) => i.id === id)!.click!();
/** The proxy address once a tray created after `trays` others shows it running. */
const running = (trays = 0) => () => (fake.current.Tray.instances.length > trays ? menu().find((i) => i.id === 'address' && i.label?.startsWith('Copy address'))?.label?.match(/(http:\/\/[^/\s]+)\/v1/)?.[1] : undefined);

describe('main.ts composition', () => {
  test('starts the app: one home, single-instance lock, tray, proxy, sealed secrets, settings window with IPC, clean quit', async () => {
    await import('../../src-main/electron/main');
    const url = await until('the proxy to run', running());
    const electron = fake.current;

    expect(electron.callsTo('app.setName').map((c) => c.args)).toEqual([['Outcrop']]);
    expect(electron.paths.get('userData')).toBe(home);
    expect(electron.paths.get('sessionData')).toBe(join(home, 'chromium'));
    expect(electron.callsTo('app.requestSingleInstanceLock')).toHaveLength(1);
    for (const event of ['second-instance', 'window-all-closed', 'before-quit']) expect(electron.app.listenerCount(event), event).toBe(1);
    expect(electron.powerMonitor.listenerCount('resume')).toBe(1);
    expect(electron.callsTo('app.dock.hide')).toHaveLength(0); // Linux here

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const token = readFileSync(join(home, 'admin-token'), 'utf8').trim();

    // The Bedrock API key is sealed by safeStorage, in its own file.
    const put = await fetch(`${url}/admin/api/bedrock-api-key`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ key: 'ABSK-secret-key-1234567890' }) });
    expect(put.status).toBe(204);
    const sealed = JSON.parse(readFileSync(join(home, 'sealed', 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(Buffer.from(sealed['bedrock-api-key'], 'base64').toString()).toBe('sealed:ABSK-secret-key-1234567890');
    expect(existsSync(join(home, 'secrets.json'))).toBe(false);

    // The preload's question is answered for the settings window only.
    const ask = (sender: unknown, frameUrl: string) => {
      const event = { sender, senderFrame: { url: frameUrl }, returnValue: undefined as unknown };
      electron.ipcMain.emit('admin:locate', event);
      return event.returnValue;
    };
    expect(ask({ id: 999 }, `${url}/ui/`)).toBeNull();
    click('open-settings');
    const win = await until('the settings window', () => electron.BrowserWindow.instances.at(-1));
    expect(win.webContents.getURL()).toBe(`${url}/ui/`);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(ask(win.webContents, `${url}/ui/`)).toEqual({ adminUrl: url, token });
    expect(ask(win.webContents, 'https://example.com/')).toBeNull();

    // A second launch focuses the window instead of starting another app.
    const focused = electron.callsTo('win.focus').length;
    electron.app.emit('second-instance');
    await until('the settings window to be focused again', () => electron.callsTo('win.focus').length > focused);
    expect(electron.BrowserWindow.instances).toHaveLength(1);

    // Quit (Cmd+Q): before-quit is taken over, the proxy stops, the log is flushed, then exit 0.
    electron.app.quit();
    await until('exit', () => electron.app.exitCode !== undefined);
    expect(electron.app.exitCode).toBe(0);
    expect(electron.Tray.instances.at(-1)!.destroyed).toBe(true);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  test('macOS: the Dock icon is hidden and the tray uses template images', async () => {
    fake.current.app.removeAllListeners();
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    vi.resetModules();
    fake.current.calls.length = 0;
    const trays = fake.current.Tray.instances.length;
    await import('../../src-main/electron/main');
    await until('the proxy to run', running(trays));
    expect(fake.current.callsTo('app.dock.hide')).toHaveLength(1);
    expect(fake.current.Tray.instances.at(-1)!.image).toMatchObject({ template: true });
    // Which state (running, or error once the setup diagnosis finds no AWS configuration here) depends on timing; the template image does not.
    expect(fake.current.Tray.instances.at(-1)!.image.path).toMatch(/mac\/(running|error)-Template\.png$/);
    fake.current.app.quit();
    await until('exit', () => fake.current.callsTo('app.exit').length > 0);
  });

  test('a second instance with the same home quits at once', async () => {
    fake.current.app.removeAllListeners();
    fake.options.lock = false;
    vi.resetModules();
    fake.current.calls.length = 0;
    const trays = fake.current.Tray.instances.length;
    await import('../../src-main/electron/main');
    // Quitting is all it does: it never runs the app (whose first step adds the listeners below).
    await until('app.quit', () => fake.current.callsTo('app.quit').length > 0);
    expect(fake.current.callsTo('app.quit')).toHaveLength(1);
    expect(fake.current.Tray.instances.length).toBe(trays);
    expect(fake.current.app.listenerCount('before-quit')).toBe(0);
  });
});
