// A tiny request/response protocol over the fork() IPC channel, used by the proxy and emulator
// children: the parent asks ({ id, type, ...args }), the child answers ({ id, ...result }).
// Every child also answers 'sample' (memory, event-loop utilisation, CPU since the last
// sample), 'gc', 'profile-start'/'profile-stop' (node:inspector CPU profile) and 'stop'.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import v8 from 'node:v8';

export interface Usage {
  rss: number;
  heapUsed: number;
  /** Event-loop utilisation 0..1, CPU ms (all threads) and wall ms since the previous sample. */
  elu: number;
  cpuMs: number;
  wallMs: number;
  /** Event-loop delay (ms) since the previous sample: p99 and max, i.e. how long the loop stalled. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

type Handler = (msg: Record<string, any>) => unknown;

/** Child side: answers the parent's questions with `handlers` plus the common ones; `ready` is sent first. */
export function serveIpc(ready: Record<string, unknown>, handlers: Record<string, Handler>, onStop: () => Promise<void>): void {
  if (!process.send) throw new Error('this script runs as a fork() child of tests/bench/run.ts');
  let lastElu = performance.eventLoopUtilization();
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  let inspector: Session | undefined;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const common: Record<string, Handler> = {
    sample: (): Usage => {
      const elu = performance.eventLoopUtilization(lastElu);
      const cpu = process.cpuUsage(lastCpu);
      const now = performance.now();
      const wallMs = now - lastAt;
      lastElu = performance.eventLoopUtilization();
      lastCpu = process.cpuUsage();
      lastAt = now;
      const mem = process.memoryUsage();
      const loopDelayP99Ms = delay.count ? delay.percentile(99) / 1e6 : 0;
      const loopDelayMaxMs = delay.count ? delay.max / 1e6 : 0;
      delay.reset();
      return { rss: mem.rss, heapUsed: mem.heapUsed, elu: elu.utilization, cpuMs: (cpu.user + cpu.system) / 1000, wallMs, loopDelayP99Ms, loopDelayMaxMs };
    },
    /** Where the RSS is: V8 heap spaces (committed MB), external and array buffers, the rest (code, native). */
    memory: () => {
      const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
      const mem = process.memoryUsage();
      const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.physical_space_size)]));
      return { rss: mb(mem.rss), heapTotal: mb(mem.heapTotal), heapUsed: mb(mem.heapUsed), external: mb(mem.external), arrayBuffers: mb(mem.arrayBuffers), spaces };
    },
    gc: () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      return { exposed: typeof gc === 'function' };
    },
    'profile-start': async () => {
      inspector = new Session();
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
      await inspector.post('Profiler.start');
      return {};
    },
    'profile-stop': async (msg) => {
      if (!inspector) return {};
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(msg.file, JSON.stringify(profile));
      inspector.disconnect();
      inspector = undefined;
      return {};
    },
    stop: async () => {
      await onStop();
      // Exit once the answer has left (a normal exit also lets --cpu-prof write its file).
      setTimeout(() => process.exit(0), 100).unref();
      return {};
    },
  };
  process.on('message', async (msg: Record<string, any>) => {
    const handler = handlers[msg.type] ?? common[msg.type];
    let result: unknown;
    try {
      result = handler ? await handler(msg) : { error: `unknown request ${msg.type}` };
    } catch (err) {
      result = { error: (err as Error)?.message ?? String(err) };
    }
    process.send?.({ ...(result as object), id: msg.id });
  });
  process.send({ ...ready, type: 'ready' });
}

export interface Child<R> {
  pid: number;
  ready: R;
  ask<T = Record<string, unknown>>(type: string, args?: Record<string, unknown>): Promise<T>;
  sample(): Promise<Usage>;
  stop(): Promise<void>;
}

/** Parent side: forks `script` with `execArgv` and resolves with its ready message. */
export async function forkChild<R>(script: string, execArgv: string[], env: Record<string, string>): Promise<Child<R>> {
  const child = fork(script, [], { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  let exited = false;
  const waiting = new Map<number, (r: any) => void>();
  const ready = await new Promise<R>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited before it was ready (code ${code})`)));
    child.on('message', (msg: any) => {
      if (msg.type === 'ready') return resolve(msg as R);
      waiting.get(msg.id)?.(msg);
      waiting.delete(msg.id);
    });
  });
  child.on('exit', () => {
    exited = true;
    for (const w of waiting.values()) w({ error: 'child exited' });
  });
  const ask = <T>(type: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`${script} is gone`));
      const id = nextId++;
      waiting.set(id, (r) => (r.error ? reject(new Error(r.error)) : resolve(r as T)));
      child.send({ ...args, type, id });
    });
  return {
    pid: child.pid!,
    ready,
    ask,
    sample: () => ask<Usage>('sample'),
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await ask('stop').catch(() => undefined);
      await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}
