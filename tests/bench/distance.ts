// Phase 5, distance: Bedrock 60 ms away over TLS, as from a laptop to a region. An agent's turns:
// sequential streamed requests with pauses between them (mostly short, a few longer than 10 s,
// while the agent runs tools), time to first token for a user's tool calling Bedrock directly with
// the SDK's defaults vs the same tool through Outcrop (the headless server as `npm run serve` runs
// it), and the upstream connections each side opened (counted by the distance relays). Plus what
// only the real server process shows: ready time (spawn to a good /healthz) and idle CPU.
import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../support/bedrock-emulator';
import { TEST_CA_PATH } from '../support/test-tls';
import { bareServerReadyMs, buildCli, headlessEnv, idleCpu, startHeadless, type Headless, type IdleCpu } from './headless';
import { KeepAliveClient } from './http-client';
import { forkChild, type Child } from './ipc';
import { percentile, summarize, type Summary } from './stats';

export interface DistanceConfig {
  rttMs: number;
  /** Extra delay on each new connection's first bytes (ms); the relay's default is one RTT. */
  handshakeMs?: number;
  turns: number;
  /** Pauses between turns (ms), used in turn, again from the start when they run out. */
  pausesMs: number[];
  /** Starts of the headless server timed for the ready time (the last one serves the phase). */
  readyStarts: number;
  /** Wall time over which idle CPU is measured (ms), after the turns. */
  idleMs: number;
}

export interface DistanceSide {
  ttft: Summary;
  /** The first turn (a new client, a new connection for the direct SDK) apart. */
  firstTurnTtftMs?: number;
  /** TTFT of turns that followed a pause longer than 10 s. */
  afterLongPauseTtft: Summary;
  errors: number;
  firstError?: string;
  /** Upstream (runtime) connections the side opened from its start to the last turn, and per 100 requests. */
  upstreamConnections: number;
  connectionsPer100Requests: number;
  /** Connections still open after the last turn. */
  openAfter: number;
}

export interface DistanceResult {
  rttMs: number;
  handshakeMs: number;
  turns: number;
  pauses: { count: number; longerThan10s: number; totalSec: number };
  direct: DistanceSide & { client: string };
  outcrop: DistanceSide & { server: string; controlPlaneConnections: number };
  /** Spawn to the first 200 of GET /healthz (ms), each start and the p50. */
  ready: { samplesMs: number[]; p50Ms: number; bareNodeServerP50Ms: number };
  idleCpu?: IdleCpu;
  wallSec: number;
}

type RelayStats = Record<'direct' | 'outcrop' | 'control', { connections: number; openConnections: number }>;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LONG_PAUSE_MS = 10_000;

/**
 * Runs the distance phase with `streamBody` (a streamed chat request) through Outcrop; the direct
 * side sends the ConverseStream request Outcrop made of it (recorded at Outcrop's first turn).
 */
export async function distancePhase(cfg: DistanceConfig, streamBody: string, log: (msg: string) => void): Promise<DistanceResult> {
  const t0 = performance.now();
  const far = await forkChild<{ urls: Record<'direct' | 'outcrop' | 'control', string> }>(here('./distance-child.ts'), ['--import', 'tsx'], {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    OUTCROP_BENCH_RTT_MS: String(cfg.rttMs),
    ...(cfg.handshakeMs !== undefined ? { OUTCROP_BENCH_HANDSHAKE_MS: String(cfg.handshakeMs) } : {}),
  });
  const { urls } = far.ready;
  const keys = { AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY, AWS_REGION: 'us-east-1' };
  let server: Headless | undefined;
  let user: Child<unknown> | undefined;
  let client: KeepAliveClient | undefined;
  const homes: string[] = [];
  try {
    const bundle = await buildCli();
    const env: Record<string, string> = headlessEnv({ ...keys, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: urls.outcrop, AWS_ENDPOINT_URL_BEDROCK: urls.control, AWS_CA_BUNDLE: TEST_CA_PATH });
    log(`5. distance: ${cfg.readyStarts} starts of the headless server for its ready time`);
    homes.push(env.HOME);
    const readySamples: number[] = [];
    for (let i = 0; i < cfg.readyStarts; i++) {
      // The last start serves the phase: its connections are counted from its spawn.
      if (i === cfg.readyStarts - 1) await far.ask('relay-reset');
      const s = await startHeadless(bundle, env);
      readySamples.push(Math.round(s.readyMs * 10) / 10);
      if (i < cfg.readyStarts - 1) await s.stop();
      else server = s;
    }
    // The user's tool: its own process, the SDK's defaults, Bedrock and the CA from its environment.
    const home = mkdtempSync(join(tmpdir(), 'outcrop-bench-user-'));
    homes.push(home);
    user = await forkChild(here('./sdk-user-child.ts'), ['--import', 'tsx'], {
      ...keys,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: urls.direct,
      NODE_EXTRA_CA_CERTS: TEST_CA_PATH,
    });
    client = new KeepAliveClient(server!.url, 1);
    let input: ConverseCommandInput | undefined;
    const sides = {
      direct: async () => {
        input ??= await far.ask<{ input?: ConverseCommandInput }>('last-request', { operation: 'ConverseStream' }).then((r) => r.input);
        if (!input) throw new Error('Outcrop made no ConverseStream request to replay');
        return (await user!.ask<{ ttftMs: number }>('stream', { input })).ttftMs;
      },
      outcrop: async () => (await client!.postSse('/v1/chat/completions', streamBody)).ttftMs,
    };
    const runs = { direct: { all: [] as number[], afterLong: [] as number[], errors: 0, firstError: undefined as string | undefined }, outcrop: { all: [] as number[], afterLong: [] as number[], errors: 0, firstError: undefined as string | undefined } };
    const pauses = Array.from({ length: cfg.turns - 1 }, (_, i) => cfg.pausesMs[i % cfg.pausesMs.length]);
    log(`5. distance: ${cfg.turns} streamed turns a side, ${cfg.rttMs} ms round trip over TLS, pauses ${(pauses.reduce((a, b) => a + b, 0) / 1000).toFixed(0)} s in all (${pauses.filter((p) => p > LONG_PAUSE_MS).length} over 10 s)`);
    await sleep(1000);
    for (let turn = 0; turn < cfg.turns; turn++) {
      // Both sides take the same turn back to back, the order swapped each turn (Outcrop first at
      // first: the direct side replays the request it made).
      const order = turn % 2 === 0 ? (['outcrop', 'direct'] as const) : (['direct', 'outcrop'] as const);
      for (const side of order) {
        const r = runs[side];
        try {
          const ms = await sides[side]();
          r.all.push(ms);
          if (turn > 0 && pauses[turn - 1] > LONG_PAUSE_MS) r.afterLong.push(ms);
        } catch (err) {
          r.errors++;
          r.firstError ??= (err as Error)?.message ?? String(err);
        }
      }
      if (turn < cfg.turns - 1) await sleep(pauses[turn]);
    }
    const relays = await far.ask<RelayStats>('relay-stats');
    log(`5. distance: idle CPU of the headless server over ${cfg.idleMs / 1000} s without traffic`);
    const idle = await idleCpu(server!.pid, cfg.idleMs);
    const side = (name: 'direct' | 'outcrop'): DistanceSide => {
      const r = runs[name];
      const n = r.all.length + r.errors;
      return {
        ttft: summarize(r.all),
        firstTurnTtftMs: r.all.length === n ? round1(r.all[0]) : undefined,
        afterLongPauseTtft: summarize(r.afterLong),
        errors: r.errors,
        firstError: r.firstError,
        upstreamConnections: relays[name].connections,
        connectionsPer100Requests: n ? Math.round((relays[name].connections / n) * 1000) / 10 : NaN,
        openAfter: relays[name].openConnections,
      };
    };
    const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    const bare: number[] = [];
    for (let i = 0; i < 3; i++) bare.push(Math.round((await bareServerReadyMs()) * 10) / 10);
    return {
      rttMs: cfg.rttMs,
      handshakeMs: cfg.handshakeMs ?? cfg.rttMs,
      turns: cfg.turns,
      pauses: { count: pauses.length, longerThan10s: pauses.filter((p) => p > LONG_PAUSE_MS).length, totalSec: Math.round(pauses.reduce((a, b) => a + b, 0) / 100) / 10 },
      direct: { ...side('direct'), client: 'new BedrockRuntimeClient({}) in its own process: SDK defaults; endpoint, keys and region from the environment, the test CA from NODE_EXTRA_CA_CERTS' },
      outcrop: { ...side('outcrop'), server: 'node <headless flags> outcrop.mjs serve (bundled as npm run serve does); endpoint and AWS_CA_BUNDLE from the environment', controlPlaneConnections: relays.control.connections },
      ready: { samplesMs: readySamples, p50Ms: p50(readySamples), bareNodeServerP50Ms: p50(bare) },
      idleCpu: idle,
      wallSec: Math.round((performance.now() - t0) / 100) / 10,
    };
  } finally {
    client?.close();
    await Promise.all([user?.stop(), server?.stop()]);
    await far.stop();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
