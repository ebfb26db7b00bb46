import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// What package.json promises npm: which install scripts run, and which Node it needs — checked
// against what `npm ci` actually installs (package-lock.json, and the folders on disk).
const ROOT = join(import.meta.dirname, '..', '..');
const semver = createRequire(import.meta.url)('semver') as { minVersion(range: string): { version: string } | null; satisfies(version: string, range: string): boolean };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; allowScripts: Record<string, boolean> };
interface Locked {
  name?: string;
  hasInstallScript?: boolean;
  engines?: { node?: string };
}
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Locked> };
/** Every package in the lock file, by install path (the root project left out), with its name. */
const locked = Object.entries(lock.packages)
  .filter(([path]) => path !== '')
  .map(([path, meta]) => ({ path, name: meta.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), ...meta }));

describe('package.json for npm', () => {
  test('allowScripts decides every install script in the tree: esbuild and electron-winstaller, both denied', () => {
    const withScripts = [...new Set(locked.filter((p) => p.hasInstallScript).map((p) => p.name))].sort();
    expect(Object.keys(pkg.allowScripts).sort()).toEqual(withScripts);
    // Neither is needed: esbuild's JS API finds its platform binary without the postinstall, and
    // the 7-Zip that electron-winstaller's script selects is for Squirrel.Windows, not a target here.
    expect(pkg.allowScripts).toEqual({ esbuild: false, 'electron-winstaller': false });
  });

  test('electron has no install script: npm start fetches its binary (see src-main/core/desktop/electron-install.ts)', () => {
    expect(locked.find((p) => p.path === 'node_modules/electron')?.hasInstallScript).toBeFalsy();
  });

  test('engines.node admits no Node that a package npm ci installs here refuses', () => {
    const lowest = semver.minVersion(pkg.engines.node)!.version;
    const refusing = locked
      .filter((p) => p.engines?.node && existsSync(join(ROOT, p.path)))
      .filter((p) => !semver.satisfies(lowest, p.engines!.node!))
      .map((p) => `${p.name} (${p.engines!.node})`);
    expect(refusing).toEqual([]);
  });
});
