// The results: their shape, the targets and notes derived from them, the printed table, the JSON.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import type { DistanceResult } from './distance';
import { distanceTargets, formatDistance } from './distance-report';
import type { Comparison, Throughput } from './phases';
import type { MemoryBreakdown } from './processes';
import type { Summary } from './stats';

export interface Target {
  name: string;
  target: string;
  value: string;
  pass: boolean;
}

export interface BenchResults {
  /** busyPctBefore: CPU busy % of the whole machine in the second before the run (other work). */
  machine: Record<string, unknown> & { busyPctBefore?: number; loadAvgAfter: number };
  config: Record<string, unknown>;
  client: { used: string; calibration: { nodeHttp: Summary; fetch: Summary } };
  /** The first non-streamed requests after start (cold JIT), before the warm-up. */
  coldSequential: Comparison;
  /** Steady state, after the warm-up. */
  nonStreamSequential: Comparison;
  /** The same, through a bare node:http server that only makes the gateway's call (floor-child.ts). */
  floor: Comparison;
  /** coldBurstProxy: the first burst through the proxy (new client connections), not in the figures. */
  nonStreamConcurrent: Comparison & { concurrency: number; coldBurstProxy: Summary };
  ttftSequential: Comparison;
  throughput: Throughput;
  directStreamBaseline: Throughput;
  rss: {
    runtime: string;
    startupMB: number;
    idleMB: number;
    peakUnderLoadMB: number;
    peakNonStreamConcurrentMB: number;
    peakStreamingMB: number;
    peakSource: string;
    /** Memory breakdown (MB) at the highest sampled RSS of each loaded phase. */
    breakdownAtPeak: Record<string, MemoryBreakdown | undefined>;
    afterLoadMB: number;
    idleHeapMB: number;
    afterLoadHeapMB: number;
    gcExposed: boolean;
    bareNodeMB: number;
    tsxLoaderMB: number;
  };
  /** Phase 5: Bedrock 60 ms away over TLS, direct SDK vs the headless server; ready time and idle CPU (distance.ts). */
  distance?: DistanceResult;
  targets: Target[];
  notes: string[];
  durationSec: number;
}

export const toMB = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** Machine facts recorded with every run. */
export function machineInfo(): Record<string, unknown> {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  };
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    cpuMHz: cpus[0]?.speed || undefined,
    totalMemMB: Math.round(os.totalmem() / 1048576),
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    node: process.version,
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    // Phase 5 runs the whole headless app, so src-main counts too.
    uncommittedProxyChanges: (git(['status', '--porcelain', '--', 'src-proxy', 'src-shared', 'src-main', 'scripts/build-cli.mjs']) ?? '') !== '',
  };
}

/** How busy the machine's CPUs were over one second (Linux /proc/stat), before the bench adds its own load. */
export async function machineBusyPct(): Promise<number | undefined> {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      return { idle: f[3] + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
    } catch {
      return undefined;
    }
  };
  const a = read();
  await new Promise((r) => setTimeout(r, 1000));
  const b = read();
  if (!a || !b || b.total === a.total) return undefined;
  return Math.round((1 - (b.idle - a.idle) / (b.total - a.total)) * 100);
}

/** The targets from the brief, each PASS or MISS (reported, never asserted). */
export function buildTargets(r: BenchResults): Target[] {
  const s = r.nonStreamSequential;
  const t = r.throughput;
  const otherErrors = s.proxyErrors + r.ttftSequential.proxyErrors + r.nonStreamConcurrent.proxyErrors;
  return [
    { name: 'added latency p50 (non-streamed, sequential, warm)', target: '< 1 ms', value: `${s.addedP50.toFixed(3)} ms (a bare server making the same call: ${r.floor.addedP50.toFixed(3)} ms)`, pass: s.addedP50 < 1 },
    { name: `${t.streams} concurrent streams complete, no error`, target: '0 errors', value: `${t.errors} errors, ${t.streamsCompleted} streams (other phases: ${otherErrors} errors)`, pass: t.errors === 0 && t.streamsCompleted >= t.streams },
    { name: 'proxy RSS, idle (after warm-up and sequential phases)', target: '< 120 MB', value: `${r.rss.idleMB} MB`, pass: r.rss.idleMB < 120 },
    { name: 'proxy RSS, peak under load', target: '< 120 MB', value: `${r.rss.peakUnderLoadMB} MB`, pass: r.rss.peakUnderLoadMB < 120 },
    ...(r.distance ? distanceTargets(r.distance) : []),
  ];
}

/** Caveats worth reading next to the figures. */
export function buildNotes(r: BenchResults): string[] {
  const notes: string[] = [];
  const busy = r.machine.busyPctBefore;
  if (busy !== undefined && busy > 15) {
    notes.push(`other work was running: the CPUs were ${busy}% busy just before the run: figures are noisier and slower than on an idle machine`);
  }
  const cfg = r.config as { seqCount: number; ttftCount: number; concCount: number };
  const cut = [
    r.nonStreamSequential.proxy.n < cfg.seqCount && '1a',
    r.nonStreamConcurrent.proxy.n < cfg.concCount && '1b',
    r.ttftSequential.proxy.n < cfg.ttftCount && '2',
  ].filter(Boolean);
  if (cut.length) notes.push(`phase ${cut.join(', ')} hit its time budget and has fewer samples than planned (see n=)`);
  const t = r.throughput;
  if (t.emulatorElu > 0.9 || t.clientElu > 0.9) {
    notes.push(`in the throughput phase the emulator (ELU ${t.emulatorElu}) or the clients (ELU ${t.clientElu}) were saturated: chunks/s is a floor, not the proxy's ceiling`);
  } else if ((t.proxyElu ?? 0) > 0.8) {
    notes.push(`in the throughput phase the proxy was the busy process (ELU ${t.proxyElu}, emulator ${t.emulatorElu}, clients ${t.clientElu}): chunks/s is the proxy's own limit on this machine`);
  }
  const flags = (r.config.nodeFlags as string[]).join(' ');
  notes.push(
    r.rss.runtime === 'tsx'
      ? `the proxy ran from the sources under the tsx loader (as the tests do; node flags: ${flags}), which alone adds ${r.rss.tsxLoaderMB} MB of RSS; an empty node process is ${r.rss.bareNodeMB} MB`
      : `the proxy ran as an esbuild bundle on plain node with ${flags}, as \`npm run serve\` and \`npm start\` without a desktop run it; an empty node process is ${r.rss.bareNodeMB} MB`,
  );
  const limit = r.config.defaultMaxConcurrentPerClient as number;
  if (limit < r.throughput.streams) {
    notes.push(`the proxy ran with maxConcurrentPerClient ${(r.config.proxySettings as { maxConcurrentPerClient: number }).maxConcurrentPerClient}: with the default (${limit}) one client's requests beyond ${limit} in flight get 429 too_many_requests`);
  }
  notes.push("in phases 0-3 the direct side reuses one HTTP/2 connection to Bedrock for non-streamed calls (the SDK default opens one per call) and gives each streamed call its own, as the SDK does; phase 5 compares with the SDK's defaults and counts the proxy's connections");
  notes.push('the direct side and the floor send a new request object each call, parsed from the recorded JSON, as a real client builds each request anew (one object sent over and over measured 0.2–0.7 ms faster)');
  notes.push(
    "the direct side is the stock SDK client. The gateway (the proxy's and the floor's) trims it: no logger middleware (it copies and schema-walks every request and answer for a no-op logger, about 1 ms per 100 KB of conversation), no Lambda-only recursion-detection middleware, the user-agent headers built once and reused, the middleware chain resolved once per command (cacheMiddleware), and the client config back in V8's fast mode (the SDK spreads it 3-4 times per call: 28 µs a copy in dictionary mode, 3 µs in fast mode); together about 0.6 ms less CPU per call than stock on this VM",
  );
  return notes;
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a').padStart(9);

function comparisonRows(title: string, c: Comparison): string[] {
  const row = (label: string, d: number, p: number) => `  ${label.padEnd(10)}${ms(d)}${ms(p)}${ms(p - d)}`;
  return [
    title,
    `  ${''.padEnd(10)}${'direct'.padStart(9)}${'proxy'.padStart(9)}${'added'.padStart(9)}   (ms)`,
    row('p50', c.direct.p50, c.proxy.p50),
    row('p90', c.direct.p90, c.proxy.p90),
    row('p99', c.direct.p99, c.proxy.p99),
    row('mean', c.direct.mean, c.proxy.mean),
    `  n=${c.direct.n}/${c.proxy.n}, errors direct=${c.directErrors} proxy=${c.proxyErrors}` +
      (c.proxyPerSec !== undefined ? `, throughput direct=${c.directPerSec} req/s proxy=${c.proxyPerSec} req/s` : '') +
      (c.proxyCpuMsPerRequest !== undefined ? `, proxy CPU ${c.proxyCpuMsPerRequest.toFixed(3)} ms/request` : '') +
      (c.proxyLogged ? `\n  as logged by the proxy (its route to last byte / first token, Bedrock call included): p50 ${c.proxyLogged.p50.toFixed(3)} ms, p99 ${c.proxyLogged.p99.toFixed(3)} ms` : '') +
      (c.firstError ? `\n  first error: ${c.firstError}` : ''),
  ];
}

/** The human-readable table. */
export function formatTable(r: BenchResults): string {
  const m = r.machine;
  const t = r.throughput;
  const b = r.directStreamBaseline;
  const cal = r.client.calibration;
  return [
    `Outcrop bench (${r.config.mode}) — ${m.date} — node ${m.node}, ${m.cpus} × ${m.cpuModel}, commit ${m.commit}${m.uncommittedProxyChanges ? ' + uncommitted changes to the app (src-proxy, src-shared, src-main)' : ''}`,
    'processes: proxy | Bedrock emulator | clients (this one); all on 127.0.0.1, ports chosen by the OS',
    `client: ${r.client.used}; its own floor p50 ${cal.nodeHttp.p50.toFixed(3)} ms (fetch/undici: ${cal.fetch.p50.toFixed(3)} ms)`,
    '',
    ...comparisonRows(`0.  Cold start: the first non-streamed requests after start (${r.coldSequential.proxy.n} each side, before the warm-up)`, r.coldSequential),
    '',
    `    then ${(r.config as { warmup: number }).warmup} warm-up requests per side, streamed and not: the figures below are the steady state`,
    '',
    ...comparisonRows(`1a. Non-streamed chat, sequential (${r.nonStreamSequential.proxy.n} requests each side)`, r.nonStreamSequential),
    '',
    ...comparisonRows(`1c. The floor: the same requests through a bare node:http server that only makes the gateway's Converse call (${r.floor.proxy.n} each side)`, r.floor).map((line) => line.replace('   proxy', '   floor')),
    `  Outcrop's own share (its added p50 minus the floor's): ${(r.nonStreamSequential.addedP50 - r.floor.addedP50).toFixed(3)} ms; the floor is what any HTTP server in its own process costs here`,
    '',
    ...comparisonRows(`1b. Non-streamed chat, ${r.nonStreamConcurrent.concurrency} in flight (${r.nonStreamConcurrent.proxy.n} requests each side)`, r.nonStreamConcurrent),
    `  first burst (warm-up, new client connections) via proxy: p50 ${r.nonStreamConcurrent.coldBurstProxy.p50.toFixed(1)} ms, p99 ${r.nonStreamConcurrent.coldBurstProxy.p99.toFixed(1)} ms, max ${r.nonStreamConcurrent.coldBurstProxy.max.toFixed(1)} ms`,
    '',
    ...comparisonRows(`2.  Time to first streamed token, sequential (${r.ttftSequential.proxy.n} streams each side)`, r.ttftSequential),
    '',
    `3.  Streaming throughput: ${t.streams} concurrent streams × ${t.deltasPerStream} deltas (chunkSize 4), ${(t.wallMs / 1000).toFixed(1)} s`,
    `  via proxy   ${String(t.chunksPerSec).padStart(7)} SSE chunks/s   ${t.chunks} chunks, ${t.streamsCompleted} streams completed, ${t.errors} errors`,
    `              ELU / CPU: proxy ${t.proxyElu} / ${t.proxyCpuPct}%, emulator ${t.emulatorElu} / ${t.emulatorCpuPct}%, clients ${t.clientElu} / ${t.clientCpuPct}%`,
    `  direct SDK  ${String(b.chunksPerSec).padStart(7)} events/s       ${b.streamsCompleted} streams, ${b.errors} errors; ELU emulator ${b.emulatorElu}, SDK client ${b.clientElu}`,
    ...(t.firstError ? [`  first error: ${t.firstError}`] : []),
    '',
    `4.  Proxy RSS (${r.rss.runtime === 'tsx' ? 'under tsx' : 'bundled, plain node'}): startup ${r.rss.startupMB} MB, idle ${r.rss.idleMB} MB (after the warm-up and the sequential phases${r.rss.gcExposed ? ', + gc' : ''}), after load + gc ${r.rss.afterLoadMB} MB`,
    `    peak ${r.rss.peakUnderLoadMB} MB (${r.rss.peakSource}): ${r.nonStreamConcurrent.concurrency} non-streamed in flight ${r.rss.peakNonStreamConcurrentMB} MB, ${t.streams} streams ${r.rss.peakStreamingMB} MB`,
    `    JS heap used: idle ${r.rss.idleHeapMB} MB, after load + gc ${r.rss.afterLoadHeapMB} MB`,
    ...Object.entries(r.rss.breakdownAtPeak).flatMap(([phase, b]) =>
      b ? [`    at the sampled peak of ${phase}: RSS ${b.rss} MB = V8 heap ${b.heapTotal} (new ${b.spaces.new_space}, old ${b.spaces.old_space}, code ${b.spaces.code_space}) + outside the heap ${Math.round((b.rss - b.heapTotal) * 10) / 10} (buffers ${b.arrayBuffers})`] : []),
    ...(r.distance ? ['', ...formatDistance(r.distance)] : []),
    '',
    'Targets',
    ...r.targets.map(formatTarget),
    '',
    'Notes',
    ...r.notes.map((n) => `  - ${n}`),
    '',
    `run took ${r.durationSec.toFixed(1)} s`,
  ].join('\n');
}

/** One target's line in the table. */
export const formatTarget = (x: Target): string => `  ${x.pass ? 'PASS' : 'MISS'}  ${x.name.padEnd(56)} ${x.target.padEnd(9)} measured ${x.value}`;

/** Writes the JSON (bench-results/ is gitignored). */
export function writeJson(path: string, r: BenchResults): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(r, null, 2) + '\n');
}
