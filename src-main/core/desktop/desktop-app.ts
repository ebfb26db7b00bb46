import type { AdminEvent } from '../../../src-shared/admin';
import type { AdminLocation } from '../../../src-shared/ipc';
import type { Settings } from '../../../src-shared/settings';
import { findFreePort as defaultFindFreePort } from './free-port';
import { decideNotifications, type NotificationMemory } from './notifications';
import type { DesktopCore, DesktopShell } from './shell';
import type { DesktopState, ProfileChoice, ProxyState, TrayAction } from './state';
import { trayIcon, trayStatus } from './tray-icon';
import { trayMenu, trayTooltip, withAliasTarget } from './tray-menu';
import type { WindowPolicyContext } from './window-policy';

export type { DesktopCore, DesktopShell, TrayView } from './shell';

export interface DesktopAppOptions {
  shell: DesktopShell;
  platform: NodeJS.Platform;
  /** Opens the core without listening (`listen: false`): DesktopApp starts the proxy itself, to handle a taken port. */
  startCore(): Promise<{ core: DesktopCore; warnings: string[] }>;
  findFreePort?: (host: string, from: number) => Promise<number | undefined>;
}

const MAX_WARNINGS = 20;

/**
 * The desktop app's lifecycle: starts the core and the proxy, keeps the tray in step with the
 * core's events, notifies about what needs the user, and carries out tray actions. Quitting stops
 * the proxy and flushes the request log before the process exits.
 */
export class DesktopApp {
  private core?: DesktopCore;
  private state: DesktopState;
  private memory: NotificationMemory = {};
  private readonly signInUrls = new Set<string>();
  private unsubscribe?: () => void;
  private queue: Promise<unknown> = Promise.resolve();
  private starting?: Promise<void>;
  private quitting?: Promise<void>;
  private appliedLaunchAtLogin?: boolean;
  private warningSeq = 0;
  private diagnosisSeq = 0;

  constructor(private readonly opts: DesktopAppOptions) {
    this.state = {
      platform: opts.platform,
      proxy: { status: 'starting' },
      credentials: { profile: '', status: 'unknown' },
      usesApiKey: false,
      activeProfile: '',
      profiles: [],
      settings: { defaultModel: '', aliases: {}, caching: { system: false, tools: false, conversation: false }, launchAtLogin: false },
      warnings: [],
    };
  }

  /** The current state (for tests and the adapter). */
  get snapshot(): DesktopState {
    return this.state;
  }

  /** True once quitting has begun. */
  get isQuitting(): boolean {
    return this.quitting !== undefined;
  }

  /** Starts the core, shows the tray, then starts the proxy. A core that cannot start is reported and the app exits. */
  start(): Promise<void> {
    this.starting ??= this.startOnce();
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    let started: { core: DesktopCore; warnings: string[] };
    try {
      started = await this.opts.startCore();
    } catch (err) {
      this.opts.shell.showError('Outcrop could not start', (err as Error).message);
      this.opts.shell.exit(1);
      return;
    }
    const { core, warnings } = started;
    this.core = core;
    core.setFileRevealer((path) => this.opts.shell.showInFolder(path));
    for (const w of warnings) this.addWarning(w);
    // A huge afterId counts as a new subscriber: no replay beyond recent request entries, which are ignored.
    this.unsubscribe = core.admin.subscribe((e) => this.onEvent(e.event), Number.MAX_SAFE_INTEGER);
    this.update({});
    await this.refreshProfiles();
    await this.applyLaunchAtLogin();
    await this.startProxy();
    await this.refreshDiagnosis();
  }

  /** Carries out a tray or notification action; a failure becomes a warning notification, never a crash. */
  async perform(action: TrayAction): Promise<void> {
    const core = this.core;
    if (!core || this.quitting) return;
    try {
      switch (action.type) {
        case 'copy-address':
          this.opts.shell.copyText(action.text);
          break;
        case 'set-default-model':
          await this.changeSettings({ defaultModel: action.model });
          break;
        case 'set-alias':
          // From the aliases as they are now, not as the menu saw them: a change made meanwhile in the settings window stays.
          await this.changeSettings({ aliases: withAliasTarget(core.settings.get().aliases, action.name, action.target) });
          break;
        case 'set-caching':
          await this.changeSettings({ caching: { system: action.on, tools: action.on, conversation: action.on } });
          break;
        case 'set-profile':
          await this.changeSettings({ profile: action.profile });
          break;
        case 'set-launch-at-login':
          await this.changeSettings({ launchAtLogin: action.on });
          break;
        case 'sign-in':
          await this.signIn();
          break;
        case 'start-proxy':
          await this.startProxy();
          break;
        case 'stop-proxy':
          await this.stopProxy();
          break;
        case 'use-port':
          await this.changeSettings({ port: action.port });
          await this.startProxy();
          break;
        case 'open-settings':
          await this.openSettings(action.screen);
          break;
        case 'open-logs':
          await this.openLogs();
          break;
        case 'quit':
          await this.quit();
          break;
      }
    } catch (err) {
      this.addWarning(`Could not ${describe(action)}: ${(err as Error).message}`);
      this.update({});
    }
  }

  /** Starts the proxy where the settings say; a taken port becomes the port-in-use state with a free port to offer. */
  startProxy(): Promise<void> {
    return this.serial(async () => {
      const core = this.core;
      if (!core || core.running) return;
      this.update({ proxy: { status: 'starting' } });
      let proxy: ProxyState;
      try {
        proxy = { status: 'running', url: await core.startProxy() };
      } catch (err) {
        const e = err as { code?: string; host?: string; port?: number; message: string };
        if (e.code === 'port-in-use' && e.host !== undefined && e.port !== undefined) {
          const freePort = await (this.opts.findFreePort ?? defaultFindFreePort)(e.host, e.port + 1).catch(() => undefined);
          proxy = { status: 'port-in-use', host: e.host, port: e.port, message: e.message, ...(freePort !== undefined ? { freePort } : {}) };
        } else {
          proxy = { status: 'error', message: e.message };
        }
      }
      this.update({ proxy });
    });
  }

  /** Stops the proxy; the tray shows it stopped. */
  stopProxy(): Promise<void> {
    return this.serial(async () => {
      if (!this.core) return;
      await this.core.stopProxy();
      this.update({ proxy: { status: 'stopped' } });
    });
  }

  /** Opens the settings window (on a screen such as "logs"); the window talks to the proxy, so a stopped proxy is started first. */
  async openSettings(screen?: string): Promise<void> {
    if (this.state.proxy.status !== 'running') await this.startProxy();
    if (this.state.proxy.status !== 'running') return; // the failure was notified
    this.opts.shell.openSettings(`${this.state.proxy.url}/ui/${screen ? `#/${screen}` : ''}`);
  }

  /** The request log: its screen in the settings window, or its folder when the proxy is not running. */
  async openLogs(): Promise<void> {
    if (this.state.proxy.status === 'running') return this.openSettings('logs');
    if (this.core) await this.opts.shell.openPath(this.core.requestLog.dir);
  }

  /** The machine woke from sleep: connections to Bedrock are likely dead, so open a fresh one before a tool needs it. */
  resumed(): void {
    if (this.state.proxy.status === 'running') this.core?.warmUpstream();
  }

  /** Stops the proxy, flushes the request log and exits; safe to call more than once. */
  quit(): Promise<void> {
    this.quitting ??= (async () => {
      await this.starting?.catch(() => undefined);
      await this.queue.catch(() => undefined);
      this.unsubscribe?.();
      let code = 0;
      try {
        await this.core?.close();
      } catch {
        code = 1;
      }
      this.opts.shell.exit(code);
    })();
    return this.quitting;
  }

  /** What the preload may hand the settings window: the admin API's address and token, while the proxy runs. */
  adminLocation(): AdminLocation | null {
    if (!this.core || this.state.proxy.status !== 'running') return null;
    return { adminUrl: this.state.proxy.url, token: this.core.adminToken };
  }

  /** What the settings window's navigation policy needs to know now. */
  windowContext(): WindowPolicyContext {
    return { adminUrl: this.state.proxy.status === 'running' ? this.state.proxy.url : undefined, signInUrls: this.signInUrls };
  }

  private async signIn(): Promise<void> {
    const view = await this.core!.admin.startSignIn({});
    this.signInUrls.add(view.url);
    this.update({ signIn: view });
    await this.opts.shell.openExternal(view.url);
  }

  private async changeSettings(patch: Partial<Settings>): Promise<void> {
    await this.core!.settings.update(patch);
    this.update({});
  }

  private onEvent(event: AdminEvent): void {
    if (this.quitting) return;
    switch (event.type) {
      case 'credentials':
        this.update({});
        void this.refreshProfiles();
        void this.refreshDiagnosis();
        break;
      case 'settings':
        this.update({});
        void this.refreshProfiles();
        void this.applyLaunchAtLogin();
        void this.refreshDiagnosis();
        break;
      case 'sign-in':
        this.signInUrls.add(event.signIn.url);
        this.update({ signIn: event.signIn });
        if (event.signIn.state === 'done') void this.refreshProfiles();
        break;
      case 'warning':
        this.addWarning(event.message);
        this.update({});
        break;
      case 'listening':
        // The proxy moved (a port or host change in settings): follow it with the open window.
        if (this.state.proxy.status === 'running' && this.state.proxy.url !== event.url) {
          this.update({ proxy: { status: 'running', url: event.url } });
          this.opts.shell.retargetSettings(`${event.url}/ui/`);
        }
        break;
      case 'request':
        break;
    }
  }

  private async refreshProfiles(): Promise<void> {
    if (!this.core) return;
    try {
      const { profiles } = await this.core.admin.listProfiles();
      const choices: ProfileChoice[] = profiles.map((p) => ({ name: p.name, kind: p.kind, ...(p.problem ? { problem: p.problem } : {}), ...(p.state ? { state: p.state } : {}) }));
      this.update({ profiles: choices });
    } catch {
      // Unreadable AWS files: the profile menu keeps what it had; the settings window explains.
    }
  }

  // The doctor's checklist behind the tray's state; a late answer never replaces a newer one.
  private async refreshDiagnosis(): Promise<void> {
    if (!this.core) return;
    const seq = ++this.diagnosisSeq;
    try {
      const diagnosis = await this.core.admin.diagnose();
      if (seq === this.diagnosisSeq && !this.quitting) this.update({ diagnosis });
    } catch {
      // The tray keeps its last view; the Overview shows why the checks failed.
    }
  }

  private async applyLaunchAtLogin(): Promise<void> {
    const on = this.core?.settings.get().launchAtLogin ?? false;
    if (on === this.appliedLaunchAtLogin) return;
    this.appliedLaunchAtLogin = on;
    try {
      await this.opts.shell.setLaunchAtLogin(on);
    } catch (err) {
      this.addWarning(`Could not ${on ? 'turn on' : 'turn off'} launch at login: ${(err as Error).message}`);
      this.update({});
    }
  }

  private addWarning(message: string): void {
    this.state = { ...this.state, warnings: [...this.state.warnings, { id: ++this.warningSeq, message }].slice(-MAX_WARNINGS) };
  }

  // Re-reads what the core knows, applies `change`, renders the tray and shows new notifications.
  private update(change: Partial<DesktopState>): void {
    const core = this.core;
    const fromCore: Partial<DesktopState> = core
      ? {
          credentials: core.credentials.state,
          usesApiKey: core.usesApiKey,
          activeProfile: core.activeProfile,
          settings: pickSettings(core.settings.get()),
        }
      : {};
    this.state = { ...this.state, ...fromCore, ...change };
    const status = trayStatus(this.state);
    this.opts.shell.renderTray({ status, icon: trayIcon(status, this.state.platform), tooltip: trayTooltip(this.state), items: trayMenu(this.state) });
    const { notifications, memory } = decideNotifications(this.state, this.memory);
    this.memory = memory;
    for (const n of notifications) this.opts.shell.notify(n);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function pickSettings(s: Settings): DesktopState['settings'] {
  return { defaultModel: s.defaultModel, aliases: s.aliases, caching: s.caching, launchAtLogin: s.launchAtLogin };
}

function describe(action: TrayAction): string {
  switch (action.type) {
    case 'set-default-model':
      return `make ${action.model} the default model`;
    case 'set-alias':
      return action.target === null ? `remove the alias ${action.name}` : `point ${action.name} at ${action.target}`;
    case 'set-profile':
      return `switch to profile ${action.profile}`;
    case 'sign-in':
      return 'start signing in to AWS';
    case 'use-port':
      return `switch to port ${action.port}`;
    default:
      return action.type.replace(/-/g, ' ');
  }
}
