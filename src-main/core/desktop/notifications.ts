import { canSignIn, effectiveCredentials, type DesktopState, type TrayAction } from './state';

// Which notifications a state calls for. Each kind has a slot in the memory holding what was
// last shown for it, so the same state never notifies twice; a slot clears when its trouble is
// over (credentials valid again, proxy running), so the next episode notifies afresh.

export interface NotificationButton {
  label: string;
  action: TrayAction;
}

export interface DesktopNotification {
  /** Identifies the state it reports; equal keys are never shown twice in a row. */
  key: string;
  title: string;
  body: string;
  /** Buttons, where the platform shows them (macOS). */
  buttons: NotificationButton[];
  /** What a click on the notification itself does (every platform). */
  clickAction?: TrayAction;
}

export interface NotificationMemory {
  credentials?: string;
  proxy?: string;
  signIn?: string;
  /** The id of the last warning shown. */
  warning?: number;
}

/** The notifications to show for a state, and the memory to keep for the next decision. */
export function decideNotifications(state: DesktopState, memory: NotificationMemory): { notifications: DesktopNotification[]; memory: NotificationMemory } {
  const notifications: DesktopNotification[] = [];
  const next: NotificationMemory = { ...memory };
  const slot = (name: 'credentials' | 'proxy' | 'signIn', note: DesktopNotification | undefined, clear: boolean): void => {
    if (note && note.key !== next[name]) {
      notifications.push(note);
      next[name] = note.key;
    } else if (!note && clear) {
      next[name] = undefined;
    }
  };

  const creds = credentialsNote(state);
  slot('credentials', creds, !creds && !state.usesApiKey && effectiveCredentials(state).status === 'valid');
  slot('proxy', proxyNote(state), state.proxy.status === 'running' || state.proxy.status === 'stopped');
  slot('signIn', signInNote(state), false);

  for (const w of state.warnings) {
    if (w.id <= (next.warning ?? 0)) continue;
    notifications.push({ key: `warning:${w.id}`, title: 'Outcrop', body: w.message, buttons: [] });
    next.warning = w.id;
  }
  return { notifications, memory: next };
}

const mac = (state: DesktopState): boolean => state.platform === 'darwin';

function credentialsNote(state: DesktopState): DesktopNotification | undefined {
  if (state.usesApiKey) return undefined;
  const creds = effectiveCredentials(state);
  const signIn = canSignIn(state);
  const buttons: NotificationButton[] = signIn ? [{ label: 'Sign in', action: { type: 'sign-in' } }] : [];
  const clickAction: TrayAction = signIn ? { type: 'sign-in' } : { type: 'open-settings', screen: 'credentials' };
  const how = signIn ? (mac(state) ? '' : ' Click to sign in.') : ` Renew the credentials of profile "${creds.profile}" and Outcrop picks them up on the next request.`;
  if (creds.status === 'expiring') {
    return { key: `expiring:${creds.profile}:${creds.expiresAt ?? ''}`, title: 'AWS sign-in ends soon', body: `${creds.message ?? 'Your AWS credentials expire soon.'} Profile ${creds.profile}.${how}`, buttons, clickAction };
  }
  if (creds.status === 'needs-sign-in') {
    return { key: `needs-sign-in:${creds.profile}`, title: 'AWS sign-in needed', body: `Requests to Bedrock fail until you sign in to profile ${creds.profile}.${how}`, buttons, clickAction };
  }
  if (creds.status === 'error') {
    return { key: `error:${creds.profile}:${creds.message ?? ''}`, title: 'AWS credentials problem', body: creds.message ?? `Outcrop could not load the credentials of profile ${creds.profile}.`, buttons: [], clickAction: { type: 'open-settings', screen: 'credentials' } };
  }
  return undefined;
}

function proxyNote(state: DesktopState): DesktopNotification | undefined {
  const { proxy } = state;
  const retry: NotificationButton = { label: 'Try again', action: { type: 'start-proxy' } };
  if (proxy.status === 'port-in-use') {
    const where = `${proxy.host}:${proxy.port}`;
    if (proxy.freePort === undefined) {
      return { key: `port-in-use:${where}`, title: `Port ${proxy.port} is already in use`, body: `Another program — maybe another Outcrop — listens on ${where}, so the proxy is stopped. Stop that program and start the proxy again from the tray.`, buttons: [retry], clickAction: retry.action };
    }
    const fix: NotificationButton = { label: `Use port ${proxy.freePort}`, action: { type: 'use-port', port: proxy.freePort } };
    const how = mac(state) ? `Switch Outcrop to port ${proxy.freePort}, or stop that program and try again.` : `Click to switch Outcrop to port ${proxy.freePort} (then point your tools at the new address), or stop that program and start the proxy again from the tray.`;
    return { key: `port-in-use:${where}`, title: `Port ${proxy.port} is already in use`, body: `Another program — maybe another Outcrop — listens on ${where}, so the proxy is stopped. ${how}`, buttons: [fix, retry], clickAction: fix.action };
  }
  if (proxy.status === 'error') {
    return { key: `error:${proxy.message}`, title: 'Outcrop’s proxy could not start', body: proxy.message, buttons: [retry], clickAction: retry.action };
  }
  return undefined;
}

function signInNote(state: DesktopState): DesktopNotification | undefined {
  const s = state.signIn;
  if (!s) return undefined;
  if (s.state === 'pending' && s.userCode) {
    return { key: `${s.id}:pending`, title: 'Finish signing in to AWS', body: `Confirm the code ${s.userCode} in the browser page that opened for profile ${s.profile}.`, buttons: [] };
  }
  if (s.state === 'done') {
    const until = s.expiresAt ? ` until ${formatTime(s.expiresAt)}` : '';
    return { key: `${s.id}:done`, title: 'Signed in to AWS', body: `Profile ${s.profile} is signed in${until}.`, buttons: [] };
  }
  if (s.state === 'failed') {
    return { key: `${s.id}:failed`, title: 'AWS sign-in failed', body: s.message ?? `Signing in to profile ${s.profile} did not finish.`, buttons: [{ label: 'Try again', action: { type: 'sign-in' } }], clickAction: { type: 'sign-in' } };
  }
  return undefined;
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}
