import { describe, expect, test } from 'vitest';
import { catalogByAlias } from '../../src-proxy/models/catalog';
import { trayIcon, trayStatus } from '../../src-main/core/desktop/tray-icon';
import { AS_NAMED, FAVOURITE_MODELS, MAX_MENU_ALIASES, statusLine, trayMenu, trayTooltip, withAliasTarget, type TrayItem } from '../../src-main/core/desktop/tray-menu';
import { CLAUDE_CODE_TIERS } from '../../src-shared/claude-code';
import { desktopState } from '../support/desktop-state';

function find(items: TrayItem[], id: string): TrayItem | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    if (item.type === 'submenu') {
      const inner = find(item.items, id);
      if (inner) return inner;
    }
  }
  return undefined;
}
const ids = (items: TrayItem[]) => items.map((i) => i.id);
const sub = (items: TrayItem[], id: string) => {
  const item = find(items, id);
  if (item?.type !== 'submenu') throw new Error(`${id} is not a submenu`);
  return item.items;
};

describe('the tray menu model', () => {
  test('running with valid credentials: every everyday action, in order, no sign-in item', () => {
    const menu = trayMenu(desktopState());
    expect(ids(menu)).toEqual(['status', 'address', 'sep-top', 'default-model', 'claude-code', 'caching', 'profile', 'sep-proxy', 'stop-proxy', 'open-settings', 'open-logs', 'sep-app', 'launch-at-login', 'quit']);
    expect(find(menu, 'status')).toMatchObject({ enabled: false, label: 'Running — AWS profile dev' });
    expect(find(menu, 'address')).toMatchObject({ enabled: true, label: 'Copy address  http://127.0.0.1:8797/v1', action: { type: 'copy-address', text: 'http://127.0.0.1:8797/v1' } });
    expect(find(menu, 'sign-in')).toBeUndefined();
    expect(find(menu, 'quit')).toMatchObject({ action: { type: 'quit' } });
    expect(find(menu, 'open-settings')).toMatchObject({ enabled: true, action: { type: 'open-settings' } });
    expect(find(menu, 'open-logs')).toMatchObject({ action: { type: 'open-logs' } });
  });

  test('default model: a radio list of the user aliases, then the built-in favourites, the current one checked', () => {
    const menu = trayMenu(desktopState({ settings: { ...desktopState().settings, defaultModel: 'fast', aliases: { fast: 'claude-haiku', 'gpt-4o': 'claude-sonnet' } } }));
    expect(find(menu, 'default-model')).toMatchObject({ label: 'Default model: fast' });
    const items = sub(menu, 'default-model');
    const radios = items.filter((i) => i.type === 'radio');
    expect(radios.map((i) => i.type === 'radio' && i.label)).toEqual(['fast', 'gpt-4o', ...FAVOURITE_MODELS]);
    expect(radios.filter((i) => i.type === 'radio' && i.checked).map((i) => i.id)).toEqual(['default-model:alias:fast']);
    expect(find(items, 'default-model:builtin:nova-pro')).toMatchObject({ action: { type: 'set-default-model', model: 'nova-pro' } });
    expect(items.some((i) => i.type === 'separator')).toBe(true);
  });

  test('every favourite is a built-in alias the proxy resolves', () => {
    for (const m of FAVOURITE_MODELS) expect(catalogByAlias(m), m).toBeDefined();
  });

  test('a default model that is neither an alias nor a favourite stays listed and checked; many aliases link to settings', () => {
    const aliases = Object.fromEntries(Array.from({ length: MAX_MENU_ALIASES + 3 }, (_, i) => [`alias-${String(i).padStart(2, '0')}`, 'claude-sonnet']));
    const items = sub(trayMenu(desktopState({ settings: { ...desktopState().settings, defaultModel: 'us.amazon.nova-pro-v1:0', aliases } })), 'default-model');
    expect(items[0]).toMatchObject({ type: 'radio', label: 'us.amazon.nova-pro-v1:0', checked: true });
    expect(items.filter((i) => i.id.startsWith('default-model:alias:'))).toHaveLength(MAX_MENU_ALIASES);
    expect(find(items, 'more-models')).toMatchObject({ label: `All ${MAX_MENU_ALIASES + 3} aliases…`, action: { type: 'open-settings', screen: 'models' } });
  });

  test('Claude Code models: one submenu per name Claude Code sends, as the setup snippet exports them', () => {
    const menu = trayMenu(desktopState());
    expect(find(menu, 'claude-code')).toMatchObject({ type: 'submenu', label: 'Claude Code models' });
    const tiers = sub(menu, 'claude-code');
    expect(ids(tiers)).toEqual(['claude-code:opus', 'claude-code:sonnet', 'claude-code:haiku']);
    expect(tiers.map((t) => t.type === 'submenu' && t.label)).toEqual(Object.values(CLAUDE_CODE_TIERS).map((name) => `${name} → ${AS_NAMED}`));
  });

  test('a Claude Code name without an alias: "Claude (as named)" checked, then the favourites; a pick sets the alias', () => {
    const items = sub(trayMenu(desktopState()), 'claude-code:opus');
    expect(items[0]).toMatchObject({ type: 'radio', label: 'Claude (as named)', checked: true, action: { type: 'set-alias', name: CLAUDE_CODE_TIERS.opus, target: null } });
    const radios = items.filter((i) => i.type === 'radio');
    expect(radios.map((i) => i.type === 'radio' && i.label)).toEqual([AS_NAMED, ...FAVOURITE_MODELS]);
    expect(radios.filter((i) => i.type === 'radio' && i.checked)).toHaveLength(1);
    expect(find(items, 'claude-code:opus:builtin:nova-pro')).toMatchObject({ action: { type: 'set-alias', name: 'claude-opus-4-5', target: 'nova-pro' } });
  });

  test('an aliased Claude Code name: its target checked and in the label; the user aliases offered, not the name itself', () => {
    const aliases = { 'claude-sonnet-4-5': 'qwen-coder', 'qwen-coder': 'qwen.qwen3-coder-480b-a35b-v1:0', 'claude-haiku-4-5': 'nova-lite' };
    const menu = trayMenu(desktopState({ settings: { ...desktopState().settings, aliases } }));
    expect(find(menu, 'claude-code:sonnet')).toMatchObject({ label: 'claude-sonnet-4-5 → qwen-coder' });
    const sonnet = sub(menu, 'claude-code:sonnet');
    const radios = sonnet.filter((i) => i.type === 'radio');
    expect(radios.map((i) => i.type === 'radio' && i.label)).toEqual([AS_NAMED, 'claude-haiku-4-5', 'qwen-coder', ...FAVOURITE_MODELS]);
    expect(radios.filter((i) => i.type === 'radio' && i.checked).map((i) => i.id)).toEqual(['claude-code:sonnet:alias:qwen-coder']);
    expect(find(sonnet, 'claude-code:sonnet:alias:qwen-coder')).toMatchObject({ action: { type: 'set-alias', name: 'claude-sonnet-4-5', target: 'qwen-coder' } });
    const haiku = sub(menu, 'claude-code:haiku');
    expect(haiku.filter((i) => i.type === 'radio' && i.checked).map((i) => i.id)).toEqual(['claude-code:haiku:builtin:nova-lite']);
    expect(find(haiku, 'claude-code:haiku:as-named')).toMatchObject({ checked: false, action: { type: 'set-alias', name: 'claude-haiku-4-5', target: null } });
  });

  test('a Claude Code name aliased to something off the list (a Bedrock id) shows it first, checked', () => {
    const aliases = { 'claude-opus-4-5': 'qwen.qwen3-coder-480b-a35b-v1:0' };
    const items = sub(trayMenu(desktopState({ settings: { ...desktopState().settings, aliases } })), 'claude-code:opus');
    expect(items[2]).toMatchObject({ type: 'radio', id: 'claude-code:opus:current:qwen.qwen3-coder-480b-a35b-v1:0', checked: true });
    expect(find(items, 'claude-code:opus:as-named')).toMatchObject({ checked: false });
  });

  test('withAliasTarget points a name at a target in place or adds it, and removes it for null, leaving the others', () => {
    const aliases = { fast: 'claude-haiku', 'claude-opus-4-5': 'nova-pro', big: 'claude-opus' };
    expect(Object.entries(withAliasTarget(aliases, 'claude-opus-4-5', 'deepseek-r1'))).toEqual([['fast', 'claude-haiku'], ['claude-opus-4-5', 'deepseek-r1'], ['big', 'claude-opus']]);
    expect(withAliasTarget(aliases, 'claude-haiku-4-5', 'nova-lite')).toEqual({ ...aliases, 'claude-haiku-4-5': 'nova-lite' });
    expect(withAliasTarget(aliases, 'claude-opus-4-5', null)).toEqual({ fast: 'claude-haiku', big: 'claude-opus' });
    expect(withAliasTarget(aliases, 'claude-sonnet-4-5', null)).toEqual(aliases);
    expect(aliases['claude-opus-4-5']).toBe('nova-pro');
  });

  test('caching: one checkbox for all three defaults; partly on reads as off and a click turns all on', () => {
    expect(find(trayMenu(desktopState()), 'caching')).toMatchObject({ type: 'checkbox', checked: true, label: 'Prompt caching', action: { type: 'set-caching', on: false } });
    const off = desktopState({ settings: { ...desktopState().settings, caching: { system: false, tools: false, conversation: false } } });
    expect(find(trayMenu(off), 'caching')).toMatchObject({ checked: false, action: { type: 'set-caching', on: true } });
    const partly = desktopState({ settings: { ...desktopState().settings, caching: { system: true, tools: false, conversation: true } } });
    expect(find(trayMenu(partly), 'caching')).toMatchObject({ checked: false, label: 'Prompt caching (partly on)', action: { type: 'set-caching', on: true } });
  });

  test('profile submenu: the profiles as radio items, the active one checked, misconfigured ones disabled', () => {
    const state = desktopState({ profiles: [{ name: 'dev', kind: 'sso' }, { name: 'prod', kind: 'role' }, { name: 'broken', kind: 'other', problem: 'no region' }] });
    const menu = trayMenu(state);
    expect(find(menu, 'profile')).toMatchObject({ label: 'AWS profile: dev' });
    const items = sub(menu, 'profile');
    expect(items.map((i) => i.type === 'radio' && [i.label, i.checked, i.enabled])).toEqual([
      ['dev', true, true],
      ['prod', false, true],
      ['broken (misconfigured)', false, false],
    ]);
    expect(find(items, 'profile:prod')).toMatchObject({ action: { type: 'set-profile', profile: 'prod' } });
  });

  test('an active profile missing from the AWS files is still listed; no profiles at all says so', () => {
    const items = sub(trayMenu(desktopState({ activeProfile: 'default', profiles: [] })), 'profile');
    expect(items[0]).toMatchObject({ type: 'radio', label: 'default', checked: true });
    expect(find(items, 'profile:none')).toMatchObject({ enabled: false });
  });

  test('needs sign-in: "Sign in to AWS…" at the top, the status says why; pending shows a waiting line', () => {
    const state = desktopState({ credentials: { profile: 'dev', status: 'needs-sign-in' } });
    const menu = trayMenu(state);
    expect(ids(menu).slice(0, 5)).toEqual(['status', 'address', 'sep-top', 'sign-in', 'sep-fix']);
    expect(find(menu, 'sign-in')).toMatchObject({ label: 'Sign in to AWS…', enabled: true, action: { type: 'sign-in' } });
    expect(statusLine(state)).toBe('Running — AWS sign-in needed (dev)');
    const pending = trayMenu({ ...state, signIn: { id: 's1', profile: 'dev', flow: 'pkce', url: 'https://oidc.us-east-1.amazonaws.com/authorize', state: 'pending' } });
    expect(find(pending, 'sign-in')).toMatchObject({ enabled: false, label: 'Signing in — finish in your browser…' });
  });

  test('expiring credentials offer sign-in too; known from the AWS files before any request', () => {
    const state = desktopState({ credentials: { profile: 'dev', status: 'unknown' }, profiles: [{ name: 'dev', kind: 'sso', state: { status: 'expiring', message: 'Signed in until 10:40.' } }] });
    expect(find(trayMenu(state), 'sign-in')).toBeDefined();
    expect(statusLine(state)).toBe('Running — AWS sign-in ends soon (dev)');
  });

  test('no sign-in item for a non-SSO profile, nor with a Bedrock API key', () => {
    const role = desktopState({ activeProfile: 'prod', credentials: { profile: 'prod', status: 'needs-sign-in' } });
    expect(find(trayMenu(role), 'sign-in')).toBeUndefined();
    const apiKey = desktopState({ usesApiKey: true, credentials: { profile: 'dev', status: 'needs-sign-in' } });
    expect(find(trayMenu(apiKey), 'sign-in')).toBeUndefined();
    expect(statusLine(apiKey)).toBe('Running — with a Bedrock API key');
  });

  test('stopped: "Start proxy" instead of "Stop proxy", no address to copy', () => {
    const menu = trayMenu(desktopState({ proxy: { status: 'stopped' } }));
    expect(find(menu, 'stop-proxy')).toBeUndefined();
    expect(find(menu, 'start-proxy')).toMatchObject({ enabled: true, action: { type: 'start-proxy' } });
    expect(find(menu, 'address')).toMatchObject({ enabled: false, label: 'Address: not listening' });
    expect(find(menu, 'status')).toMatchObject({ label: 'Proxy stopped' });
  });

  test('starting: start is disabled while it is under way', () => {
    expect(find(trayMenu(desktopState({ proxy: { status: 'starting' } })), 'start-proxy')).toMatchObject({ enabled: false });
  });

  test('port in use: the fix (a free port) first, and a way to retry', () => {
    const menu = trayMenu(desktopState({ proxy: { status: 'port-in-use', host: '127.0.0.1', port: 8797, freePort: 8798, message: 'taken' } }));
    expect(find(menu, 'status')).toMatchObject({ label: 'Port 8797 is in use — proxy stopped' });
    expect(find(menu, 'use-port')).toMatchObject({ label: 'Use port 8798 instead', action: { type: 'use-port', port: 8798 } });
    expect(find(menu, 'start-proxy')).toBeDefined();
    expect(find(trayMenu(desktopState({ proxy: { status: 'port-in-use', host: '127.0.0.1', port: 8797, message: 'taken' } })), 'use-port')).toBeUndefined();
  });

  test('launch at login is a checkbox whose click flips the setting', () => {
    expect(find(trayMenu(desktopState()), 'launch-at-login')).toMatchObject({ type: 'checkbox', checked: false, action: { type: 'set-launch-at-login', on: true } });
    const on = desktopState({ settings: { ...desktopState().settings, launchAtLogin: true } });
    expect(find(trayMenu(on), 'launch-at-login')).toMatchObject({ checked: true, action: { type: 'set-launch-at-login', on: false } });
  });

  test('the tooltip names the state and the address', () => {
    expect(trayTooltip(desktopState())).toBe('Outcrop — Running — AWS profile dev on http://127.0.0.1:8797');
    expect(trayTooltip(desktopState({ proxy: { status: 'stopped' } }))).toBe('Outcrop — Proxy stopped');
  });
});

describe('the tray icon', () => {
  test('one look per state: running, needs sign-in, stopped, error', () => {
    expect(trayStatus(desktopState())).toBe('running');
    expect(trayStatus(desktopState({ credentials: { profile: 'dev', status: 'needs-sign-in' } }))).toBe('needs-sign-in');
    expect(trayStatus(desktopState({ credentials: { profile: 'dev', status: 'expiring' } }))).toBe('needs-sign-in');
    expect(trayStatus(desktopState({ proxy: { status: 'stopped' } }))).toBe('stopped');
    expect(trayStatus(desktopState({ proxy: { status: 'starting' } }))).toBe('stopped');
    expect(trayStatus(desktopState({ proxy: { status: 'error', message: 'x' } }))).toBe('error');
    expect(trayStatus(desktopState({ proxy: { status: 'port-in-use', host: '127.0.0.1', port: 1, message: 'x' } }))).toBe('error');
    expect(trayStatus(desktopState({ credentials: { profile: 'dev', status: 'error', message: 'bad config' } }))).toBe('error');
  });

  test('a proxy problem outranks sign-in; a Bedrock API key makes sign-in irrelevant', () => {
    expect(trayStatus(desktopState({ proxy: { status: 'stopped' }, credentials: { profile: 'dev', status: 'needs-sign-in' } }))).toBe('stopped');
    expect(trayStatus(desktopState({ usesApiKey: true, credentials: { profile: 'dev', status: 'needs-sign-in' } }))).toBe('running');
  });

  test('template images on macOS, ICO on Windows, PNG on Linux', () => {
    expect(trayIcon('running', 'darwin')).toEqual({ status: 'running', file: 'mac/running-Template.png', template: true });
    expect(trayIcon('needs-sign-in', 'win32')).toEqual({ status: 'needs-sign-in', file: 'win/needs-sign-in.ico', template: false });
    expect(trayIcon('error', 'linux')).toEqual({ status: 'error', file: 'linux/error.png', template: false });
  });
});
