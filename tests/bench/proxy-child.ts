// The proxy under test, alone in its own process so that its RSS and CPU are its own. Forked by
// processes.ts (bundled by esbuild, or under tsx); talks to the bench over IPC only (ipc.ts).
import { createBedrockGateway } from '../../src-proxy/bedrock/gateway';
import { startProxy } from '../../src-proxy/server';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { settingsSchema } from '../../src-shared/settings';
import { serveIpc } from './ipc';

const endpoint = process.env.OUTCROP_BENCH_EMULATOR_URL;
if (!endpoint) throw new Error('proxy-child: OUTCROP_BENCH_EMULATOR_URL is not set');
const accessKeyId = process.env.OUTCROP_BENCH_KEY_ID ?? '';
const secretAccessKey = process.env.OUTCROP_BENCH_SECRET ?? '';

// Default settings, with the bench's overrides (OUTCROP_BENCH_SETTINGS, JSON) validated like a settings file.
const settings = settingsSchema.parse(JSON.parse(process.env.OUTCROP_BENCH_SETTINGS ?? '{}'));
// Same wiring as the app and tests/support/harness.ts: explicit credentials, one attempt, the
// emulator as endpoint. The request log sink is a no-op here (the app's sink is a ring buffer).
const bedrock = createBedrockGateway({
  region: 'us-east-1',
  endpoint,
  credentials: () => async () => ({ accessKeyId, secretAccessKey }),
  maxAttempts: 1,
});
// The request log sink keeps only the proxy's own view of each request's latency (from its route
// handler to the last byte; to the first token for streams), to tell time inside the proxy from outside.
let latencies: number[] = [];
let failures = 0;
const log = (entry: RequestLogEntry): void => {
  latencies.push(entry.stream ? entry.ttftMs ?? entry.latencyMs : entry.latencyMs);
  if (entry.status >= 400) failures++;
};
const proxy = await startProxy({ host: '127.0.0.1', port: 0, bedrock, settings: () => settings, log });

serveIpc({ url: proxy.url }, {
  /** Latencies the proxy logged since the previous call (ms, sorted) and how many requests failed. */
  'request-log': () => {
    const out = { latencies: latencies.sort((a, b) => a - b), failures };
    latencies = [];
    failures = 0;
    return out;
  },
}, async () => {
  await proxy.close();
  bedrock.close();
});
