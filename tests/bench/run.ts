// `npm run bench`: what the proxy costs, measured against the Bedrock emulator on 127.0.0.1.
// Three processes: the proxy (its own, for its RSS and CPU), the emulator (its own, so that the
// direct SDK baseline and the proxy both cross a process boundary to reach "Bedrock"), and this
// one (the clients). Not a test suite: reports figures and targets, exits 0 unless it crashes.
// Flags: --quick (~20 s); --profile (CPU profile of the proxy per phase in bench-results/profiles/,
// read them with profile-summary.ts); --tsx (run the proxy from the sources under tsx, as the tests
// do, instead of bundled as `npm run serve` runs it); --child-flag=FLAG (node flag for the proxy,
// after HEADLESS_NODE_FLAGS, repeatable); --rounds=N (alternations in the sequential phases); --out=PATH;
// --only=distance (phase 5 alone: Bedrock 60 ms away over TLS, ready time, idle CPU; about 2 minutes);
// --only=ready (the ready time alone, 10 starts next to a bare node:http server; about 10 s).
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HEADLESS_NODE_FLAGS } from '../../src-main/core/node-flags';
import { defaultSettings } from '../../src-shared/settings';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../support/bedrock-emulator';
import { converseInputFromWire, directClient, directConverseStream } from './direct-client';
import { distancePhase } from './distance';
import { distanceTargets, formatDistance } from './distance-report';
import { formatReady, readyPhase } from './ready';
import { KeepAliveClient } from './http-client';
import { calibrateClients, concurrentComparison, probes, sequentialComparison, streamThroughput, withProxyCpu, type Comparison } from './phases';
import { bareNodeRss, peakDuring, startEmulatorProcess, startFloorProcess, startProxyProcess } from './processes';
import { buildNotes, buildTargets, formatTable, formatTarget, machineBusyPct, machineInfo, toMB, writeJson, type BenchResults } from './report';
import { runConcurrent, summarize, type RunResult } from './stats';
import { chatBody, expectedChunks } from './workload';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profile = args.includes('--profile');
const runtime = args.includes('--tsx') ? 'tsx' : 'bundle';
const childFlags = args.filter((a) => a.startsWith('--child-flag=')).map((a) => a.slice('--child-flag='.length));
const outPath = resolve(args.find((a) => a.startsWith('--out='))?.slice(6) ?? 'bench-results/latest.json');
const distanceOnly = args.includes('--only=distance');
const readyOnly = args.includes('--only=ready');

// coldCount: the first requests after start, measured apart. warmup: then this many more per probe
// and side, so that V8 has optimised the hot code (the AWS SDK takes about 2,000 calls to reach its
// steady speed) before the measured phases; roundWarmup: unrecorded requests at the start of each round.
// seqCount: per side in the sequential non-streamed phases (1a, 1c). With 500 a side, the added p50
// of back-to-back repeats in one run spread from 0.58 to 0.93 ms (this VM's own jitter); 2,000 a
// side in 20 alternating rounds averages over more of it.
const CONFIG = quick
  ? { mode: 'quick', coldCount: 40, warmup: 300, roundWarmup: 4, seqCount: 120, rounds: 4, concurrency: 64, concCount: 384, ttftCount: 120, streams: 64, deltas: 500, throughputMs: 2000, baselineMs: 500 }
  : { mode: 'full', coldCount: 100, warmup: 2000, roundWarmup: 5, seqCount: 2000, rounds: 20, concurrency: 64, concCount: 3200, ttftCount: 500, streams: 64, deltas: 1000, throughputMs: 15000, baselineMs: 5000 };
// --rounds=N: how many alternating direct/proxy rounds the sequential phases are cut into.
const roundsArg = Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length));
if (roundsArg > 0) CONFIG.rounds = roundsArg;
// Time budgets (ms) per phase: on a busy machine a phase ends with fewer samples instead of running long.
const BUDGET = quick ? { sequential: 5000, concurrent: 5000, warmup: 8000 } : { sequential: 25_000, concurrent: 40_000, warmup: 60_000 };
// Phase 5 (distance.ts): an agent's turns, with pauses (ms) taken in turn: mostly short, some over
// 10 s (the proxy used to close an idle connection after 10 s). Full: 30 turns, 78 s of pauses.
const PAUSES = [250, 1000, 500, 2000, 20_000, 250, 1500, 500, 1000, 12_000];
const DISTANCE = quick
  ? { rttMs: 60, turns: 10, pausesMs: PAUSES, readyStarts: 3, idleMs: 5000 }
  : { rttMs: 60, turns: 30, pausesMs: PAUSES, readyStarts: 5, idleMs: 20_000 };

const t0 = performance.now();
const log = (msg: string) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const busyBefore = await machineBusyPct();

if (readyOnly) {
  const ready = await readyPhase(10, log);
  const machine: Record<string, unknown> = { ...machineInfo(), busyPctBefore: busyBefore, loadAvgAfter: os.loadavg()[0] };
  writeJson(outPath, { machine, config: { mode: 'ready only' }, ready } as unknown as BenchResults);
  console.log([`Outcrop bench (ready time only) — ${machine.date} — commit ${machine.commit}${machine.uncommittedProxyChanges ? ' + uncommitted changes to the app (src-proxy, src-shared, src-main)' : ''}`, '', ...formatReady(ready)].join('\n'));
  console.log(`\nJSON: ${outPath}`);
  process.exit(0);
}

if (distanceOnly) {
  const distance = await distancePhase(DISTANCE, JSON.stringify(chatBody(true)), log);
  const machine: Record<string, unknown> = { ...machineInfo(), busyPctBefore: busyBefore, loadAvgAfter: os.loadavg()[0] };
  writeJson(outPath, { machine, config: { mode: `${CONFIG.mode}, only distance`, distance: DISTANCE }, distance } as unknown as BenchResults);
  console.log([`Outcrop bench (${CONFIG.mode}, phase 5 only) — ${machine.date} — commit ${machine.commit}${machine.uncommittedProxyChanges ? ' + uncommitted changes to the app (src-proxy, src-shared, src-main)' : ''}`, '', ...formatDistance(distance), '', ...distanceTargets(distance).map(formatTarget)].join('\n'));
  console.log(`\nJSON: ${outPath}`);
  process.exit(0);
}

log(`starting the emulator and the proxy (${runtime})`);
const emu = await startEmulatorProcess();
// One bench process is one "client" to the proxy's per-client in-flight limit: raise it to the concurrency measured.
const settings = { maxConcurrentPerClient: Math.max(CONFIG.concurrency, CONFIG.streams) };
const proxy = await startProxyProcess({ runtime, settings, nodeFlags: childFlags, emulatorUrl: emu.url, accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }).catch(async (err) => {
  await emu.stop();
  throw err;
});
const profileDir = resolve('bench-results/profiles');
if (profile) mkdirSync(profileDir, { recursive: true });

/** Runs one phase, CPU-profiled in the proxy child when --profile is on. */
async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!profile) return fn();
  await proxy.profileStart();
  try {
    return await fn();
  } finally {
    await proxy.profileStop(resolve(profileDir, `${name}.cpuprofile`));
  }
}

try {
  await sleep(300);
  const startup = await proxy.sample();

  log('calibrating the HTTP client (node:http keep-alive vs fetch)');
  const calibration = await calibrateClients(CONFIG.warmup, CONFIG.seqCount);

  const client = new KeepAliveClient(proxy.url, CONFIG.streams);
  const body = JSON.stringify(chatBody(false));
  const streamBody = JSON.stringify(chatBody(true));
  // Replay exactly what the proxy sent to Bedrock, so both sides make the same Converse call.
  await client.postJson('/v1/chat/completions', body);
  const conv = await emu.ask<{ modelId?: string; body?: Record<string, unknown> }>('last-request', { operation: 'Converse' });
  await client.postSse('/v1/chat/completions', streamBody);
  const convStream = await emu.ask<{ modelId?: string; body?: Record<string, unknown> }>('last-request', { operation: 'ConverseStream' });
  if (!conv.modelId || !conv.body || !convStream.modelId || !convStream.body) throw new Error('the emulator did not record the proxied requests');
  const sdk = directClient({ endpoint: emu.url, accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY });
  const streamInput = converseInputFromWire(convStream.modelId, convStream.body);
  const p = probes({ sdk, client, body, streamBody, converseInput: converseInputFromWire(conv.modelId, conv.body), streamInput });

  log(`0. cold start: the first ${CONFIG.coldCount} + ${CONFIG.coldCount} requests`);
  const coldSequential = await sequentialComparison(p.direct, p.proxy, 0, CONFIG.coldCount, 4, BUDGET.sequential);

  log(`warming up to steady state: ${CONFIG.warmup} requests per side, non-streamed and streamed`);
  for (const [direct, proxied] of [[p.direct, p.proxy], [p.directTtft, p.proxyTtft]]) {
    const w = await sequentialComparison(direct, proxied, 0, CONFIG.warmup, 4, BUDGET.warmup / 2);
    if (w.directErrors || w.proxyErrors) throw new Error(`warm-up failed: ${w.firstError}`);
  }
  const roundWarmups = CONFIG.roundWarmup * CONFIG.rounds;
  log(`1a. non-streamed, sequential: ${CONFIG.seqCount} + ${CONFIG.seqCount} requests`);
  const nonStreamSequential = await phase('1a-non-stream-sequential', () =>
    withProxyCpu(proxy, roundWarmups, () => sequentialComparison(p.direct, p.proxy, roundWarmups, CONFIG.seqCount, CONFIG.rounds, BUDGET.sequential)));

  log(`1c. the floor: a bare node:http server making the same gateway call (${CONFIG.warmup} warm-up, then ${CONFIG.seqCount} + ${CONFIG.seqCount})`);
  const floorServer = await startFloorProcess({ emulatorUrl: emu.url, accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY, nodeFlags: childFlags, converseInput: p.converseInput });
  const floorClient = new KeepAliveClient(floorServer.url, 1);
  const floorProbe = () => floorClient.postJson('/v1/chat/completions', body);
  let floor: Comparison;
  try {
    const w = await runConcurrent(floorProbe, 1, CONFIG.warmup, BUDGET.warmup / 2);
    if (w.errors) throw new Error(`floor warm-up failed: ${w.firstError}`);
    floor = await sequentialComparison(p.direct, floorProbe, roundWarmups, CONFIG.seqCount, CONFIG.rounds, BUDGET.sequential);
  } finally {
    floorClient.close();
    await floorServer.stop();
  }

  log(`2. time to first token, sequential: ${CONFIG.ttftCount} + ${CONFIG.ttftCount} streams`);
  const ttftSequential = await phase('2-ttft-sequential', () =>
    withProxyCpu(proxy, roundWarmups, () => sequentialComparison(p.directTtft, p.proxyTtft, roundWarmups, CONFIG.ttftCount, CONFIG.rounds, BUDGET.sequential)));

  // Idle RSS after a full GC, taken here and not before the sequential phases: a forced full GC
  // in the proxy alone (the direct side and the floor get none) drops optimised code and costs the
  // proxy's next few hundred requests about 0.8 ms each, measured.
  const gcExposed = await proxy.gc();
  await sleep(500);
  const idle = await proxy.sample();

  log(`1b. non-streamed, ${CONFIG.concurrency} in flight: ${CONFIG.concCount} + ${CONFIG.concCount} requests`);
  // The first burst opens the clients' connections to the proxy: measured apart, as a warm-up.
  let coldBurst: RunResult | undefined;
  const concurrent = await peakDuring(proxy, async () => {
    const burst = CONFIG.concurrency * (quick ? 1 : 4);
    coldBurst = await runConcurrent(p.proxy, CONFIG.concurrency, burst);
    await runConcurrent(p.direct, CONFIG.concurrency, burst);
    return phase('1b-non-stream-concurrent', () => withProxyCpu(proxy, 0, () => concurrentComparison(p.direct, p.proxy, CONFIG.concurrency, CONFIG.concCount, 2, BUDGET.concurrent)));
  });

  log(`3. throughput: ${CONFIG.streams} streams × ${CONFIG.deltas} deltas for ${CONFIG.throughputMs / 1000} s`);
  await emu.ask('stream-reply', { deltas: CONFIG.deltas });
  const perStream = expectedChunks(CONFIG.deltas);
  const meta = { deltasPerStream: CONFIG.deltas, chunksPerStream: perStream };
  const streamed = await peakDuring(proxy, () =>
    phase('3-stream-throughput', () =>
      streamThroughput(async () => (await client.postSse('/v1/chat/completions', streamBody, perStream)).chunks, CONFIG.streams, CONFIG.throughputMs, meta, emu, proxy)));

  log('3b. direct ConverseStream baseline (emulator capacity)');
  const directStreamBaseline = await streamThroughput(async () => {
    const r = await directConverseStream(sdk, structuredClone(streamInput));
    if (r.textDeltas !== CONFIG.deltas) throw new Error(`direct stream had ${r.textDeltas} deltas`);
    return r.events;
  }, CONFIG.streams, CONFIG.baselineMs, meta, emu);

  await proxy.gc();
  await sleep(500);
  const afterLoad = await proxy.sample();
  const bare = await bareNodeRss();
  client.close();
  sdk.destroy();

  const distance = await distancePhase(DISTANCE, streamBody, log);

  const results: BenchResults = {
    machine: { ...machineInfo(), busyPctBefore: busyBefore, loadAvgAfter: os.loadavg()[0] },
    config: { ...CONFIG, distance: DISTANCE, budgetMs: BUDGET, profile, runtime, childFlags, nodeFlags: [...HEADLESS_NODE_FLAGS, ...childFlags], proxySettings: settings, defaultMaxConcurrentPerClient: defaultSettings().maxConcurrentPerClient },
    client: { used: 'node:http with a keep-alive http.Agent (maxSockets 64)', calibration },
    coldSequential,
    nonStreamSequential,
    floor,
    nonStreamConcurrent: { ...concurrent.result, concurrency: CONFIG.concurrency, coldBurstProxy: summarize(coldBurst?.samples ?? []) },
    ttftSequential,
    throughput: streamed.result,
    directStreamBaseline,
    rss: {
      runtime,
      startupMB: toMB(startup.rss),
      idleMB: toMB(idle.rss),
      peakUnderLoadMB: toMB(Math.max(concurrent.peakBytes, streamed.peakBytes)),
      peakNonStreamConcurrentMB: toMB(concurrent.peakBytes),
      peakStreamingMB: toMB(streamed.peakBytes),
      peakSource: streamed.source,
      breakdownAtPeak: { nonStreamConcurrent: concurrent.breakdownAtPeak, streaming: streamed.breakdownAtPeak },
      afterLoadMB: toMB(afterLoad.rss),
      idleHeapMB: toMB(idle.heapUsed),
      afterLoadHeapMB: toMB(afterLoad.heapUsed),
      gcExposed,
      bareNodeMB: bare.node,
      tsxLoaderMB: bare.nodeWithTsx - bare.node,
    },
    distance,
    targets: [],
    notes: [],
    durationSec: 0,
  };
  results.targets = buildTargets(results);
  results.notes = buildNotes(results);
  results.durationSec = (performance.now() - t0) / 1000;
  writeJson(outPath, results);
  console.log(formatTable(results));
  console.log(`\nJSON: ${outPath}`);
} finally {
  await proxy.stop();
  await emu.stop();
}
if (profile) log(`CPU profiles of the proxy per phase in ${profileDir}: npx tsx tests/bench/profile-summary.ts <file>`);
