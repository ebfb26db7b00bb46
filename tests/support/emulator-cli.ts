// `npm run emulator [-- --port 8798 --host 127.0.0.1 --quiet --tls --rtt-ms 60]`: a Bedrock
// emulator to try the proxy (or any AWS SDK) by hand, with replies paced like a real model; with
// --rtt-ms, behind a relay that simulates the distance to an AWS region (distance-relay.ts).
import { parseArgs } from 'node:util';
import {
  emulatorEnv,
  interactiveReply,
  startBedrockEmulator,
  TEST_BEDROCK_API_KEY,
  type RecordedRequest,
} from './bedrock-emulator/index';
import { startDistanceRelay, type DistanceRelay } from './distance-relay';
import { TEST_CA_PATH, TEST_SERVER_TLS } from './test-tls';

const USAGE = `Usage: npm run emulator -- [--port 8798] [--host 127.0.0.1] [--quiet] [--tls] [--rtt-ms <ms>] [--handshake-ms <ms>]

Starts a local Amazon Bedrock emulator (runtime over HTTP/2, control plane over HTTP/1.1).
Replies stream at reading pace and echo your last message; say "use a tool" to get a tool call.

  --tls               Serve HTTPS with the test CA's certificate (as Bedrock does: ALPN h2);
                      prints AWS_CA_BUNDLE / NODE_EXTRA_CA_CERTS to trust it.
  --rtt-ms <ms>       Simulate distance: a relay on --port adds this round-trip time to every
                      exchange (half each way); the emulator itself listens on a free port.
  --handshake-ms <ms> Extra delay before a new connection's first bytes (default: one RTT, the
                      TCP handshake); TLS handshakes pay their own round trips on top.`;

function logLine(req: RecordedRequest): string {
  const who = req.auth === 'sigv4' ? req.accessKeyId : req.auth;
  const model = req.modelId ? ` ${req.modelId}` : '';
  return `${new Date(req.time).toISOString().slice(11, 23)} ${req.operation}${model} (${who})`;
}

const OPTIONS = {
  port: { type: 'string', default: '8798' },
  host: { type: 'string', default: '127.0.0.1' },
  quiet: { type: 'boolean', default: false },
  tls: { type: 'boolean', default: false },
  'rtt-ms': { type: 'string' },
  'handshake-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function main(): Promise<void> {
  const parsed = (() => {
    try {
      return parseArgs({ options: OPTIONS });
    } catch (err) {
      // An unknown flag or a value that looks like one (--rtt-ms -5): say so, not a stack trace.
      process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
      return undefined;
    }
  })();
  if (!parsed) {
    process.exitCode = 2;
    return;
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number between 0 and 65535, got "${values.port}".\n`);
    process.exitCode = 2;
    return;
  }
  const ms = (name: 'rtt-ms' | 'handshake-ms'): number | undefined | null => {
    const v = values[name];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 60_000) {
      process.stderr.write(`--${name} must be a number of milliseconds from 0 to 60000, got "${v}".\n`);
      return null;
    }
    return n;
  };
  const rttMs = ms('rtt-ms');
  const handshakeMs = ms('handshake-ms');
  if (rttMs === null || handshakeMs === null) {
    process.exitCode = 2;
    return;
  }
  if (handshakeMs !== undefined && rttMs === undefined) {
    process.stderr.write('--handshake-ms needs --rtt-ms.\n');
    process.exitCode = 2;
    return;
  }
  const distant = rttMs !== undefined;
  const emulator = await startBedrockEmulator({
    // Behind the relay, the relay takes the port asked for and the emulator any free one.
    port: distant ? 0 : port,
    host: distant ? '127.0.0.1' : values.host,
    tls: values.tls ? TEST_SERVER_TLS : undefined,
    recordLimit: 1000,
    onRequest: values.quiet ? undefined : (req) => process.stdout.write(logLine(req) + '\n'),
  }).catch((err: NodeJS.ErrnoException) => {
    const hint = err.code === 'EADDRINUSE' ? ` Port ${port} is taken: pass --port <another>, or --port 0 for any free port.` : '';
    process.stderr.write(`Could not start the Bedrock emulator: ${err.message}.${hint}\n`);
    process.exit(1);
  });
  emulator.setHandler(interactiveReply);
  let relay: DistanceRelay | undefined;
  if (distant) {
    relay = await startDistanceRelay({ target: emulator.url, rttMs, handshakeMs, port, host: values.host }).catch((err: NodeJS.ErrnoException) => {
      const hint = err.code === 'EADDRINUSE' ? ` Port ${port} is taken: pass --port <another>, or --port 0 for any free port.` : '';
      process.stderr.write(`Could not start the distance relay: ${err.message}.${hint}\n`);
      process.exit(1);
    });
  }
  const url = relay?.url ?? emulator.url;

  const vars = { ...emulatorEnv(url), ...(values.tls ? { AWS_CA_BUNDLE: TEST_CA_PATH } : {}) };
  const env = Object.entries(vars)
    .map(([k, v]) => `export ${k}=${v}`)
    .join('\n');
  const distance = relay
    ? `Simulated distance: ${rttMs} ms round trip, ${handshakeMs ?? rttMs} ms more for each new connection's handshake (relay on ${relay.url} -> emulator on ${emulator.url}).\n\n`
    : '';
  const trust = values.tls
    ? `The certificate is signed by the test CA ${TEST_CA_PATH}: Outcrop and the AWS CLI read AWS_CA_BUNDLE; other Node tools need\nexport NODE_EXTRA_CA_CERTS=${TEST_CA_PATH}\n\n`
    : '';
  process.stdout.write(
    `Bedrock emulator listening on ${url}\n\n` +
      distance +
      `Point an AWS SDK, the AWS CLI or Outcrop at it with:\n${env}\n\n` +
      trust +
      `Or use a Bedrock API key instead of the access key pair:\nexport AWS_BEARER_TOKEN_BEDROCK=${TEST_BEDROCK_API_KEY}\n\n` +
      `Press Ctrl+C to stop.\n\n`,
  );

  const stop = () => {
    if (relay) process.stdout.write(`\nThe relay accepted ${relay.stats.connections} connections.\n`);
    Promise.all([relay?.close(), emulator.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`Bedrock emulator failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
