import { homedir } from 'node:os';
import { join } from 'node:path';

// Launch at login on Linux: Electron's app.setLoginItemSettings covers macOS and Windows only, so
// Outcrop writes an XDG autostart entry, as desktop environments expect
// (https://specifications.freedesktop.org/autostart-spec/latest/).

/** The command that starts Outcrop again: the AppImage when running from one, else Electron with the app folder in development. */
export function launchCommand(opts: { execPath: string; isPackaged: boolean; appPath: string; env: NodeJS.ProcessEnv }): string[] {
  if (opts.env.APPIMAGE) return [opts.env.APPIMAGE];
  return opts.isPackaged ? [opts.execPath] : [opts.execPath, opts.appPath];
}

/** Where the autostart entry lives. */
export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'autostart', 'outcrop.desktop');
}

// Desktop Entry Exec quoting: arguments with reserved characters go in double quotes, with
// ", `, $ and \ escaped by a backslash (https://specifications.freedesktop.org/desktop-entry-spec/latest/exec-variables.html).
function quoteArg(arg: string): string {
  if (!/[\s"'\\><~|&;$*?#()`=%]/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The autostart entry's text for a launch command. */
export function autostartEntry(command: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Outcrop',
    'Comment=Amazon Bedrock on localhost for your coding tools',
    `Exec=${command.map(quoteArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
