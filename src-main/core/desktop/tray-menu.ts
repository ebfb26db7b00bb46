import type { CheckId } from '../../../src-shared/admin';
import { CLAUDE_CODE_TIERS, type ClaudeCodeTier } from '../../../src-shared/claude-code';
import { canSignIn, clientBaseUrl, effectiveCredentials, needsSignIn, onEmulator, setupProblem, type DesktopState, type TrayAction } from './state';

// The tray menu as plain data, rebuilt whole from state on every change (podman-desktop's
// approach): the Electron adapter only turns these items into a Menu. Ids are stable so tests
// and the adapter can find items; actions are data, carried out by DesktopApp.perform.

interface ItemBase {
  id: string;
  label: string;
  enabled: boolean;
}

export type TrayItem =
  | (ItemBase & { type: 'normal'; action?: TrayAction })
  | (ItemBase & { type: 'checkbox' | 'radio'; checked: boolean; action: TrayAction })
  | (ItemBase & { type: 'submenu'; items: TrayItem[] })
  | { type: 'separator'; id: string };

/** Built-in aliases offered as default models next to the user's own aliases. */
export const FAVOURITE_MODELS = ['claude-sonnet', 'claude-opus', 'claude-haiku', 'nova-pro', 'nova-lite', 'llama-4-maverick', 'deepseek-r1', 'gpt-oss-120b'];

/** The user's aliases listed in the menu; more are reachable from the settings window. */
export const MAX_MENU_ALIASES = 15;

const separator = (id: string): TrayItem => ({ type: 'separator', id });
const label = (id: string, text: string): TrayItem => ({ type: 'normal', id, label: text, enabled: false });
const action = (id: string, text: string, act: TrayAction, enabled = true): TrayItem => ({ type: 'normal', id, label: text, enabled, action: act });

/** The whole tray menu for a state. */
export function trayMenu(state: DesktopState): TrayItem[] {
  const running = state.proxy.status === 'running';
  return [
    label('status', statusLine(state)),
    addressItem(state),
    separator('sep-top'),
    ...fixItems(state),
    defaultModelMenu(state),
    claudeCodeMenu(state),
    cachingItem(state),
    profileMenu(state),
    separator('sep-proxy'),
    running ? action('stop-proxy', 'Stop proxy', { type: 'stop-proxy' }) : action('start-proxy', 'Start proxy', { type: 'start-proxy' }, state.proxy.status !== 'starting'),
    action('open-settings', 'Open settings…', { type: 'open-settings' }),
    action('open-logs', 'Open logs', { type: 'open-logs' }),
    separator('sep-app'),
    { type: 'checkbox', id: 'launch-at-login', label: 'Launch at login', enabled: true, checked: state.settings.launchAtLogin, action: { type: 'set-launch-at-login', on: !state.settings.launchAtLogin } },
    action('quit', 'Quit Outcrop', { type: 'quit' }),
  ];
}

// Menu-length names for the doctor's findings; the Overview has the full sentence and the fix.
const PROBLEM_LABEL: Record<CheckId, string> = {
  credentials: 'no usable AWS credentials',
  region: 'no AWS region set',
  'model-access': 'Bedrock refuses the model listing',
  port: 'port problem',
  backend: 'the Bedrock endpoint does not answer',
};

/** One line saying what state Outcrop is in (the menu's first, disabled item). */
export function statusLine(state: DesktopState): string {
  const { proxy } = state;
  if (proxy.status === 'starting') return 'Outcrop is starting…';
  if (proxy.status === 'stopped') return 'Proxy stopped';
  if (proxy.status === 'port-in-use') return `Port ${proxy.port} is in use — proxy stopped`;
  if (proxy.status === 'error') return 'Proxy error — stopped';
  if (state.usesApiKey) return onEmulator(state) ? 'Running — Emulator (no AWS), with a Bedrock API key' : 'Running — with a Bedrock API key';
  const creds = effectiveCredentials(state);
  if (creds.status === 'needs-sign-in') return `Running — AWS sign-in needed (${creds.profile})`;
  if (creds.status === 'expiring') return `Running — AWS sign-in ends soon (${creds.profile})`;
  if (creds.status === 'error') return `Running — AWS credentials problem (${creds.profile})`;
  if (needsSignIn(state)) return `Running — AWS sign-in needed (${creds.profile})`;
  const problem = setupProblem(state);
  if (problem) return `Running — setup needed: ${PROBLEM_LABEL[problem.id]}`;
  if (onEmulator(state)) return 'Running — Emulator (no AWS)';
  return `Running — AWS profile ${creds.profile}`;
}

/** The tray icon's tooltip (Windows and macOS show it; most Linux trays do not). */
export function trayTooltip(state: DesktopState): string {
  const where = state.proxy.status === 'running' ? ` on ${state.proxy.url}` : '';
  return `Outcrop — ${statusLine(state)}${where}`;
}

function addressItem(state: DesktopState): TrayItem {
  if (state.proxy.status !== 'running') return label('address', 'Address: not listening');
  const base = clientBaseUrl(state.proxy.url);
  return action('address', `Copy address  ${base}`, { type: 'copy-address', text: base });
}

// What the user most likely needs to do now, at the top where it is seen first.
function fixItems(state: DesktopState): TrayItem[] {
  const items: TrayItem[] = [];
  const { proxy } = state;
  if (proxy.status === 'port-in-use' && proxy.freePort !== undefined) {
    items.push(action('use-port', `Use port ${proxy.freePort} instead`, { type: 'use-port', port: proxy.freePort }));
  }
  if (needsSignIn(state) && canSignIn(state)) {
    const pending = state.signIn?.state === 'pending' && state.signIn.profile === state.activeProfile;
    items.push(pending ? label('sign-in', 'Signing in — finish in your browser…') : action('sign-in', 'Sign in to AWS…', { type: 'sign-in' }));
  } else if (setupProblem(state)) {
    // The Overview shows the doctor's checklist with the fix for each problem.
    items.push(action('fix-setup', 'Fix setup…', { type: 'open-settings', screen: 'overview' }));
  }
  if (items.length > 0) items.push(separator('sep-fix'));
  return items;
}

function defaultModelMenu(state: DesktopState): TrayItem {
  const current = state.settings.defaultModel;
  const ids = { radio: 'default-model', more: 'more-models', separator: 'sep-models' };
  const items = modelRadios(ids, state.settings.aliases, current, (model) => ({ type: 'set-default-model', model }));
  return { type: 'submenu', id: 'default-model', label: `Default model: ${current}`, enabled: true, items };
}

/** The label of the choice that removes a Claude Code tier's alias, so its name resolves to Claude by rule. */
export const AS_NAMED = 'Claude (as named)';

// Per name Claude Code sends, the model it goes to: an alias of that name, or none (Claude as named).
function claudeCodeMenu(state: DesktopState): TrayItem {
  const { aliases } = state.settings;
  const tiers = (Object.entries(CLAUDE_CODE_TIERS) as Array<[ClaudeCodeTier, string]>).map(([tier, name]): TrayItem => {
    const target = Object.hasOwn(aliases, name) ? aliases[name] : undefined;
    const id = `claude-code:${tier}`;
    // A name aliased to itself is left alone by the resolver, so it offers no choice of its own.
    const others = Object.fromEntries(Object.entries(aliases).filter(([alias]) => alias !== name));
    const asNamed: TrayItem = { type: 'radio', id: `${id}:as-named`, label: AS_NAMED, enabled: true, checked: target === undefined, action: { type: 'set-alias', name, target: null } };
    const ids = { radio: id, more: `${id}:more-models`, separator: `${id}:sep-models` };
    const items = [asNamed, separator(`${id}:sep`), ...modelRadios(ids, others, target, (model) => ({ type: 'set-alias', name, target: model }))];
    return { type: 'submenu', id, label: `${name} → ${target ?? AS_NAMED}`, enabled: true, items };
  });
  return { type: 'submenu', id: 'claude-code', label: 'Claude Code models', enabled: true, items: tiers };
}

/**
 * A radio list of models: the user's aliases (the first MAX_MENU_ALIASES, then a link to the
 * rest), then the built-in favourites; `current` checked, and listed first when neither shows it.
 */
function modelRadios(ids: { radio: string; more: string; separator: string }, aliasMap: Record<string, string>, current: string | undefined, pick: (model: string) => TrayAction): TrayItem[] {
  const aliases = Object.keys(aliasMap).sort((a, b) => a.localeCompare(b));
  const shown = aliases.slice(0, MAX_MENU_ALIASES);
  const favourites = FAVOURITE_MODELS.filter((m) => !shown.includes(m));
  const radio = (group: string, model: string): TrayItem => ({ type: 'radio', id: `${ids.radio}:${group}:${model}`, label: model, enabled: true, checked: model === current, action: pick(model) });
  const items: TrayItem[] = [];
  if (current !== undefined && !shown.includes(current) && !favourites.includes(current)) items.push(radio('current', current));
  items.push(...shown.map((m) => radio('alias', m)));
  if (aliases.length > shown.length) items.push(action(ids.more, `All ${aliases.length} aliases…`, { type: 'open-settings', screen: 'models' }));
  if (items.length > 0) items.push(separator(ids.separator));
  items.push(...favourites.map((m) => radio('builtin', m)));
  return items;
}

/** The user's aliases with `name` pointed at `target` (in place, else added last), or without `name` when `target` is null. */
export function withAliasTarget(aliases: Record<string, string>, name: string, target: string | null): Record<string, string> {
  if (target === null) {
    const { [name]: _gone, ...rest } = aliases;
    return rest;
  }
  return { ...aliases, [name]: target };
}

function cachingItem(state: DesktopState): TrayItem {
  const { system, tools, conversation } = state.settings.caching;
  const on = system && tools && conversation;
  const partly = !on && (system || tools || conversation);
  // A partial setting (made in the settings window) reads as off here; a click turns all three on.
  return { type: 'checkbox', id: 'caching', label: partly ? 'Prompt caching (partly on)' : 'Prompt caching', enabled: true, checked: on, action: { type: 'set-caching', on: !on } };
}

function profileMenu(state: DesktopState): TrayItem {
  const names = state.profiles.map((p) => p.name);
  const choices = names.includes(state.activeProfile) ? state.profiles : [{ name: state.activeProfile, kind: 'other' as const }, ...state.profiles];
  const items: TrayItem[] = choices.map((p) => ({
    type: 'radio',
    id: `profile:${p.name}`,
    label: 'problem' in p && p.problem ? `${p.name} (misconfigured)` : p.name,
    enabled: !('problem' in p && p.problem),
    checked: p.name === state.activeProfile,
    action: { type: 'set-profile', profile: p.name },
  }));
  if (state.profiles.length === 0) items.push(label('profile:none', 'No profiles in ~/.aws/config'));
  return { type: 'submenu', id: 'profile', label: `AWS profile: ${state.activeProfile}`, enabled: true, items };
}
