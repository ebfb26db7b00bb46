import { BrowserWindow, dialog, type WebContents } from 'electron';
import { navigationDecision, newWindowDecision, permissionAllowed, settingsWindowOptions, type WindowPolicyContext } from '../core/desktop/window-policy';

export interface SettingsWindowOptions {
  preload: string;
  platform: NodeJS.Platform;
  icon?: string;
  /** The policy's view of now: the admin UI address and the sign-in URLs handed out. */
  context(): WindowPolicyContext;
  openExternal(url: string): void;
}

/** The settings window: one at a time, showing the admin UI served by the proxy, guarded by the window policy. */
export class SettingsWindow {
  private win?: BrowserWindow;

  constructor(private readonly opts: SettingsWindowOptions) {}

  /** Opens the window at `url`, or shows and focuses the open one (navigating it when the address differs). */
  open(url: string): void {
    const win = this.win && !this.win.isDestroyed() ? this.win : this.create();
    if (win.webContents.getURL() !== url) void win.loadURL(url);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  /** Loads a new address into the open window (the proxy moved); nothing when the window is closed. */
  retarget(url: string): void {
    if (this.win && !this.win.isDestroyed()) void this.win.loadURL(url);
  }

  /** True when `contents` belongs to the settings window. */
  owns(contents: WebContents): boolean {
    return Boolean(this.win && !this.win.isDestroyed() && this.win.webContents.id === contents.id);
  }

  close(): void {
    if (this.win && !this.win.isDestroyed()) this.win.destroy();
    this.win = undefined;
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow(settingsWindowOptions({ preload: this.opts.preload, platform: this.opts.platform, icon: this.opts.icon }));
    const contents = win.webContents;
    const guard = (event: { preventDefault(): void; url: string }): void => {
      const decision = navigationDecision(event.url, this.opts.context());
      if (decision === 'allow') return;
      event.preventDefault();
      if (decision === 'open-external') this.opts.openExternal(event.url);
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.setWindowOpenHandler(({ url }) => {
      if (newWindowDecision(url, this.opts.context()) === 'open-external') this.opts.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // The Settings screen holds back an unload while edits are unsaved (beforeunload): Electron
    // then asks here. Leave lets the window close or reload; Stay keeps it. Quitting from the tray
    // destroys the window, which asks nothing.
    contents.on('will-prevent-unload', (event) => {
      const choice = dialog.showMessageBoxSync(win, { type: 'question', buttons: ['Leave', 'Stay'], defaultId: 1, cancelId: 1, message: 'Settings has unsaved changes.', detail: 'Leave without saving them?' });
      if (choice === 0) event.preventDefault();
    });
    contents.session.setPermissionRequestHandler((_wc, permission, callback, details) => callback(permissionAllowed(permission, details.requestingUrl, this.opts.context().adminUrl)));
    contents.session.setPermissionCheckHandler((_wc, permission, origin) => permissionAllowed(permission, origin, this.opts.context().adminUrl));
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (this.win === win) this.win = undefined;
    });
    this.win = win;
    return win;
  }
}
