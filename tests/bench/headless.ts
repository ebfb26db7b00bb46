// The headless server as `npm run serve` runs it (node with the headless flags on the bundle
// dist/cli/outcrop.mjs, `serve`), for the figures only the real process gives: ready time from
// spawn to the first good GET /healthz, idle CPU, and the distance phase through the whole app
// (settings, network config from the environment, the core's own timers and connections).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { HEADLESS_NODE_FLAGS } from '../../src-main/core/node-flags';

export interface Headless {
  pid: number;
  url: string;
  /** From spawn() to the first 200 of GET /healthz (ms). */
  readyMs: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Builds outcrop.mjs from the sources with scripts/build-cli.mjs, as `npm run serve` does before it
 * starts, into bench-results/.build/cli/ (dist/cli/ may be in use by someone's running server).
 */
export async function buildCli(): Promise<string> {
  const { buildCli: build } = (await import(pathToFileURL(resolve('scripts/build-cli.mjs')).href)) as { buildCli: (o?: { outdir?: string }) => Promise<string[]> };
  const outdir = resolve('bench-results/.build/cli');
  await build({ outdir });
  return join(outdir, 'outcrop.mjs');
}

/** A home of its own (no ~/.aws, settings in $OUTCROP_HOME) and the AWS environment `env` on top. */
export function headlessEnv(aws: Record<string, string>): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'outcrop-bench-'));
  return {
    HOME: home,
    OUTCROP_HOME: join(home, 'outcrop'),
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // No company proxy from the machine between the bench and its emulator.
    HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', ALL_PROXY: '', all_proxy: '',
    ...aws,
  };
}

function healthz(url: string): Promise<boolean> {
  return new Promise((done) => {
    const req = http.get(`${url}/healthz`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode === 200));
    });
    req.on('error', () => done(false));
  });
}

/** Spawns `node <headless flags> <bundle> serve --port 0 --quiet` and resolves once /healthz answers 200. */
export function startHeadless(bundle: string, env: Record<string, string>, timeoutMs = 20_000): Promise<Headless> {
  return spawnUntilHealthy([...HEADLESS_NODE_FLAGS, bundle, 'serve', '--port', '0', '--quiet'], env, timeoutMs);
}

// The floor of any ready time here: node with the same flags starting a bare node:http server.
const BARE_SERVER = `const s = require('node:http').createServer((q, r) => r.end('ok'));
s.listen(0, '127.0.0.1', () => console.log('Outcrop listening on http://127.0.0.1:' + s.address().port));`;

/** Ready time (ms) of a bare node:http server started the same way: what node itself costs. */
export async function bareServerReadyMs(): Promise<number> {
  const s = await spawnUntilHealthy([...HEADLESS_NODE_FLAGS, '-e', BARE_SERVER], {}, 10_000);
  await s.stop();
  return s.readyMs;
}

async function spawnUntilHealthy(argv: string[], env: Record<string, string>, timeoutMs: number): Promise<Headless> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`the headless server did not say where it listens in ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const look = () => {
        const m = /Outcrop listening on (http:\/\/\S+)/.exec(out);
        if (!m) return;
        clearTimeout(timer);
        child.stdout!.off('data', look);
        resolveUrl(m[1]);
      };
      child.stdout!.on('data', look);
      child.once('exit', (code) => reject(new Error(`the headless server exited (${code}):\n${out}`)));
    });
    // It prints the line once listening; ask until it answers (the first ask normally does).
    while (!(await healthz(url))) {
      if (performance.now() - t0 > timeoutMs) throw new Error(`GET /healthz did not answer 200 in ${timeoutMs} ms:\n${out}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return { pid: child.pid!, url, readyMs: performance.now() - t0, output: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * CPU ms (all threads) and context switches (all threads: how often it woke) of a process, from
 * /proc: the nanosecond run time of each thread (task/<tid>/schedstat, first field), since the
 * clock-tick times of /proc/<pid>/stat count in 10 ms steps (one step over 5 s reads as 0.2 %).
 */
export function processCpu(pid: number): { cpuMs: number; switches: number } | undefined {
  try {
    let ns = 0;
    let switches = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
        const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
        for (const m of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)/gm)) switches += Number(m[1]);
      } catch {
        // The thread ended meanwhile.
      }
    }
    return { cpuMs: ns / 1e6, switches };
  } catch {
    return undefined;
  }
}

export interface IdleCpu {
  seconds: number;
  /** CPU time over the window as % of one core. */
  pctOfCore: number;
  cpuMs: number;
  /** Context switches per second over the window, all threads: how often the idle process wakes. */
  wakeupsPerSec: number;
}

/** The process's CPU over `ms` of wall time in which the bench sends it nothing; undefined off Linux. */
export async function idleCpu(pid: number, ms: number): Promise<IdleCpu | undefined> {
  const a = processCpu(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = processCpu(pid);
  const wall = performance.now() - t0;
  if (!a || !b) return undefined;
  const cpuMs = b.cpuMs - a.cpuMs;
  return { seconds: Math.round(wall / 100) / 10, pctOfCore: Math.round((cpuMs / wall) * 100000) / 1000, cpuMs: Math.round(cpuMs * 10) / 10, wakeupsPerSec: Math.round(((b.switches - a.switches) / wall) * 10000) / 10 };
}
