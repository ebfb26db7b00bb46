// The measured phases. Each returns plain numbers for the report; none of them prints.
import type { BedrockRuntimeClient, ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { directConverse, directConverseStream } from './direct-client';
import { fetchJson, KeepAliveClient } from './http-client';
import type { Child, Usage } from './ipc';
import { interleaved, runConcurrent, runSequential, summarize, type Probe, type RunResult, type Summary } from './stats';

export interface Comparison {
  direct: Summary;
  proxy: Summary;
  /** proxy − direct, in ms. */
  addedP50: number;
  addedP99: number;
  directErrors: number;
  proxyErrors: number;
  firstError?: string;
  directPerSec?: number;
  proxyPerSec?: number;
  /** CPU the proxy process spent per proxied request (ms): its own cost, whatever the machine's load. */
  proxyCpuMsPerRequest?: number;
  /** Latency as the proxy logged it: from its route handler to the last byte (streams: first token). */
  proxyLogged?: Summary;
}

/**
 * Runs a phase and adds what the proxy process saw: its CPU per proxied request (warm-up
 * included) and the latency it logged itself (route start to last byte, the Bedrock call included).
 */
export async function withProxyCpu(proxy: Child<unknown>, warmup: number, run: () => Promise<Comparison>): Promise<Comparison> {
  await Promise.all([proxy.sample(), proxy.ask('request-log')]);
  const c = await run();
  const [s, logged] = await Promise.all([proxy.sample(), proxy.ask<{ latencies: number[] }>('request-log')]);
  return { ...c, proxyCpuMsPerRequest: round3(s.cpuMs / (c.proxy.n + c.proxyErrors + warmup)), proxyLogged: summarize(logged.latencies) };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function compare(direct: RunResult, proxy: RunResult, withRate = false): Comparison {
  const d = summarize(direct.samples);
  const p = summarize(proxy.samples);
  return {
    direct: d,
    proxy: p,
    addedP50: round3(p.p50 - d.p50),
    addedP99: round3(p.p99 - d.p99),
    directErrors: direct.errors,
    proxyErrors: proxy.errors,
    firstError: proxy.firstError ?? direct.firstError,
    ...(withRate
      ? { directPerSec: Math.round((direct.samples.length / direct.wallMs) * 1000), proxyPerSec: Math.round((proxy.samples.length / proxy.wallMs) * 1000) }
      : {}),
  };
}

/**
 * Client floor: the same small JSON round trip against a bare node:http server, with node:http +
 * keep-alive agent and with fetch (undici). The cheaper one is the bench's client.
 */
export async function calibrateClients(warmup: number, count: number): Promise<{ nodeHttp: Summary; fetch: Summary }> {
  const answer = JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(160) }, finish_reason: 'stop' }] });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }).end(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
  const client = new KeepAliveClient(url, 1);
  const body = JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'y'.repeat(3000) }] });
  const [viaHttp, viaFetch] = await interleaved(
    2,
    () => runSequential(() => client.postJson('/v1/chat/completions', body), warmup, count / 2),
    () => runSequential(() => fetchJson(url, body), warmup, count / 2),
  );
  client.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  return { nodeHttp: summarize(viaHttp.samples), fetch: summarize(viaFetch.samples) };
}

export interface Targets {
  sdk: BedrockRuntimeClient;
  client: KeepAliveClient;
  converseInput: ConverseCommandInput;
  streamInput: ConverseCommandInput;
  body: string;
  streamBody: string;
}

const isCompletion = (j: any) => typeof j?.choices?.[0]?.message?.content === 'string';

/**
 * The direct side sends a new request object every time, parsed from the recorded JSON, as any
 * client does (each request is built anew). Sending one object over and over lets V8 and the SDK
 * skip allocation and cache misses that no real client gets to skip: measured 0.2–0.7 ms faster.
 */
export const freshCopy = <T>(json: string): (() => T) => () => JSON.parse(json) as T;

export function probes(t: Targets): { direct: Probe; proxy: Probe; directTtft: Probe; proxyTtft: Probe; converseInput: ConverseCommandInput } {
  const converseInput = freshCopy<ConverseCommandInput>(JSON.stringify(t.converseInput));
  const streamInput = freshCopy<ConverseCommandInput>(JSON.stringify(t.streamInput));
  return {
    converseInput: t.converseInput,
    direct: () => directConverse(t.sdk, converseInput()),
    proxy: () => t.client.postJson('/v1/chat/completions', t.body, isCompletion),
    directTtft: async () => (await directConverseStream(t.sdk, streamInput())).ttftMs,
    proxyTtft: async () => (await t.client.postSse('/v1/chat/completions', t.streamBody)).ttftMs,
  };
}

/** Sequential latency, direct and via proxy in alternating rounds; `budgetMs` bounds the whole phase. */
export async function sequentialComparison(direct: Probe, proxy: Probe, warmup: number, count: number, rounds: number, budgetMs: number): Promise<Comparison> {
  const per = Math.ceil(count / rounds);
  const slot = budgetMs / rounds / 2;
  const [d, p] = await interleaved(rounds, () => runSequential(direct, warmup / rounds, per, slot), () => runSequential(proxy, warmup / rounds, per, slot));
  return compare(d, p);
}

/** Latency with `concurrency` requests in flight, direct and via proxy in alternating rounds; `budgetMs` bounds the phase. */
export async function concurrentComparison(direct: Probe, proxy: Probe, concurrency: number, count: number, rounds: number, budgetMs: number): Promise<Comparison> {
  const per = Math.ceil(count / rounds);
  const slot = budgetMs / rounds / 2;
  const [d, p] = await interleaved(rounds, () => runConcurrent(direct, concurrency, per, slot), () => runConcurrent(proxy, concurrency, per, slot));
  return compare(d, p, true);
}

export interface Throughput {
  streams: number;
  deltasPerStream: number;
  chunksPerStream: number;
  streamsCompleted: number;
  errors: number;
  firstError?: string;
  chunks: number;
  wallMs: number;
  chunksPerSec: number;
  /** Event-loop utilisation (0..1) and CPU % (all threads) of each process over the phase. */
  proxyElu?: number;
  proxyCpuPct?: number;
  emulatorElu: number;
  emulatorCpuPct: number;
  clientElu: number;
  clientCpuPct: number;
}

const usage = (u: Usage) => ({ elu: round3(u.elu), cpuPct: Math.round((u.cpuMs / u.wallMs) * 100) });

/** Keeps `streams` streams in flight for `durationMs` (each started stream runs to its end). */
export async function streamThroughput(
  run: () => Promise<number>,
  streams: number,
  durationMs: number,
  meta: { deltasPerStream: number; chunksPerStream: number },
  emulator: Child<unknown>,
  proxy?: Child<unknown>,
): Promise<Throughput> {
  await Promise.all([proxy?.sample(), emulator.sample()]);
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  let chunks = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async (): Promise<void> => {
    // Every worker runs at least one stream, so the first wave is always `streams` at once.
    do {
      try {
        const n = await run();
        chunks += n;
        completed++;
      } catch (err) {
        errors++;
        firstError ??= (err as Error)?.message ?? String(err);
      }
    } while (performance.now() < deadline);
  };
  await Promise.all(Array.from({ length: streams }, worker));
  const wallMs = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  const [p, e] = await Promise.all([proxy?.sample(), emulator.sample()]);
  const pu = p && usage(p);
  const eu = usage(e);
  return {
    streams,
    ...meta,
    streamsCompleted: completed,
    errors,
    firstError,
    chunks,
    wallMs: Math.round(wallMs),
    chunksPerSec: Math.round((chunks / wallMs) * 1000),
    proxyElu: pu?.elu,
    proxyCpuPct: pu?.cpuPct,
    emulatorElu: eu.elu,
    emulatorCpuPct: eu.cpuPct,
    clientElu: round3(elu.utilization),
    clientCpuPct: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
  };
}
