// The AWS SDK warns on Node 20 about its own future support; the packaged app runs Electron's newer Node.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from './cli';
import { electronBinary } from './core/desktop-check';
import { chooseStart, electronInstaller, headlessLine, runInstaller } from './core/desktop/electron-install';
import { electronEnv, isStale } from './core/desktop/launch';
import { packageRoot } from './core/package-root';

// `npm start`: the desktop app where there is a desktop (built first: the main process bundle
// always, the settings UI when its sources changed), fetching the Electron binary first when it
// is missing; otherwise — no display, or the fetch failed — say why in one line and run the same
// proxy headless.
const ROOT = packageRoot(import.meta.url);
const args = process.argv.slice(2);

function fail(err: Error): never {
  process.stderr.write(`Outcrop: ${err.message}\n`);
  process.exit(1);
}

function run(command: string, commandArgs: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // npm is a .cmd script on Windows, which only a shell can start.
    const child = spawn(command, commandArgs, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${commandArgs.join(' ')} exited with ${code}`))));
  });
}

async function desktop(binary: string): Promise<void> {
  if (isStale(join(ROOT, 'dist', 'renderer', 'index.html'), [join(ROOT, 'src-renderer'), join(ROOT, 'src-shared')])) await run('npm', ['run', 'build:ui']);
  // esbuild is a dev dependency: loaded only when there is a desktop to build for (by path, so
  // that the headless bundle of this file does not take the build script in).
  const { buildMain } = (await import(pathToFileURL(join(ROOT, 'scripts', 'build-main.mjs')).href)) as typeof import('../scripts/build-main.mjs');
  await buildMain({ root: ROOT });
  const child = spawn(binary, [join(ROOT, 'dist', 'main', 'main.js'), ...args], { cwd: ROOT, stdio: 'inherit', env: electronEnv(process.env) });
  // Ctrl-C in the terminal reaches Electron too; Outcrop quits cleanly and this process follows.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', fail);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const choice = await chooseStart({
  env: process.env,
  platform: process.platform,
  findBinary: () => electronBinary(process.env),
  installer: electronInstaller(process.env),
  runInstaller: (installer) => runInstaller(installer, process.env),
  say: (line) => process.stdout.write(`${line}\n`),
});
if (choice.kind === 'headless') {
  process.stdout.write(`${headlessLine(choice)}\n`);
  main(['serve', ...args]).then((code) => process.exit(code), fail);
} else {
  desktop(choice.binary).catch(fail);
}
