#!/usr/bin/env node
// Bundles the Electron main process and the settings window's preload with esbuild:
//   dist/main/main.js      ESM, every runtime dependency (fastify, the AWS SDK, zod…) inside, so
//                          the packaged app ships no node_modules; only `electron` stays external
//   dist/main/preload.cjs  CommonJS, as sandboxed preloads must be
//   dist/main/tray/        the tray icons (assets/tray), read at run time
//   dist/main/app-icon.png the window and notification icon on Windows and Linux
// Usage: node scripts/build-main.mjs [--production]   (npm run build:main)
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Bundled CommonJS dependencies call require() and read __dirname; an ES module has neither.
const ESM_SHIM = [
  "import { createRequire as __outcropCreateRequire } from 'node:module';",
  "import { fileURLToPath as __outcropFileURLToPath } from 'node:url';",
  "import { dirname as __outcropDirname } from 'node:path';",
  'const require = __outcropCreateRequire(import.meta.url);',
  'const __filename = __outcropFileURLToPath(import.meta.url);',
  'const __dirname = __outcropDirname(__filename);',
].join('\n');

// Electron 45 runs Node 22 and Chromium 140.
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

/**
 * Builds into `outdir` (dist/main by default, emptied first). `production` drops source maps.
 * Resolves with the files written, relative to `root`.
 */
export async function buildMain({ root = ROOT, outdir = join(root, 'dist', 'main'), production = false, logLevel = 'warning' } = {}) {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    external: ['electron'],
    legalComments: 'none',
    sourcemap: production ? false : 'linked',
    logLevel,
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'src-main', 'electron', 'main.ts')],
      outfile: join(outdir, 'main.js'),
      platform: 'node',
      format: 'esm',
      target: NODE_TARGET,
      banner: { js: ESM_SHIM },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'src-main', 'electron', 'preload.ts')],
      outfile: join(outdir, 'preload.cjs'),
      // A sandboxed preload gets `require('electron')` and a few browser-safe modules only: the
      // browser platform makes any Node import a build error instead of a runtime one.
      platform: 'browser',
      format: 'cjs',
      target: CHROME_TARGET,
    }),
  ]);
  await cp(join(root, 'assets', 'tray'), join(outdir, 'tray'), { recursive: true });
  await cp(join(root, 'assets', 'icons', '256x256.png'), join(outdir, 'app-icon.png'));
  return (await listFiles(outdir)).map((f) => relative(root, f).split('\\').join('/')).sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = await buildMain({ production: process.argv.includes('--production') });
  process.stdout.write(`Built ${files.length} files into dist/main\n`);
}
