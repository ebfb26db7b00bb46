import type { AdminEvent } from '../../../src-shared/admin';
import type { AdminLocation } from '../../../src-shared/ipc';
import type { Settings } from '../../../src-shared/settings';
import { CoreRefresher } from './core-refresh';
import { initialState, stateFromCore } from './core-state';
import { DesktopView } from './desktop-view';
import { LaunchAtLoginSync } from './launch-at-login';
import { startProxyState } from './proxy-start';
import type { DesktopCore, DesktopShell } from './shell';
import type { DesktopState, TrayAction } from './state';
import { actionFailed, settingsPatch } from './tray-actions';
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
 * the proxy and flushes the request log before the process exits. It owns the state and the order
 * of things; beside it live what the state shows (DesktopView), what it reads from the core
 * (core-state, CoreRefresher), what an action means (tray-actions), how a proxy start ends
 * (proxy-start) and the login item (LaunchAtLoginSync).
 */
export class DesktopApp {
  private core?: DesktopCore;
  private state: DesktopState;
  private readonly view: DesktopView;
  private readonly refresh: CoreRefresher;
  private readonly launchAtLogin: LaunchAtLoginSync;
  private readonly signInUrls = new Set<string>();
  private unsubscribe?: () => void;
  private queue: Promise<unknown> = Promise.resolve();
  private starting?: Promise<void>;
  private quitting?: Promise<void>;
  private warningSeq = 0;

  constructor(private readonly opts: DesktopAppOptions) {
    this.state = initialState(opts.platform);
    this.view = new DesktopView(opts.shell);
    this.refresh = new CoreRefresher({ core: () => this.core, isQuitting: () => this.isQuitting, update: (change) => this.update(change) });
    this.launchAtLogin = new LaunchAtLoginSync(opts.shell, (message) => this.warn(message));
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
    await this.refresh.profiles();
    await this.applyLaunchAtLogin();
    await this.startProxy();
    await this.refresh.diagnosis();
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
        case 'set-alias':
        case 'set-caching':
        case 'set-profile':
        case 'set-launch-at-login':
          await this.changeSettings(settingsPatch(action, core.settings));
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
      this.warn(actionFailed(action, err));
    }
  }

  /** Starts the proxy where the settings say; a taken port becomes the port-in-use state with a free port to offer. */
  startProxy(): Promise<void> {
    return this.serial(async () => {
      const core = this.core;
      if (!core || core.running) return;
      this.update({ proxy: { status: 'starting' } });
      this.update({ proxy: await startProxyState(core, this.opts.findFreePort) });
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
    if (this.state.proxy.status === 'running') this.core?.warmUpstream({ afterSleep: true });
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
        void this.refresh.profiles();
        void this.refresh.diagnosis();
        break;
      case 'settings':
        this.update({});
        void this.refresh.profiles();
        void this.applyLaunchAtLogin();
        void this.refresh.diagnosis();
        break;
      case 'sign-in':
        this.signInUrls.add(event.signIn.url);
        this.update({ signIn: event.signIn });
        if (event.signIn.state === 'done') void this.refresh.profiles();
        break;
      case 'warning':
        this.warn(event.message);
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

  private applyLaunchAtLogin(): Promise<void> {
    return this.launchAtLogin.apply(this.core?.settings.get().launchAtLogin ?? false);
  }

  private addWarning(message: string): void {
    this.state = { ...this.state, warnings: [...this.state.warnings, { id: ++this.warningSeq, message }].slice(-MAX_WARNINGS) };
  }

  // A warning shown at once (the tray lists it, a notification announces it).
  private warn(message: string): void {
    this.addWarning(message);
    this.update({});
  }

  // Re-reads what the core knows, applies `change`, renders the tray and shows new notifications.
  private update(change: Partial<DesktopState>): void {
    this.state = { ...this.state, ...stateFromCore(this.core), ...change };
    this.view.show(this.state);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
