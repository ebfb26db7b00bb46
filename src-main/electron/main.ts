// The desktop app's main process: composition only. Logic lives in src-main/core/desktop
// (DesktopApp and the pure tray, notification and window policies); this file wires it to Electron.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, clipboard, dialog, powerMonitor, safeStorage, shell, type IpcMainEvent } from 'electron';
import { OutcropCore } from '../core/core';
import { logProcessFaults } from '../core/logging/app-log';
import { DesktopApp, type DesktopShell } from '../core/desktop/desktop-app';
import { desktopArgs } from '../core/desktop/launch';
import { desktopPaths } from '../core/desktop/paths';
import { desktopSecretStore, sealerUsable } from '../core/desktop/secrets';
import type { TrayAction } from '../core/desktop/state';
import { isTrustedIpcSender } from '../core/desktop/window-policy';
import type { Sealer } from '../core/secrets';
import { registerIpc } from './ipc';
import { setLaunchAtLogin } from './login-item';
import { showNotification } from './notify';
import { TrayRenderer } from './tray';
import { SettingsWindow } from './windows';

export const APP_ID = 'dev.outcrop.app';

// The AWS SDK warns about Node versions; Electron brings its own Node.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const platform = process.platform;
const paths = desktopPaths({ env: process.env, platform, bundleDir: dirname(fileURLToPath(import.meta.url)) });

// One home for the desktop app and `npm run serve` (settings, logs, tokens); Chromium's own data
// in a folder of its own inside it. The single-instance lock follows userData, so an instance
// with another OUTCROP_HOME runs alongside.
app.setName('Outcrop');
app.setPath('userData', paths.home);
app.setPath('sessionData', paths.sessionData);

let desktop: DesktopApp | undefined;

if (!app.requestSingleInstanceLock()) {
  // Another Outcrop runs with this home: it opens its settings window (second-instance below).
  app.quit();
} else {
  void run();
}

async function run(): Promise<void> {
  app.on('second-instance', () => void desktop?.perform({ type: 'open-settings' }));
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  // Cmd+Q, the Dock, log-out: finish through DesktopApp.quit, which stops the proxy and flushes the log, then exits.
  app.on('before-quit', (event) => {
    if (!desktop) return;
    event.preventDefault();
    void desktop.quit();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (desktop ? void desktop.quit() : app.exit(0)));

  await app.whenReady();
  // A menu-bar app: no Dock icon (the packaged app also sets LSUIElement, so none flashes at launch).
  if (platform === 'darwin') app.dock?.hide();
  // Windows shows notifications only for an app with an AppUserModelId (Electron's own path in development).
  if (platform === 'win32') app.setAppUserModelId(app.isPackaged ? APP_ID : process.execPath);

  const home = app.getPath('userData');
  const sealer: Sealer | undefined = sealerUsable({ available: safeStorage.isEncryptionAvailable(), platform, backend: platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined })
    ? { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (sealed) => safeStorage.decryptString(sealed) }
    : undefined;

  const onAction = (action: TrayAction): void => void desktop?.perform(action);
  const tray = new TrayRenderer({ iconDir: paths.trayIcons, platform, onAction });
  const settingsWindow = new SettingsWindow({
    preload: paths.preload,
    platform,
    icon: paths.appIcon,
    context: () => desktop?.windowContext() ?? { signInUrls: new Set() },
    openExternal: (url) => void shell.openExternal(url),
  });
  registerIpc({
    locate: () => desktop?.adminLocation() ?? null,
    trusted: (event: IpcMainEvent) => settingsWindow.owns(event.sender) && isTrustedIpcSender(event.senderFrame?.url, desktop?.adminLocation()?.adminUrl),
  });

  const desktopShell: DesktopShell = {
    renderTray: (view) => tray.render(view),
    notify: (note) => showNotification(note, { platform, onAction, icon: paths.appIcon }),
    openSettings: (url) => settingsWindow.open(url),
    retargetSettings: (url) => settingsWindow.retarget(url),
    openExternal: (url) => shell.openExternal(url),
    openPath: async (path) => {
      const error = await shell.openPath(path);
      if (error) throw new Error(error);
    },
    showInFolder: (path) => shell.showItemInFolder(path),
    copyText: (text) => clipboard.writeText(text),
    setLaunchAtLogin: (on) => setLaunchAtLogin(on, platform),
    showError: (title, message) => dialog.showErrorBox(title, message),
    exit: (code) => {
      settingsWindow.close();
      tray.destroy();
      app.exit(code);
    },
  };

  desktop = new DesktopApp({
    shell: desktopShell,
    platform,
    startCore: async () => {
      const started = await OutcropCore.start({ home, uiDir: paths.uiDir, secrets: desktopSecretStore(home, sealer), listen: false, mode: 'desktop', ...desktopArgs(process.argv.slice(1)) });
      logProcessFaults(started.core.log);
      return started;
    },
  });
  // After sleep the connections to Bedrock are dead: the first request after a wake must not pay for a new one.
  powerMonitor.on('resume', () => desktop?.resumed());
  await desktop.start();
}
