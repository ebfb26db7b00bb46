import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { FakeElectron } from '../support/fake-electron';

// The Electron adapters against a fake `electron` module: they must render what the models say
// and apply the window policy. (The real module cannot load here: it downloads the binary.)
const fake = vi.hoisted(() => ({ current: undefined as unknown as FakeElectron }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('../support/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});

import { registerIpc } from '../../src-main/electron/ipc';
import { setLaunchAtLogin } from '../../src-main/electron/login-item';
import { showNotification } from '../../src-main/electron/notify';
import { menuTemplate, TrayRenderer } from '../../src-main/electron/tray';
import { SettingsWindow } from '../../src-main/electron/windows';
import type { TrayView } from '../../src-main/core/desktop/desktop-app';
import type { TrayAction } from '../../src-main/core/desktop/state';
import { trayIcon } from '../../src-main/core/desktop/tray-icon';
import { trayMenu } from '../../src-main/core/desktop/tray-menu';
import { IPC } from '../../src-shared/ipc';
import { desktopState } from '../support/desktop-state';

beforeEach(() => {
  fake.current.calls.length = 0;
});

const view = (platform: NodeJS.Platform, overrides = {}): TrayView => {
  const state = desktopState({ platform, ...overrides });
  return { status: 'running', icon: trayIcon('running', platform), tooltip: 'Outcrop — running', items: trayMenu(state) };
};

describe('tray.ts', () => {
  test('menuTemplate turns the model into Electron items; a click hands over the action', () => {
    const actions: TrayAction[] = [];
    const template = menuTemplate(trayMenu(desktopState()), (a) => actions.push(a));
    expect(template[0]).toEqual({ type: 'normal', id: 'status', label: 'Running — AWS profile dev', enabled: false });
    expect(template.find((i) => i.id === 'sep-top')).toEqual({ type: 'separator', id: 'sep-top' });
    const models = template.find((i) => i.id === 'default-model')!;
    expect(models).toMatchObject({ type: 'submenu', label: 'Default model: claude-sonnet' });
    const sonnet = (models.submenu as Array<Record<string, any>>).find((i) => i.id === 'default-model:builtin:claude-sonnet')!;
    expect(sonnet).toMatchObject({ type: 'radio', checked: true });
    (template.find((i) => i.id === 'caching')!.click as () => void)();
    sonnet.click();
    expect(actions).toEqual([{ type: 'set-caching', on: false }, { type: 'set-default-model', model: 'claude-sonnet' }]);
    expect(template.find((i) => i.id === 'status')!.click).toBeUndefined();
  });

  test('menuTemplate: the Claude Code models submenus nest, and a pick hands over its set-alias action', () => {
    const actions: TrayAction[] = [];
    const template = menuTemplate(trayMenu(desktopState()), (a) => actions.push(a));
    const claudeCode = template.find((i) => i.id === 'claude-code')!;
    expect(claudeCode).toMatchObject({ type: 'submenu', label: 'Claude Code models' });
    const opus = (claudeCode.submenu as Array<Record<string, any>>).find((i) => i.id === 'claude-code:opus')!;
    expect(opus).toMatchObject({ type: 'submenu', label: 'claude-opus-4-5 → Claude (as named)' });
    const entries = opus.submenu as Array<Record<string, any>>;
    expect(entries[0]).toMatchObject({ type: 'radio', label: 'Claude (as named)', checked: true });
    entries.find((i) => i.id === 'claude-code:opus:builtin:nova-pro')!.click();
    entries[0].click();
    expect(actions).toEqual([{ type: 'set-alias', name: 'claude-opus-4-5', target: 'nova-pro' }, { type: 'set-alias', name: 'claude-opus-4-5', target: null }]);
  });

  test('render builds the menu with Menu.buildFromTemplate, sets icon and tooltip; a new icon only when the state changes', () => {
    const tray = new TrayRenderer({ iconDir: '/app/tray', platform: 'linux', onAction: () => undefined });
    tray.render(view('linux'));
    const built = fake.current.callsTo('Menu.buildFromTemplate');
    expect(built).toHaveLength(1);
    expect((built[0].args[0] as Array<{ id: string }>).map((i) => i.id)).toEqual(trayMenu(desktopState()).map((i) => i.id));
    const instance = fake.current.Tray.instances.at(-1)!;
    expect(instance.image.path).toBe('/app/tray/linux/running.png');
    expect(instance.tooltip).toBe('Outcrop — running');
    expect(instance.menu).toBe(fake.current.callsTo('tray.setContextMenu')[0].args[0]);

    tray.render(view('linux'));
    expect(fake.current.callsTo('tray.setImage')).toHaveLength(0);
    expect(fake.current.callsTo('tray.setContextMenu')).toHaveLength(2);
    tray.render({ ...view('linux'), status: 'stopped', icon: trayIcon('stopped', 'linux') });
    expect(fake.current.callsTo('tray.setImage').map((c) => c.args[0])).toEqual(['/app/tray/linux/stopped.png']);
    expect(fake.current.callsTo('Tray.new')).toHaveLength(1);
    tray.destroy();
    expect(instance.destroyed).toBe(true);
  });

  test('macOS: template images', () => {
    new TrayRenderer({ iconDir: '/app/tray', platform: 'darwin', onAction: () => undefined }).render(view('darwin'));
    const image = fake.current.Tray.instances.at(-1)!.image;
    expect(image).toMatchObject({ path: '/app/tray/mac/running-Template.png', template: true });
  });

  test('Windows: a left click opens the menu too', () => {
    new TrayRenderer({ iconDir: 'C:\\app\\tray', platform: 'win32', onAction: () => undefined }).render(view('win32'));
    const instance = fake.current.Tray.instances.at(-1)!;
    expect(instance.image.path).toContain('win/running.ico');
    instance.emit('click');
    expect(fake.current.callsTo('tray.popUpContextMenu')).toHaveLength(1);
  });
});

describe('windows.ts', () => {
  const admin = 'http://127.0.0.1:8797';
  const setup = (adminUrl: string | undefined = admin) => {
    const external: string[] = [];
    const win = new SettingsWindow({ preload: '/app/dist/main/preload.cjs', platform: 'linux', icon: '/app/icon.png', context: () => ({ adminUrl, signInUrls: new Set(['http://127.0.0.1:5555/authorize?s=1']) }), openExternal: (url) => external.push(url) });
    return { win, external };
  };

  test('the window gets the secure webPreferences and loads the admin UI', () => {
    const { win } = setup();
    win.open(`${admin}/ui/`);
    const bw = fake.current.BrowserWindow.instances.at(-1)!;
    expect(bw.options.webPreferences).toMatchObject({ preload: '/app/dist/main/preload.cjs', contextIsolation: true, nodeIntegration: false, sandbox: true, webviewTag: false });
    expect(bw.options.icon).toBe('/app/icon.png');
    expect(bw.webContents.getURL()).toBe(`${admin}/ui/`);
    expect(bw.visible).toBe(true);
  });

  test('new windows are always denied; AWS sign-in and handed-out sign-in URLs go to the browser', () => {
    const { win, external } = setup();
    win.open(`${admin}/ui/`);
    const contents = fake.current.BrowserWindow.instances.at(-1)!.webContents;
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: `${admin}/ui/` })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://d-123.awsapps.com/start' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://127.0.0.1:5555/authorize?s=1' })).toEqual({ action: 'deny' });
    expect(external).toEqual(['https://d-123.awsapps.com/start', 'http://127.0.0.1:5555/authorize?s=1']);
  });

  test('a close or reload held back by unsaved settings asks; Leave lets it go, Stay keeps the window', () => {
    const { win } = setup();
    win.open(`${admin}/ui/#/settings`);
    const contents = fake.current.BrowserWindow.instances.at(-1)!.webContents;
    const unload = (): boolean => {
      let allowed = false;
      contents.emit('will-prevent-unload', { preventDefault: () => (allowed = true) });
      return allowed;
    };
    fake.current.messageBox.answer = 0; // Leave
    expect(unload()).toBe(true);
    fake.current.messageBox.answer = 1; // Stay
    expect(unload()).toBe(false);
    expect(fake.current.callsTo('dialog.showMessageBoxSync')[0].args[0]).toMatchObject({ buttons: ['Leave', 'Stay'], cancelId: 1, message: 'Settings has unsaved changes.' });
  });

  test('navigation stays within the admin UI; sign-in pages open in the browser; redirects are guarded too', () => {
    const { win, external } = setup();
    win.open(`${admin}/ui/`);
    const contents = fake.current.BrowserWindow.instances.at(-1)!.webContents;
    expect(contents.navigate(`${admin}/ui/#/logs`)).toBe(true);
    expect(contents.navigate('https://example.com/phish')).toBe(false);
    expect(contents.navigate('https://oidc.us-east-1.amazonaws.com/authorize?x=1')).toBe(false);
    expect(contents.navigate('https://example.com/', 'will-redirect')).toBe(false);
    expect(external).toEqual(['https://oidc.us-east-1.amazonaws.com/authorize?x=1']);
    expect(contents.getURL()).toBe(`${admin}/ui/#/logs`);
  });

  test('permissions: clipboard writes from the admin UI only', () => {
    const { win } = setup();
    win.open(`${admin}/ui/`);
    const session = fake.current.BrowserWindow.instances.at(-1)!.webContents.session;
    const answers: boolean[] = [];
    session.permissionRequestHandler!(null, 'clipboard-sanitized-write', (ok: boolean) => answers.push(ok), { requestingUrl: `${admin}/ui/` });
    session.permissionRequestHandler!(null, 'media', (ok: boolean) => answers.push(ok), { requestingUrl: `${admin}/ui/` });
    session.permissionRequestHandler!(null, 'clipboard-sanitized-write', (ok: boolean) => answers.push(ok), { requestingUrl: 'https://example.com/' });
    expect(answers).toEqual([true, false, false]);
    expect(session.permissionCheckHandler!(null, 'geolocation', admin)).toBe(false);
    expect(session.permissionCheckHandler!(null, 'clipboard-sanitized-write', admin)).toBe(true);
  });

  test('one window: opening again focuses it (navigating when asked elsewhere); retarget reloads it; after close a new one', () => {
    const { win } = setup();
    win.open(`${admin}/ui/`);
    const first = fake.current.BrowserWindow.instances.at(-1)!;
    win.open(`${admin}/ui/`);
    win.open(`${admin}/ui/#/logs`);
    expect(fake.current.BrowserWindow.instances.at(-1)).toBe(first);
    expect(fake.current.callsTo('win.loadURL').map((c) => c.args[0])).toEqual([`${admin}/ui/`, `${admin}/ui/#/logs`]);
    expect(win.owns(first.webContents as never)).toBe(true);
    win.retarget('http://127.0.0.1:9000/ui/');
    expect(first.webContents.getURL()).toBe('http://127.0.0.1:9000/ui/');
    first.destroy();
    expect(win.owns(first.webContents as never)).toBe(false);
    win.retarget('http://127.0.0.1:9001/ui/');
    expect(fake.current.BrowserWindow.instances.at(-1)).toBe(first);
    win.open(`${admin}/ui/`);
    expect(fake.current.BrowserWindow.instances.at(-1)).not.toBe(first);
  });
});

describe('notify.ts', () => {
  const note = { key: 'k', title: 'Port 8797 is already in use', body: 'b', buttons: [{ label: 'Use port 8798', action: { type: 'use-port' as const, port: 8798 } }, { label: 'Try again', action: { type: 'start-proxy' as const } }], clickAction: { type: 'start-proxy' as const } };

  test('macOS: buttons, a button press and a click carry out their actions', () => {
    const actions: TrayAction[] = [];
    showNotification(note, { platform: 'darwin', onAction: (a) => actions.push(a), icon: '/icon.png' });
    const n = fake.current.Notification.instances.at(-1)!;
    expect(n.options).toEqual({ title: 'Port 8797 is already in use', body: 'b', actions: [{ type: 'button', text: 'Use port 8798' }, { type: 'button', text: 'Try again' }] });
    expect(n.shown).toBe(true);
    n.emit('action', { actionIndex: 0 });
    n.emit('click');
    expect(actions).toEqual([{ type: 'use-port', port: 8798 }, { type: 'start-proxy' }]);
  });

  test('Linux: no buttons (Electron has none there), the icon, and the click action', () => {
    const actions: TrayAction[] = [];
    showNotification(note, { platform: 'linux', onAction: (a) => actions.push(a), icon: '/icon.png' });
    const n = fake.current.Notification.instances.at(-1)!;
    expect(n.options).toMatchObject({ actions: [], icon: '/icon.png' });
    n.emit('click');
    expect(actions).toEqual([{ type: 'start-proxy' }]);
  });
});

describe('login-item.ts', () => {
  test('macOS and Windows use the OS login items (Windows with the executable and app folder in development)', async () => {
    await setLaunchAtLogin(true, 'darwin', {});
    await setLaunchAtLogin(false, 'win32', {});
    const calls = fake.current.callsTo('app.setLoginItemSettings').map((c) => c.args[0]);
    expect(calls[0]).toEqual({ openAtLogin: true });
    expect(calls[1]).toEqual({ openAtLogin: false, path: process.execPath, args: [`"${process.cwd()}"`] });
  });

  test('Linux writes and removes an XDG autostart entry', async () => {
    const config = mkdtempSync(join(tmpdir(), 'outcrop-xdg-'));
    const env = { XDG_CONFIG_HOME: config, APPIMAGE: '/home/me/Apps/Outcrop 0.1.0.AppImage' };
    await setLaunchAtLogin(true, 'linux', env);
    const file = join(config, 'autostart', 'outcrop.desktop');
    expect(readFileSync(file, 'utf8')).toContain('Exec="/home/me/Apps/Outcrop 0.1.0.AppImage"');
    await setLaunchAtLogin(false, 'linux', env);
    expect(existsSync(file)).toBe(false);
    expect(fake.current.callsTo('app.setLoginItemSettings')).toHaveLength(0);
  });
});

describe('ipc.ts', () => {
  test('admin:locate answers trusted senders with the location, others with null; the handler can be removed', () => {
    let trusted = true;
    const unregister = registerIpc({ locate: () => ({ adminUrl: 'http://127.0.0.1:8797', token: 't' }), trusted: () => trusted });
    const ask = () => {
      const event = { returnValue: undefined as unknown };
      fake.current.ipcMain.emit(IPC.adminLocate, event);
      return event.returnValue;
    };
    expect(ask()).toEqual({ adminUrl: 'http://127.0.0.1:8797', token: 't' });
    trusted = false;
    expect(ask()).toBeNull();
    unregister();
    expect(fake.current.ipcMain.listenerCount(IPC.adminLocate)).toBe(0);
  });
});
