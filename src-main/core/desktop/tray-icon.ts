import { effectiveCredentials, needsSignIn, setupProblem, type DesktopState } from './state';

/** The four looks of the tray icon. */
export type TrayStatus = 'running' | 'needs-sign-in' | 'stopped' | 'error';

export interface TrayIcon {
  status: TrayStatus;
  /** Relative to the tray icon folder (assets/tray, copied to dist/main/tray by the build). */
  file: string;
  /** A macOS template image: black and alpha only, tinted by the system for light and dark menu bars. */
  template: boolean;
}

/** Which look the state calls for: a proxy problem first, then AWS sign-in, then a setup problem, then running or stopped. */
export function trayStatus(state: DesktopState): TrayStatus {
  const { proxy } = state;
  if (proxy.status === 'error' || proxy.status === 'port-in-use') return 'error';
  if (proxy.status !== 'running') return 'stopped';
  if (needsSignIn(state)) return 'needs-sign-in';
  // Nothing configured is not "running fine": the doctor's finding turns the icon to error.
  if (setupProblem(state)) return 'error';
  if (!state.usesApiKey && effectiveCredentials(state).status === 'error') return 'error';
  return 'running';
}

/**
 * The icon file for a status on a platform: template PNGs on macOS (the @2x file sits beside
 * each and Electron picks it on Retina screens), multi-size ICO on Windows (crisp at every
 * scaling factor), colour PNGs on Linux.
 * https://www.electronjs.org/docs/latest/api/tray#platform-considerations
 */
export function trayIcon(status: TrayStatus, platform: NodeJS.Platform): TrayIcon {
  if (platform === 'darwin') return { status, file: `mac/${status}-Template.png`, template: true };
  if (platform === 'win32') return { status, file: `win/${status}.ico`, template: false };
  return { status, file: `linux/${status}.png`, template: false };
}
