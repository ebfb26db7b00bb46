import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { app } from 'electron';
import { autostartEntry, autostartFile, launchCommand } from '../core/desktop/autostart';

/** Turns launching at login on or off: the OS login items on macOS and Windows, an XDG autostart entry on Linux. */
export async function setLaunchAtLogin(on: boolean, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const command = launchCommand({ execPath: process.execPath, isPackaged: app.isPackaged, appPath: app.getAppPath(), env });
  if (platform === 'linux') {
    const file = autostartFile(env);
    if (!on) return rm(file, { force: true });
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, autostartEntry(command));
    return;
  }
  // In development the executable is Electron itself, which needs the app folder (Windows only
  // takes a path and arguments; macOS registers the running bundle).
  app.setLoginItemSettings({ openAtLogin: on, ...(platform === 'win32' ? { path: command[0], args: command.slice(1).map((a) => `"${a}"`) } : {}) });
}
