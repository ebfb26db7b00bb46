import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildMain } from '../../scripts/build-main.mjs';
import { trayIcon, type TrayStatus } from '../../src-main/core/desktop/tray-icon';

// electron-builder.yml as electron-builder itself reads and validates it (its own js-yaml and
// schema), the icons it points at, and its `files` patterns against a real build of the main
// process — matched with electron-builder's own minimatch, the way its file filter does.
const ROOT = join(import.meta.dirname, '..', '..');
const builder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = builder('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = builder('./out/util/config/config') as { validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void> };
const { Minimatch } = builder('minimatch') as { Minimatch: new (pattern: string, options: object) => { negate: boolean; match(path: string, partial?: boolean): boolean } };

type Target = string | { target: string; arch?: string | string[] };
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  directories: { output: string; buildResources: string };
  mac: { icon: string; target: Target[]; extendInfo: Record<string, unknown> };
  win: { icon: string; target: Target[] };
  linux: { icon: string; target: Target[] };
}
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const targetNames = (targets: Target[]) => targets.map((t) => (typeof t === 'string' ? t : t.target));

/** Whether electron-builder's `files` patterns take a path (relative to the project), as its filter decides. */
function included(path: string, patterns: string[]): boolean {
  let match = false;
  for (const p of ['**/*', ...patterns].filter((p, i) => i > 0 || patterns.every((q) => q.startsWith('!')))) {
    const m = new Minimatch(p, { dot: true });
    if (match !== m.negate) continue;
    match = m.match(path);
  }
  return match;
}

function pngSize(file: string): [number, number] {
  const buf = readFileSync(file);
  expect(buf.subarray(1, 4).toString('latin1'), file).toBe('PNG');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('electron-builder.yml', () => {
  test('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  test('app id, product name and the targets per platform', () => {
    expect(config.appId).toBe('dev.outcrop.app');
    expect(config.productName).toBe('Outcrop');
    expect(config.mac.target).toEqual([
      { target: 'dmg', arch: 'universal' },
      { target: 'zip', arch: 'universal' },
    ]);
    expect(targetNames(config.win.target)).toEqual(['nsis', 'portable']);
    expect(targetNames(config.linux.target)).toEqual(['AppImage', 'deb']);
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
  });

  test('the app icons exist in their formats: ICNS, ICO (with 256 px), a Linux set from 16 to 512', () => {
    const icns = readFileSync(join(ROOT, config.mac.icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.subarray(at, at + 4).toString('latin1'));
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10', 'icp4', 'icp5']));

    const ico = readFileSync(join(ROOT, config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));

    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(pngSize(join(ROOT, config.linux.icon, `${size}x${size}.png`))).toEqual([size, size]);
    expect(pngSize(join(ROOT, 'assets', 'icon.png'))).toEqual([1024, 1024]);
    expect(readFileSync(join(ROOT, 'assets', 'outcrop.svg'), 'utf8')).toContain('id="mark"');
  });

  test('a tray icon for every state on every platform; template and @2x images where they belong', () => {
    for (const status of ['running', 'needs-sign-in', 'stopped', 'error'] as TrayStatus[]) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        const file = join(ROOT, 'assets', 'tray', trayIcon(status, platform).file);
        expect(existsSync(file), file).toBe(true);
      }
      const mac = join(ROOT, 'assets', 'tray', trayIcon(status, 'darwin').file);
      expect(mac).toMatch(/Template\.png$/);
      expect(pngSize(mac)).toEqual([16, 16]);
      expect(pngSize(mac.replace('.png', '@2x.png'))).toEqual([32, 32]);
      const linux = join(ROOT, 'assets', 'tray', trayIcon(status, 'linux').file);
      expect(pngSize(linux.replace('.png', '@2x.png'))).toEqual([48, 48]);
    }
  });

  test('no dev dependency is a runtime dependency; package.json points at the bundled main', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.main).toBe('dist/main/main.js');
    for (const dev of ['electron', 'electron-builder', 'esbuild', '@resvg/resvg-wasm']) {
      expect(pkg.devDependencies[dev], dev).toBeDefined();
      expect(pkg.dependencies[dev], dev).toBeUndefined();
    }
    expect(pkg.scripts['build:main']).toBe('node scripts/build-main.mjs');
    expect(pkg.scripts.dist).toBe('npm run build:ui && node scripts/build-main.mjs --production && node scripts/dist.mjs');
  });

  test('who made it: package.json author (name and address) and homepage, the deb maintainer, the copyright', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { author: { name: string; email: string }; homepage: string };
    // electron-builder stops with "author is missed" without it, and the deb needs a Maintainer.
    expect(pkg.author.name).toBe('The Outcrop authors');
    expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/[\w-]+\/outcrop$/);
    const meta = config as unknown as { linux: { maintainer: string }; copyright: string };
    expect(meta.linux.maintainer).toBe(`${pkg.author.name} <${pkg.author.email}>`);
    expect(meta.copyright).toContain(pkg.author.name);
  });
});

describe('the files patterns against a build of the main process', () => {
  let project: string;
  let built: string[];
  beforeAll(async () => {
    // Built into a scratch project so a concurrent `npm start` or test never sees a half-written dist/main.
    project = mkdtempSync(join(tmpdir(), 'outcrop-build-'));
    built = await buildMain({ root: ROOT, outdir: join(project, 'dist', 'main'), production: true });
    built = listFiles(join(project, 'dist', 'main')).map((f) => relative(project, f).split('\\').join('/'));
    mkdirSync(join(project, 'dist', 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(project, 'dist', 'renderer', 'index.html'), '<!doctype html>');
    writeFileSync(join(project, 'dist', 'renderer', 'assets', 'index-abc.js'), '');
  }, 60_000);

  test('the build writes the main bundle, the preload, the tray icons and the window icon', () => {
    expect(built).toEqual(expect.arrayContaining(['dist/main/main.js', 'dist/main/preload.cjs', 'dist/main/app-icon.png', 'dist/main/tray/mac/running-Template.png', 'dist/main/tray/mac/running-Template@2x.png', 'dist/main/tray/win/error.ico', 'dist/main/tray/linux/stopped.png']));
    expect(built.some((f) => f.endsWith('.map'))).toBe(false);
    expect(statSync(join(project, 'dist', 'main', 'main.js')).size).toBeGreaterThan(100_000);
  });

  test('every built file is packed, with package.json; sources and maps are not', () => {
    for (const file of [...built, 'dist/renderer/index.html', 'dist/renderer/assets/index-abc.js', 'package.json']) expect(included(file, config.files), file).toBe(true);
    for (const file of ['dist/main/main.js.map', 'src-main/electron/main.ts', 'tests/unit/x.test.ts', 'electron-builder.yml', 'assets/icon.png']) {
      expect(included(file, config.files), file).toBe(false);
    }
  });

  test('no node_modules: electron-builder adds the production dependencies with only the exclusions of `files` applied', () => {
    const exclusions = config.files.filter((p) => p.startsWith('!'));
    for (const file of ['node_modules/fastify/package.json', 'node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js', 'node_modules/zod/index.js']) {
      expect(included(file, exclusions), file).toBe(false);
      expect(included(file, exclusions.filter((p) => !p.includes('node_modules'))), file).toBe(true);
    }
  });

  test('the icons and the settings UI are unpacked from app.asar; the code stays inside', () => {
    const all = [...built, 'dist/renderer/index.html', 'dist/renderer/assets/index-abc.js'];
    const unpacked = all.filter((f) => config.asarUnpack.some((p) => new Minimatch(p, { dot: true }).match(f)));
    expect(unpacked.sort()).toEqual(all.filter((f) => f.startsWith('dist/main/tray/') || f.startsWith('dist/renderer/') || f === 'dist/main/app-icon.png').sort());
    expect(unpacked).not.toContain('dist/main/main.js');
  });

  test('the main bundle imports only electron and Node built-ins; the preload only electron', () => {
    const main = readFileSync(join(project, 'dist', 'main', 'main.js'), 'utf8');
    const imports = new Set([...main.matchAll(/^import [^;]*? from "([^"]+)";?$/gm)].map((m) => m[1]));
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    expect([...imports].filter((m) => !builtins.has(m))).toEqual(['electron']);
    const preload = readFileSync(join(project, 'dist', 'main', 'preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  });
});
