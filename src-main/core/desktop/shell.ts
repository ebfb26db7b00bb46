import type { AdminBackend, CredentialStatus } from '../../../src-shared/admin';
import type { Settings } from '../../../src-shared/settings';
import type { DesktopNotification } from './notifications';
import type { TrayIcon, TrayStatus } from './tray-icon';
import type { TrayItem } from './tray-menu';

// The two sides DesktopApp is written against: the desktop (implemented by the Electron adapter
// in src-main/electron, faked in tests) and the core (OutcropCore, or a fake).

/** What the tray shows: rendered whole on every change. */
export interface TrayView {
  status: TrayStatus;
  icon: TrayIcon;
  tooltip: string;
  items: TrayItem[];
}

/**
 * What DesktopApp needs from the desktop; the Electron adapter implements it (src-main/electron),
 * tests fake it. Tray clicks and notification clicks come back through DesktopApp.perform.
 */
export interface DesktopShell {
  renderTray(view: TrayView): void;
  notify(notification: DesktopNotification): void;
  /** Opens the settings window at `url`, or shows and focuses it there. */
  openSettings(url: string): void;
  /** Points an open settings window at a new address (the proxy moved); does nothing when none is open. */
  retargetSettings(url: string): void;
  openExternal(url: string): Promise<void>;
  openPath(path: string): Promise<void>;
  /** Shows a file selected in the system's file manager. */
  showInFolder(path: string): void;
  copyText(text: string): void;
  setLaunchAtLogin(on: boolean): Promise<void>;
  showError(title: string, message: string): void;
  exit(code: number): void;
}

/** The parts of OutcropCore the desktop app uses. */
export interface DesktopCore {
  readonly adminToken: string;
  readonly activeProfile: string;
  readonly usesApiKey: boolean;
  readonly running: boolean;
  readonly proxy: { readonly url: string };
  readonly credentials: { readonly state: CredentialStatus };
  readonly settings: { get(): Settings; update(patch: Partial<Settings>): Promise<Settings> };
  readonly requestLog: { readonly dir: string };
  /** How the settings UI's "Show in folder" (diagnostic log) reaches the desktop; headless has none. */
  setFileRevealer(reveal: ((path: string) => void) | undefined): void;
  readonly admin: Pick<AdminBackend, 'startSignIn' | 'listProfiles' | 'subscribe' | 'diagnose'>;
  startProxy(): Promise<string>;
  stopProxy(): Promise<void>;
  /** Opens the connection to Bedrock ahead of need; `afterSleep` replaces the ones kept from before the sleep without asking them. */
  warmUpstream(opts?: { afterSleep?: boolean }): void;
  close(): Promise<void>;
}
