import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { electronBinary, electronPackageDir, noDesktopReason } from '../../src-main/core/desktop-check';
import { autostartEntry, autostartFile, launchCommand } from '../../src-main/core/desktop/autostart';
import { findFreePort, isPortFree } from '../../src-main/core/desktop/free-port';
import { desktopArgs, electronEnv, isStale } from '../../src-main/core/desktop/launch';
import { desktopPaths, unpacked } from '../../src-main/core/desktop/paths';
import { desktopSecretStore, sealerUsable } from '../../src-main/core/desktop/secrets';
import { BEDROCK_API_KEY } from '../../src-main/core/secrets';

const scratch = () => mkdtempSync(join(tmpdir(), 'outcrop-launch-'));

/** An electron package folder as npm leaves it: with or without the downloaded binary. */
function electronPackage(opts: { pathTxt?: string; binary?: boolean }): string {
  const dir = scratch();
  writeFileSync(join(dir, 'package.json'), '{"name":"electron"}');
  // The real index.js downloads the binary when loaded: this one fails the test if anything loads it.
  writeFileSync(join(dir, 'index.js'), 'throw new Error("the electron package must never be loaded");');
  if (opts.pathTxt !== undefined) writeFileSync(join(dir, 'path.txt'), opts.pathTxt);
  if (opts.binary) {
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'dist', opts.pathTxt ?? 'electron'), '');
  }
  return dir;
}

describe('desktop check', () => {
  test('the binary is found from path.txt under dist/, without loading the electron package', () => {
    const dir = electronPackage({ pathTxt: 'electron', binary: true });
    expect(electronBinary({}, dir)).toBe(join(dir, 'dist', 'electron'));
  });

  test('no path.txt (the download never ran) or no file behind it: no binary', () => {
    expect(electronBinary({}, electronPackage({}))).toBeUndefined();
    expect(electronBinary({}, electronPackage({ pathTxt: 'electron' }))).toBeUndefined();
    expect(electronBinary({}, undefined)).toBeUndefined();
  });

  test('ELECTRON_OVERRIDE_DIST_PATH is honoured, as the electron package does', () => {
    const override = scratch();
    writeFileSync(join(override, 'electron'), '');
    expect(electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: override }, electronPackage({}))).toBe(join(override, 'electron'));
  });

  test('the installed package is located, and here it has no binary (it cannot be downloaded)', () => {
    const dir = electronPackageDir();
    expect(dir && readFileSync(join(dir, 'package.json'), 'utf8')).toContain('"name": "electron"');
  });

  test('reasons to run headless, in order: asked for it, no display on Linux; a missing binary is none', () => {
    expect(noDesktopReason({ OUTCROP_HEADLESS: '1', DISPLAY: ':0' }, 'linux')).toBe('OUTCROP_HEADLESS is set');
    expect(noDesktopReason({}, 'linux')).toMatch(/^no display found/);
    expect(noDesktopReason({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeUndefined();
    expect(noDesktopReason({ DISPLAY: ':0' }, 'linux')).toBeUndefined();
    expect(noDesktopReason({}, 'darwin')).toBeUndefined();
    expect(noDesktopReason({ OUTCROP_HEADLESS: '0' }, 'win32')).toBeUndefined();
  });
});

describe('launch helpers', () => {
  test('desktop args: the serve overrides; unknown and bad ones are ignored', () => {
    expect(desktopArgs(['dist/main/main.js', '--port', '9000', '--profile', 'dev', '--region', 'eu-west-1', '--host', '127.0.0.1'])).toEqual({ port: 9000, profile: 'dev', region: 'eu-west-1', host: '127.0.0.1' });
    expect(desktopArgs(['-psn_0_12345', '--port', 'abc', '--enable-logging', '--inspect=9229'])).toEqual({});
    expect(desktopArgs(['--port=0'])).toEqual({ port: 0 });
  });

  test('Electron is never started as plain Node', () => {
    expect(electronEnv({ PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' })).toEqual({ PATH: '/bin' });
  });

  test('a build is stale when missing or older than a source file', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'src', 'deep', 'a.ts'), '');
    const out = join(dir, 'out.html');
    expect(isStale(out, [join(dir, 'src')])).toBe(true);
    writeFileSync(out, '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'src', 'deep', 'a.ts'), past, past);
    expect(isStale(out, [join(dir, 'src')])).toBe(false);
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src', 'deep', 'a.ts'), future, future);
    expect(isStale(out, [join(dir, 'src')])).toBe(true);
  });

  test('paths: the headless home (or OUTCROP_HOME), Chromium data inside it, assets beside the bundle', () => {
    const p = desktopPaths({ env: { HOME: '/home/me' }, platform: 'linux', bundleDir: '/opt/Outcrop/resources/app/dist/main' });
    expect(p).toEqual({
      home: join('/home/me', '.config', 'outcrop'),
      sessionData: join('/home/me', '.config', 'outcrop', 'chromium'),
      uiDir: join('/opt/Outcrop/resources/app/dist/renderer'),
      preload: join('/opt/Outcrop/resources/app/dist/main/preload.cjs'),
      trayIcons: join('/opt/Outcrop/resources/app/dist/main/tray'),
      appIcon: join('/opt/Outcrop/resources/app/dist/main/app-icon.png'),
    });
    expect(desktopPaths({ env: { OUTCROP_HOME: '/tmp/o' }, platform: 'darwin', bundleDir: '/x' }).home).toBe('/tmp/o');
    expect(desktopPaths({ env: { HOME: '/Users/me' }, platform: 'darwin', bundleDir: '/x' }).home).toBe(join('/Users/me', 'Library', 'Application Support', 'Outcrop'));
  });

  test('icons and the settings UI inside app.asar are read from app.asar.unpacked; the preload stays in the archive', () => {
    const inAsar = ['', 'opt', 'O', 'resources', 'app.asar', 'dist', 'main'].join(sep);
    const p = desktopPaths({ env: {}, platform: 'linux', bundleDir: inAsar });
    const outside = (path: string) => path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
    expect(p.trayIcons).toBe(outside(join(inAsar, 'tray')));
    expect(p.appIcon).toBe(outside(join(inAsar, 'app-icon.png')));
    expect(p.uiDir).toBe(outside(join(inAsar, '..', 'renderer')));
    expect(p.preload).toBe(join(inAsar, 'preload.cjs'));
    expect(unpacked('/work/main/dist/main/tray')).toBe('/work/main/dist/main/tray');
  });
});

describe('launch at login on Linux', () => {
  test('the command: the AppImage, the packaged binary, or Electron with the app folder', () => {
    expect(launchCommand({ execPath: '/tmp/.mount/outcrop', isPackaged: true, appPath: '/x', env: { APPIMAGE: '/home/me/Outcrop.AppImage' } })).toEqual(['/home/me/Outcrop.AppImage']);
    expect(launchCommand({ execPath: '/opt/Outcrop/outcrop', isPackaged: true, appPath: '/opt/Outcrop/resources/app.asar', env: {} })).toEqual(['/opt/Outcrop/outcrop']);
    expect(launchCommand({ execPath: '/w/node_modules/electron/dist/electron', isPackaged: false, appPath: '/w', env: {} })).toEqual(['/w/node_modules/electron/dist/electron', '/w']);
  });

  test('the XDG autostart entry, with Exec quoted as the spec says', () => {
    const entry = autostartEntry(['/home/me/My Apps/Outcrop.AppImage', '--profile', 'a"b$c']);
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Outcrop\n');
    expect(entry).toContain('Exec="/home/me/My Apps/Outcrop.AppImage" --profile "a\\"b\\$c"\n');
    expect(autostartFile({ XDG_CONFIG_HOME: '/cfg' })).toBe(join('/cfg', 'autostart', 'outcrop.desktop'));
    expect(autostartFile({ HOME: '/home/me' })).toBe(join('/home/me', '.config', 'autostart', 'outcrop.desktop'));
  });
});

describe('secrets in the desktop app', () => {
  const sealer = { encrypt: (s: string) => Buffer.from(`sealed:${s}`), decrypt: (b: Buffer) => b.toString().replace(/^sealed:/, '') };

  test('safeStorage counts only when it is real encryption (not Linux basic_text)', () => {
    expect(sealerUsable({ available: true, platform: 'darwin' })).toBe(true);
    expect(sealerUsable({ available: true, platform: 'win32' })).toBe(true);
    expect(sealerUsable({ available: true, platform: 'linux', backend: 'gnome_libsecret' })).toBe(true);
    expect(sealerUsable({ available: true, platform: 'linux', backend: 'basic_text' })).toBe(false);
    expect(sealerUsable({ available: false, platform: 'darwin' })).toBe(false);
  });

  test('sealed values live apart from the headless plain file, and the headless store never sees ciphertext', async () => {
    const home = scratch();
    const sealed = desktopSecretStore(home, sealer);
    await sealed.set(BEDROCK_API_KEY, 'ABSK-1');
    expect(await sealed.get(BEDROCK_API_KEY)).toBe('ABSK-1');
    expect(sealed.description).toBe('encrypted with the OS keychain');
    expect(await desktopSecretStore(home).get(BEDROCK_API_KEY)).toBeUndefined();
  });

  test('a value the keychain cannot open reads as missing instead of stopping the app', async () => {
    const home = scratch();
    await desktopSecretStore(home, sealer).set(BEDROCK_API_KEY, 'ABSK-1');
    const broken = desktopSecretStore(home, { encrypt: sealer.encrypt, decrypt: () => { throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'); } });
    expect(await broken.get(BEDROCK_API_KEY)).toBeUndefined();
  });
});

describe('free ports', () => {
  test('a taken port is not free; the next free one is found', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const taken = (server.address() as { port: number }).port;
    try {
      expect(await isPortFree('127.0.0.1', taken)).toBe(false);
      const free = await findFreePort('127.0.0.1', taken);
      expect(free).toBeGreaterThan(taken);
      expect(await findFreePort('127.0.0.1', taken, 1)).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
