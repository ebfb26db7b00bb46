import { describe, expect, test } from 'vitest';
import { DesktopApp } from '../../src-main/core/desktop/desktop-app';
import type { TrayAction } from '../../src-main/core/desktop/state';
import type { TrayItem } from '../../src-main/core/desktop/tray-menu';
import { FakeCore, fakeShell } from '../support/fake-desktop';

function setup(configure: (core: FakeCore) => void = () => undefined) {
  const core = new FakeCore();
  configure(core);
  const fake = fakeShell();
  const app = new DesktopApp({ shell: fake.shell, platform: 'darwin', startCore: async () => ({ core, warnings: [] }), findFreePort: async (_host, from) => from });
  return { core, app, ...fake };
}

const item = (items: TrayItem[], id: string): TrayItem | undefined => {
  for (const i of items) {
    if (i.id === id) return i;
    if (i.type === 'submenu') {
      const inner = item(i.items, id);
      if (inner) return inner;
    }
  }
  return undefined;
};

describe('DesktopApp lifecycle', () => {
  test('start: the tray first shows starting, then running with the address; the proxy starts after the core', async () => {
    const { core, app, record, lastView } = setup();
    await app.start();
    expect(record.views[0].status).toBe('stopped');
    expect(item(record.views[0].items, 'status')).toMatchObject({ label: 'Outcrop is starting…' });
    expect(lastView().status).toBe('running');
    expect(lastView().icon).toEqual({ status: 'running', file: 'mac/running-Template.png', template: true });
    expect(lastView().tooltip).toBe('Outcrop — Running — AWS profile dev on http://127.0.0.1:8797');
    expect(core.events).toEqual(['startProxy']);
    expect(app.adminLocation()).toEqual({ adminUrl: 'http://127.0.0.1:8797', token: 'admin-token-123' });
    expect(record.notes).toEqual([]);
    expect(record.loginItem).toEqual([false]);
  });

  test('port in use: the error icon, a notification with the fix, and the fix moves the proxy', async () => {
    const { core, app, record, lastView } = setup((c) => c.takenPorts.add(8797));
    await app.start();
    expect(lastView().status).toBe('error');
    expect(app.snapshot.proxy).toMatchObject({ status: 'port-in-use', port: 8797, freePort: 8798 });
    expect(record.notes).toHaveLength(1);
    expect(record.notes[0]).toMatchObject({ title: 'Port 8797 is already in use', buttons: [{ label: 'Use port 8798', action: { type: 'use-port', port: 8798 } }, { label: 'Try again' }] });
    expect(app.adminLocation()).toBeNull();

    await app.perform(record.notes[0].buttons[0].action);
    expect(core.value.port).toBe(8798);
    expect(lastView().status).toBe('running');
    expect(app.snapshot.proxy).toEqual({ status: 'running', url: 'http://127.0.0.1:8798' });
    expect(record.notes).toHaveLength(1);
  });

  test('a retry that fails the same way does not notify again', async () => {
    const { app, record } = setup((c) => c.takenPorts.add(8797));
    await app.start();
    await app.perform({ type: 'start-proxy' });
    expect(record.notes).toHaveLength(1);
  });

  test('any other start failure is the error state with its message', async () => {
    const { app, record, lastView } = setup((c) => (c.startError = new Error('Refusing to listen on 0.0.0.0: other machines could spend your AWS credits.')));
    await app.start();
    expect(lastView().status).toBe('error');
    expect(record.notes[0]).toMatchObject({ title: 'Outcrop’s proxy could not start', body: expect.stringContaining('Refusing to listen on 0.0.0.0') });
  });

  test('stop and start from the tray', async () => {
    const { core, app, lastView } = setup();
    await app.start();
    await app.perform({ type: 'stop-proxy' });
    expect(core.running).toBe(false);
    expect(lastView().status).toBe('stopped');
    expect(item(lastView().items, 'start-proxy')).toBeDefined();
    expect(app.adminLocation()).toBeNull();
    await app.perform({ type: 'start-proxy' });
    expect(core.running).toBe(true);
    expect(lastView().status).toBe('running');
    expect(core.events).toEqual(['startProxy', 'stopProxy', 'startProxy']);
  });

  test('a wake from sleep warms the way to Bedrock, replacing the connections kept from before, while the proxy runs, not while it is stopped', async () => {
    const { core, app } = setup();
    await app.start();
    app.resumed();
    expect(core.events).toEqual(['startProxy', 'warmUpstream(afterSleep)']);
    await app.perform({ type: 'stop-proxy' });
    app.resumed();
    expect(core.events).toEqual(['startProxy', 'warmUpstream(afterSleep)', 'stopProxy']);
  });

  test('quit stops the proxy and flushes (core.close) before exiting, once', async () => {
    const { core, app, record } = setup();
    await app.start();
    await Promise.all([app.perform({ type: 'quit' }), app.quit()]);
    expect(core.closed).toBe(true);
    expect(core.events.at(-1)).toBe('close');
    expect(record.exits).toEqual([0]);
    expect(core.subscribers).toBe(0);
    expect(app.isQuitting).toBe(true);
  });

  test('quit waits for a start under way', async () => {
    const { core, app, record } = setup();
    const started = app.start();
    const quitting = app.quit();
    await Promise.all([started, quitting]);
    expect(core.events).toEqual(['startProxy', 'close']);
    expect(record.exits).toEqual([0]);
  });

  test('a core that cannot start is reported and the app exits with 1', async () => {
    const fake = fakeShell();
    const app = new DesktopApp({ shell: fake.shell, platform: 'linux', startCore: async () => { throw new Error('EACCES: permission denied, mkdir'); } });
    await app.start();
    expect(fake.record.errors).toEqual([['Outcrop could not start', 'EACCES: permission denied, mkdir']]);
    expect(fake.record.exits).toEqual([1]);
  });

  test('settings warnings at start are notified once', async () => {
    const core = new FakeCore();
    const fake = fakeShell();
    const app = new DesktopApp({ shell: fake.shell, platform: 'linux', startCore: async () => ({ core, warnings: ['settings.json was not valid JSON; it was kept as settings.json.corrupt-1 and defaults are used.'] }) });
    await app.start();
    expect(fake.record.notes.map((n) => n.body)).toEqual(['settings.json was not valid JSON; it was kept as settings.json.corrupt-1 and defaults are used.']);
  });
});

describe('DesktopApp actions', () => {
  test('copy address, default model, caching and profile change settings and re-render the menu', async () => {
    const { core, app, record, lastView } = setup((c) => c.profiles.push({ name: 'prod', kind: 'role' }));
    await app.start();
    await app.perform({ type: 'copy-address', text: 'http://127.0.0.1:8797/v1' });
    expect(record.copied).toEqual(['http://127.0.0.1:8797/v1']);
    await app.perform({ type: 'set-default-model', model: 'nova-pro' });
    expect(core.value.defaultModel).toBe('nova-pro');
    expect(item(lastView().items, 'default-model')).toMatchObject({ label: 'Default model: nova-pro' });
    await app.perform({ type: 'set-caching', on: false });
    expect(core.value.caching).toEqual({ system: false, tools: false, conversation: false });
    expect(item(lastView().items, 'caching')).toMatchObject({ checked: false });
    await app.perform({ type: 'set-profile', profile: 'prod' });
    expect(core.value.profile).toBe('prod');
    expect(item(lastView().items, 'profile')).toMatchObject({ label: 'AWS profile: prod' });
  });

  test('Claude Code models: a pick writes the alias through the settings, "Claude (as named)" removes it, other aliases stay', async () => {
    const { core, app, lastView } = setup((c) => (c.value = { ...c.value, aliases: { fast: 'claude-haiku' } }));
    await app.start();
    const pick = item(lastView().items, 'claude-code:opus:builtin:nova-pro');
    expect(pick).toMatchObject({ type: 'radio', checked: false });
    await app.perform((pick as { action: TrayAction }).action);
    expect(core.value.aliases).toEqual({ fast: 'claude-haiku', 'claude-opus-4-5': 'nova-pro' });
    expect(item(lastView().items, 'claude-code:opus')).toMatchObject({ label: 'claude-opus-4-5 → nova-pro' });
    expect(item(lastView().items, 'claude-code:opus:builtin:nova-pro')).toMatchObject({ checked: true });
    expect(item(lastView().items, 'claude-code:opus:as-named')).toMatchObject({ checked: false });

    // An alias added meanwhile elsewhere (the settings window) is kept by the next tray click.
    await core.settings.update({ aliases: { ...core.value.aliases, big: 'claude-opus' } });
    await app.perform((item(lastView().items, 'claude-code:opus:as-named') as { action: TrayAction }).action);
    expect(core.value.aliases).toEqual({ fast: 'claude-haiku', big: 'claude-opus' });
    expect(item(lastView().items, 'claude-code:opus')).toMatchObject({ label: 'claude-opus-4-5 → Claude (as named)' });
    expect(item(lastView().items, 'claude-code:opus:as-named')).toMatchObject({ checked: true });
  });

  test('a Claude Code alias the settings refuse becomes a warning, not a crash', async () => {
    const { core, app, record } = setup();
    await app.start();
    core.settings.update = async () => {
      throw new Error('settings.json could not be written');
    };
    await app.perform({ type: 'set-alias', name: 'claude-haiku-4-5', target: 'nova-lite' });
    expect(record.notes.map((n) => n.body)).toContain('Could not point claude-haiku-4-5 at nova-lite: settings.json could not be written');
  });

  test('launch at login follows the setting, applied once per change', async () => {
    const { app, record, lastView } = setup();
    await app.start();
    await app.perform({ type: 'set-launch-at-login', on: true });
    await new Promise((r) => setImmediate(r));
    expect(record.loginItem).toEqual([false, true]);
    expect(item(lastView().items, 'launch-at-login')).toMatchObject({ checked: true });
    await app.perform({ type: 'set-default-model', model: 'nova-lite' });
    await new Promise((r) => setImmediate(r));
    expect(record.loginItem).toEqual([false, true]);
  });

  test('expired credentials: needs-sign-in icon and notification; Sign in opens the AWS page in the browser; done notifies', async () => {
    const { core, app, record, lastView } = setup();
    await app.start();
    core.setCredentials({ profile: 'dev', status: 'needs-sign-in', message: 'expired' });
    expect(lastView().status).toBe('needs-sign-in');
    expect(record.notes.map((n) => n.title)).toEqual(['AWS sign-in needed']);
    await app.perform(record.notes[0].buttons[0].action);
    expect(core.signInStarts).toEqual([{}]);
    expect(record.external).toEqual(['https://oidc.us-east-1.amazonaws.com/authorize?client_id=c']);
    expect(item(lastView().items, 'sign-in')).toMatchObject({ enabled: false });
    expect(app.windowContext().signInUrls.has('https://oidc.us-east-1.amazonaws.com/authorize?client_id=c')).toBe(true);
    core.publish({ type: 'sign-in', signIn: { id: 'sign-in-1', profile: 'dev', flow: 'pkce', url: 'https://oidc.us-east-1.amazonaws.com/authorize?client_id=c', state: 'done', expiresAt: '2030-01-01T18:00:00Z' } });
    core.setCredentials({ profile: 'dev', status: 'valid', expiresAt: '2030-01-01T18:00:00Z' });
    expect(record.notes.map((n) => n.title)).toEqual(['AWS sign-in needed', 'Signed in to AWS']);
    expect(lastView().status).toBe('running');
  });

  test('a sign-in URL handed out to the settings window is allowed to open externally', async () => {
    const { core, app } = setup();
    await app.start();
    core.publish({ type: 'sign-in', signIn: { id: 'x', profile: 'dev', flow: 'pkce', url: 'http://127.0.0.1:5555/authorize?state=s', state: 'pending' } });
    expect(app.windowContext()).toMatchObject({ adminUrl: 'http://127.0.0.1:8797' });
    expect(app.windowContext().signInUrls.has('http://127.0.0.1:5555/authorize?state=s')).toBe(true);
  });

  test('open settings and logs load the admin UI; with the proxy stopped, settings start it and logs open the folder', async () => {
    const { core, app, record } = setup();
    await app.start();
    await app.perform({ type: 'open-settings' });
    await app.perform({ type: 'open-logs' });
    await app.perform({ type: 'open-settings', screen: 'models' });
    expect(record.opened).toEqual(['http://127.0.0.1:8797/ui/', 'http://127.0.0.1:8797/ui/#/logs', 'http://127.0.0.1:8797/ui/#/models']);
    await app.perform({ type: 'stop-proxy' });
    await app.perform({ type: 'open-logs' });
    expect(record.paths).toEqual([core.requestLog.dir]);
    await app.perform({ type: 'open-settings' });
    expect(core.running).toBe(true);
    expect(record.opened.at(-1)).toBe('http://127.0.0.1:8797/ui/');
  });

  test('the settings UI\'s "Show in folder" reaches the file manager through the shell once the core runs', async () => {
    const { core, app, record } = setup();
    expect(core.fileRevealer).toBeUndefined();
    await app.start();
    core.fileRevealer!('/home/me/.config/outcrop/logs/outcrop-desktop.log');
    expect(record.shownInFolder).toEqual(['/home/me/.config/outcrop/logs/outcrop-desktop.log']);
  });

  test('the proxy moving (a port change in settings) retargets the open window', async () => {
    const { core, app, record } = setup();
    await app.start();
    core.proxy = { url: 'http://127.0.0.1:9000' };
    core.publish({ type: 'listening', url: 'http://127.0.0.1:9000' });
    expect(record.retargeted).toEqual(['http://127.0.0.1:9000/ui/']);
    expect(app.adminLocation()?.adminUrl).toBe('http://127.0.0.1:9000');
  });

  test('a failing action becomes a notification, not a crash', async () => {
    const { core, app, record } = setup();
    await app.start();
    core.settings.update = async () => {
      throw new Error('disk full');
    };
    await app.perform({ type: 'set-default-model', model: 'nova-pro' });
    expect(record.notes.at(-1)).toMatchObject({ body: 'Could not make nova-pro the default model: disk full' });
  });

  test('core warnings are notified', async () => {
    const { core, app, record } = setup();
    await app.start();
    core.publish({ type: 'warning', message: 'Could not move to 127.0.0.1:9000: taken' });
    expect(record.notes.map((n) => n.body)).toEqual(['Could not move to 127.0.0.1:9000: taken']);
  });

  test('nothing happens after quit', async () => {
    const { core, app, record } = setup();
    await app.start();
    await app.quit();
    const views = record.views.length;
    await app.perform({ type: 'start-proxy' });
    core.publish({ type: 'warning', message: 'late' });
    expect(record.views.length).toBe(views);
    expect(core.events).toEqual(['startProxy', 'close']);
  });
});
