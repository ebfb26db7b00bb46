import { join, sep } from 'node:path';
import { outcropHome } from '../paths';

export interface DesktopPaths {
  /** Outcrop's home (settings, logs, tokens): $OUTCROP_HOME, else the same folder the headless server uses. */
  home: string;
  /** Chromium's own data (cache, local storage) for the settings window, kept apart from Outcrop's files. */
  sessionData: string;
  /** The built settings UI (outside app.asar in the packaged app). */
  uiDir: string;
  preload: string;
  /** The tray icons (outside app.asar in the packaged app). */
  trayIcons: string;
  /** The window and notification icon for Windows and Linux (outside app.asar in the packaged app). */
  appIcon: string;
}

/**
 * Where the desktop app keeps and finds things. `bundleDir` is the folder of the bundled main
 * process (dist/main), beside which the build puts the preload, the tray icons and the renderer.
 */
export function desktopPaths(opts: { env: NodeJS.ProcessEnv; platform: NodeJS.Platform; bundleDir: string }): DesktopPaths {
  const home = outcropHome(opts.env, opts.platform);
  return {
    home,
    sessionData: join(home, 'chromium'),
    uiDir: unpacked(join(opts.bundleDir, '..', 'renderer')),
    preload: join(opts.bundleDir, 'preload.cjs'),
    trayIcons: unpacked(join(opts.bundleDir, 'tray')),
    appIcon: unpacked(join(opts.bundleDir, 'app-icon.png')),
  };
}

/**
 * The same path in app.asar.unpacked, where electron-builder.yml puts what must be plain files
 * (asarUnpack): Windows loads .ico files with a Win32 call that cannot read inside the archive,
 * notification daemons get icon paths, and the settings UI is served by the proxy with plain
 * fs calls — none of which should depend on Electron's asar emulation.
 */
export function unpacked(path: string): string {
  const marker = `${sep}app.asar${sep}`;
  return path.includes(marker) ? path.replace(marker, `${sep}app.asar.unpacked${sep}`) : path;
}
