import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Why the desktop app cannot start here (no display, no Electron binary), or undefined when it can. */
export function desktopUnavailableReason(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display found (DISPLAY and WAYLAND_DISPLAY are unset)';
  const binary = electronBinary();
  if (!binary) return 'the Electron binary is not installed (it downloads on first launch, which needs internet access)';
  return undefined;
}

function electronBinary(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    // The electron package exports the binary path once its download has happened.
    const path = require('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
