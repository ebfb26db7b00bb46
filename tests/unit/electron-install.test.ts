import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { electronBinary, electronPackageDir } from '../../src-main/core/desktop-check';
import { chooseStart, electronInstaller, headlessLine, installerEnv, planStart, runInstaller, RETRY_COMMAND, type ChooseStartDeps, type InstallOutcome, type Installer } from '../../src-main/core/desktop/electron-install';

const scratch = () => mkdtempSync(join(tmpdir(), 'outcrop-install-'));
const INSTALLER: Installer = { script: '/pkg/electron/install.js', cwd: '/pkg/electron', version: '45.4.1' };
const DESKTOP = { DISPLAY: ':0' };

/** chooseStart with a scripted installer: `after` is the binary once it has run. */
function choose(opts: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; before?: string; after?: string; outcome?: InstallOutcome; installer?: Installer | null }) {
  const ran: Installer[] = [];
  const said: string[] = [];
  const deps: ChooseStartDeps = {
    env: opts.env ?? DESKTOP,
    platform: opts.platform ?? 'linux',
    findBinary: () => (ran.length ? opts.after : opts.before),
    installer: opts.installer === null ? undefined : (opts.installer ?? INSTALLER),
    runInstaller: async (installer) => {
      ran.push(installer);
      return opts.outcome ?? { code: 0 };
    },
    say: (line) => said.push(line),
  };
  return chooseStart(deps).then((choice) => ({ choice, ran, said }));
}

describe('the plan before anything runs', () => {
  test('headless when asked or without a display, whatever is installed; desktop with a binary; else install', () => {
    expect(planStart({ OUTCROP_HEADLESS: '1', DISPLAY: ':0' }, 'linux', undefined)).toEqual({ kind: 'headless', reason: 'OUTCROP_HEADLESS is set' });
    expect(planStart({}, 'linux', undefined)).toMatchObject({ kind: 'headless', reason: expect.stringMatching(/^no display found/) });
    expect(planStart({}, 'linux', '/e/electron')).toMatchObject({ kind: 'headless' });
    expect(planStart(DESKTOP, 'linux', '/e/electron')).toEqual({ kind: 'desktop', binary: '/e/electron' });
    expect(planStart({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', undefined)).toEqual({ kind: 'install' });
    expect(planStart({}, 'darwin', undefined)).toEqual({ kind: 'install' });
    expect(planStart({}, 'win32', 'C:\\electron.exe')).toEqual({ kind: 'desktop', binary: 'C:\\electron.exe' });
  });
});

describe('choosing between the desktop app and headless', () => {
  test('no display: headless, and the installer never runs', async () => {
    const { choice, ran } = await choose({ env: {} });
    expect(choice).toMatchObject({ kind: 'headless', reason: expect.stringMatching(/^no display found/) });
    expect(choice).not.toHaveProperty('retry');
    expect(ran).toEqual([]);
  });

  test('a display and the binary: the desktop app, and the installer never runs', async () => {
    const { choice, ran } = await choose({ before: '/e/electron' });
    expect(choice).toEqual({ kind: 'desktop', binary: '/e/electron' });
    expect(ran).toEqual([]);
  });

  test('a display and no binary: says it downloads, runs the installer, then starts the binary it left', async () => {
    const { choice, ran, said } = await choose({ after: '/e/electron' });
    expect(ran).toEqual([INSTALLER]);
    expect(said).toEqual([expect.stringMatching(/^Outcrop: downloading Electron 45\.4\.1 /)]);
    expect(choice).toEqual({ kind: 'desktop', binary: '/e/electron' });
  });

  test('the installer fails: headless, with what failed and the command to retry', async () => {
    const { choice } = await choose({ outcome: { code: 1 } });
    expect(choice).toEqual({ kind: 'headless', reason: expect.stringContaining('could not download Electron 45.4.1 (its installer exited with code 1'), retry: RETRY_COMMAND });
  });

  test('every way an install can go wrong is named', async () => {
    const reason = async (outcome: InstallOutcome, after?: string) => ((await choose({ outcome, after })).choice as { reason: string }).reason;
    expect(await reason({ code: 0 })).toContain('its installer finished but left no binary');
    expect(await reason({ code: null, signal: 'SIGINT' })).toContain('its installer was stopped by SIGINT');
    expect(await reason({ error: new Error('spawn node ENOENT') })).toContain('its installer could not start: spawn node ENOENT');
    // A binary that appeared from a failed run (a stale or partial extract) is not trusted.
    expect(await reason({ code: 1 }, '/e/electron')).toContain('exited with code 1');
  });

  test('no electron package at all: headless, retry is npm ci', async () => {
    const { choice, ran } = await choose({ installer: null });
    expect(ran).toEqual([]);
    expect(choice).toEqual({ kind: 'headless', reason: 'the electron package is not installed', retry: 'npm ci' });
  });

  test('the headless line is one line: the reason, and the retry command when there is one', () => {
    const line = headlessLine({ reason: 'could not download Electron 45.4.1 (its installer exited with code 1)', retry: RETRY_COMMAND });
    expect(line).not.toContain('\n');
    expect(line).toBe('Outcrop: could not download Electron 45.4.1 (its installer exited with code 1) — running headless instead (same proxy, no tray). For the tray app: `npx --no install-electron` (with internet access), then `npm start`.');
    expect(headlessLine({ reason: 'OUTCROP_HEADLESS is set' })).toBe('Outcrop: OUTCROP_HEADLESS is set — running headless instead (same proxy, no tray).');
  });
});

describe('the installer', () => {
  test('is the electron package’s own: its install.js, which is the `install-electron` bin users retry with', () => {
    const dir = electronPackageDir()!;
    const installer = electronInstaller({}, dir)!;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(installer).toEqual({ script: join(dir, 'install.js'), cwd: dir, version: pkg.version });
    expect(pkg.bin[RETRY_COMMAND.replace('npx --no ', '')]).toBe('install.js');
    expect(electronInstaller({}, null)).toBeUndefined();
  });

  test('OUTCROP_ELECTRON_INSTALLER puts a stand-in in its place', () => {
    expect(electronInstaller({ OUTCROP_ELECTRON_INSTALLER: '/t/stand-in.mjs' }, electronPackageDir())?.script).toBe('/t/stand-in.mjs');
  });

  test('runs with Node and reports the exit code; a binary it writes is then found', async () => {
    const dir = scratch();
    const dist = scratch();
    const script = join(dir, 'stand-in.mjs');
    writeFileSync(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(process.env.ELECTRON_OVERRIDE_DIST_PATH + '/electron', '');\nprocess.exit(Number(process.env.EXIT_WITH));\n`);
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist };
    expect(electronBinary(env)).toBeUndefined();
    expect(await runInstaller({ script, cwd: dir }, { ...env, EXIT_WITH: '0' })).toEqual({ code: 0, signal: null });
    expect(electronBinary(env)).toBe(join(dist, 'electron'));
    expect(await runInstaller({ script, cwd: dir }, { ...env, EXIT_WITH: '7' })).toEqual({ code: 7, signal: null });
  });

  test('behind a proxy, @electron/get is told to use it (it ignores HTTPS_PROXY otherwise); an explicit choice stays', async () => {
    expect(installerEnv({ HTTPS_PROXY: 'http://proxy:3128' }).ELECTRON_GET_USE_PROXY).toBe('1');
    expect(installerEnv({ http_proxy: 'http://proxy:3128' }).ELECTRON_GET_USE_PROXY).toBe('1');
    expect(installerEnv({ HTTPS_PROXY: 'http://proxy:3128', ELECTRON_GET_USE_PROXY: '' }).ELECTRON_GET_USE_PROXY).toBe('');
    expect(installerEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin' });
    const dir = scratch();
    const script = join(dir, 'print-env.mjs');
    writeFileSync(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync('seen.txt', String(process.env.ELECTRON_GET_USE_PROXY));\n`);
    await runInstaller({ script, cwd: dir }, { PATH: process.env.PATH, HTTPS_PROXY: 'http://127.0.0.1:9' });
    expect(readFileSync(join(dir, 'seen.txt'), 'utf8')).toBe('1');
  });

  test('an installer that cannot start is an outcome, not a throw', async () => {
    const outcome = await runInstaller({ script: join(scratch(), 'x.mjs'), cwd: join(scratch(), 'missing-folder') });
    expect(outcome).toHaveProperty('error');
  });
});
