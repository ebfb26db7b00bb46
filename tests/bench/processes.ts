// The processes of the bench: the proxy (bundled like the built app, or under tsx) and the
// emulator, each forked with an IPC channel (ipc.ts); peak RSS read from /proc on Linux.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HEADLESS_NODE_FLAGS } from '../../src-main/core/node-flags';
import { forkChild, type Child } from './ipc';

export interface ProxyProcess extends Child<{ url: string }> {
  url: string;
  /** Runs a full GC in the child; false when --expose-gc did not take. */
  gc(): Promise<boolean>;
  /** Starts a CPU profile in the child (node:inspector), written to `file` on stop. */
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<void>;
}

export interface EmulatorProcess extends Child<{ url: string }> {
  url: string;
}

export interface ProxyProcessOptions {
  emulatorUrl: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Settings that differ from the defaults. */
  settings?: Record<string, unknown>;
  /** Extra node flags for the child, after the headless ones (HEADLESS_NODE_FLAGS), e.g. --max-semi-space-size=4. */
  nodeFlags?: string[];
  /**
   * 'bundle' (default): the child is bundled with esbuild and run by plain node with the headless
   * flags, like `npm run serve` and `npm start` without a desktop (dist/cli/). 'tsx': the sources
   * under the tsx loader, as the tests run them (about 35 MB more RSS).
   */
  runtime?: 'bundle' | 'tsx';
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const QUIET_SDK = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true' };

/** Bundles a child script (and what it imports) into one ESM file; node_modules stay external. */
async function bundleChild(name: 'proxy-child' | 'floor-child'): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = resolve(`bench-results/.build/${name}.mjs`);
  await build({ entryPoints: [here(`./${name}.ts`)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  return outfile;
}

/** Forks the proxy child and resolves once it listens. */
export async function startProxyProcess(opts: ProxyProcessOptions): Promise<ProxyProcess> {
  const tsx = opts.runtime === 'tsx';
  const script = tsx ? here('./proxy-child.ts') : await bundleChild('proxy-child');
  const child = await forkChild<{ url: string }>(script, [...(tsx ? ['--import', 'tsx'] : []), '--expose-gc', ...HEADLESS_NODE_FLAGS, ...(opts.nodeFlags ?? [])], {
    ...QUIET_SDK,
    OUTCROP_BENCH_EMULATOR_URL: opts.emulatorUrl,
    OUTCROP_BENCH_KEY_ID: opts.accessKeyId,
    OUTCROP_BENCH_SECRET: opts.secretAccessKey,
    OUTCROP_BENCH_SETTINGS: JSON.stringify(opts.settings ?? {}),
  });
  return {
    ...child,
    url: child.ready.url,
    gc: async () => (await child.ask<{ exposed: boolean }>('gc')).exposed,
    profileStart: async () => void (await child.ask('profile-start')),
    profileStop: async (file) => void (await child.ask('profile-stop', { file })),
  };
}

/**
 * Forks the floor server (floor-child.ts): node:http plus the gateway's Converse call with a fixed
 * input, bundled and flagged like the proxy child.
 */
export async function startFloorProcess(opts: ProxyProcessOptions & { converseInput: unknown }): Promise<EmulatorProcess> {
  const child = await forkChild<{ url: string }>(await bundleChild('floor-child'), [...HEADLESS_NODE_FLAGS, ...(opts.nodeFlags ?? [])], {
    ...QUIET_SDK,
    OUTCROP_BENCH_EMULATOR_URL: opts.emulatorUrl,
    OUTCROP_BENCH_KEY_ID: opts.accessKeyId,
    OUTCROP_BENCH_SECRET: opts.secretAccessKey,
    OUTCROP_BENCH_CONVERSE_INPUT: JSON.stringify(opts.converseInput),
  });
  return { ...child, url: child.ready.url };
}

/** Forks the Bedrock emulator (tests/support) in its own process. */
export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = await forkChild<{ url: string }>(here('./emulator-child.ts'), ['--import', 'tsx'], QUIET_SDK);
  return { ...child, url: child.ready.url };
}

function statusField(pid: number, field: string): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface Peak<T> {
  result: T;
  peakBytes: number;
  source: 'kernel VmHWM' | 'sampled every 50 ms';
  /** The child's memory breakdown (MB) at the highest RSS seen by sampling every 250 ms. */
  breakdownAtPeak?: MemoryBreakdown;
}

/** What the child reports for 'memory' (ipc.ts): RSS, V8 heap and its spaces, external memory, in MB. */
export interface MemoryBreakdown {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  spaces: Record<string, number>;
}

/**
 * Runs `fn` and reports the child's peak RSS meanwhile: the kernel's high-water mark (VmHWM, reset
 * by writing 5 to /proc/pid/clear_refs, see proc(5)) when Linux allows it, else sampling.
 */
export async function peakDuring<T>(child: Child<unknown>, fn: () => Promise<T>): Promise<Peak<T>> {
  let kernel = true;
  try {
    writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
  } catch {
    kernel = false;
  }
  let max = 0;
  const read = (): void => {
    const rss = statusField(child.pid, 'VmRSS');
    if (rss !== undefined) max = Math.max(max, rss);
    else void child.sample().then((s) => (max = Math.max(max, s.rss)), () => undefined);
  };
  read();
  const timer = setInterval(read, 50);
  let breakdownAtPeak: MemoryBreakdown | undefined;
  const breakdown = setInterval(() => {
    void child.ask<MemoryBreakdown>('memory').then((m) => {
      if (m.rss > (breakdownAtPeak?.rss ?? 0)) breakdownAtPeak = { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, spaces: m.spaces };
    }, () => undefined);
  }, 250);
  try {
    const result = await fn();
    read();
    const hwm = kernel ? statusField(child.pid, 'VmHWM') : undefined;
    return { result, peakBytes: Math.max(max, hwm ?? 0), source: hwm !== undefined ? 'kernel VmHWM' : 'sampled every 50 ms', breakdownAtPeak };
  } finally {
    clearInterval(timer);
    clearInterval(breakdown);
  }
}

/** RSS in MB of an idle node process, without and with the tsx loader (what the loader costs). */
export async function bareNodeRss(): Promise<{ node: number; nodeWithTsx: number }> {
  const run = promisify(execFile);
  const code = 'setTimeout(() => console.log(process.memoryUsage().rss), 300)';
  const rss = async (flags: string[]) => Number((await run(process.execPath, [...flags, '-e', code])).stdout) / 1048576;
  return { node: Math.round(await rss([])), nodeWithTsx: Math.round(await rss(['--import', 'tsx'])) };
}
