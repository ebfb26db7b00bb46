import type { AdminEvent, CredentialStatus, Diagnosis, NumberedEvent, SignInStart, SignInView } from '../../src-shared/admin';
import type { ProfileSummary } from '../../src-shared/aws';
import { defaultSettings, type Settings } from '../../src-shared/settings';
import type { DesktopCore, DesktopShell, TrayView } from '../../src-main/core/desktop/desktop-app';
import type { DesktopNotification } from '../../src-main/core/desktop/notifications';

// Fakes for DesktopApp's two sides: the core (what OutcropCore offers) and the shell (what the
// Electron adapter offers). Both record what happened.

/** A core that listens nowhere: a taken port is simulated with `takenPorts`. */
export class FakeCore implements DesktopCore {
  adminToken = 'admin-token-123';
  activeProfile = 'dev';
  usesApiKey = false;
  running = false;
  proxy = { url: '' };
  credentials: { state: CredentialStatus } = { state: { profile: 'dev', status: 'unknown' } };
  value: Settings = defaultSettings();
  requestLog = { dir: '/home/me/.config/outcrop/logs' };
  fileRevealer?: (path: string) => void;
  setFileRevealer(reveal: ((path: string) => void) | undefined): void {
    this.fileRevealer = reveal;
  }
  profiles: ProfileSummary[] = [{ name: 'dev', kind: 'sso' }];
  takenPorts = new Set<number>();
  startError?: Error;
  closed = false;
  events: string[] = [];
  signInStarts: SignInStart[] = [];
  /** What diagnose() answers: all good on real AWS unless a test says otherwise. */
  diagnosis: Diagnosis = { mode: 'desktop', backend: { kind: 'aws', label: 'AWS' }, checks: [], checkedAt: '2026-01-01T00:00:00.000Z' };
  private listeners = new Set<(e: NumberedEvent) => void>();
  private nextId = 1;

  settings = {
    get: (): Settings => this.value,
    update: async (patch: Partial<Settings>): Promise<Settings> => {
      this.value = { ...this.value, ...patch };
      if (patch.profile) this.activeProfile = patch.profile;
      this.publish({ type: 'settings', settings: this.value });
      return this.value;
    },
  };

  admin = {
    startSignIn: async (req: SignInStart): Promise<SignInView> => {
      this.signInStarts.push(req);
      const view: SignInView = { id: `sign-in-${this.signInStarts.length}`, profile: req.profile ?? this.activeProfile, flow: 'pkce', url: 'https://oidc.us-east-1.amazonaws.com/authorize?client_id=c', state: 'pending' };
      this.publish({ type: 'sign-in', signIn: view });
      return view;
    },
    listProfiles: async () => ({ active: this.activeProfile, profiles: this.profiles, problems: [] }),
    diagnose: async (): Promise<Diagnosis> => this.diagnosis,
    subscribe: (listener: (e: NumberedEvent) => void): (() => void) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
  };

  get subscribers(): number {
    return this.listeners.size;
  }

  async startProxy(): Promise<string> {
    this.events.push('startProxy');
    if (this.startError) throw this.startError;
    const port = this.value.port;
    if (this.takenPorts.has(port)) {
      throw Object.assign(new Error(`Port ${port} on 127.0.0.1 is already in use (is Outcrop already running?).`), { code: 'port-in-use', host: '127.0.0.1', port });
    }
    this.running = true;
    this.proxy = { url: `http://127.0.0.1:${port}` };
    this.publish({ type: 'listening', url: this.proxy.url });
    return this.proxy.url;
  }

  async stopProxy(): Promise<void> {
    this.events.push('stopProxy');
    this.running = false;
  }

  warmUpstream(opts?: { afterSleep?: boolean }): void {
    this.events.push(opts?.afterSleep ? 'warmUpstream(afterSleep)' : 'warmUpstream');
  }

  async close(): Promise<void> {
    this.events.push('close');
    this.running = false;
    this.closed = true;
  }

  publish(event: AdminEvent): void {
    const numbered = { id: this.nextId++, event };
    for (const l of this.listeners) l(numbered);
  }

  /** Changes the credential state the way AwsCredentials does, with its event. */
  setCredentials(state: CredentialStatus): void {
    this.credentials = { state };
    this.publish({ type: 'credentials', state });
  }
}

/** A shell that records every call. */
export function fakeShell() {
  const record = {
    views: [] as TrayView[],
    notes: [] as DesktopNotification[],
    opened: [] as string[],
    retargeted: [] as string[],
    external: [] as string[],
    paths: [] as string[],
    shownInFolder: [] as string[],
    copied: [] as string[],
    loginItem: [] as boolean[],
    errors: [] as Array<[string, string]>,
    exits: [] as number[],
  };
  const shell: DesktopShell = {
    renderTray: (view) => void record.views.push(view),
    notify: (note) => void record.notes.push(note),
    openSettings: (url) => void record.opened.push(url),
    retargetSettings: (url) => void record.retargeted.push(url),
    openExternal: async (url) => void record.external.push(url),
    openPath: async (path) => void record.paths.push(path),
    showInFolder: (path) => void record.shownInFolder.push(path),
    copyText: (text) => void record.copied.push(text),
    setLaunchAtLogin: async (on) => void record.loginItem.push(on),
    showError: (title, message) => void record.errors.push([title, message]),
    exit: (code) => void record.exits.push(code),
  };
  return { shell, record, lastView: () => record.views[record.views.length - 1] };
}
