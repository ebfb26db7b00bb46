import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The installed electron package's folder, found without loading it. */
export function electronPackageDir(): string | undefined {
  try {
    // Resolving package.json runs nothing; loading the electron package would run its index.js, which
    // downloads the binary when it is missing.
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * The Electron binary, or undefined when it was never downloaded. Reads what the electron
 * package's own index.js reads — path.txt, written by its install script, names the executable
 * under dist/ (or under ELECTRON_OVERRIDE_DIST_PATH) — and checks the file is there.
 */
export function electronBinary(env: NodeJS.ProcessEnv = process.env, packageDir: string | undefined = electronPackageDir()): string | undefined {
  if (!packageDir) return undefined;
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
    return existsSync(binary) ? binary : undefined;
  }
  if (!executable) return undefined;
  const binary = join(packageDir, 'dist', executable);
  return existsSync(binary) ? binary : undefined;
}

/**
 * Why `npm start` runs headless whatever is installed (headless asked for, no display), or
 * undefined when there is a desktop. A missing Electron binary is not a reason: start.ts fetches it.
 */
export function noDesktopReason(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.OUTCROP_HEADLESS && env.OUTCROP_HEADLESS !== '0') return 'OUTCROP_HEADLESS is set';
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display found (DISPLAY and WAYLAND_DISPLAY are unset)';
  return undefined;
}
