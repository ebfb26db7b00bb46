// `npm run bench -- --only=ready` (about 10 s): the ready time alone, for work on start-up. The
// headless server as `npm run serve` runs it (built from the sources, see headless.ts) and a bare
// node:http server started the same way (the floor), started in turn so that both see the same
// moments of a shared machine. Ready = spawn to the first 200 of GET /healthz, as in phase 5.
import { rmSync } from 'node:fs';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../support/bedrock-emulator';
import { bareServerReadyMs, buildCli, headlessEnv, startHeadless } from './headless';
import { percentile } from './stats';

export interface ReadyResult {
  /** Spawn to /healthz 200 (ms), each start and the p50: Outcrop, then the bare server. */
  outcrop: { samplesMs: number[]; p50Ms: number };
  bareNodeServer: { samplesMs: number[]; p50Ms: number };
}

// Credentials at hand, as for most users; nothing listens at the endpoints (the port of the
// discard service), so no start-up work reaches out of the machine.
const NOWHERE = 'http://127.0.0.1:9';

/** `starts` alternating starts of each, after one unrecorded start of each (disk caches, node's compile cache). */
export async function readyPhase(starts: number, log: (msg: string) => void): Promise<ReadyResult> {
  const bundle = await buildCli();
  const env = headlessEnv({ AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: NOWHERE, AWS_ENDPOINT_URL_BEDROCK: NOWHERE });
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const outcrop: number[] = [];
  const bare: number[] = [];
  try {
    log(`ready time: ${starts} starts each of the headless server and a bare node:http server, in turn`);
    await bareServerReadyMs();
    await (await startHeadless(bundle, env)).stop();
    for (let i = 0; i < starts; i++) {
      bare.push(round(await bareServerReadyMs()));
      const s = await startHeadless(bundle, env);
      outcrop.push(round(s.readyMs));
      await s.stop();
    }
  } finally {
    rmSync(env.HOME, { recursive: true, force: true });
  }
  const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  return { outcrop: { samplesMs: outcrop, p50Ms: p50(outcrop) }, bareNodeServer: { samplesMs: bare, p50Ms: p50(bare) } };
}

/** The report's lines. */
export function formatReady(r: ReadyResult): string[] {
  const line = (name: string, s: { samplesMs: number[]; p50Ms: number }) => `  ${name.padEnd(26)} p50 ${s.p50Ms.toFixed(1)} ms  (${s.samplesMs.map((x) => x.toFixed(1)).join(', ')})`;
  return [
    'Ready time (spawn to the first GET /healthz 200):',
    line('Outcrop (npm run serve)', r.outcrop),
    line('bare node:http server', r.bareNodeServer),
    `  Outcrop's own cost (p50 difference): ${(r.outcrop.p50Ms - r.bareNodeServer.p50Ms).toFixed(1)} ms; target: Outcrop under 300 ms (${r.outcrop.p50Ms < 300 ? 'met' : 'not met'})`,
  ];
}
