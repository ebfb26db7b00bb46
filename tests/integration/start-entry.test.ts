import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildCli } from '../../scripts/build-cli.mjs';
import { until } from '../support/wait';

// `npm start` as the README names it, and its first-run decisions, run as child processes.
const ROOT = join(import.meta.dirname, '..', '..');
const scratch = (name: string) => mkdtempSync(join(tmpdir(), `outcrop-${name}-`));

/** A home with nothing in it, and no desktop: what a fresh headless machine looks like. */
function freshEnv(): NodeJS.ProcessEnv {
  const home = scratch('home');
  const { DISPLAY: _d, WAYLAND_DISPLAY: _w, OUTCROP_HEADLESS: _h, ...rest } = process.env;
  // npm checks the registry for its own updates; nothing here may reach the network.
  return { ...rest, HOME: home, OUTCROP_HOME: join(home, 'outcrop'), npm_config_update_notifier: 'false', CI: 'true' };
}

interface Run {
  child: ChildProcess;
  output: () => string;
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
}

const runs: Run[] = [];
// A failed assertion leaves no server behind.
afterEach(async () => {
  await Promise.all(runs.splice(0).map(stopGroup));
});

function run(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Run {
  // Its own process group, so that stopping it reaches npm, its shell and node alike.
  const child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  runs.push({ child, output: () => out, exited });
  return runs[runs.length - 1];
}

function stopGroup(r: Run): Promise<number | string | null> {
  try {
    if (r.child.exitCode === null && r.child.signalCode === null) process.kill(-r.child.pid!, 'SIGTERM');
  } catch {
    // The group is gone already.
  }
  return r.exited;
}

const listening = (out: string) => out.match(/Outcrop listening on \S+/g) ?? [];

/** Whether this machine can give a process a private loopback-only network (unprivileged user + net namespaces). */
function canUnshare(): boolean {
  return spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('`npm start` on a machine without a display, default port, fresh home', () => {
  test('runs exactly one server, on 8797, and keeps running', async (ctx) => {
    // Port 8797 may be taken on a developer's machine (by Outcrop itself): the run gets a network
    // namespace of its own with only loopback in it, and the probe runs inside the same namespace.
    const probe = "fetch('http://127.0.0.1:8797/healthz').then(async (r) => console.log('HEALTHZ', r.status, await r.text()), (e) => console.log('HEALTHZ failed', e.message))";
    const script = [
      // setsid: npm leads a process group of its own, so one kill reaches npm, its shell and node.
      ': > "$LOG"',
      'setsid npm start > "$LOG" 2>&1 &',
      'pid=$!',
      // Wait for the first listening line, then long enough for a second server to have collided.
      'i=0; until grep -q "Outcrop listening" "$LOG" || [ $i -ge 300 ] || ! kill -0 $pid 2>/dev/null; do sleep 0.1; i=$((i+1)); done',
      'sleep 1.5',
      'kill -0 $pid 2>/dev/null && echo STILL-RUNNING',
      `"$NODE" -e "${probe}"`,
      'kill -TERM -$pid; wait $pid; echo EXIT $?',
      'cat "$LOG"',
    ].join('\n');
    const env = { ...freshEnv(), LOG: join(scratch('log'), 'start.log'), NODE: process.execPath };
    let r: Run;
    if (canUnshare()) {
      r = run('unshare', ['-rn', 'sh', '-c', `ip link set lo up\n${script}`], { cwd: ROOT, env });
    } else {
      if (!(await portFree(8797))) return ctx.skip('no network namespaces here (unshare -rn failed) and port 8797 is in use on this machine');
      r = run('sh', ['-c', script], { cwd: ROOT, env });
    }
    expect(await r.exited, r.output()).toBe(0);
    const out = r.output();
    expect(out).toMatch(/Outcrop: no display found .* running headless instead/);
    expect(listening(out), out).toEqual(['Outcrop listening on http://127.0.0.1:8797']);
    expect(out).not.toContain('already in use');
    expect(out).toContain('STILL-RUNNING');
    expect(out).toMatch(/HEALTHZ 200 \{"status":"ok"/);
  }, 60_000);
});

/**
 * A project that is this one except for dist/: the start bundle built into it, and a fresh UI
 * build stand-in, so that its runs never rebuild or race over this checkout's dist/.
 */
function scratchProject(): string {
  const project = scratch('project');
  for (const entry of ['package.json', 'node_modules', 'src-main', 'src-proxy', 'src-shared', 'src-renderer', 'scripts', 'assets', 'tsconfig.json']) {
    symlinkSync(join(ROOT, entry), join(project, entry));
  }
  mkdirSync(join(project, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(project, 'dist', 'renderer', 'index.html'), '<!doctype html>');
  return project;
}

/** A stand-in for the electron package's installer: prints, maybe writes a fake Electron, exits with `code`. */
function standInInstaller(dir: string, opts: { code: number; writeBinary: boolean }): string {
  const file = join(dir, 'stand-in-installer.mjs');
  const fakeElectron = '#!/bin/sh\necho "FAKE ELECTRON started with: $*"\n';
  writeFileSync(
    file,
    [
      "import { chmodSync, writeFileSync } from 'node:fs';",
      "console.log('STAND-IN INSTALLER: downloading 100%');",
      opts.writeBinary ? `writeFileSync(process.env.ELECTRON_OVERRIDE_DIST_PATH + '/electron', ${JSON.stringify(fakeElectron)}); chmodSync(process.env.ELECTRON_OVERRIDE_DIST_PATH + '/electron', 0o755);` : '',
      opts.code ? "console.error('STAND-IN INSTALLER: getaddrinfo ENOTFOUND github.com');" : '',
      `process.exit(${opts.code});`,
    ].join('\n'),
  );
  return file;
}

describe('`npm start` on a desktop without the Electron binary', () => {
  let project: string;
  beforeAll(async () => {
    project = scratchProject();
    await buildCli({ root: ROOT, outdir: join(project, 'dist', 'cli') });
  }, 30_000);

  /** The start bundle with a display, an empty Electron dist folder and the given installer. */
  function startWith(installer: { code: number; writeBinary: boolean }, args: string[] = []): { run: Run } {
    const dir = scratch('installer');
    const dist = join(dir, 'electron-dist');
    mkdirSync(dist);
    const env = { ...freshEnv(), DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: dist, OUTCROP_ELECTRON_INSTALLER: standInInstaller(dir, installer) };
    return { run: run(process.execPath, [join(project, 'dist', 'cli', 'start.mjs'), ...args], { cwd: project, env }) };
  }

  test('fetches it with the installer (its output shown), then starts the app with it', async () => {
    const { run: r } = startWith({ code: 0, writeBinary: true }, ['--port', '0']);
    expect(await r.exited, r.output()).toBe(0);
    const out = r.output();
    expect(out).toMatch(/Outcrop: downloading Electron \d+\.\d+\.\d+ for the desktop app/);
    expect(out).toContain('STAND-IN INSTALLER: downloading 100%');
    expect(out).toContain(`FAKE ELECTRON started with: ${join(project, 'dist', 'main', 'main.js')} --port 0`);
    expect(out).not.toContain('headless');
    expect(out.indexOf('STAND-IN INSTALLER')).toBeLessThan(out.indexOf('FAKE ELECTRON'));
  }, 60_000);

  test('a failed download: one line saying what failed and how to retry, then the proxy headless', async () => {
    const { run: r } = startWith({ code: 3, writeBinary: false }, ['--port', '0', '--quiet']);
    await until('the listening line', () => listening(r.output()).length > 0 || r.child.exitCode !== null, { ms: 20_000, detail: r.output });
    const out = r.output();
    const line = out.split('\n').find((l) => l.includes('running headless'));
    expect(line, out).toMatch(/^Outcrop: could not download Electron \d+\.\d+\.\d+ \(its installer exited with code 3; offline, or a proxy or firewall in the way\?\) — running headless instead \(same proxy, no tray\)\. For the tray app: `npx --no install-electron` \(with internet access\), then `npm start`\.$/);
    expect(out).toContain('STAND-IN INSTALLER: getaddrinfo ENOTFOUND github.com');
    expect(out).not.toContain('FAKE ELECTRON');
    const url = /Outcrop listening on (\S+)/.exec(out)![1];
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await stopGroup(r), r.output()).toBe(0);
  }, 30_000);

  test('asked for headless: the installer never runs', async () => {
    const dir = scratch('installer');
    const env = { ...freshEnv(), DISPLAY: ':99', OUTCROP_HEADLESS: '1', ELECTRON_OVERRIDE_DIST_PATH: dir, OUTCROP_ELECTRON_INSTALLER: standInInstaller(dir, { code: 0, writeBinary: true }) };
    const r = run(process.execPath, [join(project, 'dist', 'cli', 'start.mjs'), '--port', '0', '--quiet'], { cwd: project, env });
    await until('the listening line', () => listening(r.output()).length > 0 || r.child.exitCode !== null, { ms: 20_000, detail: r.output });
    expect(r.output()).toContain('Outcrop: OUTCROP_HEADLESS is set — running headless instead');
    expect(r.output()).not.toContain('STAND-IN INSTALLER');
    expect(await stopGroup(r), r.output()).toBe(0);
  }, 30_000);
});
